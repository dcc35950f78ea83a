/// Builds the readable text of a fragment from its text runs and structure:
/// whitespace runs (space, tab, LF, CR, FF, U+00A0) collapse to one space outside `pre`; block elements
/// make paragraphs separated by one blank line; `br` is one "\n"; every line trimmed, no empty paragraph,
/// no line of spaces only, the whole text trimmed.
///
/// Nothing is written eagerly: spaces and line breaks wait in `pendingSpace`/`preSpaces`/`pendingNewlines` until
/// the next visible character, so breaks absorb surrounding spaces (lines come out trimmed) and nothing
/// trails at the end. `pendingNewlines` is capped at 2, so no run of breaks makes an empty paragraph.
///
/// In `pre` the text is kept as is except that U+00A0 becomes a space, CR LF and CR become LF, and the
/// rules above still apply to each line (indentation at a line's start is trimmed, at most one blank
/// line in a row): the brief's per-line rules are global, the `pre` exception is about collapsing.
struct ReadableText {
    private var output: [UInt8] = []
    /// Line breaks owed before the next visible character (0, 1 or 2).
    private var pendingNewlines = 0
    /// Spaces owed before the next visible character if no line break is owed: one space outside `pre`,
    /// the literal run inside it.
    private var pendingSpace = false
    /// Inside `pre` the literal run of spaces and tabs (rare, so an array is fine there).
    private var preSpaces: [UInt8] = []
    /// `plainText`: every break is a space, the result is one line.
    private let singleLine: Bool

    init(singleLine: Bool, expectedSize: Int) {
        self.singleLine = singleLine
        output.reserveCapacity(expectedSize / 2)
    }

    var string: String { String(decoding: output, as: UTF8.self) }

    /// Blocks start and end a paragraph.
    mutating func paragraphBreak() {
        if singleLine { return collapsibleSpace() }
        pendingNewlines = 2
    }

    /// `br`, and a newline inside `pre`.
    mutating func lineBreak() {
        if singleLine { return collapsibleSpace() }
        pendingNewlines = min(2, pendingNewlines + 1)
    }

    /// Between table cells, and any whitespace run outside `pre`.
    mutating func collapsibleSpace() {
        if preSpaces.isEmpty { pendingSpace = true }
    }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>, preformatted: Bool) {
        let isPreformatted = preformatted && !singleLine
        var runStart = -1
        var index = 0
        let count = text.count
        let base = UnsafeRawPointer(text.baseAddress)
        while index < count {
            // Inside a visible run, skip eight bytes at a time while they can only be
            // visible bytes and single spaces between them.
            if runStart >= 0, let base {
                while index + 8 <= count,
                      Self.wordIsPlainProse(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                }
                guard index < count else { break }
            }
            let byte = text[index]
            let whitespaceLength: Int
            switch byte {
            case 0x20:
                // One space between two visible bytes is its own collapsed form (and, in
                // `pre`, its literal form): it stays in the run, so prose is copied whole,
                // not word by word. A following C2 may start U+00A0: not counted as visible.
                if runStart >= 0, index + 1 < count, text[index + 1] > 0x20, text[index + 1] != 0xC2 {
                    index += 1
                    continue
                }
                whitespaceLength = 1
            case 0x09, 0x0A, 0x0D, 0x0C: whitespaceLength = 1
            // U+00A0 is C2 A0; libxml2 never splits a character across two callbacks.
            case 0xC2 where index + 1 < count && text[index + 1] == 0xA0: whitespaceLength = 2
            default: whitespaceLength = 0
            }
            if whitespaceLength == 0 {
                if runStart < 0 { runStart = index }
                index += 1
                continue
            }
            if runStart >= 0 {
                appendVisible(UnsafeBufferPointer(rebasing: text[runStart..<index]))
                runStart = -1
            }
            if !isPreformatted {
                collapsibleSpace()
            } else if byte == 0x0A {
                lineBreak()
            } else if byte == 0x0D {
                lineBreak()
                if index + 1 < count && text[index + 1] == 0x0A { index += 1 }
            } else {
                if pendingSpace { pendingSpace = false; preSpaces.append(0x20) }
                preSpaces.append(byte == 0x09 ? 0x09 : 0x20)
            }
            index += whitespaceLength
        }
        if runStart >= 0 {
            appendVisible(UnsafeBufferPointer(rebasing: text[runStart..<count]))
        }
    }

    /// Whether the eight bytes of `w` (little-endian: byte 0 comes first) may stay in a
    /// visible run as they are: no byte below 0x20, no 0xC2 (lead byte of U+00A0), no two
    /// spaces in a row and no space as the last byte (its successor is in the next word).
    /// The bit tricks ("has a byte less than n", "has a byte equal to c") may report a
    /// byte that is not there, never miss one: a false answer only sends the word to the
    /// byte loop.
    @inline(__always)
    static func wordIsPlainProse(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let controls = (w &- ones &* 0x20) & ~w & high
        let c2 = w ^ (ones &* 0xC2)
        let leadBytes = (c2 &- ones) & ~c2 & high
        let sp = w ^ (ones &* 0x20)
        let spaces = (sp &- ones) & ~sp & high
        return controls | leadBytes | (spaces & (spaces >> 8)) | (spaces & (0x80 << 56)) == 0
    }

    private mutating func appendVisible(_ bytes: UnsafeBufferPointer<UInt8>) {
        if !output.isEmpty {
            if pendingNewlines > 0 {
                output.append(0x0A)
                if pendingNewlines > 1 { output.append(0x0A) }
            } else if pendingSpace {
                output.append(0x20)
            } else if !preSpaces.isEmpty {
                output.append(contentsOf: preSpaces)
            }
        }
        pendingNewlines = 0
        pendingSpace = false
        if !preSpaces.isEmpty { preSpaces.removeAll(keepingCapacity: true) }
        output.append(contentsOf: bytes)
    }
}

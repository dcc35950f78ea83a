/// feeds.conf: an INI-like file with one `[crawler]` section and `[feed NAME]` sections.
///
/// ```
/// [crawler]
/// output   = ./articles     # relative paths are resolved against this file's directory
/// interval = 15m
///
/// [feed kazpravda]
/// url      = https://kazpravda.kz/rss/
/// charset  = windows-1251
/// ```
/// Every problem is a `ConfigError` naming the file and line. The whole `[crawler]`
/// section is optional (built-in defaults, `CrawlerDefaults`), and a file without feeds is
/// valid. A feed inherits interval, timeout, max_size, user_agent and allow_private from
/// `[crawler]` wherever in the file that section is.
public enum FeedsConf {
    /// Reads and parses the file at `path`; relative paths inside it are resolved against
    /// its directory. An unreadable file is a `ConfigError` at line 0, "cannot read: <strerror>".
    public static func load(path: String) throws(ConfigError) -> CrawlerConfig {
        let bytes: [UInt8]
        switch ConfigFileReader.contents(of: path) {
        case .success(let read): bytes = read
        case .failure(let message): throw ConfigError(file: path, line: 0, message: message.text)
        }
        let text = try decodeUTF8(bytes, file: path)
        return try parse(text, file: path, baseDirectory: LexicalPath.directory(of: path))
    }

    /// Parses feeds.conf text. `file` is used in errors and stored in the result;
    /// `baseDirectory` (made absolute against the working directory if relative) is what
    /// relative `output`, `state` and `file://./…` URLs are resolved against.
    public static func parse(_ text: String, file: String, baseDirectory: String) throws(ConfigError) -> CrawlerConfig {
        let base = LexicalPath.resolve(
            baseDirectory, against: ConfigFileReader.currentDirectory() ?? "/")
        var parser = FeedsConfParser(file: file, baseDirectory: base)
        var lineNumber = 0
        // Split on the LF byte: in Swift's Character view "\r\n" is one grapheme and
        // would not match "\n", so CRLF files are split on bytes and the CR dropped.
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var content = Substring(line)
            if content.utf8.last == UInt8(ascii: "\r") { content = Substring(line.dropLast()) }
            if lineNumber == 1, content.hasPrefix("\u{FEFF}") { content = content.dropFirst() }
            try parser.consume(ConfLine(content), line: lineNumber)
        }
        return try parser.finish()
    }

    /// `90s`, `15m`, `2h`, `7d`, `1h30m`, `500ms`; a bare number is seconds. Units are
    /// lowercase, whole numbers, largest unit first, each unit once; nil otherwise.
    public static func parseDuration(_ s: String) -> Duration? {
        DurationSyntax.parse(Substring(s).utf8)
    }

    /// `512KB`, `10MB`, `1GB`, `10M`, `1024` (bytes), in bytes. Multiples are powers of
    /// 1024: `K`/`KB`/`KiB` = 1024, `M`/`MB`/`MiB` = 1024², `G`/`GB`/`GiB` = 1024³;
    /// units case-insensitive. nil when malformed or beyond `Int`.
    public static func parseSize(_ s: String) -> Int? {
        SizeSyntax.parse(Substring(s).utf8)
    }

    /// Refuses invalid UTF-8 with the line it is on, rather than reading U+FFFD into a URL.
    private static func decodeUTF8(_ bytes: [UInt8], file: String) throws(ConfigError) -> String {
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if !isValidUTF8(line) {
                throw ConfigError(file: file, line: lineNumber, message: "invalid UTF-8")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

/// Receives the SAX events of one HTML parse, in document order, with start and end balanced. Every
/// buffer is valid only during the call that receives it.
protocol HTMLEventSink: AnyObject {
    /// `name` as the parser reports it (lowercase for libxml2's HTML parser).
    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: HTMLAttributeList)
    /// Always closes the innermost open element.
    func endElement()
    /// Text with entities already decoded.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
    /// Content of script and style as written in the source (libxml2's cdataBlock).
    func rawText(_ text: UnsafeBufferPointer<UInt8>)
}

/// libxml2's NULL-terminated `name, value, name, value, …, NULL` attribute array, walked without copying.
struct HTMLAttributeList {
    let pairs: UnsafePointer<UnsafePointer<UInt8>?>?

    /// Calls `body` with each attribute in source order; `value` is nil for an attribute written without
    /// one (`<input checked>`).
    func forEach(_ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>?) -> Void) {
        guard let pairs else { return }
        var index = 0
        while let name = pairs[index] {
            let value = pairs[index + 1]
            body(Self.buffer(name), value.map(Self.buffer))
            index += 2
        }
    }

    private static func buffer(_ string: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var length = 0
        while string[length] != 0 { length += 1 }
        return UnsafeBufferPointer(start: string, count: length)
    }
}

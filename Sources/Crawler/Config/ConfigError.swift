/// A problem in feeds.conf, located by file and line so an editor can jump to it.
///
/// `description` follows the GNU error-message convention, `FILE:LINE: message`
/// (https://www.gnu.org/prep/standards/html_node/Errors.html); line 0 means the
/// problem is not on any one line (the file cannot be read), and is printed
/// `FILE: message` as that convention does for messages without a line.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the error concerns the whole file.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}

/// An error message before it is given a file and line.
struct ConfMessage: Error, Equatable {
    var text: String
    init(_ text: String) { self.text = text }
}

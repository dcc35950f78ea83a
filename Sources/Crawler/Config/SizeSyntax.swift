/// `512KB`, `10MB`, `1GB`, `10M`, `1024` (bytes).
///
/// Every multiple is a power of 1024: `KB`, `K` and `KiB` all mean 1024 bytes, `MB`
/// 1024², `GB` 1024³. A limit such as max_size is about memory, where programs
/// (curl's `--max-filesize 10M`, nginx's `client_max_body_size 10m`) count in 1024s.
/// Units are case-insensitive; spaces between number and unit are allowed.
enum SizeSyntax {
    static func parse(_ text: Substring.UTF8View) -> Int? {
        var bytes = text[...]
        ASCIIScanning.trimSpaces(&bytes)
        guard let number = ASCIIScanning.takeNumber(&bytes) else { return nil }
        ASCIIScanning.trimSpaces(&bytes)
        guard let multiplier = multiplier(lowercased: bytes.map(ASCIIScanning.asciiLowercased)) else { return nil }
        let (size, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow, let result = Int(exactly: size) else { return nil }
        return result
    }

    private static func multiplier(lowercased unit: [UInt8]) -> Int64? {
        let kilo: Int64 = 1024
        switch String(decoding: unit, as: UTF8.self) {
        case "", "b": return 1
        case "k", "kb", "kib": return kilo
        case "m", "mb", "mib": return kilo * kilo
        case "g", "gb", "gib": return kilo * kilo * kilo
        default: return nil
        }
    }
}


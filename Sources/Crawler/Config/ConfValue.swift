/// Typed readings of feeds.conf values; each failure is the message shown to the user.
enum ConfValue {
    static func duration(_ value: Substring, key: Substring) -> Result<Duration, ConfMessage> {
        guard let duration = DurationSyntax.parse(value.utf8) else {
            return .failure(ConfMessage("invalid duration '\(value)' for '\(key)' (expected e.g. 90s, 15m, 1h30m, 7d)"))
        }
        return .success(duration)
    }

    static func positiveDuration(_ value: Substring, key: Substring) -> Result<Duration, ConfMessage> {
        duration(value, key: key).flatMap { duration in
            duration > .zero ? .success(duration) : .failure(ConfMessage("'\(key)' must be greater than 0"))
        }
    }

    /// A poll interval: the schedule never waits longer than `PollPolicy.maxInterval`, so a
    /// longer configured interval would be silently shortened; say so instead.
    static func interval(_ value: Substring, key: Substring) -> Result<Duration, ConfMessage> {
        duration(value, key: key).flatMap { duration in
            if duration < PollPolicy.minInterval {
                return .failure(ConfMessage("'\(key)' must be at least \(DurationSyntax.format(PollPolicy.minInterval))"))
            }
            if duration > PollPolicy.maxInterval {
                return .failure(ConfMessage("'\(key)' must be at most \(DurationSyntax.format(PollPolicy.maxInterval))"))
            }
            return .success(duration)
        }
    }

    static func size(_ value: Substring, key: Substring) -> Result<Int, ConfMessage> {
        guard let size = SizeSyntax.parse(value.utf8) else {
            return .failure(ConfMessage("invalid size '\(value)' for '\(key)' (expected e.g. 512KB, 10MB, 1GB)"))
        }
        return size > 0 ? .success(size) : .failure(ConfMessage("'\(key)' must be greater than 0"))
    }

    static func count(_ value: Substring, key: Substring) -> Result<Int, ConfMessage> {
        var bytes = value.utf8[...]
        guard let number = ASCIIScanning.takeNumber(&bytes), bytes.isEmpty, let count = Int(exactly: number) else {
            return .failure(ConfMessage("invalid number '\(value)' for '\(key)'"))
        }
        return count >= 1 ? .success(count) : .failure(ConfMessage("'\(key)' must be at least 1"))
    }

    static func boolean(_ value: Substring, key: Substring) -> Result<Bool, ConfMessage> {
        switch value.lowercased() {
        case "yes", "true", "on", "1": .success(true)
        case "no", "false", "off", "0": .success(false)
        default: .failure(ConfMessage("invalid boolean '\(value)' for '\(key)' (expected yes/no, true/false, on/off, 1/0)"))
        }
    }

    /// Host names separated by commas or spaces (`www.youtube.com, player.vimeo.com`),
    /// lowercased; `none` is the empty list. Letters, digits, `-` and `.` only.
    static func hostList(_ value: Substring, key: Substring) -> Result<Set<String>, ConfMessage> {
        if value.lowercased() == "none" { return .success([]) }
        var hosts: Set<String> = []
        for item in value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
            let host = item.lowercased()
            let valid = !host.isEmpty && !host.hasPrefix(".") && !host.hasSuffix(".") && host.utf8.allSatisfy { b in
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                    || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            }
            guard valid else { return .failure(ConfMessage("invalid host name '\(item)' in '\(key)'")) }
            hosts.insert(host)
        }
        return hosts.isEmpty ? .failure(ConfMessage("'\(key)' lists no host (use 'none' for no iframes)")) : .success(hosts)
    }

    /// A charset label as IANA registers them (RFC 2978 §2.3: letters, digits and
    /// `! # $ % & ' + - ^ _ \` { } ~`, we allow the common `- _ . : +`). Whether the
    /// converter knows the label is checked where it is used.
    static func charset(_ value: Substring, key: Substring) -> Result<String, ConfMessage> {
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "+"):
                true
            default:
                false
            }
        }
        return allowed ? .success(String(value)) : .failure(ConfMessage("invalid charset '\(value)' for '\(key)'"))
    }

    /// Free text (user agent, paths). Control characters are refused: in a header
    /// they would allow header injection (RFC 9110 §5.5 forbids CR, LF and NUL).
    static func text(_ value: Substring, key: Substring) -> Result<String, ConfMessage> {
        let hasControl = value.utf8.contains { ($0 < 0x20 && $0 != UInt8(ascii: "\t")) || $0 == 0x7F }
        return hasControl
            ? .failure(ConfMessage("control character in the value of '\(key)'"))
            : .success(String(value))
    }
}

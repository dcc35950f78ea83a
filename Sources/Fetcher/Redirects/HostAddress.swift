#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Is a host, or the IP address a connection landed on, somewhere a public feed must
/// not redirect us to (SSRF: cloud metadata at 169.254.169.254, admin panels on
/// localhost, the LAN)?
enum HostAddress {
    /// True for "localhost" and its subdomains (RFC 6761 §6.3), and for IP literals
    /// (brackets allowed) in a loopback, private, link-local, shared, unspecified,
    /// multicast or reserved range. False for other names: those are checked again on
    /// the address actually connected to.
    static func isPrivate(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if name.hasPrefix("["), name.hasSuffix("]") {
            name = String(name.dropFirst().dropLast())
        }
        if let zone = name.firstIndex(of: "%") { name = String(name[..<zone]) }
        if let v4 = ipv4(name) { return isPrivate(v4: v4) }
        if let v6 = ipv6(name) { return isPrivate(v6: v6) }
        return false
    }

    static func isPrivate(v4 a: (UInt8, UInt8, UInt8, UInt8)) -> Bool {
        switch (a.0, a.1) {
        case (0, _): true                       // "this network" (RFC 1122 §3.2.1.3)
        case (10, _): true                      // private (RFC 1918)
        case (100, 64...127): true              // shared address space, CGNAT (RFC 6598)
        case (127, _): true                     // loopback
        case (169, 254): true                   // link-local, cloud metadata (RFC 3927)
        case (172, 16...31): true               // private (RFC 1918)
        case (192, 168): true                   // private (RFC 1918)
        case (192, 0) where a.2 == 0: true      // IETF protocol assignments (RFC 6890)
        case (198, 18...19): true               // benchmarking (RFC 2544)
        case (224...255, _): true               // multicast, reserved, broadcast
        default: false
        }
    }

    static func isPrivate(v6 bytes: [UInt8]) -> Bool {
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return true }   // :: and ::1
        if bytes[0] & 0xFE == 0xFC { return true }                  // unique local fc00::/7
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return true } // link-local fe80::/10
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0xC0 { return true } // site-local fec0::/10
        if bytes[0] == 0xFF { return true }                         // multicast
        // IPv4-mapped ::ffff:a.b.c.d and NAT64 64:ff9b::a.b.c.d reach the IPv4 address.
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        let nat64 = bytes[0..<12].elementsEqual([0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0])
        if mapped || nat64 { return isPrivate(v4: (bytes[12], bytes[13], bytes[14], bytes[15])) }
        return false
    }

    private static func ipv4(_ text: String) -> (UInt8, UInt8, UInt8, UInt8)? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        // s_addr is in network order: its first byte in memory is the first octet.
        return withUnsafeBytes(of: &address) { ($0[0], $0[1], $0[2], $0[3]) }
    }

    private static func ipv6(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}

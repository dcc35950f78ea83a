/// 64-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/ , draft-eastlake-fnv §2) of
/// the name's UTF-8 bytes. Swift's `hashValue` is seeded per process, so it would move
/// every feed's first poll on each restart; this one is the same everywhere, forever.
enum FeedNameHash {
    static func fnv1a64(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64-bit offset basis
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3  // FNV 64-bit prime
        }
        return hash
    }

    /// A position in `0..<range` from the name. FNV-1a's last byte only reaches the high
    /// bits through carries, so names differing in one trailing digit ("feed-1", "feed-2")
    /// start close together; MurmurHash3's 64-bit finaliser (fmix64) spreads them first.
    static func position(of name: String, in range: UInt64) -> UInt64 {
        guard range > 0 else { return 0 }
        var mixed = fnv1a64(name)
        mixed ^= mixed >> 33
        mixed = mixed &* 0xff51_afd7_ed55_8ccd
        mixed ^= mixed >> 33
        mixed = mixed &* 0xc4ce_b9fe_1a85_ec53
        mixed ^= mixed >> 33
        // Lemire's multiply-shift maps the 64-bit value onto the range without a division.
        return mixed.multipliedFullWidth(by: range).high
    }
}

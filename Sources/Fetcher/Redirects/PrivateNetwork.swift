/// What the private-network rule treats as private: HostAddress's ranges. A value, not a
/// bare function, so that tests can declare chosen 127.x addresses public and run the whole
/// rule (the Location check, the origin's classification and the connected-peer check in
/// libcurl's prereq callback) end to end on loopback, where every real address is private.
struct PrivateNetwork: Sendable, Equatable {
    private let publicLoopback: Set<String>

    static let standard = PrivateNetwork(publicLoopback: [])

    /// Tests only: these loopback literals count as public. Anything outside 127.0.0.0/8 is
    /// refused, so this can never widen what a production fetch may reach.
    static func treatingAsPublic(_ addresses: Set<String>) -> PrivateNetwork {
        precondition(addresses.allSatisfy { $0.hasPrefix("127.") && HostAddress.isPrivate($0) },
                     "only 127.0.0.0/8 literals may be declared public")
        return PrivateNetwork(publicLoopback: addresses)
    }

    /// A host name or IP literal (brackets allowed), or the address a connection landed on.
    func contains(_ host: String) -> Bool {
        !publicLoopback.contains(host) && HostAddress.isPrivate(host)
    }
}

import Testing

@testable import Fetcher

/// The private-network rule on the policy and the address classifier, case by case;
/// PrivateRedirectTests runs it end to end through libcurl.
@Suite struct RedirectPolicyTests {
    static func policy(originIsPublic: Bool, allowPrivate: Bool = false) -> RedirectPolicy {
        var policy = RedirectPolicy(start: ParsedURL(parsing: "https://feeds.example.com/rss")!, allowPrivate: allowPrivate)
        policy.originIsPublic = originIsPublic
        return policy
    }

    @Test(arguments: [
        "http://127.0.0.1/admin",
        "http://127.1/admin",  // shorthand, normalised to 127.0.0.1 by libcurl's parser
        "http://10.1.2.3/",
        "http://172.20.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  // cloud metadata
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8080/",
        "http://LOCALHOST./",
        "http://api.localhost/",
    ])
    func publicFeedCannotRedirectIntoPrivateNetwork(target: String) {
        var policy = Self.policy(originIsPublic: true)
        let result = policy.follow(status: 302, target: target, rawLocation: target)
        guard case .failure(let error) = result else {
            Issue.record("\(target) was allowed")
            return
        }
        #expect(error.key == "redirect_forbidden")
    }

    @Test func allowPrivateRedirectsLiftsTheRule() {
        var policy = Self.policy(originIsPublic: true, allowPrivate: true)
        #expect(policy.follow(status: 302, target: "http://10.0.0.5/feed", rawLocation: nil) == .success(
            ParsedURL(url: "http://10.0.0.5/feed", scheme: "http", host: "10.0.0.5", path: "/feed")))
        #expect(policy.peerCheck == nil)
    }

    /// A feed on the LAN may redirect within the LAN.
    @Test func privateFeedMayRedirectToPrivateAddress() {
        var policy = Self.policy(originIsPublic: false)
        let result = policy.follow(status: 301, target: "http://192.168.1.1/feed", rawLocation: nil)
        #expect((try? result.get())?.host == "192.168.1.1")
    }

    @Test func publicRedirectIsFollowedAndConnectedAddressChecked() {
        var policy = Self.policy(originIsPublic: true)
        #expect(policy.peerCheck == nil)  // first hop: nothing to check yet
        let result = policy.follow(status: 308, target: "https://cdn.example.net/rss", rawLocation: nil)
        #expect((try? result.get())?.url == "https://cdn.example.net/rss")
        // A public name may still resolve to 127.0.0.1: the next hop checks the address.
        #expect(policy.peerCheck != nil)
        #expect(policy.allPermanent)
    }

    @Test(arguments: [(301, true), (308, true), (302, false), (303, false), (307, false)])
    func onlyPermanentStatusesKeepThePermanentFlag(status: Int, permanent: Bool) {
        var policy = Self.policy(originIsPublic: true)
        _ = policy.follow(status: status, target: "https://feeds.example.com/new", rawLocation: nil)
        #expect(policy.allPermanent == permanent)
    }

    @Test func redirectToStartIsALoop() {
        var policy = Self.policy(originIsPublic: true)
        let result = policy.follow(status: 301, target: "https://feeds.example.com/rss", rawLocation: nil)
        #expect(result == .failure(.redirectLoop(url: "https://feeds.example.com/rss")))
    }

    @Test func locationLibcurlCouldNotResolveIsForbidden() {
        var policy = Self.policy(originIsPublic: false)
        let result = policy.follow(status: 302, target: nil, rawLocation: "javascript:alert(1)")
        #expect(result.failureKey == "redirect_forbidden")
    }

    @Test func redirectWithoutLocationIsAnHTTPError() {
        var policy = Self.policy(originIsPublic: false)
        #expect(policy.follow(status: 302, target: nil, rawLocation: nil).failureKey == "http_302")
    }
}

extension Result where Success == ParsedURL, Failure == FetchError {
    var failureKey: String? {
        if case .failure(let error) = self { return error.key }
        return nil
    }
}

@Suite struct HostAddressTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("8.8.8.8", false), ("172.15.255.255", false), ("172.16.0.0", true),
        ("172.31.255.255", true), ("172.32.0.0", false), ("100.63.255.255", false), ("100.127.0.1", true),
        ("192.0.2.1", false),  // TEST-NET-1 is documentation, not internal: not blocked
        ("224.0.0.1", true), ("255.255.255.255", true), ("[2001:db8::1]", false), ("[2606:4700::1111]", false),
        ("[::]", true), ("[64:ff9b::a00:1]", true), ("[fe80::1%25eth0]", true), ("example.com", false),
        ("localhost", true), ("localhost.example.com", false),
    ])
    func classification(host: String, isPrivate: Bool) {
        #expect(HostAddress.isPrivate(host) == isPrivate)
    }
}

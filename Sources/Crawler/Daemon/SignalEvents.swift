import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM, SIGINT and SIGHUP as an async sequence. The default dispositions are ignored so
/// the signals only arrive here (one handler per signal: a Dispatch source).
/// @unchecked: the Dispatch sources are only created here and cancelled in deinit.
public final class SignalEvents: @unchecked Sendable {
    public let stream: AsyncStream<Int32>
    private let sources: [DispatchSourceSignal]
    private let queue = DispatchQueue(label: "feedcrawler.signals")

    public init(_ signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]) {
        var continuation: AsyncStream<Int32>.Continuation!
        stream = AsyncStream { continuation = $0 }
        let c = continuation!
        var sources: [DispatchSourceSignal] = []
        for s in signals {
            Glibc.signal(s, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: s, queue: queue)
            source.setEventHandler { c.yield(s) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for s in sources { s.cancel() }
    }
}

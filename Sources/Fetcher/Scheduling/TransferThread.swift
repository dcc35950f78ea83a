#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The dedicated OS thread that runs `TransferLoop`: libcurl's multi interface is
/// driven from one thread, and `curl_multi_poll` blocks, which must never happen on
/// Swift's cooperative pool.
enum TransferThread {
    static func start(_ loop: TransferLoop) -> pthread_t {
        var thread = pthread_t()
        // The thread takes over the +1 reference and drops it when the loop returns.
        let context = Unmanaged.passRetained(loop).toOpaque()
        let code = pthread_create(&thread, nil, { context in
            let loop = Unmanaged<TransferLoop>.fromOpaque(context!).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        precondition(code == 0, "pthread_create failed: \(code)")
        return thread
    }

    static func join(_ thread: pthread_t) {
        _ = pthread_join(thread, nil)
    }
}

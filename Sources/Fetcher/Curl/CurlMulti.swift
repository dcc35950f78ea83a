internal import CCurl

/// Owns the one libcurl multi handle that drives every transfer. Used only by the
/// transfer thread, except through `CurlWaker`.
final class CurlMulti {
    let handle: UnsafeMutableRawPointer

    init() {
        _ = curlGlobalInitialization
        guard let handle = curl_multi_init() else { fatalError("curl_multi_init failed") }
        self.handle = handle
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    var waker: CurlWaker { CurlWaker(handle: handle) }

    func add(_ easy: CurlEasy) -> Bool {
        curl_multi_add_handle(handle, easy.handle) == CURLM_OK
    }

    /// Must be called before the easy handle is cleaned up.
    func remove(_ easy: CurlEasy) {
        _ = curl_multi_remove_handle(handle, easy.handle)
    }

    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(handle, &running)
    }

    /// Sleeps until a socket is ready, a libcurl timer is due, `curl_multi_wakeup`
    /// is called, or `milliseconds` pass.
    func poll(milliseconds: Int32) {
        var ready: Int32 = 0
        _ = curl_multi_poll(handle, nil, 0, milliseconds, &ready)
    }

    /// Easy handles libcurl has finished with, and their result codes.
    func completed() -> [(handle: UnsafeMutableRawPointer, code: CURLcode)] {
        var done: [(handle: UnsafeMutableRawPointer, code: CURLcode)] = []
        var left: Int32 = 0
        while let message = curl_multi_info_read(handle, &left) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                done.append((easy, message.pointee.data.result))
            }
        }
        return done
    }
}

@available(*, unavailable)
extension CurlMulti: Sendable {}

/// The one multi-handle call allowed from any thread: "curl_multi_wakeup ... can be
/// called from any thread" (curl_multi_wakeup(3)). `FetchInbox` calls it only under
/// its lock and only until the transfer thread has exited, so the handle is alive.
struct CurlWaker: @unchecked Sendable {
    fileprivate let handle: UnsafeMutableRawPointer

    func wake() {
        _ = curl_multi_wakeup(handle)
    }
}

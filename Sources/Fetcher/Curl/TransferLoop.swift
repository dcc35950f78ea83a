internal import CCurl
import Logging

/// The transfer thread's whole world: the multi handle, the queue and slots, and
/// the easy handles in flight. `run()` loops on `curl_multi_poll` until shutdown;
/// nothing here is touched by any other thread (callers reach it via `FetchInbox`).
final class TransferLoop {
    /// Bounded so a lost wake-up could never stall the loop for long.
    private static let pollMilliseconds: Int32 = 1000

    private let multi: CurlMulti
    private let inbox: FetchInbox
    private let logger: Logger
    private var slots: HostSlots<Transfer>
    private var active: [UnsafeMutableRawPointer: (transfer: Transfer, easy: CurlEasy)] = [:]
    private var activeByID: [UInt64: UnsafeMutableRawPointer] = [:]

    init(multi: CurlMulti, inbox: FetchInbox, concurrency: Int, perHost: Int, logger: Logger) {
        self.multi = multi
        self.inbox = inbox
        self.logger = logger
        self.slots = HostSlots(total: concurrency, perHost: perHost)
    }

    func run() {
        while true {
            let batch = inbox.take()
            for submission in batch.submissions {
                let transfer = Transfer(submission)
                slots.enqueue(sequence: transfer.sequence, host: transfer.host, item: transfer)
            }
            for id in batch.cancels { cancel(id) }
            if let limits = batch.limits {
                slots.setLimits(total: limits.total, perHost: limits.perHost)
            }
            if batch.shuttingDown {
                abortAll()
                inbox.finish()
                return
            }
            startAdmitted()
            multi.perform()
            for (handle, code) in multi.completed() { complete(handle, code: code) }
            startAdmitted()
            inbox.report(FetchInbox.Counts(queued: slots.queuedCount, running: active.count))
            // Returns early when a socket or libcurl timer is ready, or on curl_multi_wakeup;
            // a handle just added has a zero timer, so it starts at once.
            multi.poll(milliseconds: Self.pollMilliseconds)
        }
    }

    private func startAdmitted() {
        for entry in slots.admit() { start(entry.item) }
    }

    private func start(_ transfer: Transfer) {
        guard let options = transfer.hopOptions(now: .now) else {
            slots.release(host: transfer.host)
            finish(transfer, .failure(.timeout(nil)))
            return
        }
        switch CurlEasy.make(options) {
        case .failure(let failure):
            slots.release(host: transfer.host)
            finish(transfer, .failure(FetchError(curl: failure)))
        case .success(let easy):
            guard multi.add(easy) else {
                slots.release(host: transfer.host)
                finish(transfer, .failure(.curl(CurlFailure(
                    code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_multi_add_handle failed", detail: ""))))
                return
            }
            active[easy.handle] = (transfer, easy)
            activeByID[transfer.id] = easy.handle
        }
    }

    private func complete(_ handle: UnsafeMutableRawPointer, code: CURLcode) {
        guard let (transfer, easy) = active.removeValue(forKey: handle) else { return }
        activeByID[transfer.id] = nil
        let hop = easy.result(code: code)
        multi.remove(easy)
        // The slot belongs to the host of the hop that just ran, before a redirect
        // moves the transfer to its next host.
        slots.release(host: transfer.host)
        switch transfer.evaluate(hop) {
        case .finished(let result):
            finish(transfer, result)
        case .redirected:
            logger.debug("Following redirect", metadata: ["fetch.url": "\(transfer.request.url)", "redirect.to": "\(transfer.url.url)"])
            slots.enqueue(sequence: transfer.sequence, host: transfer.host, item: transfer)
        }
    }

    private func cancel(_ id: UInt64) {
        if let handle = activeByID.removeValue(forKey: id), let (transfer, easy) = active.removeValue(forKey: handle) {
            multi.remove(easy)
            slots.release(host: transfer.host)
            finish(transfer, .failure(.cancelled))
        } else if let transfer = slots.removeQueued(where: { $0.id == id }) {
            finish(transfer, .failure(.cancelled))
        }
    }

    private func abortAll() {
        for (transfer, easy) in active.values {
            multi.remove(easy)
            finish(transfer, .failure(.cancelled))
        }
        active = [:]
        activeByID = [:]
        for transfer in slots.removeAllQueued() { finish(transfer, .failure(.cancelled)) }
    }

    private func finish(_ transfer: Transfer, _ result: Result<FetchResponse, FetchError>) {
        switch result {
        case .success(let response):
            logger.debug("Fetch finished", metadata: [
                "fetch.url": "\(transfer.request.url)", "http.status": "\(response.status)",
                "body.bytes": "\(response.body.count)",
            ])
        case .failure(let error):
            logger.debug("Fetch failed", metadata: [
                "fetch.url": "\(transfer.request.url)", "error": "\(error.key)", "error.detail": "\(error)",
            ])
        }
        transfer.resume(result)
    }
}

@available(*, unavailable)
extension TransferLoop: Sendable {}

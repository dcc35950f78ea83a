import FeedParser
import Fetcher
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// `feedcrawler run`: the daemon loop, or one pass with `--once`.
///
/// One task group holds every poll in flight, a signal listener and one timer. The loop takes
/// events one at a time, so the engine (state, batch, files) is only ever touched here:
/// - a poll finished → its result is absorbed; the batch is flushed when no poll is left in
///   flight or it has waited `flushDelay`;
/// - the timer fired → due feeds are started (at most `concurrency` × 4 polls queued in the
///   fetcher at once; the fetcher itself keeps `concurrency`/`per_host` transfers in flight);
/// - SIGHUP → feeds.conf is read again (an invalid file keeps the old one);
/// - SIGTERM/SIGINT → transfers are aborted, committed work is kept, the batch in hand is
///   flushed, the process exits.
public final class CrawlRunner {
    private var config: CrawlerConfig
    private let configPath: String
    private let once: Bool
    private let logger: Logger
    private let notify: SystemdNotify
    private let clock: @Sendable () -> Int64

    static let compactionInterval: Int64 = 6 * 3_600_000

    /// How long staged articles may wait for more polls before they are flushed.
    static let flushDelay: Int64 = 500

    public init(config: CrawlerConfig, configPath: String, once: Bool, logger: Logger,
                environment: [String: String]) {
        self.config = config
        self.configPath = configPath
        self.once = once
        self.logger = logger
        self.notify = SystemdNotify(environment: environment)
        self.clock = { Self.nowMilliseconds() }
    }

    private enum Event: Sendable {
        case polled(FeedPollResult)
        case timer
        case signal(Int32)
        case signalsEnded
    }

    public func run() async -> ExitStatus {
        let start = clock()
        let settings = config.settings
        let store: SQLiteStateStore
        do {
            store = try SQLiteStateStore(path: settings.statePath)
        } catch {
            logger.critical("cannot open the state database", metadata: ["path": "\(settings.statePath)", "error": "\(error.message)"])
            return .cannotCreate
        }
        let writer: ArticleWriter
        let engine: CrawlEngine
        do {
            writer = try ArticleWriter(directory: settings.outputDirectory, lastTimestamp: try store.lastFileTimestamp())
            engine = try CrawlEngine(settings: settings, store: store, writer: writer, logger: logger)
            try engine.recover()
            try store.removeFeeds(notIn: Set(config.feeds.map(\.name)))
        } catch let e as OutputError {
            logger.critical("the output directory is not usable", metadata: ["path": "\(settings.outputDirectory)", "error": "\(e)"])
            return .cannotCreate
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            return .cannotCreate
        }
        compact(store: store, settings: settings)

        let fetcher = FeedFetcher(concurrency: settings.concurrency, perHost: settings.perHost, logger: logger)
        defer { fetcher.shutdown() }
        let signals = SignalEvents()
        let progress = once && isatty(2) == 1
        var fatal: CrawlFailure?
        var stopping = false
        var inFlight: Set<String> = []
        var queue = PollQueue()
        var indexByName: [String: Int] = [:]
        var enabledCount = 0
        var finishedPolls = 0
        var firstStaged: Int64?
        var nextWatchdog: Int64 = clock()
        // Retention also applies to a daemon that runs for months: compact a few times a day.
        var nextCompaction: Int64 = clock() + Self.compactionInterval

        notify.send("READY=1\nSTATUS=\(status(engine, inFlight: 0))")
        logger.notice(once ? "crawling every feed once" : "feedcrawler started", metadata: [
            "feeds": "\(config.feeds.count(where: \.enabled))", "output": "\(settings.outputDirectory)",
            "state": "\(settings.statePath)",
        ])

        await withTaskGroup(of: Event.self) { group in
            group.addTask {
                for await s in signals.stream { return .signal(s) }
                return .signalsEnded
            }
            var timerArmed = false
            // When the armed timer fires; an earlier wake-up (a feed added by SIGHUP, staged
            // articles waiting for a hanging poll) arms another one. A superseded timer still
            // fires later, which is harmless: a timer event only re-checks what is due.
            var armedWake: Int64 = .max

            /// (Re)builds the queue from the configuration: at start and after SIGHUP. With
            /// --once every feed is due now; the daemon keeps known due times and spreads the
            /// first polls of new feeds over their interval.
            func rebuildQueue(addedNow: Set<String> = []) {
                queue = PollQueue()
                indexByName = [:]
                enabledCount = 0
                let now = clock()
                for (i, feed) in config.feeds.enumerated() where feed.enabled {
                    indexByName[feed.name] = i
                    enabledCount += 1
                    if inFlight.contains(feed.name) { continue }
                    let state = engine.states[feed.name]
                    if state?.gone == true && state?.url == feed.url {
                        if once {
                            finishedPolls += 1
                            logger.info("feed skipped: gone (HTTP 410)", metadata: ["feed.name": "\(feed.name)"])
                        }
                        continue
                    }
                    if once {
                        queue.schedule(i, at: 0)
                    } else {
                        let known = state?.url == feed.url ? state?.nextDue : nil
                        // A feed added by SIGHUP is polled at once; at start-up, first polls
                        // are spread over the interval so thousands of feeds do not fire together.
                        let first = addedNow.contains(feed.name)
                            ? now : FeedSchedule.firstDue(feedName: feed.name, interval: feed.interval, now: now)
                        queue.schedule(i, at: known ?? first)
                    }
                }
            }

            /// After a poll (daemon only): the feed waits for its next due time.
            func reschedule(_ name: String) {
                guard !once, let i = indexByName[name], !inFlight.contains(name),
                      let state = engine.states[name], !state.gone, let due = state.nextDue else { return }
                queue.schedule(i, at: due)
            }

            func startDuePolls() {
                guard !stopping else { return }
                let now = clock()
                let maxQueued = max(config.settings.concurrency * 4, 16)
                while inFlight.count < maxQueued, let i = queue.popDue(now: now) {
                    let feed = config.feeds[i]
                    let state = engine.states[feed.name]
                    inFlight.insert(feed.name)
                    let settings = config.settings
                    let clock = self.clock
                    group.addTask {
                        .polled(await FeedPoll.run(feed, state: state, settings: settings, fetcher: fetcher, now: clock))
                    }
                }
            }

            func armTimer() {
                guard !stopping else { return }
                let now = clock()
                var wake = now + 60_000
                if let due = queue.nextDue() { wake = min(wake, due) }
                if let f = firstStaged { wake = min(wake, f + Self.flushDelay) }
                if notify.watchdogInterval != nil { wake = min(wake, nextWatchdog) }
                if timerArmed && wake >= armedWake { return }
                let delay = max(wake - now, 0)
                timerArmed = true
                armedWake = wake
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(delay))
                    return .timer
                }
            }

            func flushIfDue(force: Bool) {
                guard fatal == nil || !once else { return }
                guard engine.hasStaged || force else { return }
                let now = clock()
                if force || inFlight.isEmpty || (firstStaged.map { now - $0 >= Self.flushDelay } ?? false) {
                    do throws(CrawlFailure) {
                        try engine.flush()
                        // Nothing more is coming soon: the last batch is marked delivered now.
                        if force || inFlight.isEmpty { try engine.settle() }
                    } catch {
                        report(error)
                        // The daemon keeps running and retries; a single pass stops here.
                        if once { fatal = error }
                    }
                    firstStaged = nil
                }
            }

            func report(_ error: CrawlFailure) {
                logger.error("could not deliver a batch; its feeds will be polled again", metadata: ["error": "\(error)"])
            }

            rebuildQueue()
            startDuePolls()
            armTimer()
            while let event = await group.next() {
                switch event {
                case .polled(let result):
                    inFlight.remove(result.feed.name)
                    finishedPolls += 1
                    defer { reschedule(result.feed.name) }
                    if stopping, case .failed(key: "cancelled", _, _) = result.outcome {
                        // Aborted by the shutdown, not the feed's fault: nothing to record.
                        break
                    }
                    do throws(CrawlFailure) {
                        try engine.absorb(result)
                        if engine.hasStaged, firstStaged == nil { firstStaged = clock() }
                    } catch {
                        report(error)
                        if once { fatal = error }
                    }
                    flushIfDue(force: false)
                case .timer:
                    timerArmed = false
                    armedWake = .max
                    flushIfDue(force: false)
                    if !once, clock() >= nextCompaction {
                        compact(store: store, settings: config.settings)
                        nextCompaction = clock() + Self.compactionInterval
                    }
                    if let interval = notify.watchdogInterval, clock() >= nextWatchdog {
                        notify.send("WATCHDOG=1")
                        nextWatchdog = clock() + Int64(interval.components.seconds * 1000) + interval.components.attoseconds / 1_000_000_000_000_000
                    }
                case .signal(let s) where s == SIGHUP:
                    let before = Set(config.feeds.map(\.name))
                    let previous = config.settings
                    reload()
                    engine.settings = config.settings
                    if config.settings.concurrency != previous.concurrency || config.settings.perHost != previous.perHost {
                        fetcher.setLimits(concurrency: config.settings.concurrency, perHost: config.settings.perHost)
                        logger.notice("transfer limits changed", metadata: [
                            "concurrency": "\(config.settings.concurrency)", "per_host": "\(config.settings.perHost)",
                        ])
                    }
                    rebuildQueue(addedNow: Set(config.feeds.map(\.name)).subtracting(before))
                    group.addTask {
                        for await s in signals.stream { return .signal(s) }
                        return .signalsEnded
                    }
                case .signal:
                    if !stopping {
                        stopping = true
                        notify.send("STOPPING=1")
                        logger.notice("stopping: aborting transfers in flight, keeping committed work",
                                      metadata: ["polls.in_flight": "\(inFlight.count)"])
                        fetcher.shutdown()
                    }
                case .signalsEnded:
                    break
                }
                // Feeds whose delivery failed were given a retry time by the engine.
                for name in engine.takeRescheduled() { reschedule(name) }
                if progress {
                    let line = "\r\(finishedPolls)/\(enabledCount) feeds, \(engine.stats.newArticles) new articles "
                    _ = line.withCString { write(2, $0, strlen($0)) }
                }
                if stopping || (once && inFlight.isEmpty && (queue.count == 0 || fatal != nil)) {
                    if inFlight.isEmpty {
                        flushIfDue(force: true)
                        group.cancelAll()
                        break
                    }
                    continue
                }
                startDuePolls()
                armTimer()
                notify.send("STATUS=\(status(engine, inFlight: inFlight.count))")
            }
        }
        if progress { _ = "\n".withCString { write(2, $0, 1) } }
        let seconds = Double(clock() - start) / 1000
        let s = engine.stats
        logger.notice("done", metadata: [
            "feeds.fetched": "\(s.fetched)", "feeds.not_modified": "\(s.notModified)", "feeds.failed": "\(s.failed)",
            "articles.new": "\(s.newArticles)", "seconds": "\((seconds * 10).rounded() / 10)",
        ])
        if once {
            let line = "feeds: \(s.fetched) fetched, \(s.notModified) not modified, \(s.failed) failed; "
                + "\(s.newArticles) new articles; \(String(format2: seconds)) s\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
        }
        if let fatal {
            logger.critical("stopped by an unusable output or state", metadata: ["error": "\(fatal)"])
            return .cannotCreate
        }
        if once && s.failed > 0 { return .someFeedsFailed }
        return .ok
    }

    private func reload() {
        do {
            let fresh = try FeedsConf.load(path: configPath)
            let added = Set(fresh.feeds.map(\.name)).subtracting(config.feeds.map(\.name))
            let removed = Set(config.feeds.map(\.name)).subtracting(fresh.feeds.map(\.name))
            if fresh.settings.outputDirectory != config.settings.outputDirectory
                || fresh.settings.statePath != config.settings.statePath {
                logger.warning("output and state paths cannot change on reload; restart to apply them")
            }
            var merged = fresh
            merged.settings.outputDirectory = config.settings.outputDirectory
            merged.settings.statePath = config.settings.statePath
            config = merged
            logger.notice("configuration reloaded", metadata: [
                "feeds": "\(fresh.feeds.count)", "feeds.added": "\(added.count)", "feeds.removed": "\(removed.count)",
            ])
        } catch {
            logger.error("configuration not reloaded; keeping the running one", metadata: ["error": "\(error)"])
        }
    }

    private func compact(store: SQLiteStateStore, settings: CrawlerSettings) {
        let cutoff = clock() - Int64(settings.retention.components.seconds) * 1000
        if let n = try? store.compact(before: cutoff), n > 0 {
            logger.info("old articles reduced to tombstones", metadata: ["articles": "\(n)"])
        }
    }

    private func status(_ engine: CrawlEngine, inFlight: Int) -> String {
        let s = engine.stats
        return "\(config.feeds.count) feeds, \(s.newArticles) articles written, \(s.failed) errors, \(inFlight) polling"
    }

    static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

extension String {
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let frac = hundredths % 100
        self = "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}

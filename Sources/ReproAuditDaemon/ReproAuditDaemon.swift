#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// `reproaudit daemon`: audits every watch root, then watches them and audits what changes.
///
/// One run loop (`poll`) owns everything: signals, inotify events, the control socket, timers, the
/// audit log and the state. Audits run one batch at a time on their own threads and report back
/// through a wake-up pipe, so the loop keeps answering `status` and pinging the watchdog while hashing.
public final class ReproAuditDaemon: Service {
    public let configurationPath: RawPath
    public private(set) var configuration: Configuration
    let notifier: SystemdNotifier
    let host = HostName.current
    let startedAt = Timestamp.now()

    var log: AuditLogWriter!
    var state: DaemonState!
    var watcher: TreeWatcher!
    var control: ControlServer?
    var signals: SignalDescriptor!
    let wakeup: WakeupDescriptor
    var scheduler: SettleScheduler
    var batch: AuditBatch?
    var stopRequested = false
    /// `state_dir/daemon.lock`, flocked for the daemon's life.
    var lockFile: FileDescriptor?

    /// Rescan and accept requests waiting for their audits.
    struct Waiter {
        /// The connection to answer when done (`--wait`), or nil.
        var connection: Int?
        var remaining: Int
        var records: [JSONValue] = []
        var critical = false
    }
    var waiters: [Int: Waiter] = [:]
    var nextWaiter = 1
    var limiter = RequestRateLimiter()

    var auditsWritten = 0
    var lastAudit: Timestamp?
    /// Totals and the newest record of each model, for the Prometheus textfile (`metrics_file`).
    var counters = DaemonCounters()
    var latestRecords: [RawPath: JSONValue] = [:]
    var overflows = 0
    var nextWatchdog: Int64 = 0
    var nextPoll: Int64 = 0
    var nextReverifyCheck: Int64 = 0
    /// The metrics write failure being reported (stderr and the log say it once, and once when it clears).
    var metricsError: String?
    /// Set when periodic re-verification cannot finish within `reverify_hours` at `reverify_rate_mb_s`
    /// (said once in the log, kept in `status`).
    var reverifyShortfall: (neededHours: Double, bytes: Int64)?
    var nextStateCheck: Int64 = 0

    /// Reads the configuration; a bad one is a `ConfigurationError` (exit 2).
    public init(configurationPath: RawPath, environment: [String: String]) throws(ConfigurationError) {
        self.configurationPath = configurationPath
        configuration = try Configuration.load(configurationPath)
        notifier = SystemdNotifier(environment: environment)
        scheduler = SettleScheduler(settleSeconds: configuration.settleSeconds, maximumWaitSeconds: configuration.settleMaxSeconds)
        do {
            wakeup = try WakeupDescriptor()
        } catch {
            throw ConfigurationError(file: configurationPath, line: nil, message: "cannot start: \(error)")
        }
    }

    public func triggerGracefulShutdown() {
        stopRequested = true
        wakeup.signal()
    }

    // MARK: Start and stop

    public func run() -> Int32 {
        do {
            signals = try SignalDescriptor([SIGTERM, SIGINT, SIGHUP])
        } catch {
            printError("reproaudit: daemon: \(error)")
            return ExitStatus.failure
        }
        // The lock first: a daemon already running on this state owns the log and the state, and a
        // second one must leave them alone (not even a `daemon.start` line).
        switch DaemonLock.acquire(in: configuration.stateDirectory) {
        case .success(let lock): lockFile = lock
        case .failure(.held(let holder)):
            printError("reproaudit: daemon: another reproaudit daemon is already running on \(configuration.stateDirectory.displayString)"
                       + (holder.map { " (pid \($0))" } ?? "") + "; not starting a second one")
            return ExitStatus.failure
        case .failure(.system(let error)):
            printError("reproaudit: daemon: lock file: \(error)")
            return ExitStatus.failure
        }
        defer { lockFile?.closeIgnoringErrors() }
        // Temporary files a crash left behind (only this daemon writes them: it holds the lock).
        for file in [configuration.stateDirectory.appending("state.json"), headFile, spillFile] + (configuration.metricsFile.map { [$0] } ?? []) {
            AtomicFileWriter.removeLeftovers(of: file)
        }
        var controlError: SystemError?
        do {
            control = try ControlServer(path: configuration.controlSocket)
        } catch where error.errno == EADDRINUSE {
            printError("reproaudit: daemon: another reproaudit daemon is already running on \(configuration.controlSocket.displayString); not starting a second one")
            return ExitStatus.failure
        } catch {
            controlError = error
        }
        log = AuditLogWriter(path: configuration.auditLog, rotateBytes: configuration.logRotateBytes,
                             keep: configuration.logKeep, queueLimit: configuration.logQueueLimit, headFile: headFile)
        log.host = host
        log.open()
        let resumedFrom = log.resumeChain()
        // Lines a previous run could not write go first, in their order.
        do {
            let replayed = try log.replaySpill(from: spillFile)
            if replayed > 0 { printError("reproaudit: daemon: writing \(replayed) line(s) kept in \(spillFile.displayString) by the previous run") }
        } catch {
            printError("reproaudit: daemon: \(spillFile.displayString): \(error.reason)")
        }
        var startFields: [(String, JSONValue)] = [
            ("pid", .integer(Int64(getpid()))), ("version", .string(ReproAuditVersion.string)),
            ("log_resumed_from", JSONValue(resumedFrom)),
        ]
        startFields += PathEncoding.members("config", configurationPath)
        startFields.append(("watch", .array(configuration.watch.map { .string($0.displayString) })))
        if log.repairedBytes > 0 { startFields.append(("log_repaired_bytes", .integer(log.repairedBytes))) }
        startFields.append(("pickle_policy", .string(PickleImportPolicy.version)))
        startFields.append(("pickle_allow", .array(configuration.pickleAllow.map { .string($0) })))
        write(LogEvent(event: "daemon.start", host: host, fields: startFields).line)

        state = DaemonState(directory: configuration.stateDirectory)
        if let problem = state.load() { logError(problem, path: state.file) }
        if state.isEmpty { reconcileLostState() }
        state.alarmingRoots = configuration.alarmingRoots
        if state.lastFullVerification == 0 { state.lastFullVerification = Timestamp.now().millisecondsSinceEpoch }

        if let error = controlError {
            logError("control socket: \(error)", path: configuration.controlSocket)
            log.flush(force: true)
            return ExitStatus.failure
        }
        do {
            watcher = try TreeWatcher(roots: [])
        } catch {
            printError("reproaudit: daemon: \(error)")
            return ExitStatus.failure
        }
        watcher.maximumWatches = configuration.testingMaxWatches
        watcher.queueLimit = configuration.testingInotifyQueueLimit
        let now = MonotonicClock.now()
        for root in configuration.watch {
            startRoot(root, trigger: .startup, now: now)
        }
        reportWatcherProblems()
        log.flush()
        nextPoll = now + Int64(configuration.pollSeconds * 1e9)
        notifier.ready(status: statusLine())

        loop()

        // Graceful stop: abandon hashes, flush, last line.
        notifier.stopping()
        if let batch {
            batch.cancel()
            let deadline = MonotonicClock.now() + 10_000_000_000
            while batch.result == nil && MonotonicClock.now() < deadline {
                var item = pollfd(fd: wakeup.descriptor.rawValue, events: Int16(POLLIN), revents: 0)
                _ = poll(&item, 1, 100)
                wakeup.drain()
            }
        }
        for (_, waiter) in waiters { if let connection = waiter.connection { control?.reply(id: connection, ControlServer.error("the daemon is stopping")) } }
        write(LogEvent(event: "daemon.stop", host: host, fields: [("pid", .integer(Int64(getpid()))), ("reason", "signal")]).line)
        let deadline = MonotonicClock.now() + 3_000_000_000
        while !log.flush(force: true) && MonotonicClock.now() < deadline { usleep(100_000) }
        var status = ExitStatus.success
        if log.pending == 0 {
            // The log first, then the state: state.json never knows what the log does not.
            saveState()
        } else {
            let waiting = log.pending
            do {
                _ = try log.spill(to: spillFile)
                printError("reproaudit: daemon: the audit log could not be written; \(waiting) line(s) kept in \(spillFile.displayString), written at the next start")
                saveState()
            } catch {
                printError("reproaudit: daemon: the audit log could not be written and \(waiting) line(s) could not be kept (\(spillFile.displayString): \(error.reason)); they are lost")
                status = ExitStatus.failure
            }
        }
        log.saveHead()
        log.close()
        control?.close()
        return status
    }

    /// Lines the log could not take at a stop, written first at the next start.
    var spillFile: RawPath { configuration.stateDirectory.appending("log-spill.jsonl") }
    /// The chain head (hash of the log's last line), kept at each stop and rotation.
    var headFile: RawPath { configuration.stateDirectory.appending("log-head") }

    /// `state.json` missing or empty while the log shows audits: the baselines were lost. Rebuild
    /// what the log's last verified span holds, and say so loudly (`state-lost`, critical).
    func reconcileLostState() {
        let outcome = StateRebuilder(log: configuration.auditLog).rebuild()
        guard outcome.logKnowsModels else { return }
        state.restore(models: outcome.models, baselines: outcome.baselines)
        write(LogEvent(event: "error", host: host, fields: [
            ("code", "state-lost"), ("severity", "critical"),
            ("message", .string("\(state.file.displayString) is missing or empty but the audit log shows audited models: baselines were lost; \(outcome.models.count) model(s) rebuilt from the log, \(outcome.lost) lost")),
            ("rebuilt", .integer(Int64(outcome.models.count))), ("lost", .integer(Int64(outcome.lost))),
        ] + PathEncoding.members("path", state.file)).line)
    }

    func startRoot(_ root: RawPath, trigger: AuditTrigger, now: Int64) {
        watcher.start(root: root)
        if watcher.modes[root] == .waiting {
            logWarning("watch root \(root.displayString) does not exist yet; checking again every \(Self.seconds(configuration.pollSeconds))",
                       path: root, code: "watch-root-missing")
        } else {
            scheduler.request(root, trigger: trigger, forced: false, waiter: nil, now: now)
        }
    }

    // MARK: The loop

    func loop() {
        while !stopRequested {
            let now = MonotonicClock.now()
            var deadlines: [Int64] = [now + 60_000_000_000, nextPoll, nextReverifyCheck, nextStateCheck]
            if batch == nil, let due = scheduler.nextDeadline() { deadlines.append(due) }
            if let retry = log.retryAt { deadlines.append(retry) }
            if let interval = notifier.watchdogInterval { deadlines.append(nextWatchdog == 0 ? now : nextWatchdog); _ = interval }
            if let expiry = control?.nextDeadline() { deadlines.append(expiry) }
            let timeout = max(0, min(60_000, (deadlines.min()! - now + 999_999) / 1_000_000))

            var items: [pollfd] = [
                pollfd(fd: signals.descriptor.rawValue, events: Int16(POLLIN), revents: 0),
                pollfd(fd: watcher.inotify.descriptor.rawValue, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeup.descriptor.rawValue, events: Int16(POLLIN), revents: 0),
            ]
            let controlItems = control?.pollItems() ?? []
            items += controlItems.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
            let ready = poll(&items, nfds_t(items.count), Int32(timeout))
            let after = MonotonicClock.now()
            if ready > 0 {
                if items[0].revents != 0 { handleSignals(signals.read(), now: after) }
                if items[1].revents != 0 { handleChanges(watcher.readChanges(), now: after) }
                if items[2].revents != 0 { wakeup.drain() }
                for (index, item) in controlItems.enumerated() where items[3 + index].revents != 0 {
                    if item.id == 0 {
                        control?.acceptConnections(now: after)
                    } else if let request = control?.handle(id: item.id, revents: items[3 + index].revents) {
                        handleRequest(request, connection: item.id, now: after)
                    }
                }
            }
            if stopRequested { break }
            if let batch, batch.result != nil { finish(batch) }
            timers(now: MonotonicClock.now())
            control?.expire(now: MonotonicClock.now())
            if batch == nil, !log.isFull {
                let due = scheduler.takeDue(now: MonotonicClock.now())
                if !due.isEmpty { start(due) }
            }
            if log.pending > 0, log.flush() { saveState() }
        }
    }

    /// Notices `state.json` deleted while running and writes it again (else the next start would
    /// silently reset every baseline).
    func checkStateFile(now: Int64) {
        guard now >= nextStateCheck else { return }
        nextStateCheck = now + 2_000_000_000
        guard !state.isEmpty, !FileSystem.exists(state.file) else { return }
        logError("\(state.file.displayString) was deleted while the daemon was running; written again", path: state.file, code: "state-deleted")
        state.markDirty()
        if log.flush() { saveState() }
    }

    func timers(now: Int64) {
        checkStateFile(now: now)
        if let interval = notifier.watchdogInterval, now >= nextWatchdog {
            notifier.watchdog()
            nextWatchdog = now + interval
        }
        if now >= nextPoll {
            nextPoll = now + Int64(configuration.pollSeconds * 1e9)
            for root in watcher.roots {
                switch watcher.modes[root] {
                case .polling:
                    scheduler.request(root, trigger: .watch, forced: false, waiter: nil, now: now)
                case .waiting:
                    watcher.start(root: root)
                    if watcher.modes[root] != .waiting {
                        scheduler.request(root, trigger: .watch, forced: false, waiter: nil, now: now)
                    }
                default: break
                }
            }
            reportWatcherProblems()
        }
        if now >= nextReverifyCheck {
            let hours = configuration.reverifyHours
            let period = Int64(hours * 3_600_000)
            var wall = Timestamp.now().millisecondsSinceEpoch
            if hours > 0, wall - state.lastFullVerification >= period {
                state.lastFullVerification = wall
                checkReverifyRate()
                for root in watcher.roots where watcher.modes[root] != .waiting {
                    scheduler.request(root, trigger: .periodic, forced: true, waiter: nil, now: now)
                }
            }
            // Look again when the next cycle is due (a short period must not wait for the minute),
            // and at least every minute, as the wall clock may jump.
            wall = Timestamp.now().millisecondsSinceEpoch
            let untilDue = hours > 0 ? max(1, state.lastFullVerification + period - wall) : 60_000
            nextReverifyCheck = now + min(60_000, untilDue) * 1_000_000
        }
    }

    // MARK: Events

    func handleSignals(_ numbers: [Int32], now: Int64) {
        for number in numbers {
            switch number {
            case SIGTERM, SIGINT: stopRequested = true
            case SIGHUP: _ = reload(now: now)
            default: break
            }
        }
    }

    func handleChanges(_ changes: [TreeWatcher.Change], now: Int64) {
        for change in changes {
            switch change {
            case .overflow:
                overflows += 1
                watcher.rewatch()
                for root in watcher.roots where watcher.modes[root] != .waiting {
                    scheduler.changed(root, now: now)
                }
            case .path(let path):
                if let unit = unit(for: path) { scheduler.changed(unit, now: now) }
            }
        }
        reportWatcherProblems()
    }

    /// The part of a root a change at `path` belongs to: the known model holding it, else the root's
    /// top-level entry it lies in (a hub repository, a model folder), else the root itself (an Ollama store).
    func unit(for path: RawPath) -> RawPath? {
        guard let root = watcher.root(of: path) else { return nil }
        var ancestor = path
        while ancestor.relative(to: root) != nil {
            if state.model(at: ancestor) != nil { return ancestor }
            if ancestor == root { break }
            ancestor = ancestor.removingLastComponent
        }
        if path == root { return root }
        if FileSystem.exists(root.appending("manifests")) && FileSystem.exists(root.appending("blobs")) { return root }
        guard let first = path.relative(to: root)?.components.first else { return root }
        if first.name == ".locks" { return nil }
        return root.appending(first)
    }

    func reportWatcherProblems() {
        for problem in watcher.problems { logError(problem.message, path: problem.root) }
        watcher.problems = []
        for (root, fileSystem) in watcher.networkRoots {
            logWarning("watch root \(root.displayString) is on a network file system (\(fileSystem)): inotify does not see changes made on other hosts, so it is polled every \(Self.seconds(configuration.pollSeconds))",
                       path: root, code: "network-file-system", priority: .notice)
        }
        watcher.networkRoots = []
    }

    public static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int64(value)) s" : "\(value) s"
    }

    // MARK: Audits

    func start(_ due: [(RawPath, SettleScheduler.Pending)]) {
        var unitWaiters: [Int] = []
        for (_, item) in due { unitWaiters += item.waiters }
        let batch = AuditBatch(units: due.map(\.0), trigger: due[0].1.trigger, forced: due[0].1.forced, waiters: [])
        batch.unitWaiters = Dictionary(due.map { ($0.0, $0.1.waiters) }, uniquingKeysWith: +)
        self.batch = batch
        notifier.status("auditing \(due.count) path(s) (\(batch.trigger.rawValue)); \(scheduler.count) waiting")
        let wake = wakeup
        let rate = configuration.reverifyRateMBs
        let limiter = batch.trigger == .periodic && rate > 0 ? ReadRateLimiter(bytesPerSecond: rate * 1e6) : nil
        batch.picklePolicy = configuration.picklePolicy
        batch.start(state: state, host: host, jobs: configuration.hashJobs, signatures: configuration.signatures, rateLimiter: limiter) { wake.signal() }
    }

    func finish(_ batch: AuditBatch) {
        self.batch = nil
        guard let result = batch.result, !result.cancelled else { return }
        var summaries: [RawPath: (JSONValue, Bool)] = [:]
        for (model, record) in result.audited {
            var record = record
            state.update(model: model, record: &record)
            write(record.line)
            auditsWritten += 1
            lastAudit = record.time
            counters.count(record)
            if configuration.metricsFile != nil { latestRecords[record.model.path] = record.json }
            summaries[model.identity.path] = (Self.summary(record), record.isCritical)
        }
        for unit in batch.units {
            for known in state.knownModels where known.path.relative(to: unit) != nil && !result.found.contains(known.path) {
                guard !FileSystem.exists(known.path) || result.problems.isEmpty else { continue }
                _ = state.remove(modelAt: known.path)
                latestRecords[known.path] = nil
                var fields: [(String, JSONValue)] = [("model", .object(PathEncoding.members("path", known.path) + [
                    ("layout", .string(known.layout)), ("name", JSONValue(known.name)),
                ]))]
                fields.append(("last_verdict", .object([("integrity", .string(known.integrity)), ("safety", .string(known.safety)),
                                                        ("openness", .string(known.openness))])))
                write(LogEvent(event: "removed", host: host, fields: fields).line)
            }
        }
        if batch.trigger != .watch {
            for problem in result.problems where problem.code != "vanished" {
                logError(problem.message, path: problem.path, code: problem.code)
            }
        }
        // The log first, then the state: a crash in between re-audits, it never loses a record.
        if log.flush() { saveState() }
        writeMetrics()
        for (unit, ids) in batch.unitWaiters {
            for id in ids {
                guard var waiter = waiters[id] else { continue }
                for (path, summary) in summaries where path.relative(to: unit) != nil || unit.relative(to: path) != nil {
                    waiter.records.append(summary.0)
                    waiter.critical = waiter.critical || summary.1
                }
                waiter.remaining -= 1
                if waiter.remaining <= 0 {
                    waiters[id] = nil
                    guard let connection = waiter.connection else { continue }
                    control?.reply(id: connection, .object([
                        ("ok", true), ("id", .integer(Int64(id))), ("critical", .bool(waiter.critical)), ("models", .array(waiter.records)),
                    ]))
                } else {
                    waiters[id] = waiter
                }
            }
        }
        notifier.status(statusLine())
    }

    static func summary(_ record: AuditRecord) -> JSONValue {
        .object(PathEncoding.members("path", record.model.path) + [
            ("name", JSONValue(record.model.name)), ("layout", .string(record.model.layout.rawValue)),
            ("integrity", .string(record.integrity.rawValue)), ("safety", .string(record.safety.rawValue)),
            ("openness", .string(record.openness.openness.rawValue)), ("critical", .bool(record.isCritical)),
            ("findings", .array(record.findings.filter { $0.severity != .info }.map { .string($0.code) })),
        ])
    }

    // MARK: Requests

    func handleRequest(_ value: JSONValue, connection: Int, now: Int64) {
        let request: ControlRequest
        do {
            request = try ControlRequest.parse(value)
        } catch {
            control?.reply(id: connection, ControlServer.error(error.description, code: "malformed"))
            return
        }
        guard let peer = control?.peer(connection) else {
            control?.reply(id: connection, ControlServer.error("the daemon cannot tell who is asking (no SO_PEERCRED); refused", code: "forbidden"))
            return
        }
        if request.isRateLimited, !limiter.allow(uid: peer.uid, now: now) {
            control?.reply(id: connection, ControlServer.error("too many requests from user \(peer.user ?? String(peer.uid)) (at most \(Int(limiter.rate)) a second, bursts of \(Int(limiter.burst))); try again in a moment", code: "rate-limited"))
            return
        }
        switch request {
        case .status:
            control?.reply(id: connection, status())
        case .rescan(let paths, let wait):
            rescan(paths: paths, wait: wait, peer: peer, connection: connection, now: now)
        case .cancel(let id):
            cancel(id: id, peer: peer, connection: connection)
        case .accept(let query, let claimedUser):
            accept(query, claimedUser: claimedUser, peer: peer, connection: connection, now: now)
        case .reload:
            // Root and the daemon's own user only: group members may rescan, not reconfigure.
            guard peer.uid == 0 || peer.uid == geteuid() else {
                let user = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(geteuid())"
                control?.reply(id: connection, ControlServer.error("reload is for root and the daemon's user (\(user)); ask an administrator, or send a rescan", code: "forbidden"))
                return
            }
            // Synchronous: the reply goes out once READY=1 is sent again with the new configuration in force.
            switch reload(now: now) {
            case .success(let changed):
                control?.reply(id: connection, .object([("ok", true), ("changed", .array(changed.map(JSONValue.string))),
                                                        ("config", .string(configurationPath.displayString))]))
            case .failure(let error):
                control?.reply(id: connection, .object([("ok", false), ("rejected", true), ("error", .string(error.description))]))
            }
        }
    }

    /// Most rescan requests waiting at once (`queue-full` beyond).
    static let maximumPendingRescans = 1_000
    /// A `rescan.requested` line names at most this many paths and bytes of paths.
    static let loggedPathLimit = (count: 16, bytes: 4096)

    func rescan(paths: [RawPath], wait: Bool, peer: PeerCredentials, connection: Int, now: Int64) {
        var units: [RawPath] = []
        if paths.isEmpty {
            units = watcher.roots.filter { watcher.modes[$0] != .waiting }
        } else {
            for path in paths {
                switch confine(path) {
                case .success(let unit): if !units.contains(unit) { units.append(unit) }
                case .failure(let refusal):
                    control?.reply(id: connection, ControlServer.error(refusal.message, code: refusal.code))
                    return
                }
            }
        }
        guard scheduler.count + units.count <= Self.maximumPendingRescans else {
            control?.reply(id: connection, ControlServer.error("\(scheduler.count) audits are already waiting (at most \(Self.maximumPendingRescans)); try again later", code: "queue-full"))
            return
        }
        let id = nextWaiter
        nextWaiter += 1
        var logged: [JSONValue] = []
        var loggedBytes = 0
        for unit in units {
            let members = PathEncoding.members("path", unit)
            let size = unit.bytes.count
            if logged.count >= Self.loggedPathLimit.count || loggedBytes + size > Self.loggedPathLimit.bytes { break }
            logged.append(members.count == 1 ? members[0].1 : .object(members))
            loggedBytes += size
        }
        write(LogEvent(event: "rescan.requested", host: host, fields: [
            ("id", .integer(Int64(id))), ("paths", .array(logged)), ("paths_count", .integer(Int64(units.count))), ("wait", .bool(wait)),
        ] + peer.logMembers).line)
        if !units.isEmpty {
            waiters[id] = Waiter(connection: wait ? connection : nil, remaining: units.count)
        }
        for unit in units { scheduler.request(unit, trigger: .manual, forced: true, waiter: id, now: now) }
        if !wait || units.isEmpty {
            control?.reply(id: connection, .object([("ok", true), ("id", .integer(Int64(id))), ("queued", .array(units.map(ControlRequest.pathValue))),
                                                    ("models", .array([])), ("critical", false)]))
        }
    }

    func cancel(id: Int?, peer: PeerCredentials, connection: Int) {
        let ids = id.map { [$0] } ?? Array(waiters.keys)
        var cancelled: [Int] = []
        for id in ids {
            guard let waiter = waiters.removeValue(forKey: id) else { continue }
            cancelled.append(id)
            scheduler.cancel(waiter: id)
            if let batch, batch.trigger == .manual, batch.unitWaiters.values.contains(where: { $0.contains(id) }),
               batch.unitWaiters.values.allSatisfy({ $0.allSatisfy { !waiters.keys.contains($0) } }) {
                batch.cancel()
            }
            guard let waiting = waiter.connection else { continue }
            control?.reply(id: waiting, ControlServer.error("rescan request \(id) was cancelled by \(peer.user ?? String(peer.uid))", code: "cancelled"))
        }
        if let id, cancelled.isEmpty {
            control?.reply(id: connection, ControlServer.error("no waiting rescan request has id \(id)", code: "unknown-request"))
            return
        }
        control?.reply(id: connection, .object([("ok", true), ("cancelled", .array(cancelled.map { .integer(Int64($0)) }))]))
    }

    /// Whether `peer` may change baselines: root, the daemon's own user, or a member of `accept_group`.
    func mayAccept(_ peer: PeerCredentials) -> Bool {
        if peer.uid == 0 || peer.uid == geteuid() { return true }
        guard let name = configuration.acceptGroup, let gid = PeerCredentials.groupID(name) else { return false }
        return peer.isMember(of: gid)
    }

    func accept(_ query: RawPath, claimedUser: String?, peer: PeerCredentials, connection: Int, now: Int64) {
        guard mayAccept(peer) else {
            let who = peer.user ?? "uid \(peer.uid)"
            let allowed = configuration.acceptGroup.map { "root, the daemon's user and members of group \($0)" } ?? "root and the daemon's user (set \"accept_group\" to allow a group)"
            control?.reply(id: connection, ControlServer.error("\(who) may not accept changes: only \(allowed) may", code: "forbidden"))
            return
        }
        let matches: [DaemonState.KnownModel]
        if query.isAbsolute {
            switch confine(query) {
            case .success(let unit): matches = state.model(at: unit).map { [$0] } ?? []
            case .failure(let refusal):
                control?.reply(id: connection, ControlServer.error(refusal.message, code: refusal.code))
                return
            }
        } else {
            matches = state.models(matching: query.displayString)
        }
        guard matches.count == 1, let model = matches.first else {
            let message = matches.isEmpty
                ? "no known model matches \"\(query.displayString)\" (see 'reproaudit status --json' or the audit log for model paths)"
                : "\"\(query.displayString)\" matches \(matches.count) models; give one path: " + matches.prefix(5).map(\.path.displayString).joined(separator: ", ")
            control?.reply(id: connection, ControlServer.error(message, code: "no-such-model"))
            return
        }
        // A change the log cannot record is not made.
        guard log.pending == 0 else {
            control?.reply(id: connection, ControlServer.error("the audit log cannot be written (\(log.pending) line(s) waiting); nothing was accepted", code: "log-unwritable"))
            return
        }
        let accepted = state.accept(modelAt: model.path)
        write(LogEvent(event: "accepted", host: host, fields: [
            ("model", .object(PathEncoding.members("path", model.path) + [("layout", .string(model.layout)), ("name", JSONValue(model.name))])),
            ("previous_integrity", .string(model.integrity)),
            ("files", .array(accepted.map { .object(PathEncoding.members("path", $0.0) + [("sha256", .string($0.1))]) })),
        ] + peer.logMembers + [("claimed_user", JSONValue(claimedUser))]).line)
        if log.flush(force: true) { saveState() }
        let id = nextWaiter
        nextWaiter += 1
        waiters[id] = Waiter(connection: connection, remaining: 1)
        scheduler.request(model.path, trigger: .manual, forced: true, waiter: id, now: now)
    }

    func status() -> JSONValue {
        let models = state.knownModels
        func counts(_ key: KeyPath<DaemonState.KnownModel, String>) -> JSONValue {
            var result: [String: Int] = [:]
            for model in models { result[model[keyPath: key], default: 0] += 1 }
            return .object(result.sorted { $0.key < $1.key }.map { ($0.key, .integer(Int64($0.value))) })
        }
        var logMembers: [(String, JSONValue)] = PathEncoding.members("path", log.path)
        logMembers.append(("size", log.size.map(JSONValue.integer) ?? .null))
        logMembers.append(("lines_waiting", .integer(Int64(log.pending))))
        logMembers.append(("error", JSONValue(log.lastError.map { "\($0.operation): \($0.reason)" })))
        return .object([
            ("ok", true), ("pid", .integer(Int64(getpid()))), ("version", .string(ReproAuditVersion.string)),
            ("started", .string(startedAt.rfc3339)), ("config", .string(configurationPath.displayString)),
            ("roots", .array(watcher.roots.map { root in
                var members = PathEncoding.members("path", root) + [("mode", .string((watcher.modes[root] ?? .waiting).rawValue))]
                if watcher.modes[root] == .polling, let reason = watcher.pollReasons[root] {
                    members.append(("poll_reason", .string(reason.code)))
                    if let fileSystem = reason.fileSystem { members.append(("file_system", .string(fileSystem))) }
                    members.append(("poll_seconds", .double(configuration.pollSeconds)))
                }
                return .object(members)
            })),
            ("reverify", reverifyStatus()),
            ("watches", .integer(Int64(watcher.watchCount))),
            ("models", .integer(Int64(models.count))),
            ("verdicts", .object([("integrity", counts(\.integrity)), ("safety", counts(\.safety)), ("openness", counts(\.openness))])),
            ("critical", .integer(Int64(models.filter(\.critical).count))),
            ("queue", .object([
                ("waiting", .integer(Int64(scheduler.count))),
                ("auditing", .array((batch?.units ?? []).map { .string($0.displayString) })),
            ])),
            ("audits", .integer(Int64(auditsWritten))),
            ("last_audit", JSONValue(lastAudit?.rfc3339)),
            ("overflows", .integer(Int64(overflows))),
            ("log", .object(logMembers)),
            ("state", .object(PathEncoding.members("path", state.file) + [("files", .integer(Int64(state.fileCount)))])),
        ])
    }

    func statusLine() -> String {
        let models = state.knownModels
        let critical = models.filter(\.critical).count
        var text = "watching \(watcher.roots.count) root(s), \(models.count) model(s), \(critical) critical; \(scheduler.count) waiting"
        if let error = log.lastError { text += "; audit log failing: \(error.reason)" }
        return text
    }

    // MARK: Reload

    /// Re-reads the configuration (SIGHUP, `reproaudit reload`); returns the keys that changed, or
    /// why the new file was rejected (the running configuration is then kept).
    @discardableResult
    func reload(now: Int64) -> Result<[String], ConfigurationError> {
        notifier.reloading()
        let fresh: Configuration
        do {
            fresh = try Configuration.load(configurationPath)
        } catch {
            logError("reload failed: \(error); keeping the running configuration", path: configurationPath)
            log.reopen()
            notifier.ready(status: statusLine())
            return .failure(error)
        }
        let old = configuration
        configuration = fresh
        state.alarmingRoots = fresh.alarmingRoots
        var changed: [String] = []
        if old.watch != fresh.watch { changed.append("watch") }
        if old.settleSeconds != fresh.settleSeconds || old.settleMaxSeconds != fresh.settleMaxSeconds {
            changed.append("settle_seconds")
            scheduler.settle = Int64(fresh.settleSeconds * 1e9)
            scheduler.maximumWait = Int64(fresh.settleMaxSeconds * 1e9)
        }
        var restartNeeded: [String] = []
        if old.stateDirectory != fresh.stateDirectory { restartNeeded.append("state_dir") }
        if old.reverifyRateMBs != fresh.reverifyRateMBs || old.reverifyHours != fresh.reverifyHours {
            changed.append("reverify_rate_mb_s")
            reverifyShortfall = nil
            checkReverifyRate()
        }
        if old.auditLog != fresh.auditLog {
            changed.append("audit_log")
            // Lines the old file could not take move to the new one: nothing is dropped.
            log.flush(force: true)
            log.close()
            let waiting = log.takePending()
            // Another file is another log: its chain continues from its own last line, or starts.
            log = AuditLogWriter(path: fresh.auditLog, rotateBytes: fresh.logRotateBytes, keep: fresh.logKeep, queueLimit: fresh.logQueueLimit)
            log.host = host
            log.open()
            log.resumeChain()
            log.headFile = headFile
            for line in waiting { log.enqueue(line) }
        }
        log.rotateBytes = fresh.logRotateBytes
        log.keep = fresh.logKeep
        log.queueLimit = fresh.logQueueLimit
        log.reopen()
        if old.controlSocket != fresh.controlSocket {
            changed.append("control_socket")
            if let server = try? ControlServer(path: fresh.controlSocket) {
                control?.close()
                control = server
            }
        }
        for root in old.watch where !fresh.watch.contains(root) {
            watcher.stop(root: root)
            // No longer watched: its models leave `status` and the metrics (they are not gone, so no `removed` line).
            for known in state.knownModels where known.path.relative(to: root) != nil && !fresh.watch.contains(where: { known.path.relative(to: $0) != nil }) {
                _ = state.remove(modelAt: known.path)
                latestRecords[known.path] = nil
            }
        }
        for root in fresh.watch where !old.watch.contains(root) { startRoot(root, trigger: .manual, now: now) }
        for root in fresh.watch where old.watch.contains(root) && watcher.modes[root] != .waiting {
            scheduler.request(root, trigger: .manual, forced: false, waiter: nil, now: now)
        }
        reportWatcherProblems()
        var fields: [(String, JSONValue)] = PathEncoding.members("config", configurationPath)
        fields.append(("changed", .array(changed.map(JSONValue.string))))
        if !restartNeeded.isEmpty { fields.append(("restart_needed", .array(restartNeeded.map(JSONValue.string)))) }
        write(LogEvent(event: "daemon.reload", host: host, fields: fields).line)
        log.flush()
        notifier.ready(status: statusLine())
        return .success(changed)
    }

    // MARK: Output

    func write(_ line: [UInt8]) {
        log.enqueue(line)
    }

    /// An operational error: an `error` line in the audit log and one line on stderr (the journal, `<3>`).
    func logError(_ message: String, path: RawPath?, code: String? = nil) {
        logProblem(event: "error", message, path: path, code: code, priority: .error)
    }

    /// Something an operator should know that is not a failure (a watch root not there yet, a root
    /// that is polled): a `warning` line in the audit log and one on stderr (`<4>` or `<5>`).
    func logWarning(_ message: String, path: RawPath?, code: String, priority: JournalStream.Priority = .warning) {
        logProblem(event: "warning", message, path: path, code: code, priority: priority)
    }

    private func logProblem(event: String, _ message: String, path: RawPath?, code: String?, priority: JournalStream.Priority) {
        var fields: [(String, JSONValue)] = []
        if let code { fields.append(("code", .string(code))) }
        fields.append(("message", .string(message)))
        if let path { fields += PathEncoding.members("path", path) }
        write(LogEvent(event: event, host: host, fields: fields).line)
        printError("reproaudit: " + (code.map { "\($0): " } ?? "") + message, priority: priority)
    }

    /// Rewrites `metrics_file` (atomically) for node_exporter's textfile collector.
    func writeMetrics() {
        guard let file = configuration.metricsFile else { return }
        counters.logWriteErrors = log.failedWrites
        do {
            try PrometheusMetrics.write(latest: Array(latestRecords.values), counters: counters, to: file)
            if metricsError != nil {
                metricsError = nil
                printError("reproaudit: metrics file \(file.displayString): written again", priority: .notice)
            }
        } catch {
            // Once per distinct failure, not after every batch.
            let message = "metrics file \(file.displayString): \(error.operation): \(error.reason)"
            guard message != metricsError else { return }
            metricsError = message
            logError(message, path: file, code: "metrics-unwritable")
        }
    }

    func saveState() {
        do {
            try state.save()
        } catch {
            printError("reproaudit: state: \(error)")  // the state file is not in the log: the journal only
        }
    }
}

// MARK: Periodic re-verification rate

extension ReproAuditDaemon {
    /// Says once (log, stderr, `status`) when re-reading every known byte at `reverify_rate_mb_s`
    /// takes longer than `reverify_hours`: cycles then run back to back and the period is not met.
    func checkReverifyRate() {
        let rate = configuration.reverifyRateMBs
        let hours = configuration.reverifyHours
        guard rate > 0, hours > 0 else { reverifyShortfall = nil; return }
        let bytes = state.knownBytes
        let needed = Double(bytes) / (rate * 1e6) / 3600
        guard needed > hours else { reverifyShortfall = nil; return }
        if reverifyShortfall == nil {
            logWarning("periodic re-verification cannot be met: \(ScanReport.formatBytes(bytes)) at reverify_rate_mb_s \(rate) takes \(Self.hours(needed)), longer than reverify_hours \(Self.hours(hours)); raise reverify_rate_mb_s or reverify_hours",
                       path: nil, code: "reverify-period-not-met")
        }
        reverifyShortfall = (needed, bytes)
    }

    public static func hours(_ value: Double) -> String {
        value >= 10 ? "\(Int64(value.rounded())) h" : "\(Double(Int64(value * 10)) / 10) h"
    }

    func reverifyStatus() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("period_hours", .double(configuration.reverifyHours)),
            ("rate_mb_s", configuration.reverifyRateMBs > 0 ? .double(configuration.reverifyRateMBs) : .null),
            ("period_met", .bool(reverifyShortfall == nil)),
        ]
        if let shortfall = reverifyShortfall { members.append(("hours_needed", .double(shortfall.neededHours))) }
        return .object(members)
    }
}

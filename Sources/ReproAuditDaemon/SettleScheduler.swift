import ReproAudit

/// Decides when a changed part of a watch root (a "unit": a model folder, a hub repository, a store)
/// is audited: after `settle` of quiet, or at the latest `maximumWait` after its first change, never
/// while download markers (`*.incomplete`, `*.part`, `*.tmp`, `*.lock`) are inside it. Requests
/// (`rescan`, start-up, periodic) are due at once. Times are monotonic nanoseconds.
public struct SettleScheduler {
    /// One unit waiting for its audit.
    public struct Pending: Sendable {
        public var firstChange: Int64
        public var lastChange: Int64
        public var trigger: AuditTrigger
        public var forced: Bool
        /// Due without waiting to settle (a request rather than a change).
        public var immediate: Bool
        /// Control connections waiting for this unit's audit.
        public var waiters: [Int]
    }

    public var settle: Int64
    public var maximumWait: Int64
    public private(set) var pending: [RawPath: Pending] = [:]

    public init(settleSeconds: Double, maximumWaitSeconds: Double) {
        settle = Int64(settleSeconds * 1e9)
        maximumWait = Int64(maximumWaitSeconds * 1e9)
    }

    /// A change seen at `now` inside `unit`.
    public mutating func changed(_ unit: RawPath, now: Int64) {
        if var item = pending[unit] {
            item.lastChange = now
            pending[unit] = item
        } else {
            pending[unit] = Pending(firstChange: now, lastChange: now, trigger: .watch, forced: false, immediate: false, waiters: [])
        }
    }

    /// An audit asked for now (`forced`: re-hash even unchanged files).
    public mutating func request(_ unit: RawPath, trigger: AuditTrigger, forced: Bool, waiter: Int?, now: Int64) {
        var item = pending[unit] ?? Pending(firstChange: now, lastChange: now, trigger: trigger, forced: forced, immediate: true, waiters: [])
        item.immediate = true
        item.forced = item.forced || forced
        if forced || item.trigger == .watch { item.trigger = trigger }
        if let waiter { item.waiters.append(waiter) }
        pending[unit] = item
    }

    /// Forgets request `waiter`: its units no longer wait for it, and units only it asked for (not
    /// changed meanwhile) are dropped.
    public mutating func cancel(waiter: Int) {
        for (unit, item) in pending where item.waiters.contains(waiter) {
            var item = item
            item.waiters.removeAll { $0 == waiter }
            if item.waiters.isEmpty && item.trigger == .manual {
                pending[unit] = nil
            } else {
                pending[unit] = item
            }
        }
    }

    /// Units due at `now`, all with the same trigger and forcing (they run as one audit batch).
    /// Units whose quiet time passed but that hold download markers wait another `settle`.
    public mutating func takeDue(now: Int64) -> [(RawPath, Pending)] {
        var due: [(RawPath, Pending)] = []
        for (unit, item) in pending.sorted(by: { $0.key < $1.key }) {
            if item.immediate {
                due.append((unit, item))
                continue
            }
            let quiet = now - item.lastChange >= settle
            let waitedLongEnough = now - item.firstChange >= maximumWait
            guard quiet || waitedLongEnough else { continue }
            if DownloadMarkers.present(in: unit) {
                var postponed = item
                postponed.lastChange = now
                postponed.firstChange = max(postponed.firstChange, now - maximumWait + settle)
                pending[unit] = postponed
                continue
            }
            due.append((unit, item))
        }
        guard let first = due.first?.1 else { return [] }
        let batch = due.filter { $0.1.trigger == first.trigger && $0.1.forced == first.forced }
        for (unit, _) in batch { pending[unit] = nil }
        return batch
    }

    /// When the next unit may become due, or nil when nothing waits.
    public func nextDeadline() -> Int64? {
        pending.values.map { $0.immediate ? 0 : min($0.lastChange + settle, $0.firstChange + maximumWait) }.min()
    }

    public var count: Int { pending.count }
}

/// Files that say a download or a write is still going on.
public enum DownloadMarkers {
    static let suffixes = [".incomplete", ".part", ".tmp", ".lock"]

    /// `*.incomplete`, `*.part`, `*.tmp`, `*.lock`, and Ollama's `sha256-…-partial` / `-partial-N` blobs.
    public static func isMarker(_ name: RawPath) -> Bool {
        let text = name.name
        if text.hasPrefix("sha256-"), text.hasSuffix("-partial") || text.firstRange(of: "-partial-") != nil { return true }
        return suffixes.contains { text.hasSuffix($0) }
    }

    /// True when `path` is a marker or a folder holding one (searched a few thousand entries deep at most).
    public static func present(in path: RawPath) -> Bool {
        if isMarker(path.lastComponent) { return FileSystem.exists(path) }
        var budget = 20_000
        return search(path, depth: 0, budget: &budget)
    }

    private static func search(_ directory: RawPath, depth: Int, budget: inout Int) -> Bool {
        guard depth < 16, let entries = try? DirectoryStream.entries(of: directory) else { return false }
        for entry in entries {
            budget -= 1
            if budget <= 0 { return false }
            if isMarker(entry.name) { return true }
        }
        for entry in entries where entry.kind == .directory {
            if search(directory.appending(entry.name), depth: depth + 1, budget: &budget) { return true }
        }
        return false
    }
}

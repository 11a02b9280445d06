#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// Keeps an inotify watch on every directory under each watch root and turns events into changed
/// paths. A new directory is watched before it is reported, so the scan that follows sees what was
/// created inside it before its watch existed. Watches are keyed by watch descriptor (the kernel
/// returns the same one for a directory watched twice). A root that hits the watch limit (ENOSPC)
/// falls back to polling; a root that does not exist is waited for.
public final class TreeWatcher {
    /// How a root is followed.
    public enum Mode: String, Sendable {
        case watching, polling, waiting
    }

    /// What the run loop must do after some events.
    public enum Change: Equatable {
        /// Something at this path changed.
        case path(RawPath)
        /// The kernel's queue overflowed: events were lost, everything must be rescanned.
        case overflow
    }

    static let mask: Inotify.Mask = [.modify, .attrib, .closeWrite, .movedFrom, .movedTo, .create, .delete, .deleteSelf, .moveSelf, .dontFollow]

    public let inotify: Inotify
    public private(set) var roots: [RawPath]
    public private(set) var modes: [RawPath: Mode] = [:]
    private var pathByWatch: [Int32: RawPath] = [:]
    private var watchesByPath: [RawPath: Int32] = [:]
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
    /// Test only: fail with ENOSPC beyond this many watches.
    public var maximumWatches: Int?
    /// Test only: events beyond this many per read are dropped and reported as an overflow.
    public var queueLimit: Int?
    /// Problems to log as `error` lines (ENOSPC fallbacks, roots that vanished).
    public var problems: [(root: RawPath, message: String)] = []
    /// Why a root is polled rather than watched (`network-file-system`, `watch-limit`), for `status`.
    public private(set) var pollReasons: [RawPath: (code: String, fileSystem: String?)] = [:]
    /// Roots found on a network file system since last asked, to say so once in the log.
    public var networkRoots: [(root: RawPath, fileSystem: String)] = []

    public init(roots: [RawPath]) throws(SystemError) {
        inotify = try Inotify()
        self.roots = roots
    }

    deinit {
        buffer.deallocate()
        inotify.close()
    }

    public var watchCount: Int { pathByWatch.count }

    /// Starts following `root`: watches its whole tree, or marks it `waiting` / `polling`.
    public func start(root: RawPath) {
        if !roots.contains(root) { roots.append(root) }
        guard let status = try? FileSystem.status(root) else {
            modes[root] = .waiting
            return
        }
        // NFS, CIFS, Lustre, FUSE…: changes made on other hosts never reach inotify, so poll.
        if let name = try? FileSystemType.of(status.isDirectory ? root : root.removingLastComponent).networkName {
            if modes[root] != .polling || pollReasons[root]?.code != "network-file-system" { networkRoots.append((root, name)) }
            modes[root] = .polling
            pollReasons[root] = ("network-file-system", name)
            return
        }
        modes[root] = .watching
        pollReasons[root] = nil
        if status.isDirectory {
            watchTree(root, root: root)
        } else {
            addWatch(root, root: root)
        }
    }

    /// Stops following `root` (removed from the configuration).
    public func stop(root: RawPath) {
        roots.removeAll { $0 == root }
        modes[root] = nil
        pollReasons[root] = nil
        removeWatches(under: root)
    }

    /// Watches `directory` and every directory below it (symlinks are not followed).
    func watchTree(_ directory: RawPath, root: RawPath) {
        guard modes[root] == .watching, addWatch(directory, root: root) else { return }
        guard let entries = try? DirectoryStream.entries(of: directory) else { return }
        for entry in entries where entry.kind == .directory {
            watchTree(directory.appending(entry.name), root: root)
        }
    }

    @discardableResult
    private func addWatch(_ path: RawPath, root: RawPath) -> Bool {
        do throws(SystemError) {
            if let limit = maximumWatches, watchesByPath[path] == nil, pathByWatch.count >= limit {
                throw SystemError(errno: ENOSPC, operation: "inotify_add_watch", path: path)
            }
            let wd = try inotify.addWatch(path, mask: path == root ? Self.mask.subtracting(.dontFollow) : Self.mask)
            if let old = pathByWatch[wd], old != path { watchesByPath[old] = nil }
            pathByWatch[wd] = path
            watchesByPath[path] = wd
            return true
        } catch {
            if error.errno == ENOSPC {
                modes[root] = .polling
                pollReasons[root] = ("watch-limit", nil)
                removeWatches(under: root)
                problems.append((root, "inotify watch limit reached (fs.inotify.max_user_watches) while watching \(path.displayString); polling \(root.displayString) instead"))
            }
            return false
        }
    }

    private func removeWatches(under path: RawPath) {
        for (watched, wd) in watchesByPath where watched.relative(to: path) != nil {
            inotify.removeWatch(wd)
            pathByWatch[wd] = nil
            watchesByPath[watched] = nil
        }
    }

    /// The root `path` lies under, if any.
    public func root(of path: RawPath) -> RawPath? {
        roots.filter { path.relative(to: $0) != nil }.max { $0.bytes.count < $1.bytes.count }
    }

    /// Reads and interprets the pending events.
    public func readChanges() -> [Change] {
        var changes: [Change] = []
        var total = 0
        if queueLimit != nil {
            // Test only: a slow reader, so events pile up in the queue as they do under load.
            usleep(200_000)
        }
        while true {
            let events: [Inotify.Event]
            do {
                events = try inotify.readEvents(buffer: buffer)
            } catch {
                return changes
            }
            if events.isEmpty { break }
            total += events.count
            if let limit = queueLimit, total > limit {
                // As the kernel does when its queue is full: the rest is lost, one overflow event stands for it.
                while (try? inotify.readEvents(buffer: buffer))?.isEmpty == false {}
                changes.append(.overflow)
                return changes
            }
            for event in events { interpret(event, into: &changes) }
        }
        return changes
    }

    private func interpret(_ event: Inotify.Event, into changes: inout [Change]) {
        if event.mask.contains(.queueOverflow) || event.watch < 0 {
            changes.append(.overflow)
            return
        }
        guard let directory = pathByWatch[event.watch] else { return }
        let path = event.name.isEmpty ? directory : directory.appending(event.name)
        if event.mask.contains(.ignored) {
            pathByWatch[event.watch] = nil
            if watchesByPath[directory] == event.watch { watchesByPath[directory] = nil }
        }
        if event.mask.contains(.isDirectory), !event.name.isEmpty {
            if event.mask.contains(.create) || event.mask.contains(.movedTo), let root = root(of: path), modes[root] == .watching {
                watchTree(path, root: root)
            }
            if event.mask.contains(.movedFrom) || event.mask.contains(.delete) {
                removeWatches(under: path)
            }
        }
        if (event.mask.contains(.deleteSelf) || event.mask.contains(.moveSelf)), roots.contains(directory) {
            modes[directory] = .waiting
            removeWatches(under: directory)
            problems.append((directory, "watch root \(directory.displayString) was removed or moved away; waiting for it to come back"))
        }
        changes.append(.path(path))
    }

    /// Watches again everything under the roots being watched (after an overflow, events about new
    /// directories may have been lost).
    public func rewatch() {
        for root in roots where modes[root] == .watching {
            if (try? FileSystem.status(root))?.isDirectory == true { watchTree(root, root: root) }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// The daemon's diagnostics on stderr, which is the journal under systemd.
///
/// When systemd connected stderr to the journal it says so in `JOURNAL_STREAM` (`device:inode` of
/// that stream); then each line starts with an sd-daemon priority prefix (`<3>` error, `<4>` warning,
/// `<5>` notice), which journald strips and stores as the line's priority. Decided once per process
/// from the environment, so the form never changes while the daemon runs; anywhere else (a terminal,
/// a file, a test) lines carry no prefix.
public enum JournalStream {
    /// sd-daemon priorities (syslog levels) the daemon uses.
    public enum Priority: Int, Sendable {
        case error = 3, warning = 4, notice = 5, info = 6
    }

    /// True when `environment`'s `JOURNAL_STREAM` names the file `descriptor` is open on.
    public static func isJournal(descriptor: Int32, environment: [String: String]) -> Bool {
        guard let value = environment["JOURNAL_STREAM"], let colon = value.firstIndex(of: ":"),
              let device = UInt64(value[..<colon]), let inode = UInt64(value[value.index(after: colon)...]) else { return false }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// Whether this process's stderr is the journal (looked at once).
    public static let standardErrorIsJournal = isJournal(descriptor: 2, environment: EnvironmentVariables.current)

    /// `text` as one line for stderr: newlines folded, prefixed with `<N>` when stderr is the journal.
    public static func line(_ text: String, priority: Priority, journal: Bool = standardErrorIsJournal) -> String {
        let flat = text.replacingNewlines()
        return journal ? "<\(priority.rawValue)>" + flat : flat
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r" }) else { return self }
        return String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

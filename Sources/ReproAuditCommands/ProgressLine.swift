#if canImport(Glibc)
import Glibc
#endif
import CommandLineParsing
import ReproAudit

/// One line on stderr saying how far long work is (`scan`, `rescan --wait`): models done of all,
/// bytes hashed of all, rate, time left. Redrawn at most ten times a second from its own thread,
/// never wider than the terminal (a wrapped line could not be redrawn in place), erased at the end.
/// Only for a person watching: `start` does nothing unless stderr is a terminal.
final class ProgressLine: @unchecked Sendable {
    static let option = Flag("--no-progress", help: "Never show the progress line (shown on stderr when it is a terminal).")

    /// What to show: counts, or nil while there is nothing to count yet.
    private let read: @Sendable () -> AuditProgress.Snapshot?
    private let state = Locked(State())

    private struct State {
        var stop = false
        var stopped = false
        var shown = false
    }

    init(_ read: @escaping @Sendable () -> AuditProgress.Snapshot?) {
        self.read = read
    }

    /// Whether a progress line may be shown: stderr is a terminal and the person did not turn it off.
    static func wanted(_ arguments: ParsedArguments) -> Bool {
        !arguments.flag(option) && isatty(2) == 1
    }

    /// Starts redrawing every 100 ms.
    func start() {
        SystemThread.detach(stackSize: 256 << 10) { [self] in
            var last = ""
            while true {
                SleepFor.milliseconds(100)
                if state.withLock({ $0.stop }) { break }
                let text = Self.fit(Self.describe(read(), now: MonotonicClock.now()), width: Self.terminalWidth())
                if text != last {
                    OutputStream.standardError.write("\r" + text + "\u{1B}[K")
                    state.withLock { $0.shown = true }
                    last = text
                }
            }
            state.withLock { $0.stopped = true }
        }
    }

    /// Stops redrawing and erases the line; returns once the line is gone, so what is printed next
    /// starts on a clean line.
    func stop() {
        state.withLock { $0.stop = true }
        while !state.withLock({ $0.stopped }) { SleepFor.milliseconds(5) }
        if state.withLock({ $0.shown }) { OutputStream.standardError.write("\r\u{1B}[K") }
    }

    /// `reproaudit: 3/12 models  1.2 GiB/4.5 GiB  310.0 MiB/s  ETA 0:11` (rate and ETA after half a second).
    static func describe(_ snapshot: AuditProgress.Snapshot?, now: Int64) -> String {
        guard let snapshot, snapshot.started else { return "reproaudit: finding models…" }
        var text = "reproaudit: \(snapshot.modelsDone)/\(snapshot.modelsTotal) models  "
        text += "\(ScanReport.formatBytes(snapshot.bytesHashed))/\(ScanReport.formatBytes(snapshot.bytesTotal))"
        let seconds = Double(now - snapshot.startedAt) / 1e9
        if seconds >= 0.5, snapshot.bytesHashed > 0 {
            let rate = Double(snapshot.bytesHashed) / seconds
            let left = Double(max(0, snapshot.bytesTotal - snapshot.bytesHashed)) / rate
            text += "  \(ScanReport.formatBytes(Int64(rate)))/s  ETA \(duration(left))"
        }
        return text
    }

    /// `0:07`, `12:30`, `2:05:00`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    /// `text` cut to `width - 1` terminal columns.
    static func fit(_ text: String, width: Int) -> String {
        var out = ""
        var used = 0
        for character in text {
            let wide = DisplayWidth.of(String(character))
            if used + wide > width - 1 { break }
            out.append(character)
            used += wide
        }
        return out
    }

    /// The terminal's width in columns (80 when it does not say).
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReproAudit
@testable import ReproAuditDaemon

/// Runs the real `reproaudit` binary (built by `swift build`) as a daemon over a temporary folder.
final class DaemonHarness: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let binary = packageRoot + "/.build/debug/reproaudit"

    let directory: String
    let models: String
    let configPath: String
    let logPath: String
    let socketPath: String
    var process: Process?
    var stderrPipe = Pipe()

    init(settle: Double = 0.5, extra: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reproaudit-daemon-\(UUID().uuidString.prefix(8))").path
        models = directory + "/models"
        configPath = directory + "/config.json"
        logPath = directory + "/log/audit.jsonl"
        socketPath = directory + "/run/control.sock"
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        try writeConfig(settle: settle, extra: extra)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    func writeConfig(settle: Double, watch: [String]? = nil, extra: [String: String] = [:]) throws {
        var members = [
            "\"watch\": [" + (watch ?? [models]).map { "\"\($0)\"" }.joined(separator: ", ") + "]",
            "\"audit_log\": \"\(logPath)\"",
            "\"state_dir\": \"\(directory)/state\"",
            "\"control_socket\": \"\(socketPath)\"",
            "\"settle_seconds\": \(settle)",
            "\"hash_jobs\": 2",
        ]
        // A key given in `extra` replaces the default one.
        members.removeAll { member in extra.keys.contains { member.hasPrefix("\"\($0)\":") } }
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { members.append("\"\(key)\": \(value)") }
        try ("{\n  " + members.joined(separator: ",\n  ") + "\n}\n").write(toFile: configPath, atomically: false, encoding: .utf8)
    }

    /// Starts the daemon and waits until its control socket answers. `umask` runs it under that
    /// umask (as the unit's UMask= does); `journal` sets `JOURNAL_STREAM` to its stderr pipe, as
    /// systemd does when stderr is the journal.
    func start(environment: [String: String] = [:], umask: String? = nil, journal: Bool = false) throws {
        let process = Process()
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", Self.binary, "daemon", "--config", configPath]
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["daemon", "--config", configPath]
        }
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = nil
        env["WATCHDOG_USEC"] = nil
        env["JOURNAL_STREAM"] = nil
        for (key, value) in environment { env[key] = value }
        stderrPipe = Pipe()
        if journal {
            var status = stat()
            fstat(stderrPipe.fileHandleForWriting.fileDescriptor, &status)
            env["JOURNAL_STREAM"] = "\(status.st_dev):\(status.st_ino)"
        }
        process.environment = env
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let ok = waitFor(10) { (try? ControlClient(socket: RawPath(self.socketPath)).send(.object([("op", "status")]), timeoutSeconds: 2)) != nil }
        if !ok { throw HarnessError("daemon did not answer on \(socketPath)") }
    }

    var stateDirectory: String { directory + "/state" }

    /// Runs `reproaudit daemon` on `config` (default: this harness's) to its end, for a daemon that
    /// must refuse to start; returns its exit status and stderr (nil status if it did not exit in `seconds`).
    func runDaemonToExit(config: String? = nil, seconds: Double = 10) throws -> (status: Int32?, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["daemon", "--config", config ?? configPath]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let exited = waitFor(seconds) { !process.isRunning }
        if !exited { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (exited ? process.terminationStatus : nil, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// Sends a signal and waits for the exit status (nil if it did not exit within `timeout`).
    func stop(signal: Int32 = SIGTERM, timeout: Double = 10) -> Int32? {
        guard let process else { return nil }
        kill(process.processIdentifier, signal)
        guard waitFor(timeout, { !process.isRunning }) else { return nil }
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    /// Every line of the audit log, parsed (a line that does not parse is an `error` JSON string).
    func lines() -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: logPath) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).map { line in
            (try? JSONParser().parse(Array(line))) ?? .string("unparsable: " + String(decoding: line, as: UTF8.self))
        }
    }

    /// Every line of the audit log file at `path` (a rotated or renamed one), parsed like `lines()`.
    static func lines(ofFile path: String) -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map { line in
            (try? JSONParser().parse(Array(line))) ?? .string("unparsable: " + String(decoding: line, as: UTF8.self))
        }
    }

    func events(_ name: String) -> [JSONValue] { lines().filter { $0["event"]?.stringValue == name } }

    /// The daemon's `status` reply.
    func status() throws -> JSONValue {
        try ControlClient(socket: RawPath(socketPath)).send(.object([("op", "status")]), timeoutSeconds: 5)
    }

    /// Everything the daemon wrote on stderr so far (the pipe is read without blocking).
    func standardError() -> String {
        let fd = stderrPipe.fileHandleForReading.fileDescriptor
        var flags = fcntl(fd, F_GETFL)
        if flags & O_NONBLOCK == 0 { flags |= O_NONBLOCK; _ = fcntl(fd, F_SETFL, flags) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            stderrText += String(decoding: buffer[..<count], as: UTF8.self)
        }
        return stderrText
    }
    private var stderrText = ""

    func audits(of modelPath: String, trigger: String? = nil) -> [JSONValue] {
        events("audit").filter { $0["model"]?["path"]?.stringValue == modelPath && (trigger == nil || $0["trigger"]?.stringValue == trigger) }
    }

    /// Runs `reproaudit ARGS` and returns its exit status and standard output.
    @discardableResult
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        try Self.run(arguments)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let result = try ChildProcess.run(binary, arguments)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self))
    }

    /// A small valid safetensors file of `count` float32 values, each byte `fill`.
    @discardableResult
    static func writeSafetensors(_ path: String, count: Int = 1000, fill: UInt8 = 1) throws -> String {
        let bytes = safetensorsBytes(count: count, fill: fill)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return MessageDigest.hex(.sha256, of: bytes)
    }

    static func safetensorsBytes(count: Int, fill: UInt8) -> [UInt8] {
        var header = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[\(count)],\"data_offsets\":[0,\(count * 4)]}}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { bytes += $0 }
        return bytes + header + [UInt8](repeating: fill, count: count * 4)
    }

    /// A plain model folder: config.json and model.safetensors; returns the weight file's SHA-256.
    @discardableResult
    func makeModel(_ name: String, count: Int = 1000, root: String? = nil) throws -> String {
        let folder = (root ?? models) + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "{}".write(toFile: folder + "/config.json", atomically: false, encoding: .utf8)
        return try Self.writeSafetensors(folder + "/model.safetensors", count: count)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass.
@discardableResult
func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

/// A datagram socket standing in for systemd's `$NOTIFY_SOCKET`.
final class NotifyListener {
    let path: String
    let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var (address, length) = try UnixSocket.address(RawPath(path))
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw HarnessError("bind \(path): \(errno)") }
    }

    deinit { close(fd) }

    /// Datagrams received within `seconds`, until one contains `until`.
    func receive(until: String, seconds: Double) -> [String] {
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var item = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&item, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { continue }
            let message = String(decoding: buffer[..<count], as: UTF8.self)
            messages.append(message)
            if message.contains(until) { break }
        }
        return messages
    }
}

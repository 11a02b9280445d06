import ReproAudit

/// The daemon's settings, read from a JSON file (`config/reproaudit.json`, `config/dev.json`).
///
/// Relative paths are resolved against the working directory when the file is read. Unknown keys,
/// wrong types and out-of-range values are a `ConfigurationError` naming the file and the line.
public struct Configuration: Sendable, Equatable {
    /// Folders (or model files) to audit and watch.
    public var watch: [RawPath] = []
    /// The JSON Lines audit log.
    public var auditLog: RawPath = "/var/log/reproaudit/audit.jsonl"
    /// Where the digest state lives (`state.json`).
    public var stateDirectory: RawPath = "/var/lib/reproaudit"
    /// The Unix stream socket `rescan`, `accept` and `status` talk to.
    public var controlSocket: RawPath = "/run/reproaudit/control.sock"
    /// Quiet time before a changed path is audited.
    public var settleSeconds: Double = 5
    /// Longest wait for a path that never goes quiet (a slow download keeps writing).
    public var settleMaxSeconds: Double = 600
    /// Period of the forced full re-hash; 0 turns it off.
    public var reverifyHours: Double = 168
    /// Read rate cap of the periodic re-verification, in MB/s (10^6 bytes); 0 = unlimited.
    public var reverifyRateMBs: Double = 100
    /// Files hashed at once; 0 = one per core.
    public var hashJobs: Int = 0
    /// Rotate the audit log when it would grow past this size; 0 = never.
    public var logRotateBytes: Int64 = 100 << 20
    /// Rotated files kept (`audit.jsonl.1` …).
    public var logKeep: Int = 5
    /// Lines that may wait for a failing audit log before auditing pauses.
    public var logQueueLimit: Int = 10_000
    /// How often a root without inotify watches (ENOSPC) or a root that does not exist yet is checked.
    public var pollSeconds: Double = 60
    /// Where Prometheus metrics are written (text format), or nil.
    public var metricsFile: RawPath?
    /// A site's own pickled classes (`module.name`) judged safe in pickles, on top of the built-in
    /// allow-list (`pickle_allow`).
    public var pickleAllow: [String] = []
    /// The group whose members (besides root and the service's own user) may `accept`; nil = only those two.
    public var acceptGroup: String?
    /// What a content change of a baselined file is, per watch root (`on_change`); roots not listed use `defaultChangePolicy`.
    public var changePolicies: [RawPath: ChangePolicy] = [:]
    /// The top-level `on_change`: the policy of roots that do not name their own.
    public var defaultChangePolicy: ChangePolicy = .record
    /// Trust policy for `model.sig` bundles (keys, certificate roots, Sigstore identities, `require`),
    /// or nil: signatures are then verified but at best `untrusted`.
    public var signatures: TrustPolicy?
    /// Test only: handle at most this many inotify events per read and treat the rest as a queue overflow.
    public var testingInotifyQueueLimit: Int?
    /// Test only: pretend `max_user_watches` is this small (ENOSPC after this many watches).
    public var testingMaxWatches: Int?

    public init() {}

    /// The pickle import policy with `pickle_allow` added to its allow-list.
    public var picklePolicy: PickleImportPolicy { PickleImportPolicy(allowed: Set(pickleAllow)) }

    /// Every key the file may hold.
    public static let keys = [
        "watch", "audit_log", "state_dir", "control_socket", "settle_seconds", "settle_max_seconds",
        "reverify_hours", "reverify_rate_mb_s", "hash_jobs", "log_rotate_bytes", "log_keep", "log_queue_limit", "poll_seconds",
        "metrics_file", "accept_group", "on_change", "signatures", "testing_inotify_queue_limit", "testing_max_watches", "pickle_allow",
    ]

    /// The roots whose change policy is `alarm`.
    public var alarmingRoots: [RawPath] { watch.filter { changePolicy(for: $0) == .alarm } }

    /// The change policy of the root holding `path` (the longest root that is a prefix of it).
    public func changePolicy(for path: RawPath) -> ChangePolicy {
        let root = watch.filter { path.relative(to: $0) != nil }.max { $0.bytes.count < $1.bytes.count }
        return root.flatMap { changePolicies[$0] } ?? defaultChangePolicy
    }

    /// The production default location.
    public static let defaultPath: RawPath = "/etc/reproaudit/config.json"

    /// Reads and checks the file at `path`.
    public static func load(_ path: RawPath) throws(ConfigurationError) -> Configuration {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(path, limit: 1 << 20)
        } catch {
            throw ConfigurationError(file: path, line: nil, message: error.reason)
        }
        return try parse(bytes, file: path)
    }

    /// Checks the JSON text `bytes`; `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file: RawPath) throws(ConfigurationError) -> Configuration {
        let value: JSONValue
        do {
            value = try JSONParser(maximumDepth: 16).parse(TextDecoding.droppingBOM(bytes))
        } catch {
            throw ConfigurationError(file: file, line: error.line, message: error.message)
        }
        guard case .object(let members) = value else {
            throw ConfigurationError(file: file, line: 1, message: "the configuration must be a JSON object, not \(value.typeName)")
        }
        let lines = KeyLines.find(bytes)
        var config = Configuration()
        var seen = Set<String>()
        var keepLine: Int?
        var rootPolicies: [(RawPath, ChangePolicy)] = []
        for (index, (key, item)) in members.enumerated() {
            let line = index < lines.count ? lines[index] : nil
            func fail(_ message: String) -> ConfigurationError {
                ConfigurationError(file: file, line: line, message: message)
            }
            guard keys.contains(key) else {
                let hint = Suggestion.closest(to: key, among: keys).map { " (did you mean \"\($0)\"?)" } ?? ""
                throw fail("unknown key \"\(key)\"\(hint)")
            }
            guard seen.insert(key).inserted else { throw fail("\"\(key)\" appears twice") }
            func number(_ range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
                guard let number = item.doubleValue else { throw fail("\"\(key)\" must be a number, not \(item.typeName)") }
                guard range.contains(number) else { throw fail("\"\(key)\" must be from \(range.lowerBound) to \(range.upperBound), not \(number)") }
                return number
            }
            func integer(_ range: ClosedRange<Int64>) throws(ConfigurationError) -> Int64 {
                guard let number = item.int64Value else {
                    if let double = item.doubleValue, double.rounded() == double {
                        throw fail("\"\(key)\" is too large: at most \(range.upperBound), not \(double)")
                    }
                    throw fail("\"\(key)\" must be a whole number, not \(item.typeName == "number" ? "a fraction" : item.typeName)")
                }
                guard range.contains(number) else { throw fail("\"\(key)\" must be from \(range.lowerBound) to \(range.upperBound), not \(number)") }
                return number
            }
            func path() throws(ConfigurationError) -> RawPath {
                guard let text = item.stringValue, !text.isEmpty else { throw fail("\"\(key)\" must be a non-empty string (a path), not \(item.typeName)") }
                return FileSystem.absolute(RawPath(text))
            }
            switch key {
            case "watch":
                guard let items = item.arrayValue else { throw fail("\"watch\" must be an array of paths, not \(item.typeName)") }
                var roots: [RawPath] = []
                for entry in items {
                    // A path, or {"path": …, "on_change": "record" | "alarm"}.
                    var text = entry.stringValue
                    if case .object(let fields) = entry {
                        for (name, _) in fields where name != "path" && name != "on_change" {
                            throw fail("\"watch\" item: unknown key \"\(name)\" (an item is a path or {\"path\": …, \"on_change\": \"record\" | \"alarm\"})")
                        }
                        text = entry["path"]?.stringValue
                        if let policy = entry["on_change"] {
                            guard let name = policy.stringValue, let value = ChangePolicy(rawValue: name) else {
                                throw fail("\"on_change\" must be \"record\" or \"alarm\", not \(policy.stringValue.map { "\"\($0)\"" } ?? policy.typeName)")
                            }
                            if let text, !text.isEmpty { rootPolicies.append((FileSystem.absolute(RawPath(text)), value)) }
                        }
                    }
                    guard let text, !text.isEmpty else { throw fail("\"watch\" must hold non-empty paths (strings, or objects with a \"path\"), not \(entry.typeName)") }
                    let root = FileSystem.absolute(RawPath(text))
                    if !roots.contains(root) { roots.append(root) }
                }
                guard !roots.isEmpty else { throw fail("\"watch\" is empty: name at least one folder to audit and watch") }
                config.watch = roots
            case "audit_log":
                config.auditLog = try path()
                if (try? FileSystem.status(config.auditLog))?.isDirectory == true {
                    throw fail("\"audit_log\" \(config.auditLog.displayString) is a folder; name the log file, e.g. \(config.auditLog.appending("audit.jsonl").displayString)")
                }
            case "state_dir": config.stateDirectory = try path()
            case "control_socket":
                config.controlSocket = try path()
                guard config.controlSocket.bytes.count < 108 else { throw fail("\"control_socket\" is longer than a Unix socket path may be (107 bytes)") }
            case "settle_seconds": config.settleSeconds = try number(0...86_400)
            case "settle_max_seconds": config.settleMaxSeconds = try number(0...604_800)
            case "reverify_hours": config.reverifyHours = try number(0...87_600)
            case "reverify_rate_mb_s": config.reverifyRateMBs = try number(0...1_000_000)
            case "hash_jobs": config.hashJobs = Int(try integer(0...1024))
            case "log_rotate_bytes": config.logRotateBytes = try integer(0...Int64.max)
            case "log_keep":
                config.logKeep = Int(try integer(0...1000))
                keepLine = line
            case "log_queue_limit": config.logQueueLimit = Int(try integer(1...10_000_000))
            case "poll_seconds": config.pollSeconds = try number(0.05...86_400)
            case "metrics_file": config.metricsFile = item.isNull ? nil : try path()
            case "pickle_allow":
                guard let items = item.arrayValue else { throw fail("\"pickle_allow\" must be an array of \"module.name\" strings, not \(item.typeName)") }
                var names: [String] = []
                for entry in items {
                    guard let text = entry.stringValue else {
                        throw fail("\"pickle_allow\" must hold \"module.name\" strings such as \"mylab.models.Config\", not \(entry.typeName)")
                    }
                    if let problem = PickleImportPolicy.allowEntryProblem(text) { throw fail("\"pickle_allow\": \(problem)") }
                    if !names.contains(text) { names.append(text) }
                }
                config.pickleAllow = names
            case "accept_group":
                if item.isNull {
                    config.acceptGroup = nil
                } else {
                    guard let name = item.stringValue, !name.isEmpty else { throw fail("\"accept_group\" must be a group name or null, not \(item.typeName)") }
                    config.acceptGroup = name
                }
            case "on_change":
                guard let name = item.stringValue, let value = ChangePolicy(rawValue: name) else {
                    throw fail("\"on_change\" must be \"record\" or \"alarm\", not \(item.stringValue.map { "\"\($0)\"" } ?? item.typeName)")
                }
                config.defaultChangePolicy = value
            case "signatures":
                do {
                    config.signatures = item.isNull ? nil : try TrustPolicy.parse(item, file: file)
                } catch {
                    throw fail("\"signatures\": \(error.message)")
                }
            case "testing_inotify_queue_limit": config.testingInotifyQueueLimit = Int(try integer(1...1_000_000))
            case "testing_max_watches": config.testingMaxWatches = Int(try integer(0...10_000_000))
            default: break
            }
        }
        if config.settleMaxSeconds < config.settleSeconds { config.settleMaxSeconds = config.settleSeconds }
        if config.logKeep == 0 && config.logRotateBytes > 0 {
            throw ConfigurationError(file: file, line: keepLine, message: "\"log_keep\" is 0 while \"log_rotate_bytes\" rotates the log: every rotation would delete history; keep at least 1 file, or set \"log_rotate_bytes\": 0 to never rotate")
        }
        for (root, policy) in rootPolicies { config.changePolicies[root] = policy }
        try config.refuseOwnFilesInsideModels(file: file)
        return config
    }
}

/// What a content change of a file that has a baseline means (`on_change`, per watch root).
public enum ChangePolicy: String, Sendable, Equatable {
    /// A new version of the model: `unverified`, with `changes` saying what changed.
    case record
    /// Tampering until an operator accepts it: `mismatch` (critical, `baseline-changed`).
    case alarm
}

extension Configuration {
    /// The daemon's own files (`audit_log`, `state_dir`, `metrics_file`) must not lie inside a watch
    /// root: every write would be a change, and the model holding them would be audited forever.
    func refuseOwnFilesInsideModels(file: RawPath) throws(ConfigurationError) {
        let own: [(String, RawPath?)] = [("audit_log", auditLog), ("state_dir", stateDirectory), ("metrics_file", metricsFile)]
        for (key, path) in own {
            guard let path, let root = watch.first(where: { path.relative(to: $0) != nil }) else { continue }
            throw ConfigurationError(file: file, line: nil, message: "\"\(key)\" \(path.displayString) lies inside the watch root \(root.displayString): the daemon would audit its own writes forever; put it outside the watched folders")
        }
    }
}

/// A configuration file that cannot be used: which file, which line, what is wrong.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: RawPath
    public var line: Int?
    public var message: String

    public init(file: RawPath, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `config ./x.json: line 4: unknown key "wach" (did you mean "watch"?)`.
    public var description: String {
        "config \(file.displayString): " + (line.map { "line \($0): " } ?? "") + message
    }
}

/// The line of each member key of the top-level object, in document order.
enum KeyLines {
    static func find(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var index = 0
        var expectingKey = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"): line += 1
            case UInt8(ascii: "{"):
                depth += 1
                expectingKey = depth == 1
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","): if depth == 1 { expectingKey = true }
            case UInt8(ascii: "\""):
                if depth == 1 && expectingKey {
                    lines.append(line)
                    expectingKey = false
                }
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
            default: break
            }
            index += 1
        }
        return lines
    }
}

/// "Did you mean": the closest known word within a small edit distance.
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(Array(word), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(2, word.count / 3)
        if best.1 <= limit { return best.0 }
        return candidates.first { $0.hasPrefix(word) || word.hasPrefix($0) }
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

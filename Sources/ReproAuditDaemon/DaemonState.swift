import ReproAudit

/// What the daemon remembers between audits and restarts, kept in `state_dir/state.json`:
/// per file (device, inode, size, mtime, ctime) → SHA-256, so unchanged files are not read again;
/// the accepted baseline of each file; and each known model's last verdict and file digests.
///
/// The auditor reads it through `DigestStore` from its hashing threads, so every access is locked.
public final class DaemonState: DigestStore, @unchecked Sendable {
    /// A file's digest for one exact version of it.
    struct FileEntry: Equatable {
        var fingerprint: FileFingerprint
        var sha256: String
    }

    /// One file of a known model, as of its last audit.
    struct ModelFile: Equatable, Sendable {
        var relativePath: RawPath
        var location: RawPath
        var sha256: String?
    }

    /// A model as of its last audit.
    public struct KnownModel: Sendable, Equatable {
        public var path: RawPath
        public var layout: String
        public var name: String?
        public var integrity: String
        public var safety: String
        public var openness: String
        /// The last audit had a critical finding (`AuditRecord.isCritical`: not only a `mismatch`,
        /// `corrupt` or `unsafe` verdict but any critical finding, e.g. a required signature missing).
        public var critical: Bool
        public var lastAudit: Timestamp
        /// Hash of the file list and fingerprints: equal means nothing on disk changed.
        public var signature: String
        var files: [ModelFile]
    }

    public let file: RawPath
    private let lock = Lock()
    private var files: [RawPath: FileEntry] = [:]
    private var baselines: [RawPath: Baseline] = [:]
    private var models: [RawPath: KnownModel] = [:]
    /// When the last full forced re-hash finished (wall clock, ms), or 0.
    private var lastFullVerify: Int64 = 0
    private var dirty = false
    private var alarmRoots: [RawPath] = []

    public init(directory: RawPath) {
        file = directory.appending("state.json")
    }

    // MARK: DigestStore

    public func knownDigest(path: RawPath, fingerprint: FileFingerprint) -> String? {
        lock.withLock {
            guard let entry = files[path], entry.fingerprint == fingerprint else { return nil }
            return entry.sha256
        }
    }

    public func baseline(path: RawPath) -> Baseline? {
        lock.withLock { baselines[path] }
    }

    public func alarmsOnChange(path: RawPath) -> Bool {
        lock.withLock { alarmRoots.contains { path.relative(to: $0) != nil } }
    }

    /// The watch roots whose policy is `on_change: alarm` (set from the configuration, at start and reload).
    public var alarmingRoots: [RawPath] {
        get { lock.withLock { alarmRoots } }
        set { lock.withLock { alarmRoots = newValue } }
    }

    // MARK: Models

    public var knownModels: [KnownModel] {
        lock.withLock { models.values.sorted { $0.path < $1.path } }
    }

    public func model(at path: RawPath) -> KnownModel? {
        lock.withLock { models[path] }
    }

    public var lastFullVerification: Int64 {
        get { lock.withLock { lastFullVerify } }
        set { lock.withLock { lastFullVerify = newValue; dirty = true } }
    }

    public var fileCount: Int { lock.withLock { files.count } }

    /// Bytes in the files with a known digest: what a full re-verification reads.
    public var knownBytes: Int64 { lock.withLock { files.values.reduce(0) { $0 + $1.fingerprint.size } } }

    /// The fingerprint signature of a discovered model: equal to the stored one when nothing changed.
    public static func signature(of model: DiscoveredModel) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x100_0000_01b3
        }
        for file in model.files.sorted(by: { $0.relativePath < $1.relativePath }) {
            mix(file.relativePath.bytes)
            if let status = file.status {
                // The numbers' own bytes (an array passed to `withUnsafeBytes(of:)` would give the bytes
                // of its heap reference, different in every run, and no model would ever match).
                for number in [Int64(bitPattern: status.device), Int64(bitPattern: status.inode), status.size,
                               status.modificationTimeNanoseconds, status.changeTimeNanoseconds] {
                    mix(withUnsafeBytes(of: number.littleEndian) { Array($0) })
                }
            }
        }
        for absent in model.absent { mix(absent.relativePath.bytes) }
        mix(Array("\(model.findings.count)".utf8))
        return String(hash, radix: 16)
    }

    /// Takes in one audit's record: remembers digests of files that did not change while being read,
    /// moves baselines (never to a digest that contradicts one), and sets `record.changes` to what
    /// changed since the model's previous audit.
    public func update(model: DiscoveredModel, record: inout AuditRecord) {
        let locations = Dictionary(model.files.map { ($0.relativePath, $0) }, uniquingKeysWith: { a, _ in a })
        lock.withLock {
            var modelFiles: [ModelFile] = []
            for result in record.files {
                guard let discovered = locations[result.path] else { continue }
                let location = discovered.location
                modelFiles.append(ModelFile(relativePath: result.path, location: location, sha256: result.sha256))
                guard let sha = result.sha256, let before = discovered.status,
                      [.verified, .unverified, .mismatch, .corrupt].contains(result.status),
                      result.format != "lfs-pointer",
                      let now = try? FileSystem.status(location), FileFingerprint(now) == FileFingerprint(before)
                else { continue }
                let fingerprint = FileFingerprint(now)
                let entry = FileEntry(fingerprint: fingerprint, sha256: sha)
                if files[location] != entry {
                    files[location] = entry
                    dirty = true
                }
                let keepsBaseline = result.status == .mismatch && result.expectedFrom == .baseline && baselines[location] != nil
                let baseline = Baseline(sha256: sha, size: fingerprint.size, modificationTimeNanoseconds: fingerprint.modificationTimeNanoseconds)
                if !keepsBaseline, baselines[location] != baseline {
                    baselines[location] = baseline
                    dirty = true
                }
            }
            let previous = models[model.identity.path]
            if let previous {
                record.changes = Self.changes(from: previous, to: modelFiles, record: record)
            }
            let known = KnownModel(
                path: model.identity.path, layout: model.identity.layout.rawValue, name: model.identity.name,
                integrity: record.integrity.rawValue, safety: record.safety.rawValue, openness: record.openness.openness.rawValue,
                critical: record.isCritical, lastAudit: record.time, signature: Self.signature(of: model), files: modelFiles)
            // An audit that only confirms what is recorded does not rewrite state.json (a restart over
            // an unchanged store writes nothing); the new audit time is kept in memory and saved with
            // the next real change.
            var unchanged = previous
            unchanged?.lastAudit = record.time
            if unchanged != known { dirty = true }
            models[model.identity.path] = known
        }
    }

    static func changes(from previous: KnownModel, to files: [ModelFile], record: AuditRecord) -> JSONValue? {
        var items: [JSONValue] = []
        let before = Dictionary(previous.files.map { ($0.relativePath, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(files.map { ($0.relativePath, $0) }, uniquingKeysWith: { a, _ in a })
        for file in files {
            if let old = before[file.relativePath] {
                if old.sha256 != file.sha256, file.sha256 != nil {
                    items.append(.object(PathEncoding.members("path", file.relativePath) + [
                        ("change", "modified"), ("previous_sha256", JSONValue(old.sha256)), ("sha256", JSONValue(file.sha256)),
                    ]))
                }
            } else {
                items.append(.object(PathEncoding.members("path", file.relativePath) + [("change", "added"), ("sha256", JSONValue(file.sha256))]))
            }
        }
        for old in previous.files where after[old.relativePath] == nil {
            items.append(.object(PathEncoding.members("path", old.relativePath) + [("change", "removed"), ("previous_sha256", JSONValue(old.sha256))]))
        }
        var members: [(String, JSONValue)] = []
        if !items.isEmpty { members.append(("files", .array(items))) }
        var verdict: [(String, JSONValue)] = []
        let pairs = [("integrity", previous.integrity, record.integrity.rawValue), ("safety", previous.safety, record.safety.rawValue),
                     ("openness", previous.openness, record.openness.openness.rawValue)]
        for (name, old, new) in pairs where old != new {
            verdict.append((name, .object([("from", .string(old)), ("to", .string(new))])))
        }
        if !verdict.isEmpty { members.append(("verdict", .object(verdict))) }
        guard !members.isEmpty else { return nil }
        members.insert(("since", .string(previous.lastAudit.rfc3339)), at: 0)
        return .object(members)
    }

    /// Forgets a model that is gone (and digests no other known model uses); returns what was known.
    public func remove(modelAt path: RawPath) -> KnownModel? {
        lock.withLock {
            guard let gone = models.removeValue(forKey: path) else { return nil }
            let stillUsed = Set(models.values.flatMap { $0.files.map(\.location) })
            for file in gone.files where !stillUsed.contains(file.location) {
                files[file.location] = nil
                baselines[file.location] = nil
            }
            dirty = true
            return gone
        }
    }

    /// Known models matching what an operator typed: a path (absolute or relative), a name, or a label.
    public func models(matching query: String) -> [KnownModel] {
        let path = FileSystem.absolute(RawPath(query))
        let all = knownModels
        if let exact = all.first(where: { $0.path == path }) { return [exact] }
        let byName = all.filter { $0.name == query || $0.path.name == query }
        if !byName.isEmpty { return byName }
        return all.filter { $0.path.relative(to: path) != nil }
    }

    /// Makes the digests found by the model's last audit its baseline; returns the files accepted.
    public func accept(modelAt path: RawPath) -> [(RawPath, String)] {
        lock.withLock {
            guard let model = models[path] else { return [] }
            var accepted: [(RawPath, String)] = []
            for file in model.files {
                guard let entry = files[file.location] else { continue }
                baselines[file.location] = Baseline(sha256: entry.sha256, size: entry.fingerprint.size,
                                                    modificationTimeNanoseconds: entry.fingerprint.modificationTimeNanoseconds)
                accepted.append((file.relativePath, entry.sha256))
            }
            dirty = true
            return accepted
        }
    }

    /// True when no model is known (a fresh start, or state.json missing, empty or corrupt).
    public var isEmpty: Bool { lock.withLock { models.isEmpty } }

    /// The next `save()` writes the file even if nothing changed (it was deleted behind our back).
    public func markDirty() { lock.withLock { dirty = true } }

    /// Takes in models and baselines rebuilt from the audit log (state-lost).
    func restore(models restored: [KnownModel], baselines restoredBaselines: [RawPath: Baseline]) {
        lock.withLock {
            for model in restored { models[model.path] = model }
            baselines.merge(restoredBaselines) { current, _ in current }
            dirty = true
        }
    }

    // MARK: Persistence

    /// Reads `state.json`. A missing file is a fresh start; an unreadable or corrupt one is reported
    /// (the caller logs it) and also means a fresh start: everything is hashed again.
    public func load() -> String? {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(file, limit: 1 << 30)
        } catch {
            return error.isNotFound ? nil : "state \(file.displayString): \(error.reason); starting afresh (files will be hashed again)"
        }
        do {
            let value = try JSONParser(maximumDepth: 16).parse(bytes)
            let loaded = try Self.read(value)
            lock.withLock {
                (files, baselines, models, lastFullVerify) = loaded
            }
            return nil
        } catch {
            lock.withLock {
                files = [:]
                baselines = [:]
                models = [:]
                lastFullVerify = 0
            }
            return "state \(file.displayString) is corrupt (\(error)); starting afresh (files will be hashed again)"
        }
    }

    struct StateFormatError: Error, CustomStringConvertible {
        var description: String
    }

    private static func read(_ value: JSONValue) throws(StateFormatError) -> ([RawPath: FileEntry], [RawPath: Baseline], [RawPath: KnownModel], Int64) {
        guard value["version"]?.intValue == 1 else { throw StateFormatError(description: "unknown version") }
        func need<T>(_ item: T?, _ what: String) throws(StateFormatError) -> T {
            guard let item else { throw StateFormatError(description: "missing \(what)") }
            return item
        }
        var newFiles: [RawPath: FileEntry] = [:]
        for item in value["files"]?.arrayValue ?? [] {
            let path = try need(PathEncoding.path("path", in: item), "file path")
            let fingerprint = FileFingerprint(
                device: UInt64(bitPattern: try need(item["dev"]?.int64Value, "dev")), inode: UInt64(bitPattern: try need(item["ino"]?.int64Value, "ino")),
                size: try need(item["size"]?.int64Value, "size"), modificationTimeNanoseconds: try need(item["mtime_ns"]?.int64Value, "mtime_ns"),
                changeTimeNanoseconds: try need(item["ctime_ns"]?.int64Value, "ctime_ns"))
            newFiles[path] = FileEntry(fingerprint: fingerprint, sha256: try need(item["sha256"]?.stringValue, "sha256"))
        }
        var newBaselines: [RawPath: Baseline] = [:]
        for item in value["baselines"]?.arrayValue ?? [] {
            let path = try need(PathEncoding.path("path", in: item), "baseline path")
            newBaselines[path] = Baseline(sha256: try need(item["sha256"]?.stringValue, "sha256"), size: try need(item["size"]?.int64Value, "size"),
                                          modificationTimeNanoseconds: try need(item["mtime_ns"]?.int64Value, "mtime_ns"))
        }
        var newModels: [RawPath: KnownModel] = [:]
        for item in value["models"]?.arrayValue ?? [] {
            let path = try need(PathEncoding.path("path", in: item), "model path")
            var modelFiles: [ModelFile] = []
            for file in item["files"]?.arrayValue ?? [] {
                modelFiles.append(ModelFile(relativePath: try need(PathEncoding.path("path", in: file), "path"),
                                            location: try need(PathEncoding.path("location", in: file), "location"),
                                            sha256: file["sha256"]?.stringValue))
            }
            newModels[path] = KnownModel(
                path: path, layout: item["layout"]?.stringValue ?? "folder", name: item["name"]?.stringValue,
                integrity: item["integrity"]?.stringValue ?? "unverified", safety: item["safety"]?.stringValue ?? "unknown",
                openness: item["openness"]?.stringValue ?? "unknown",
                // State files written before `critical` was kept: the verdicts are what they knew.
                critical: item["critical"]?.boolValue ?? ModelReport.isCritical(.object([("verdict", .object([
                    ("integrity", item["integrity"] ?? .null), ("safety", item["safety"] ?? .null)]))])),
                lastAudit: Timestamp(millisecondsSinceEpoch: item["time_ms"]?.int64Value ?? 0),
                signature: item["signature"]?.stringValue ?? "", files: modelFiles)
        }
        return (newFiles, newBaselines, newModels, value["last_full_verify_ms"]?.int64Value ?? 0)
    }

    /// Writes `state.json` atomically when something changed, one entry at a time, so memory does
    /// not grow with a second copy of the whole state.
    public func save() throws(SystemError) {
        let result: Result<Void, SystemError> = lock.withLock {
            guard dirty else { return .success(()) }
            return Result { () throws(SystemError) in
                try FileSystem.createDirectory(file.removingLastComponent, permissions: 0o750)
                let writer = try AtomicFileWriter(path: file, permissions: 0o640)
                try writeJSON(to: writer)
                try writer.commit()
                dirty = false
            }
        }
        try result.get()
    }

    private func writeJSON(to writer: AtomicFileWriter) throws(SystemError) {
        try writer.write("{\"version\":1,\"last_full_verify_ms\":\(lastFullVerify),\"files\":[")
        for (index, (path, entry)) in files.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { try writer.write(",") }
            try writer.write(JSONValue.object(PathEncoding.members("path", path) + [
                ("dev", .integer(Int64(bitPattern: entry.fingerprint.device))), ("ino", .integer(Int64(bitPattern: entry.fingerprint.inode))),
                ("size", .integer(entry.fingerprint.size)), ("mtime_ns", .integer(entry.fingerprint.modificationTimeNanoseconds)),
                ("ctime_ns", .integer(entry.fingerprint.changeTimeNanoseconds)), ("sha256", .string(entry.sha256)),
            ]))
        }
        try writer.write("],\"baselines\":[")
        for (index, (path, baseline)) in baselines.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { try writer.write(",") }
            try writer.write(JSONValue.object(PathEncoding.members("path", path) + [
                ("sha256", .string(baseline.sha256)), ("size", .integer(baseline.size)), ("mtime_ns", .integer(baseline.modificationTimeNanoseconds)),
            ]))
        }
        try writer.write("],\"models\":[")
        for (index, model) in models.values.sorted(by: { $0.path < $1.path }).enumerated() {
            if index > 0 { try writer.write(",") }
            try writer.write(Self.modelJSON(model))
        }
        try writer.write("]}\n")
    }

    private static func modelJSON(_ model: KnownModel) -> JSONValue {
        .object(PathEncoding.members("path", model.path) + [
            ("layout", .string(model.layout)), ("name", JSONValue(model.name)), ("integrity", .string(model.integrity)),
            ("safety", .string(model.safety)), ("openness", .string(model.openness)), ("critical", .bool(model.critical)),
            ("time_ms", .integer(model.lastAudit.millisecondsSinceEpoch)), ("signature", .string(model.signature)),
            ("files", .array(model.files.map { file in
                .object(PathEncoding.members("path", file.relativePath) + PathEncoding.members("location", file.location)
                        + [("sha256", JSONValue(file.sha256))])
            })),
        ])
    }
}

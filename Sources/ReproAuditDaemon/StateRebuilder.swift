import ReproAudit

/// Rebuilds the daemon's knowledge of models and their baselines from the audit log when
/// `state.json` is missing or empty (deleted, lost with a disk) while the log shows audits: the
/// newest `audit` record of each model, from the last span of the log whose chain verifies, gives
/// its files' digests. Without this, a lost state would silently reset every baseline and clear
/// standing `mismatch` alarms. What cannot be rebuilt is counted as lost.
struct StateRebuilder {
    struct Outcome {
        var models: [DaemonState.KnownModel] = []
        var baselines: [RawPath: Baseline] = [:]
        /// Models the log knows of that could not be rebuilt (before a break in the chain).
        var lost = 0
        /// True when the log holds any audit record at all.
        var logKnowsModels = false
    }

    let log: RawPath

    func rebuild() -> Outcome {
        var latest: [RawPath: JSONValue] = [:]
        var everSeen = Set<RawPath>()
        var removed = Set<RawPath>()
        _ = try? LogVerifier(path: log).verify { line, brokeHere in
            // Only the span after the last break is trusted.
            if brokeHere { latest = [:] }
            guard let event = line["event"]?.stringValue, let model = line["model"], let path = PathEncoding.path("path", in: model) else { return }
            switch event {
            case "audit":
                latest[path] = line
                everSeen.insert(path)
                removed.remove(path)
            case "removed":
                latest[path] = nil
                removed.insert(path)
            default: break
            }
        }
        var outcome = Outcome()
        outcome.logKnowsModels = !everSeen.isEmpty
        for (path, record) in latest.sorted(by: { $0.key < $1.key }) {
            let (model, baselines) = Self.model(path: path, record: record)
            outcome.models.append(model)
            outcome.baselines.merge(baselines) { a, _ in a }
        }
        outcome.lost = everSeen.subtracting(removed).subtracting(latest.keys).count
        return outcome
    }

    /// A known model and its files' baselines from one `audit` record.
    static func model(path: RawPath, record: JSONValue) -> (DaemonState.KnownModel, [RawPath: Baseline]) {
        let layout = record["model"]?["layout"]?.stringValue ?? "folder"
        let folder = layout == "gguf" || layout == "ollama" ? path.removingLastComponent : path
        let time = record["time"]?.stringValue.flatMap { Timestamp(rfc3339: $0) } ?? Timestamp(millisecondsSinceEpoch: 0)
        var files: [DaemonState.ModelFile] = []
        var baselines: [RawPath: Baseline] = [:]
        let entries = (record["checks"]?["weights"]?["files"]?.arrayValue ?? []) + (record["checks"]?["other_files"]?["files"]?.arrayValue ?? [])
        for entry in entries {
            guard let relative = PathEncoding.path("path", in: entry) else { continue }
            let joined = folder.appending(relative).lexicallyNormalized
            let location = (try? FileSystem.linkStatus(joined))?.kind == .symlink ? ((try? FileSystem.canonicalPath(joined)) ?? joined) : joined
            let sha = entry["sha256"]?.stringValue
            files.append(DaemonState.ModelFile(relativePath: relative, location: location, sha256: sha))
            // A standing alarm keeps the baseline it was raised against.
            let standing = entry["status"]?.stringValue == "mismatch" && entry["expected_from"]?.stringValue == "baseline"
            guard let digest = standing ? entry["expected_sha256"]?.stringValue : sha, let size = entry["size"]?.int64Value else { continue }
            // The record has no mtime: take the file's own when it was not modified since the audit,
            // so content changed behind an unchanged mtime is still caught; else none (a new version).
            var mtime: Int64 = -1
            if let now = try? FileSystem.status(location), now.modificationTimeNanoseconds / 1_000_000 <= time.millisecondsSinceEpoch {
                mtime = now.modificationTimeNanoseconds
            }
            baselines[location] = Baseline(sha256: digest, size: size, modificationTimeNanoseconds: mtime)
        }
        let verdict = record["verdict"]
        let model = DaemonState.KnownModel(
            path: path, layout: layout, name: record["model"]?["name"]?.stringValue,
            integrity: verdict?["integrity"]?.stringValue ?? "unverified", safety: verdict?["safety"]?.stringValue ?? "unknown",
            openness: verdict?["openness"]?.stringValue ?? "unknown", critical: ModelReport.isCritical(record), lastAudit: time, signature: "", files: files)
        return (model, baselines)
    }
}

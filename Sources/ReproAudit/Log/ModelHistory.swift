/// A model's history from the log: when it was first audited, and each later line where its weight
/// digests or verdicts changed, it was accepted, or it was removed. Unchanged re-audits are counted
/// but not listed.
public struct ModelHistory: Sendable {
    public struct Entry: Sendable, Equatable {
        /// RFC 3339, as in the log.
        public var time: String
        public var text: String
    }

    public private(set) var entries: [Entry] = []
    /// Audits of the model in the log.
    public private(set) var auditCount = 0
    private var digests: [String: String]?
    private var verdict: [String: String]?

    public init() {}

    /// Takes the next line about this model (in log order).
    public mutating func add(_ record: JSONValue) {
        let time = record["time"]?.stringValue ?? "?"
        switch record["event"]?.stringValue {
        case "audit":
            auditCount += 1
            var newDigests: [String: String] = [:]
            for file in record["checks"]?["weights"]?["files"]?.arrayValue ?? [] {
                let path = PathEncoding.path("path", in: file)?.displayString ?? "?"
                newDigests[path] = file["sha256"]?.stringValue ?? "-"
            }
            var newVerdict: [String: String] = [:]
            for key in ["integrity", "safety", "openness", "mof_class"] {
                newVerdict[key] = record["verdict"]?[key]?.stringValue ?? "none"
            }
            let trigger = record["trigger"]?.stringValue.map { " (\($0))" } ?? ""
            guard let oldDigests = digests, let oldVerdict = verdict else {
                let summary = ["integrity", "safety", "openness"].map { newVerdict[$0]! }.joined(separator: ", ")
                entries.append(Entry(time: time, text: "first audit\(trigger): \(summary); \(newDigests.count) weight file(s)"))
                digests = newDigests
                verdict = newVerdict
                return
            }
            var changes: [String] = []
            for key in ["integrity", "safety", "openness", "mof_class"] where oldVerdict[key] != newVerdict[key] {
                changes.append("\(key) \(oldVerdict[key]!) → \(newVerdict[key]!)")
            }
            for path in newDigests.keys.sorted() {
                let new = newDigests[path]!
                if let old = oldDigests[path] {
                    if old != new { changes.append("\(path) digest \(old.prefix(12)) → \(new.prefix(12))") }
                } else {
                    changes.append("\(path) added")
                }
            }
            for path in oldDigests.keys.sorted() where newDigests[path] == nil {
                changes.append("\(path) gone")
            }
            if !changes.isEmpty {
                entries.append(Entry(time: time, text: "audit\(trigger): " + changes.joined(separator: "; ")))
            }
            digests = newDigests
            verdict = newVerdict
        case "removed":
            entries.append(Entry(time: time, text: "removed from disk"))
            digests = nil
            verdict = nil
        case "accepted":
            entries.append(Entry(time: time, text: "an operator accepted the current digests as the baseline"))
        case let event?:
            entries.append(Entry(time: time, text: event))
        case nil:
            break
        }
    }
}

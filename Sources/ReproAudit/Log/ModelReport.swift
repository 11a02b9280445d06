/// One model explained for a person (`reproaudit show`): identity and path, every weight file with its
/// digest and where the expected digest came from, each check with its evidence, the findings, what
/// is missing for `open-source` and each MOF class, and the model's history from the log.
public struct ModelReport: Sendable {
    /// The newest `audit` record of the model.
    public var record: JSONValue
    public var history: ModelHistory
    /// True when the newest line about the model is `removed`.
    public var isRemoved: Bool

    public init(record: JSONValue, history: ModelHistory, isRemoved: Bool = false) {
        self.record = record
        self.history = history
        self.isRemoved = isRemoved
    }

    /// True when a record has a critical finding (integrity `mismatch`/`corrupt`, safety `unsafe`).
    public static func isCritical(_ record: JSONValue) -> Bool {
        let integrity = record["verdict"]?["integrity"]?.stringValue
        if integrity == "mismatch" || integrity == "corrupt" { return true }
        if record["verdict"]?["safety"]?.stringValue == "unsafe" { return true }
        return (record["findings"]?.arrayValue ?? []).contains { $0["severity"]?.stringValue == "critical" }
    }

    /// What `expected_from` means, for people.
    public static func describeSource(_ source: String?) -> String {
        switch source {
        case "hf-blob": "the blob name in the Hugging Face cache"
        case "hf-metadata": "Hugging Face download metadata"
        case "lfs-pointer": "a Git LFS pointer"
        case "ollama-digest": "the Ollama manifest's layer digest"
        case "sha256sums": "a SHA256SUMS file"
        case "baseline": "reproaudit's baseline from an earlier audit"
        case let other?: other
        case nil: "nothing to compare with"
        }
    }

    /// The model's identity and last audit as (label, value) rows, for `show` and the HTML report.
    public static func identityRows(_ record: JSONValue) -> [(String, String)] {
        let model = record["model"] ?? .object([])
        var rows: [(String, String)] = [("path", PathEncoding.path("path", in: model)?.displayString ?? "?")]
        if let bytes = model["path_bytes"]?.stringValue { rows.append(("path bytes", bytes + " (base64; the name is not UTF-8)")) }
        rows.append(("layout", model["layout"]?.stringValue ?? "?"))
        rows.append(("name", model["name"]?.stringValue ?? "unknown"))
        rows.append(("revision", model["revision"]?.stringValue ?? "unknown"))
        if let refs = model["refs"]?.arrayValue, !refs.isEmpty {
            rows.append(("refs", refs.compactMap(\.stringValue).joined(separator: ", ")))
        }
        var audited = record["time"]?.stringValue ?? "?"
        if let trigger = record["trigger"]?.stringValue { audited += " (\(trigger))" }
        if let host = record["host"]?.stringValue { audited += " on \(host)" }
        if let duration = record["duration_ms"]?.int64Value { audited += ", \(duration) ms" }
        rows.append(("last audit", audited))
        return rows
    }

    /// The report as lines of text.
    public func render() -> [String] {
        var out: [String] = []
        let model = record["model"] ?? .object([])
        out.append(RecordTable.modelLabel(model) + (isRemoved ? "  (removed since its last audit)" : ""))
        out += aligned(Self.identityRows(record), indent: "  ")

        out.append("")
        out.append("VERDICT")
        let verdict = record["verdict"]
        out += aligned([
            ("integrity", verdict?["integrity"]?.stringValue ?? "?"),
            ("safety", verdict?["safety"]?.stringValue ?? "?"),
            ("openness", verdict?["openness"]?.stringValue ?? "?"),
            ("MOF class", verdict?["mof_class"]?.stringValue ?? "none"),
        ], indent: "  ")

        let checks = record["checks"]
        for (key, title) in [("weights", "WEIGHT FILES"), ("other_files", "OTHER FILES WITH DIGESTS")] {
            guard let check = checks?[key] else { continue }
            let files = check["files"]?.arrayValue ?? []
            out.append("")
            out.append("\(title) (\(files.count), status \(check["status"]?.stringValue ?? "?"))")
            if files.isEmpty { out.append("  none") }
            for file in files {
                let name = PathEncoding.path("path", in: file)?.displayString ?? "?"
                var line = "  \(name)"
                if let size = file["size"]?.int64Value { line += "  \(size) bytes" }
                if let format = file["format"]?.stringValue { line += "  \(format)" }
                line += "  \(file["status"]?.stringValue ?? "?")"
                out.append(line)
                out.append("      sha256    \(file["sha256"]?.stringValue ?? "not computed")")
                let expected = file["expected_sha256"]?.stringValue ?? file["expected_git_sha1"]?.stringValue.map { "git blob " + $0 }
                out.append("      expected  \(expected ?? "none") (from \(Self.describeSource(file["expected_from"]?.stringValue)))")
            }
        }

        out.append("")
        out.append("CHECKS")
        for (key, check) in checks?.objectValue ?? [] where key != "weights" && key != "other_files" {
            let title = key.replacingUnderscores
            var status = check["status"]?.stringValue ?? check["class"]?.stringValue ?? "?"
            if key == "license" {
                let id = check["id"]?.stringValue ?? check["name"]?.stringValue ?? "no licence id"
                status = "\(check["class"]?.stringValue ?? "?") (\(id))"
            }
            out.append("  \(title): \(status)")
            for evidence in check["evidence"]?.arrayValue ?? [] {
                let where_ = PathEncoding.path("path", in: evidence)?.displayString ?? "metadata"
                out.append("      \(where_): \(evidence["detail"]?.stringValue ?? "")")
            }
            if key == "serialization" {
                for finding in check["findings"]?.arrayValue ?? [] { out.append("      " + Self.describe(finding)) }
            }
        }

        out.append("")
        let findings = record["findings"]?.arrayValue ?? []
        out.append("FINDINGS (\(findings.count))")
        if findings.isEmpty { out.append("  none") }
        for finding in findings { out.append("  " + Self.describe(finding)) }

        out.append("")
        out.append("OPENNESS: WHAT IS MISSING")
        out += aligned(OpennessGaps.assess(record).map { gap in
            var text = gap.isMet ? "nothing missing" : "missing " + gap.missing.joined(separator: "; ")
            if !gap.referencedOnly.isEmpty {
                text += " (referenced only, not in the local copy: \(gap.referencedOnly.joined(separator: ", ")))"
            }
            return (gap.target, text)
        }, indent: "  ")

        out.append("")
        out.append("HISTORY (\(history.auditCount) audit\(history.auditCount == 1 ? "" : "s") in the log; changes only)")
        for entry in history.entries { out.append("  \(entry.time)  \(entry.text)") }
        return out
    }

    static func describe(_ finding: JSONValue) -> String {
        var text = "[\(finding["severity"]?.stringValue ?? "?")] \(finding["code"]?.stringValue ?? "?")"
        if let path = PathEncoding.path("path", in: finding) { text += " (\(path.displayString))" }
        if let message = finding["message"]?.stringValue { text += ": " + message }
        return text
    }

    /// `key  value` lines, the values aligned (the one table renderer, without a header).
    func aligned(_ rows: [(String, String)], indent: String) -> [String] {
        var table = TextTable(header: [], indent: indent, maxColumnWidth: .max)
        for row in rows { table.append([row.0, row.1]) }
        return table.takeLines(color: false)
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}

/// One model in the HTML report, as a `<details>` block: identity, verdicts, the Model Openness
/// Framework ladder (each component present / referenced / missing, the class reached, what the next
/// class needs, from `OpennessGaps`), findings with the file and line they came from, the evidence
/// behind each check, digests, the signature, and the history from the log as a timeline.
struct ModelSection {
    var model: ModelReport
    var index: Int
    var isOpen: Bool
    var includesHistory: Bool

    var record: JSONValue { model.record }

    func render() -> String {
        openTag(isOpen: isOpen) + body() + "</details>\n"
    }

    /// `<details …><summary>name and verdict badges</summary>`: all a folded model needs in the page.
    func openTag(isOpen: Bool) -> String {
        let identity = record["model"] ?? .object([])
        var out = "<details class=\"model\" id=\"m-\(index)\"\(isOpen ? " open" : "")><summary>"
        out += "<span class=\"name\">\(HTML.escape(RecordTable.modelLabel(identity)))</span>"
        for dimension in VerdictCounts.Dimension.all {
            out += HTMLReport.badge(dimension.value(of: record), dimension: dimension.key) + " "
        }
        if model.isRemoved { out += "<span class=\"b t-none\">removed since its last audit</span>" }
        return out + "</summary>\n"
    }

    /// Everything inside the `<details>` after its summary.
    func body() -> String {
        var out = identityList()
        out += ladder()
        out += findings()
        out += evidence()
        out += digests()
        out += signature()
        if includesHistory { out += history() }
        return out
    }

    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        case .double(let number)?: String(number)
        case .bool(let flag)?: String(flag)
        default: nil
        }
    }

    func identityList() -> String {
        var rows = ModelReport.identityRows(record)
        let license = record["checks"]?["license"]
        var licence = license?["id"]?.stringValue ?? license?["name"]?.stringValue ?? "none found"
        if let name = license?["name"]?.stringValue, license?["id"]?.stringValue != nil { licence += " (\(name))" }
        licence += ", class " + (license?["class"]?.stringValue ?? "unknown")
        rows.append(("licence", licence))
        var out = "<dl class=\"identity\">"
        for (term, value) in rows { out += "<dt>\(HTML.escape(term))</dt><dd>\(HTML.escape(value))</dd>" }
        return out + "</dl>\n"
    }

    // MARK: Openness

    static let classNames = [3: ("III", "Open Model"), 2: ("II", "Open Tooling"), 1: ("I", "Open Science")]

    static func statusTone(_ status: String) -> String {
        switch status {
        case "present": "good"
        case "partial", "referenced": "warn"
        case "missing": "bad"
        default: "none"
        }
    }

    func ladder() -> String {
        let statuses = OpennessGaps.componentStatuses(record)
        let gaps = OpennessGaps.assess(record)
        let reached = record["verdict"]?["mof_class"]?.stringValue
        var out = "<h3>Openness: Model Openness Framework ladder</h3>\n<p>Class reached: <b>"
        out += reached.map { "Class " + HTML.escape($0) } ?? "none"
        out += "</b>"
        if let next = gaps.dropFirst().first(where: { !$0.isMet }) {
            out += ". Next, <b>\(HTML.escape(next.target))</b> needs: \(HTML.escape(next.missing.joined(separator: "; ")))"
        } else {
            out += ", the highest class"
        }
        out += ".</p>\n<table class=\"ladder\"><thead><tr><th>class</th><th>components (status in the local copy)</th></tr></thead><tbody>\n"
        for (position, mofClass) in [1, 2, 3].enumerated() {
            let gap = gaps[3 - position]  // gaps: open-source, III, II, I
            let (roman, title) = Self.classNames[mofClass]!
            out += "<tr><td class=\"rung\(gap.isMet ? " reached" : "")\">Class \(roman) · \(title)\(gap.isMet ? " ✓" : "")</td><td>"
            for component in OpennessGaps.mofComponents where component.mofClass == mofClass {
                var status = statuses[component.key]
                if component.key == "technical-report", status == nil || status == "missing" {
                    status = statuses["research-paper"] ?? status
                }
                let shown = status ?? "not judged"
                out += "<span class=\"chip\">\(HTML.escape(component.name)) <span class=\"b t-\(Self.statusTone(shown))\">\(HTML.escape(shown))</span></span> "
            }
            out += "</td></tr>\n"
        }
        out += "</tbody></table>\n"
        if let openSource = gaps.first {
            out += "<p>Open Source AI Definition (<code>open-source</code>): "
            out += openSource.isMet ? "nothing missing" : "missing " + HTML.escape(openSource.missing.joined(separator: "; "))
            if !openSource.referencedOnly.isEmpty {
                out += " (referenced only, not in the local copy: \(HTML.escape(openSource.referencedOnly.joined(separator: ", "))))"
            }
            out += ".</p>\n"
        }
        return out
    }

    // MARK: Findings and evidence

    /// Members of a finding shown as its own columns; the others are listed after the message.
    static let findingColumns: Set<String> = ["code", "severity", "message", "path", "path_bytes", "line"]

    func findings() -> String {
        let list = record["findings"]?.arrayValue ?? []
        var out = "<h3>Findings (\(list.count))</h3>\n"
        guard !list.isEmpty else { return out + "<p class=\"muted\">none</p>\n" }
        out += "<table class=\"findings\"><thead><tr><th>severity</th><th>code</th><th>file</th><th>line</th><th>message</th></tr></thead><tbody>\n"
        for finding in list {
            let severity = finding["severity"]?.stringValue ?? "?"
            let tone = severity == "critical" ? "bad" : severity == "warning" ? "warn" : "none"
            var message = HTML.escape(finding["message"]?.stringValue ?? "")
            let extras = (finding.objectValue ?? []).filter { !Self.findingColumns.contains($0.0) }
                .compactMap { key, value in Self.text(value).map { "\(key) \($0)" } ?? Self.listText(value).map { "\(key): \($0)" } }
            if !extras.isEmpty { message += " <span class=\"muted\">(\(HTML.escape(extras.joined(separator: "; "))))</span>" }
            out += "<tr><td><span class=\"b t-\(tone)\">\(HTML.escape(severity))</span></td>"
            out += "<td><code>\(HTML.escape(finding["code"]?.stringValue ?? "?"))</code></td>"
            out += "<td class=\"mono\">\(HTML.escape(PathEncoding.path("path", in: finding)?.displayString ?? ""))</td>"
            out += "<td>\(HTML.escape(Self.text(finding["line"]) ?? ""))</td><td>\(message)</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func listText(_ value: JSONValue) -> String? {
        guard let items = value.arrayValue else { return nil }
        return items.compactMap { text($0) }.joined(separator: ", ")
    }

    func evidence() -> String {
        let checks = record["checks"]?.objectValue ?? []
        var rows = ""
        for (key, check) in checks where key != "weights" && key != "other_files" && key != "signature" && key != "serialization" {
            var status = check["status"]?.stringValue ?? check["class"]?.stringValue ?? "?"
            if key == "license" { status = check["class"]?.stringValue ?? "?" }
            let items = check["evidence"]?.arrayValue ?? []
            rows += "<tr><td>\(HTML.escape(key.replacingUnderscores))</td><td>\(HTML.statusBadge(status))</td><td>"
            if items.isEmpty { rows += "<span class=\"muted\">no evidence</span>" }
            for item in items {
                let path = PathEncoding.path("path", in: item)?.displayString ?? "metadata"
                rows += "<div><span class=\"mono\">\(HTML.escape(path))</span>: \(HTML.escape(item["detail"]?.stringValue ?? ""))</div>"
            }
            rows += "</td></tr>\n"
        }
        guard !rows.isEmpty else { return "" }
        return "<h3>Evidence</h3>\n<table class=\"evidence\"><thead><tr><th>check</th><th>status</th><th>file: what it says</th></tr></thead><tbody>\n" + rows + "</tbody></table>\n"
    }

    // MARK: Digests, signature, history

    func digests() -> String {
        var out = ""
        for (key, title) in [("weights", "Weight files"), ("other_files", "Other files with digests")] {
            guard let check = record["checks"]?[key] else { continue }
            let files = check["files"]?.arrayValue ?? []
            out += "<h3>\(title) (\(files.count), \(HTML.escape(check["status"]?.stringValue ?? "?")))</h3>\n"
            if files.isEmpty {
                out += "<p class=\"muted\">none</p>\n"
                continue
            }
            out += "<table class=\"digests\"><thead><tr><th>file</th><th>size</th><th>format</th><th>status</th><th>SHA-256 / expected (from)</th></tr></thead><tbody>\n"
            for file in files {
                let status = file["status"]?.stringValue ?? "?"
                let expected = file["expected_sha256"]?.stringValue ?? file["expected_git_sha1"]?.stringValue.map { "git blob " + $0 }
                out += "<tr><td class=\"mono\">\(HTML.escape(PathEncoding.path("path", in: file)?.displayString ?? "?"))</td>"
                out += "<td>\(HTML.escape(file["size"]?.int64Value.map { ScanReport.formatBytes($0) } ?? "?"))</td>"
                out += "<td>\(HTML.escape(file["format"]?.stringValue ?? "-"))</td>"
                out += "<td>\(HTMLReport.badge(status, dimension: "integrity"))</td>"
                out += "<td class=\"digest mono\">\(HTML.escape(file["sha256"]?.stringValue ?? "not computed"))<br>"
                out += "<span class=\"muted\">\(HTML.escape(expected ?? "none")) (from \(HTML.escape(ModelReport.describeSource(file["expected_from"]?.stringValue))))</span></td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out
    }

    func signature() -> String {
        guard let check = record["checks"]?["signature"], let members = check.objectValue else { return "" }
        var out = "<h3>Signature</h3>\n<dl class=\"identity\">"
        for (key, value) in members where key != "evidence" {
            guard let text = Self.text(value) ?? Self.listText(value) else { continue }
            out += "<dt>\(HTML.escape(key.replacingUnderscores))</dt><dd>\(HTML.escape(text))</dd>"
        }
        return out + "</dl>\n"
    }

    func history() -> String {
        let history = model.history
        var out = "<h3>History (\(history.auditCount) audit\(history.auditCount == 1 ? "" : "s") in the log; changes only)</h3>\n<ol class=\"timeline\">"
        for entry in history.entries {
            out += "<li class=\"t-\(Self.historyTone(entry.text))\"><time>\(HTML.escape(entry.time))</time>\(HTML.escape(entry.text))</li>"
        }
        return out + "</ol>\n"
    }

    /// Red for an entry that reports a critical verdict, amber for other changes, grey otherwise.
    static func historyTone(_ text: String) -> String {
        for bad in ["mismatch", "corrupt", "unsafe"] where text.contains("→ \(bad)") || text.contains(": \(bad)") || text.contains(", \(bad)") {
            return "bad"
        }
        if text.hasPrefix("first audit") { return "good" }
        return text.hasPrefix("audit") ? "warn" : "none"
    }
}

extension HTML {
    /// A check status (`present`, `referenced`, `missing`…) as a badge coloured by what it means for openness.
    static func statusBadge(_ status: String) -> String {
        "<span class=\"b t-\(ModelSection.statusTone(status))\">\(escape(status))</span>"
    }
}

/// The HTML report (`reproaudit report --format html`, `scan --html`): one self-contained page an
/// auditor can open or attach. A summary of verdict counts as bars, one table row per model with
/// coloured verdicts and licence, and per model its MOF ladder, findings with the file and line they
/// came from, digests, and the history of its verdicts from the log.
///
/// The page loads nothing (inline CSS and SVG, one inline script allowed by its hash under
/// `default-src 'none'`), and everything taken from records goes through `HTML.escape` or
/// `HTML.scriptJSON`: model names, card sentences and licence lines are attacker-made.
public struct HTMLReport: Sendable {
    public var models: [ModelReport]
    /// What the records are, for the header: `audit log /var/log/reproaudit/audit.jsonl`, `scan of …`.
    public var source: String
    /// RFC 3339.
    public var generatedAt: String
    /// False for `scan --html`: a scan has no history to show.
    public var includesHistory: Bool

    public init(models: [ModelReport], source: String, generatedAt: String, includesHistory: Bool) {
        self.models = models
        self.source = source
        self.generatedAt = generatedAt
        self.includesHistory = includesHistory
    }

    /// Details start open when there are this few models; a long report starts folded.
    static let openDetailsUpTo = 12
    /// Up to this many models, every model's details are elements of the page (readable without
    /// script); beyond, they are embedded as text and built when a model is opened, so that a report of
    /// 2,000 models still loads in a second or two.
    static let inlineDetailsUpTo = 200
    /// A large report shows this many rows at first (the others are laid out only when a filter, a sort
    /// or "show all" asks for them): laying out 2,000 rows costs more than the rest of the page.
    static let largeReportRowsShown = 200

    /// Rows shown before "show all", or nil for all of them.
    var rowsShown: Int? { models.count > Self.inlineDetailsUpTo ? Self.largeReportRowsShown : nil }

    public func render() -> String {
        var page = ""
        page.reserveCapacity(4096 + models.count * 6000)
        let records = models.map(\.record)
        page += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(HTML.escape(HTMLReportAssets.contentSecurityPolicy))">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="reproaudit">
            <title>reproaudit report: \(models.count) model\(models.count == 1 ? "" : "s")</title>
            <style>\(HTMLReportAssets.style)</style>
            </head>
            <body>
            <header>
            <h1>reproaudit report</h1>
            <p class="meta"><span id="model-count">\(models.count)</span> model\(models.count == 1 ? "" : "s") · \(HTML.escape(source)) · generated \(HTML.escape(generatedAt))</p>
            </header>
            <main>

            """
        page += summary(records)
        page += table()
        page += "<section id=\"details\">\n<h2>Models in detail</h2>\n"
        let isLarge = models.count > Self.inlineDetailsUpTo
        if isLarge {
            page += "<p class=\"muted\">With \(models.count) models, each model's details are filled in by the page's script when opened.</p>\n"
        }
        var bodies: [JSONValue] = []
        for (index, model) in models.enumerated() {
            let section = ModelSection(model: model, index: index, isOpen: models.count <= Self.openDetailsUpTo,
                                       includesHistory: includesHistory)
            if isLarge {
                page += section.openTag(isOpen: false) + "</details>\n"
                bodies.append(.string(section.body()))
            } else {
                page += section.render()
            }
        }
        page += "</section>\n</main>\n"
        page += "<script type=\"application/json\" id=\"report-data\">\(HTML.scriptJSON(index()))</script>\n"
        if isLarge {
            // Parsed only when a model is first opened: raw text costs the HTML parser almost nothing,
            // where 2,000 models' tables as elements would take seconds to build.
            page += "<script type=\"application/json\" id=\"details-data\">\(HTML.scriptJSON(.array(bodies)))</script>\n"
        }
        page += "<script>\(HTMLReportAssets.script)</script>\n</body>\n</html>\n"
        return page
    }

    // MARK: Summary

    func summary(_ records: [JSONValue]) -> String {
        var out = "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"summary\">\n"
        for dimension in VerdictCounts.Dimension.all {
            out += Self.bars(VerdictCounts(dimension, records: records))
        }
        return out + "</div>\n</section>\n"
    }

    /// One dimension's counts as a horizontal bar chart (inline SVG), each bar labelled with its value
    /// and count; `data-value`/`data-count` carry them for programs.
    static func bars(_ counts: VerdictCounts) -> String {
        let rowHeight = 22
        let height = max(1, counts.counts.count) * rowHeight + 4
        let largest = max(1, counts.counts.map(\.count).max() ?? 1)
        var out = "<figure id=\"summary-\(counts.dimension.key)\"><figcaption>\(counts.dimension.title)</figcaption>\n"
        out += "<svg viewBox=\"0 0 320 \(height)\" role=\"img\" aria-label=\"\(counts.dimension.title) by verdict\">\n"
        if counts.counts.isEmpty {
            out += "<text x=\"0\" y=\"16\">no models</text>\n"
        }
        for (row, entry) in counts.counts.enumerated() {
            let y = row * rowHeight + 2
            let width = max(2, entry.count * 170 / largest)
            let tone = VerdictCounts.tone(entry.value, dimension: counts.dimension.key)
            let value = HTML.escape(entry.value)
            out += "<g class=\"bar\" data-value=\"\(value)\" data-count=\"\(entry.count)\">"
            out += "<text x=\"0\" y=\"\(y + 14)\">\(value)</text>"
            out += "<rect class=\"t-\(tone)\" x=\"100\" y=\"\(y + 3)\" width=\"\(width)\" height=\"14\" rx=\"2\"/>"
            out += "<text x=\"\(100 + width + 6)\" y=\"\(y + 14)\">\(entry.count)</text></g>\n"
        }
        return out + "</svg>\n</figure>\n"
    }

    // MARK: Table

    /// Columns of the model table: title and the key of the embedded index it sorts by.
    static let columns: [(title: String, key: String)] = [
        ("Model", "name"), ("Integrity", "integrity"), ("Safety", "safety"), ("Openness", "openness"),
        ("MOF", "mof"), ("Signature", "signature"), ("Licence", "licence"), ("Findings", "findings"),
        ("Last audit", "time"), ("Path", "path"),
    ]

    func table() -> String {
        var out = "<section id=\"models\">\n<h2>Models</h2>\n<div class=\"controls\">\n"
        out += "<input id=\"filter\" type=\"search\" placeholder=\"filter by name, path, licence, verdict\" aria-label=\"filter\">\n"
        let records = models.map(\.record)
        for dimension in VerdictCounts.Dimension.all {
            out += "<select data-key=\"\(dimension.key)\" aria-label=\"\(dimension.title)\"><option value=\"\">\(dimension.title.lowercased()): all</option>"
            for entry in VerdictCounts(dimension, records: records).counts {
                let value = HTML.escape(entry.value)
                out += "<option value=\"\(value)\">\(value) (\(entry.count))</option>"
            }
            out += "</select>\n"
        }
        let visible = min(models.count, rowsShown ?? models.count)
        out += "<span id=\"shown\" class=\"muted\">\(visible) of \(models.count) shown</span>"
        out += "<button type=\"button\" id=\"show-all\"\(visible < models.count ? "" : " hidden")>show all</button>\n</div>\n"
        out += "<table id=\"model-table\">\n<thead><tr>"
        for column in Self.columns {
            out += "<th><button type=\"button\" data-key=\"\(column.key)\" aria-sort=\"none\">\(column.title)</button></th>"
        }
        out += "</tr></thead>\n<tbody id=\"model-rows\">\n"
        for (index, model) in models.enumerated() {
            let row = Row(model)
            let hidden = index >= (rowsShown ?? models.count) ? " hidden" : ""
            out += "<tr id=\"r-\(index)\" class=\"model-row\"\(hidden)><td><a href=\"#m-\(index)\">\(HTML.escape(row.name))</a>"
            if model.isRemoved { out += " <span class=\"b t-none\">removed</span>" }
            out += "</td>"
            for dimension in VerdictCounts.Dimension.all.prefix(3) {
                out += "<td>\(Self.badge(dimension.value(of: model.record), dimension: dimension.key))</td>"
            }
            out += "<td>\(HTML.escape(row.mof))</td>"
            out += "<td>\(Self.badge(row.signature, dimension: "signature"))</td>"
            out += "<td>\(HTML.escape(row.licence))</td>"
            out += "<td>\(row.findingsText)</td>"
            out += "<td class=\"mono\" style=\"white-space:nowrap\">\(HTML.escape(RecordColumn.time.cell(model.record).text))</td>"
            out += "<td class=\"path mono\">\(HTML.escape(row.path))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    static func badge(_ value: String, dimension: String) -> String {
        "<span class=\"b t-\(VerdictCounts.tone(value, dimension: dimension))\">\(HTML.escape(value))</span>"
    }

    /// What the table shows of one model, and what the embedded index carries for sorting and filtering.
    struct Row {
        var name, integrity, safety, openness, signature, licence, mof, time, path: String
        var critical = 0, warnings = 0, infos = 0

        init(_ model: ModelReport) {
            let record = model.record
            let identity = record["model"] ?? .object([])
            name = RecordTable.modelLabel(identity)
            integrity = VerdictCounts.Dimension.integrity.value(of: record)
            safety = VerdictCounts.Dimension.safety.value(of: record)
            openness = VerdictCounts.Dimension.openness.value(of: record)
            signature = VerdictCounts.Dimension.signature.value(of: record)
            let license = record["checks"]?["license"]
            licence = license?["id"]?.stringValue ?? license?["name"]?.stringValue ?? "-"
            mof = record["verdict"]?["mof_class"]?.stringValue.map { "Class " + $0 } ?? "-"
            time = record["time"]?.stringValue ?? "?"
            path = PathEncoding.path("path", in: identity)?.displayString ?? "?"
            for finding in record["findings"]?.arrayValue ?? [] {
                switch finding["severity"]?.stringValue {
                case "critical": critical += 1
                case "warning": warnings += 1
                default: infos += 1
                }
            }
        }

        var findingsCount: Int { critical + warnings + infos }

        /// `2 critical, 1 warning` with badges, or `none`.
        var findingsText: String {
            var parts: [String] = []
            if critical > 0 { parts.append("<span class=\"b t-bad\">\(critical) critical</span>") }
            if warnings > 0 { parts.append("<span class=\"b t-warn\">\(warnings) warning\(warnings == 1 ? "" : "s")</span>") }
            if infos > 0 { parts.append("<span class=\"b t-none\">\(infos) info</span>") }
            return parts.isEmpty ? "<span class=\"muted\">none</span>" : parts.joined(separator: " ")
        }

        var json: JSONValue {
            .object([("name", .string(name)), ("integrity", .string(integrity)), ("safety", .string(safety)),
                     ("openness", .string(openness)), ("mof", .string(mof)), ("signature", .string(signature)),
                     ("licence", .string(licence)), ("findings", .integer(Int64(findingsCount))),
                     ("time", .string(time)), ("path", .string(path))])
        }
    }

    /// The index the page's script filters and sorts by: one entry per table row, in row order.
    func index() -> JSONValue {
        var members: [(String, JSONValue)] = [("generated", .string(generatedAt))]
        if let rowsShown { members.append(("rows_shown", .integer(Int64(rowsShown)))) }
        return .object(members + [("models", .array(models.map { Row($0).json }))])
    }
}

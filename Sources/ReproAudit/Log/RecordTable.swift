/// The tables of models people read (`scan`, `log`): which columns, in which order, and how each
/// column's cell is taken from an audit record (the JSON written to the log). Both tables render
/// through `TextTable`.
///
/// To add a column to every table of models, add one line to `verdicts` (e.g.
/// `.verdict("SIGNATURE", "signature")`); to one table only, to `scan` or `log`.
public enum RecordTable {
    /// The verdict columns every table of models shows, in order.
    public static let verdicts: [RecordColumn] = [
        .verdict("INTEGRITY", "integrity"),
        .verdict("SAFETY", "safety"),
        .verdict("OPENNESS", "openness"),
        .licence,
    ]

    /// `reproaudit scan`: one row per model audited.
    public static let scan: [RecordColumn] = [.model] + verdicts + [.path]

    /// `reproaudit log`: one row per line of the log.
    public static let log: [RecordColumn] = [.time, .model] + verdicts

    /// `reproaudit log` over a fleet's logs (`--log DIR|GLOB`) or with `--host`: which host wrote each line.
    public static let fleetLog: [RecordColumn] = log + [.host]

    /// An empty table with `columns`' headers.
    public static func table(_ columns: [RecordColumn]) -> TextTable {
        TextTable(header: columns.map(\.header))
    }

    /// The cells of one record. A line that is not an `audit` (removed, accepted, daemon.start…) shows
    /// its time and `[event] what it is about` under MODEL, and nothing in the verdict columns.
    public static func row(_ record: JSONValue, _ columns: [RecordColumn]) -> [TextTable.Cell] {
        let event = record["event"]?.stringValue ?? "audit"
        guard event == "audit" else {
            let model = record["model"].map(modelLabel) ?? record["path"]?.stringValue ?? ""
            let subject = model.isEmpty ? (record["message"]?.stringValue ?? "") : model
            return columns.map { column in
                switch column.header {
                case RecordColumn.time.header, RecordColumn.host.header: return column.cell(record)
                case RecordColumn.model.header: return .init("[\(event)] " + subject)
                default: return .init("")
                }
            }
        }
        return columns.map { $0.cell(record) }
    }

    /// `org/name@4a1b2c3d` for Hugging Face snapshots, the name, or the path's last component.
    public static func modelLabel(_ model: JSONValue) -> String {
        let path = PathEncoding.path("path", in: model) ?? RawPath("")
        var label = model["name"]?.stringValue ?? path.name
        let layout = model["layout"]?.stringValue
        if layout == "hf-cache" || layout == "hf-local-dir", let revision = model["revision"]?.stringValue, !revision.isEmpty {
            label += "@" + String(revision.prefix(8))
        }
        return label
    }
}

/// One column of a table of models: its header and how to take its cell from an audit record.
public struct RecordColumn: Sendable {
    public var header: String
    public var cell: @Sendable (JSONValue) -> TextTable.Cell

    public init(_ header: String, cell: @escaping @Sendable (JSONValue) -> TextTable.Cell) {
        self.header = header
        self.cell = cell
    }

    /// `verdict.<key>`, coloured by its value.
    public static func verdict(_ header: String, _ key: String) -> RecordColumn {
        RecordColumn(header) { record in
            let value = record["verdict"]?[key]?.stringValue ?? "?"
            return .init(value, color: TextTable.color(forVerdict: value))
        }
    }

    /// The record's time to the second (milliseconds are noise in a table).
    public static let time = RecordColumn("TIME") { record in
        var time = record["time"]?.stringValue ?? "?"
        if time.utf8.count == 24, time.hasSuffix("Z") { time = String(time.prefix(19)) + "Z" }
        return .init(time)
    }

    public static let model = RecordColumn("MODEL") { record in
        .init(RecordTable.modelLabel(record["model"] ?? .null))
    }

    /// The licence's SPDX id, else its name, else `-`.
    public static let licence = RecordColumn("LICENCE") { record in
        let license = record["checks"]?["license"]
        return .init(license?["id"]?.stringValue ?? license?["name"]?.stringValue ?? "-")
    }

    public static let path = RecordColumn.path(relativeTo: nil)

    /// The model's path; relative to `base` when it is below it (`.` for `base` itself).
    public static func path(relativeTo base: RawPath?) -> RecordColumn {
        RecordColumn("PATH") { record in
            guard let path = PathEncoding.path("path", in: record["model"] ?? .null) else { return .init("?") }
            return .init(ScanReport.displayPath(path, relativeTo: base))
        }
    }

    /// The host that wrote the record.
    public static let host = RecordColumn("HOST") { record in
        .init(record["host"]?.stringValue ?? "?")
    }
}

/// The table `reproaudit log` prints for people: time, model, integrity, safety, openness, licence,
/// in aligned columns, with colour only when asked (on a terminal).
public struct LogTable {
    public static let header = ["TIME", "MODEL", "INTEGRITY", "SAFETY", "OPENNESS", "LICENCE"]

    public var colour: Bool
    /// A last HOST column, for a fleet's logs (`--log DIR|GLOB`, `--host`).
    public let showsHost: Bool
    /// Column widths so far; they only grow, so rows printed in batches stay aligned as far as possible.
    public private(set) var widths: [Int]

    public init(colour: Bool, showsHost: Bool = false) {
        self.colour = colour
        self.showsHost = showsHost
        widths = (showsHost ? Self.header + ["HOST"] : Self.header).map(\.count)
    }

    /// The header cells of this table.
    public var headerCells: [String] { showsHost ? Self.header + ["HOST"] : Self.header }

    /// The cells of one log line in this table (with the host when it has that column).
    public func cells(for record: JSONValue) -> [String] {
        showsHost ? Self.row(for: record) + [record["host"]?.stringValue ?? "?"] : Self.row(for: record)
    }

    /// The cells of one log line: an `audit` record, or another event with what it is about.
    public static func row(for record: JSONValue) -> [String] {
        var time = record["time"]?.stringValue ?? "?"
        if time.utf8.count == 24, time.hasSuffix("Z") {
            time = String(time.prefix(19)) + "Z"  // milliseconds are noise in a table
        }
        let event = record["event"]?.stringValue ?? "?"
        let model = record["model"].map(modelLabel) ?? record["path"]?.stringValue ?? ""
        guard event == "audit" else {
            let subject = model.isEmpty ? (record["message"]?.stringValue ?? "") : model
            return [time, "[\(event)] " + subject, "", "", "", ""]
        }
        let verdict = record["verdict"]
        let license = record["checks"]?["license"]
        let licence = license?["id"]?.stringValue ?? license?["name"]?.stringValue ?? "-"
        return [
            time, model,
            verdict?["integrity"]?.stringValue ?? "?",
            verdict?["safety"]?.stringValue ?? "?",
            verdict?["openness"]?.stringValue ?? "?",
            licence,
        ]
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

    /// Widens the columns to fit `rows`.
    public mutating func fit(_ rows: [[String]]) {
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], min(cell.count, 72))
            }
        }
    }

    /// One aligned line for `cells`; the last column is not padded.
    public func format(_ cells: [String], isHeader: Bool = false) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            let isLast = index == cells.count - 1
            let padded = isLast ? cell : pad(cell, widths[index])
            if colour && !isHeader, let code = Self.colourCode(column: index, value: cell) {
                line += "\u{1B}[\(code)m" + padded + "\u{1B}[0m"
            } else if colour && isHeader {
                line += "\u{1B}[1m" + padded + "\u{1B}[0m"
            } else {
                line += padded
            }
            if !isLast { line += "  " }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    func pad(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    /// ANSI colour for a verdict cell: red for critical, yellow for doubtful, green for good.
    static func colourCode(column: Int, value: String) -> String? {
        switch (column, value) {
        case (2, "verified"), (3, "safe"), (4, "open-source"): return "32"
        case (2, "mismatch"), (2, "corrupt"), (3, "unsafe"): return "31;1"
        case (2, "unverified"), (2, "incomplete"), (2, "error"), (3, "unknown"), (4, "restricted"): return "33"
        default: return nil
        }
    }
}

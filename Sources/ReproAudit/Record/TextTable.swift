/// The one table renderer for people: every table the CLI prints (`scan`, `log`, `show`'s lists) goes
/// through it. Columns are aligned by terminal width (`DisplayWidth`: CJK names take two columns per
/// character), cells may carry an ANSI colour (used only when the caller says the output is a terminal
/// that wants colour), control characters in cells are shown as `?` so a row stays one line.
///
/// A table can be rendered at once (`render`) or streamed (`takeLines`): column widths then only grow,
/// so rows printed in batches stay aligned as far as possible.
public struct TextTable: Sendable {
    /// A cell's text and its colour.
    public struct Cell: Sendable, Equatable {
        public var text: String
        public var color: Color?
        public init(_ text: String, color: Color? = nil) {
            self.text = text
            self.color = color
        }
    }

    /// ANSI colours used for verdicts.
    public enum Color: String, Sendable {
        case red = "31", green = "32", yellow = "33", blue = "34", gray = "90"
    }

    /// The header line's cells; empty for a table without one (`show`'s key/value lists).
    public var header: [String]
    /// Rows not yet rendered.
    public var rows: [[Cell]] = []
    /// Written before every line.
    public var indent: String
    /// A cell wider than this overflows its column instead of widening it (one long path must not push
    /// every other row's columns off the screen).
    public var maxColumnWidth: Int
    /// The columns' widths so far.
    public private(set) var widths: [Int]
    private var headerShown = false

    public init(header: [String], indent: String = "", maxColumnWidth: Int = 72) {
        self.header = header
        self.indent = indent
        self.maxColumnWidth = maxColumnWidth
        widths = header.map(DisplayWidth.of)
    }

    public mutating func append(_ row: [Cell]) {
        rows.append(row.map { Cell(Self.printable($0.text), color: $0.color) })
    }

    /// A row of plain text cells.
    public mutating func append(_ texts: [String]) {
        append(texts.map { Cell($0) })
    }

    /// The whole table: header (when there is one) and every row.
    public func render(color: Bool) -> String {
        var copy = self
        return copy.takeLines(color: color).joined(separator: "\n")
    }

    /// The lines of the rows appended since the last call, the header before the first; widths grow to
    /// fit these rows and are kept for the next call.
    public mutating func takeLines(color: Bool) -> [String] {
        let columns = max(widths.count, rows.map(\.count).max() ?? 0)
        if widths.count < columns { widths += Array(repeating: 0, count: columns - widths.count) }
        for row in rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], min(DisplayWidth.of(cell.text), maxColumnWidth))
            }
        }
        var lines: [String] = []
        if !headerShown, !header.isEmpty {
            lines.append(line(header.map { Cell($0) }, color: color, bold: true))
        }
        headerShown = true
        lines += rows.map { line($0, color: color, bold: false) }
        rows.removeAll(keepingCapacity: true)
        return lines
    }

    /// One aligned line: cells padded to their column's width, two spaces apart, the last column not
    /// padded, no trailing spaces.
    func line(_ cells: [Cell], color: Bool, bold: Bool) -> String {
        var text = indent
        var pending = ""  // padding written only when something follows it
        for (index, cell) in cells.enumerated() {
            if !cell.text.isEmpty {
                text += pending
                if color, let tint = cell.color {
                    text += "\u{1B}[\(tint.rawValue)m" + cell.text + "\u{1B}[0m"
                } else if color, bold {
                    text += "\u{1B}[1m" + cell.text + "\u{1B}[0m"
                } else {
                    text += cell.text
                }
                pending = ""
            }
            if index < cells.count - 1 {
                pending += String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell.text)) + 2)
            }
        }
        return text
    }

    /// The colour people expect for a verdict value (`mismatch` red, `verified` green…).
    public static func color(forVerdict value: String) -> Color? {
        switch value {
        case "verified", "safe", "open-source", "open": return .green
        case "mismatch", "corrupt", "unsafe", "error": return .red
        case "incomplete", "unknown", "restricted", "non-commercial", "unverified": return .yellow
        case "open-weights": return .blue
        default: return nil
        }
    }

    /// Replaces control characters (newlines in file names…) so a row stays one line.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}

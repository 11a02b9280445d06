/// A table for people: columns aligned by terminal width (`DisplayWidth`), optional ANSI colour per cell (only when writing to a terminal).
public struct TextTable: Sendable {
    /// A cell's text and its colour.
    public struct Cell: Sendable {
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

    public var header: [String]
    public var rows: [[Cell]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    /// The table as lines; the last column is not padded.
    public func render(color: Bool) -> String {
        let columns = header.count
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (index, cell) in row.enumerated() where index < columns {
                widths[index] = max(widths[index], DisplayWidth.of(cell.text))
            }
        }
        func line(_ cells: [Cell], bold: Bool = false) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() where index < columns {
                let padded = index == columns - 1 ? cell.text : cell.text + String(repeating: " ", count: widths[index] - DisplayWidth.of(cell.text))
                if color, let tint = cell.color {
                    parts.append("\u{1B}[\(tint.rawValue)m" + padded + "\u{1B}[0m")
                } else if color, bold {
                    parts.append("\u{1B}[1m" + padded + "\u{1B}[0m")
                } else {
                    parts.append(padded)
                }
            }
            return parts.joined(separator: "  ")
        }
        var lines = [line(header.map { Cell($0) }, bold: true)]
        lines += rows.map { line($0) }
        return lines.joined(separator: "\n")
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
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}

/// Fills paragraphs to a width for help text: words are never split, a word longer than the width
/// gets a line of its own.
enum TextWrapping {
    /// `text` filled to `width` columns, each line after the first indented by `indent` spaces
    /// (the first line's indent is the caller's).
    static func fill(_ text: String, width: Int, indent: Int = 0) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let available = width - indent
            if !line.isEmpty, line.count + 1 + word.count > available {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        let padding = String(repeating: " ", count: indent)
        return lines.enumerated().map { $0.offset == 0 ? $0.element : padding + $0.element }.joined(separator: "\n")
    }

    /// Paragraphs separated by blank lines. A paragraph whose lines start with a space is kept as written
    /// (a list, a table); the others are filled.
    static func paragraphs(_ text: String) -> [Paragraph] {
        var result: [Paragraph] = []
        var current: [Substring] = []
        func close() {
            guard !current.isEmpty else { return }
            if current.allSatisfy({ $0.first == " " }) {
                result.append(.preformatted(current.map(String.init)))
            } else {
                result.append(.text(current.joined(separator: " ")))
            }
            current = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " }) { close() } else { current.append(line) }
        }
        close()
        return result
    }

    /// A block of discussion text.
    enum Paragraph: Equatable {
        case text(String)
        case preformatted([String])
    }
}

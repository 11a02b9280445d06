/// The lines of a text file as its author wrote them, whichever convention they used: lines end at
/// `\n` or `\r\n` (a lone `\r` is kept as text), and a UTF-8 byte order mark before the first line is
/// not part of it.
///
/// Swift treats `"\r\n"` as one `Character`, so `split(separator: "\n")` never splits a Windows file;
/// and `split(whereSeparator: \.isNewline)` also splits at U+0085, U+2028 and lone `\r`, which can be
/// inside a file name or a quoted value. Every text reader of the project splits through this one
/// type instead (the audit log reader excepted: its lines are `\n`-terminated and hashed exactly).
public enum TextLines {
    /// The lines of `text`, without their line endings. A final line ending does not start another
    /// line unless `keepingFinalEmptyLine` is true (then `"a\n"` gives `["a", ""]`, as
    /// `split(omittingEmptySubsequences: false)` does).
    public static func split(_ text: String, keepingFinalEmptyLine: Bool = true) -> [Substring] {
        var lines: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        if scalars.first == "\u{FEFF}" { start = scalars.index(after: start) }
        let utf8 = text.utf8
        var index = start
        // "\n" is one byte in UTF-8 and never part of a multi-byte sequence: scanning bytes finds every
        // line end, and each index found is also a Unicode scalar boundary.
        while let newline = utf8[index...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(line(text, from: index, to: newline))
            index = utf8.index(after: newline)
        }
        if index < text.endIndex || keepingFinalEmptyLine {
            lines.append(line(text, from: index, to: text.endIndex))
        }
        return lines
    }

    /// `text[from..<to]` without a final `\r`, cut on Unicode scalar boundaries (not Characters, so a
    /// `\r` before the `\n` is not glued to it).
    private static func line(_ text: String, from: String.Index, to: String.Index) -> Substring {
        var end = to
        if end > from {
            let before = text.utf8.index(before: end)
            if text.utf8[before] == UInt8(ascii: "\r") { end = before }
        }
        return Substring(text.unicodeScalars[from..<end])
    }

    /// `text` with `\r\n` line endings turned into `\n` and a leading byte order mark removed: for
    /// readers that scan a whole text rather than its lines.
    public static func normalized(_ text: String) -> String {
        if !text.utf8.contains(UInt8(ascii: "\r")) && text.unicodeScalars.first != "\u{FEFF}" { return text }
        return split(text).joined(separator: "\n")
    }
}

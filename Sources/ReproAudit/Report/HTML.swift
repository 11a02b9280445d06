/// Escaping for the HTML report, where every name, licence line and card sentence is attacker-made.
///
/// Text and attribute values escape `& < > " '`, so nothing written through them can open a tag,
/// close an attribute or start an entity; C0 controls (but tab and newline) and DEL become U+FFFD, which
/// is also how a name that is not UTF-8 shows (`RawPath.displayString`). JSON inside a `<script>`
/// element never contains `</` or `<!--` (`scriptJSON`).
public enum HTML {
    /// `text` safe in element content and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{7F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `value` as JSON text that can sit between `<script type="application/json">` and `</script>`:
    /// `</` is written `<\/` and `<!--` is written `<\u0021--` (both still JSON for the same text), so
    /// the script element can neither end early nor enter the parser's escaped script state.
    public static func scriptJSON(_ value: JSONValue) -> String {
        JSONWriter.string(value).replacingAll("</", with: "<\\/").replacingAll("<!--", with: "<\\u0021--")
    }

    /// `sha256-<base64>` of an inline script's text, for the Content-Security-Policy `script-src`.
    public static func cspHash(of script: String) -> String {
        let hex = MessageDigest.hex(.sha256, of: Array(script.utf8))
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return "sha256-" + Base64.encode(bytes)
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

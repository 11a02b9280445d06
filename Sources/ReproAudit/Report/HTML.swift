/// Escaping for the HTML report, where every name, licence line and card sentence is attacker-made.
///
/// Text and attribute values escape `& < > " '`, so nothing written through them can open a tag,
/// close an attribute or start an entity; C0 controls (but tab and newline) and DEL become U+FFFD, which
/// is also how a name that is not UTF-8 shows (`RawPath.displayString`). JSON inside a `<script>`
/// element writes `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`, so neither `</script` nor `<!--` can
/// occur in it and `JSON.parse` still reads the same value.
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

    /// `value` as JSON text that can sit between `<script type="application/json">` and `</script>`.
    public static func scriptJSON(_ value: JSONValue) -> String {
        var out = ""
        for scalar in JSONWriter.string(value).unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
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

/// Looks for template injection in GGUF chat templates: Jinja text reaching Python internals.
///
/// llama.cpp-based and Python-based runners render `tokenizer.chat_template` with Jinja; a sandbox
/// escape needs the object model (`__class__`, `__mro__`, `__subclasses__`, `__globals__`,
/// `__builtins__`, `__import__`) or a process API (`popen`, `os.`). Legitimate templates use none of
/// these, so any occurrence is reported as critical.
///
/// Attackers rarely spell the names out: they glue them from pieces (`'__cla' ~ 'ss__'`,
/// `'_' '_init_' '_'`, `['_','_','globals','_','_']|join`, `'\x5f\x5fclass\x5f\x5f'`) or compute them
/// (`'_'*2 ~ 'init'`, `'%c%c'|format(95, 95)`) and reach them through the `attr` filter. So the markers
/// are also searched in the template's *assembled* form (quotes, whitespace, `~ + , [ ] ( )` removed and
/// escapes of `_` decoded), and the constructs that only serve to compute names (`|attr(`, an
/// underscore literal repeated with `*`, `%c` with `format`) are markers of their own. None of them occurs
/// in the chat templates real models ship (Llama 3/3.1, Mistral, Qwen, Gemma, ChatML).
public enum GGUFChatTemplateCheck {
    /// Markers matched anywhere in the template, or in its assembled form.
    public static let markers = ["__class__", "__mro__", "__subclasses__", "__globals__", "__builtins__",
                                 "__import__", "__base__", "__init__", "\\x5f\\x5f", "\\u005f\\u005f"]
    /// Identifiers matched only as whole words (`os.` but not `pos.` or `photos.`).
    public static let words = ["popen", "os.", "subprocess", "eval(", "exec("]

    /// The suspicious markers found in `template`, in the order listed above, then the name-computing
    /// constructs (`|attr(`, `'_'*`, `%c|format`).
    public static func suspiciousMarkers(in template: String) -> [String] {
        var found: [String] = []
        let assembledForm = assembled(template)
        for marker in markers where template.contains(marker) || assembledForm.contains(marker) { found.append(marker) }
        let bytes = Array(template.utf8)
        for word in words where containsWord(Array(word.utf8), in: bytes) { found.append(word) }
        if containsAttrFilter(bytes) { found.append("|attr(") }
        if containsRepeatedUnderscore(bytes) { found.append("'_'*") }
        if template.contains("%c"), template.contains("format") { found.append("%c|format") }
        return found
    }

    /// The template with the glue of name-building removed: quotes, whitespace, `~`, `+`, `,`, `[`, `]`,
    /// `(`, `)` dropped; `\x5f`, `\x5F`, `\u005f`, `\u005F`, `\137` (escapes of `_`) decoded.
    static func assembled(_ template: String) -> String {
        let bytes = Array(template.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let escapes: [[UInt8]] = ["\\x5f", "\\x5F", "\\u005f", "\\u005F", "\\137"].map { Array($0.utf8) }
        var index = 0
        outer: while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                for escape in escapes where index + escape.count <= bytes.count
                    && bytes[index..<(index + escape.count)].elementsEqual(escape) {
                    out.append(UInt8(ascii: "_"))
                    index += escape.count
                    continue outer
                }
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
                 UInt8(ascii: "\r"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"):
                break
            default:
                out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when the Jinja `attr` filter is applied (`|attr(`, whitespace allowed around it).
    private static func containsAttrFilter(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "|") {
                var cursor = index + 1
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                let name = Array("attr".utf8)
                if cursor + name.count <= bytes.count, bytes[cursor..<(cursor + name.count)].elementsEqual(name) {
                    cursor += name.count
                    while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "(") { return true }
                }
            }
            index += 1
        }
        return false
    }

    /// True when a string literal made only of underscores is repeated with `*` (`'_'*2`, `"__" * 1`).
    private static func containsRepeatedUnderscore(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let quote = bytes[index]
            if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
                var cursor = index + 1
                while cursor < bytes.count, bytes[cursor] == UInt8(ascii: "_") { cursor += 1 }
                if cursor > index + 1, cursor < bytes.count, bytes[cursor] == quote {
                    cursor += 1
                    while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "*") { return true }
                }
            }
            index += 1
        }
        return false
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func containsWord(_ word: [UInt8], in bytes: [UInt8]) -> Bool {
        guard word.count <= bytes.count else { return false }
        var index = 0
        while index + word.count <= bytes.count {
            if bytes[index] == word[0], bytes[index..<(index + word.count)].elementsEqual(word) {
                let before = index == 0 ? UInt8(ascii: " ") : bytes[index - 1]
                let isIdentifier = (before >= 0x30 && before <= 0x39) || (before >= 0x41 && before <= 0x5A)
                    || (before >= 0x61 && before <= 0x7A) || before == UInt8(ascii: "_")
                if !isIdentifier { return true }
            }
            index += 1
        }
        return false
    }

    /// `gguf-template-injection` findings (critical) for each template key of `metadata` that holds a marker.
    public static func findings(metadata: [(String, JSONValue)], path: RawPath?) -> [Finding] {
        var findings: [Finding] = []
        for (key, value) in metadata where key == "tokenizer.chat_template" || key.hasPrefix("tokenizer.chat_template.") {
            guard let template = value.stringValue else { continue }
            let found = suspiciousMarkers(in: template)
            guard !found.isEmpty else { continue }
            findings.append(Finding(code: "gguf-template-injection", severity: .critical,
                                    message: "chat template \(key) reaches Python internals (\(found.joined(separator: ", "))): rendering it can run code",
                                    path: path,
                                    details: [("key", .string(key)), ("markers", .array(found.map { JSONValue.string($0) }))]))
        }
        return findings
    }
}

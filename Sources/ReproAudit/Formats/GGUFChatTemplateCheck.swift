/// Looks for template injection in GGUF chat templates: Jinja text reaching Python internals.
///
/// llama.cpp-based and Python-based runners render `tokenizer.chat_template` with Jinja; a sandbox
/// escape needs the object model (`__class__`, `__mro__`, `__subclasses__`, `__globals__`,
/// `__builtins__`, `__import__`) or a process API (`popen`, `os.`). Legitimate templates use none of
/// these, so any occurrence (including the `\x5f` escape of `_`) is reported as critical.
public enum GGUFChatTemplateCheck {
    /// Markers matched anywhere in the template.
    public static let markers = ["__class__", "__mro__", "__subclasses__", "__globals__", "__builtins__",
                                 "__import__", "__base__", "__init__", "\\x5f\\x5f", "\\u005f\\u005f"]
    /// Identifiers matched only as whole words (`os.` but not `pos.` or `photos.`).
    public static let words = ["popen", "os.", "subprocess", "eval(", "exec("]

    /// The suspicious markers found in `template`, in the order listed above.
    public static func suspiciousMarkers(in template: String) -> [String] {
        var found: [String] = []
        for marker in markers where template.contains(marker) { found.append(marker) }
        let bytes = Array(template.utf8)
        for word in words where containsWord(Array(word.utf8), in: bytes) { found.append(word) }
        return found
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

/// Applies the chat-template check (`GGUFChatTemplateCheck.suspiciousMarkers`) to the Jinja templates
/// Hugging Face models carry outside GGUF: `chat_template` in `tokenizer_config.json` (a string, or a
/// list of `{"name", "template"}`), `chat_template.json`, `chat_template.jinja` and
/// `additional_chat_templates/*.jinja`. transformers renders them with Jinja in a sandbox that a
/// template reaching Python internals escapes, so a hit is `chat-template-injection` (critical).
public enum ChatTemplateFileCheck {
    /// Largest template file read.
    public static let maximumSize = 16 << 20

    /// True for files that hold chat templates.
    public static func isTemplateFile(_ path: RawPath) -> Bool {
        let name = path.name
        if name == "tokenizer_config.json" || name == "chat_template.json" || name == "chat_template.jinja" { return true }
        return name.hasSuffix(".jinja") && path.displayString.contains("additional_chat_templates/")
    }

    /// The templates in a template file, each with the key it sits under.
    public static func templates(in bytes: [UInt8], fileName: String) -> [(String, String)] {
        if fileName.hasSuffix(".jinja") { return [("template", String(decoding: bytes, as: UTF8.self))] }
        guard let json = try? JSONParser().parse(bytes) else { return [] }
        switch json["chat_template"] {
        case .string(let text)?:
            return [("chat_template", text)]
        case .array(let items)?:
            return items.enumerated().compactMap { index, item in
                guard let text = item["template"]?.stringValue else { return nil }
                return ("chat_template[\(item["name"]?.stringValue ?? String(index))]", text)
            }
        default:
            return []
        }
    }

    /// `chat-template-injection` findings for the file `path` holding `bytes`.
    public static func findings(bytes: [UInt8], path: RawPath) -> [Finding] {
        templates(in: bytes, fileName: path.name).compactMap { key, template in
            let found = GGUFChatTemplateCheck.suspiciousMarkers(in: template)
            guard !found.isEmpty else { return nil }
            return Finding(code: "chat-template-injection", severity: .critical,
                           message: "chat template \(key) in \(path.displayString) reaches Python internals (\(found.joined(separator: ", "))): rendering it can run code",
                           path: path, details: [("key", .string(key)), ("markers", .array(found.map { JSONValue.string($0) }))])
        }
    }
}

/// Finds `Lambda` layers in a Keras model configuration (`config.json` of a `.keras` archive, or the
/// `model_config` attribute of a legacy `.h5` file). A Lambda layer stores Python bytecode or source
/// that Keras runs when it rebuilds the model, so any Lambda makes the file `unsafe`.
public enum KerasConfigCheck {
    /// Where each Lambda layer sits, as a readable path (`model/layers[3] "my_lambda"`).
    public static func lambdaLayers(in config: JSONValue) -> [String] {
        var found: [String] = []
        walk(config, path: "config", depth: 0, found: &found)
        return found
    }

    private static func walk(_ value: JSONValue, path: String, depth: Int, found: inout [String]) {
        guard depth < 256, found.count < 100 else { return }
        switch value {
        case .object(let members):
            if let className = value["class_name"]?.stringValue, className == "Lambda" || className.hasSuffix(">Lambda") {
                let name = value["config"]?["name"]?.stringValue ?? value["name"]?.stringValue
                found.append(path + (name.map { " \"\($0)\"" } ?? ""))
            }
            for (key, member) in members { walk(member, path: "\(path).\(key)", depth: depth + 1, found: &found) }
        case .array(let items):
            for (index, item) in items.enumerated() { walk(item, path: "\(path)[\(index)]", depth: depth + 1, found: &found) }
        default:
            break
        }
    }

    /// The `keras-lambda-layer` finding (critical) for the layers found, or nil.
    public static func finding(layers: [String], path: RawPath?, member: String?) -> Finding? {
        guard !layers.isEmpty else { return nil }
        var details: [(String, JSONValue)] = [("layers", .array(layers.map { JSONValue.string($0) }))]
        if let member { details.append(("member", .string(member))) }
        return Finding(code: "keras-lambda-layer", severity: .critical,
                       message: "the model configuration holds \(layers.count) Lambda layer(s), whose code runs when the model is loaded: \(layers.prefix(5).joined(separator: "; "))",
                       path: path, details: details)
    }
}

/// Finds what runs code when Keras rebuilds a model from its configuration (`config.json` of a `.keras`
/// archive, or the `model_config` attribute of a legacy `.h5` file):
///
/// - `Lambda` layers store Python bytecode or source that Keras runs (Keras 3 refuses them only in
///   `safe_mode`): any Lambda makes the file `unsafe`.
/// - Every serialized object names the module Keras imports to find its class (`module`, with
///   `class_name` and `registered_name`; functions are `{"class_name": "function", "config": NAME}`).
///   Objects from Keras itself are safe; others are judged like pickle imports: a known-dangerous
///   target is `keras-unsafe-object` (critical), anything else `keras-custom-object` (warning, safety
///   `unknown`): loading imports that module, which runs its code.
public enum KerasConfigCheck {
    /// Module prefixes of Keras's own objects.
    static let kerasModules = ["keras", "tf_keras", "tensorflow.keras", "tensorflow.python.keras", "keras_nlp",
                               "keras_hub", "keras_cv"]

    /// A serialized object whose module lies outside Keras.
    public struct ExternalObject: Sendable, Equatable {
        /// Where it sits, as a readable path.
        public var location: String
        /// `module.name` it resolves to.
        public var target: String
        public var verdict: PickleImportPolicy.Verdict
    }

    /// Objects of `config` whose `module` (or `registered_name` package) lies outside Keras.
    public static func externalObjects(in config: JSONValue, policy: PickleImportPolicy) -> [ExternalObject] {
        var found: [ExternalObject] = []
        walkObjects(config, path: "config", depth: 0, policy: policy, found: &found)
        return found
    }

    private static func walkObjects(_ value: JSONValue, path: String, depth: Int, policy: PickleImportPolicy, found: inout [ExternalObject]) {
        guard depth < 256, found.count < 100 else { return }
        switch value {
        case .object(let members):
            if let className = value["class_name"]?.stringValue {
                let module = value["module"]?.stringValue
                let registered = value["registered_name"]?.stringValue
                let name = className == "function" ? (value["config"]?.stringValue ?? className) : className
                if let module, !kerasModules.contains(where: { PickleImportPolicy.within(module, $0) }) {
                    let verdict = policy.classify(module: module, name: name)
                    if verdict != .safe { found.append(ExternalObject(location: path, target: "\(module).\(name)", verdict: verdict)) }
                } else if module == nil, let registered, registered.contains(">"), !registered.hasPrefix("keras") {
                    // A custom object registered with `register_keras_serializable(package=…)`.
                    found.append(ExternalObject(location: path, target: registered, verdict: .unknown))
                }
            }
            for (key, member) in members { walkObjects(member, path: "\(path).\(key)", depth: depth + 1, policy: policy, found: &found) }
        case .array(let items):
            for (index, item) in items.enumerated() { walkObjects(item, path: "\(path)[\(index)]", depth: depth + 1, policy: policy, found: &found) }
        default:
            break
        }
    }

    /// Findings for external objects: `keras-unsafe-object` (critical) and `keras-custom-object` (warning).
    public static func findings(external: [ExternalObject], path: RawPath?, member: String?) -> [Finding] {
        var findings: [Finding] = []
        let dangerous = external.filter { $0.verdict == .dangerous }
        let unknown = external.filter { $0.verdict == .unknown }
        for (code, severity, items, what) in [("keras-unsafe-object", Finding.Severity.critical, dangerous, "which can run code when the model is loaded"),
                                              ("keras-custom-object", Finding.Severity.warning, unknown, "outside Keras: loading imports that module and runs its code; it is not proven safe")] where !items.isEmpty {
            var details: [(String, JSONValue)] = [("objects", .array(items.prefix(20).map { JSONValue.string($0.target) }))]
            if let member { details.append(("member", .string(member))) }
            let names = Array(Set(items.map(\.target))).sorted().prefix(5).joined(separator: ", ")
            findings.append(Finding(code: code, severity: severity,
                                    message: "the model configuration names \(items.count) object(s) (\(names)) \(what)",
                                    path: path, details: details))
        }
        return findings
    }

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

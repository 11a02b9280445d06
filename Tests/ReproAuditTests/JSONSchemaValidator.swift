import Foundation
@testable import ReproAudit

/// A small JSON Schema (draft-07) validator for the features the CycloneDX 1.6 schema files use:
/// type, enum, const, required, properties, additionalProperties, items (schema or tuple),
/// additionalItems, min/maxItems, min/maxLength, minimum/maximum, uniqueItems, pattern, $ref within a
/// file and to sibling files, oneOf, anyOf, allOf, if/then/else. `format` is not checked.
struct JSONSchemaValidator {
    /// Schema documents by file name.
    let documents: [String: JSONValue]

    init(directory: URL, files: [String]) throws {
        var documents: [String: JSONValue] = [:]
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            documents[file] = try JSONParser(maximumDepth: 256).parse(Array(data))
        }
        self.documents = documents
    }

    /// Errors found validating `instance` against the document `file`; empty when valid.
    func validate(_ instance: JSONValue, against file: String) -> [String] {
        var errors: [String] = []
        validate(instance, documents[file]!, document: file, at: "$", errors: &errors)
        return errors
    }

    private func resolve(_ reference: String, from document: String) -> (JSONValue, String)? {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let file = parts[0].isEmpty ? document : String(parts[0])
        guard var node = documents[file] else { return nil }
        if parts.count == 2 {
            for component in parts[1].split(separator: "/") {
                guard let next = node[String(component)] else { return nil }
                node = next
            }
        }
        return (node, file)
    }

    private func validate(_ value: JSONValue, _ schema: JSONValue, document: String, at path: String, errors: inout [String]) {
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(path): not allowed") }
            return
        }
        if let reference = schema["$ref"]?.stringValue {
            guard let (target, file) = resolve(reference, from: document) else {
                errors.append("\(path): unresolvable $ref \(reference)")
                return
            }
            validate(value, target, document: file, at: path, errors: &errors)
            return  // draft-07: siblings of $ref are ignored
        }
        if let type = schema["type"] {
            let types = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !types.contains(where: { matches(value, type: $0) }) {
                errors.append("\(path): expected \(types.joined(separator: "|")), found \(value.typeName)")
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            errors.append("\(path): \(JSONWriter.string(value)) is not one of the enum values")
        }
        if let constant = schema["const"], constant != value {
            errors.append("\(path): expected \(JSONWriter.string(constant))")
        }
        switch value {
        case .object(let members):
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !members.contains(where: { $0.0 == name }) {
                errors.append("\(path): missing required \"\(name)\"")
            }
            let properties = schema["properties"]
            for (name, member) in members {
                if let propertySchema = properties?[name] {
                    validate(member, propertySchema, document: document, at: "\(path).\(name)", errors: &errors)
                } else if let additional = schema["additionalProperties"] {
                    validate(member, additional, document: document, at: "\(path).\(name)", errors: &errors)
                }
            }
        case .array(let items):
            if let minimum = schema["minItems"]?.intValue, items.count < minimum { errors.append("\(path): fewer than \(minimum) items") }
            if let maximum = schema["maxItems"]?.intValue, items.count > maximum { errors.append("\(path): more than \(maximum) items") }
            if schema["uniqueItems"]?.boolValue == true {
                for (index, item) in items.enumerated() where items[..<index].contains(item) {
                    errors.append("\(path)[\(index)]: duplicate item")
                }
            }
            if let tuple = schema["items"]?.arrayValue {
                for (index, item) in items.enumerated() {
                    if index < tuple.count {
                        validate(item, tuple[index], document: document, at: "\(path)[\(index)]", errors: &errors)
                    } else if let additional = schema["additionalItems"] {
                        validate(item, additional, document: document, at: "\(path)[\(index)]", errors: &errors)
                    }
                }
            } else if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() {
                    validate(item, itemSchema, document: document, at: "\(path)[\(index)]", errors: &errors)
                }
            }
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minimum = schema["minLength"]?.intValue, length < minimum { errors.append("\(path): shorter than \(minimum)") }
            if let maximum = schema["maxLength"]?.intValue, length > maximum { errors.append("\(path): longer than \(maximum)") }
            if let pattern = schema["pattern"]?.stringValue {
                let regex = try! NSRegularExpression(pattern: pattern)
                if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    errors.append("\(path): \"\(text)\" does not match \(pattern)")
                }
            }
        case .integer, .double:
            let number = value.doubleValue!
            if let minimum = schema["minimum"]?.doubleValue, number < minimum { errors.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"]?.doubleValue, number > maximum { errors.append("\(path): above \(maximum)") }
        default:
            break
        }
        if let options = schema["oneOf"]?.arrayValue {
            let passing = options.filter { option in
                var scratch: [String] = []
                validate(value, option, document: document, at: path, errors: &scratch)
                return scratch.isEmpty
            }.count
            if passing != 1 { errors.append("\(path): matches \(passing) of oneOf's \(options.count) schemas, not exactly one") }
        }
        if let options = schema["anyOf"]?.arrayValue {
            let passes = options.contains { option in
                var scratch: [String] = []
                validate(value, option, document: document, at: path, errors: &scratch)
                return scratch.isEmpty
            }
            if !passes { errors.append("\(path): matches none of anyOf") }
        }
        for option in schema["allOf"]?.arrayValue ?? [] {
            validate(value, option, document: document, at: path, errors: &errors)
        }
        if let condition = schema["if"] {
            var scratch: [String] = []
            validate(value, condition, document: document, at: path, errors: &scratch)
            if scratch.isEmpty, let then = schema["then"] {
                validate(value, then, document: document, at: path, errors: &errors)
            } else if !scratch.isEmpty, let otherwise = schema["else"] {
                validate(value, otherwise, document: document, at: path, errors: &errors)
            }
        }
    }

    private func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .integer), ("number", .double), ("integer", .integer): return true
        case ("integer", .double(let d)): return d.rounded() == d
        default: return false
        }
    }
}

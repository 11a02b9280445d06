/// Why a Sigstore bundle or its Model Signing payload could not be read: the field (a JSON path such
/// as `verificationMaterial.tlogEntries[0].integratedTime`) and what is wrong with it.
public struct BundleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { field.isEmpty ? problem : "\(field): \(problem)" }
}

/// Typed access to the members of untrusted JSON, each failure a `BundleError` naming the field.
struct BundleFields {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func object(_ key: String) throws(BundleError) -> BundleFields {
        guard let member = value[key] else { throw BundleError(name(key), "missing") }
        guard case .object = member else { throw BundleError(name(key), "expected an object, found \(member.typeName)") }
        return BundleFields(member, path: name(key))
    }

    func optionalObject(_ key: String) throws(BundleError) -> BundleFields? {
        guard let member = value[key], !member.isNull else { return nil }
        return try object(key)
    }

    func string(_ key: String) throws(BundleError) -> String {
        guard let member = value[key] else { throw BundleError(name(key), "missing") }
        guard let text = member.stringValue else { throw BundleError(name(key), "expected a string, found \(member.typeName)") }
        return text
    }

    func optionalString(_ key: String) throws(BundleError) -> String? {
        guard let member = value[key], !member.isNull else { return nil }
        return try string(key)
    }

    /// Standard base64 (protobuf JSON's `bytes`), at most `limit` decoded bytes.
    func base64(_ key: String, limit: Int = 1 << 20) throws(BundleError) -> [UInt8] {
        let text = try string(key)
        guard text.utf8.count <= (limit / 3 + 1) * 4 + 4 else { throw BundleError(name(key), "longer than \(limit) bytes") }
        guard let bytes = Base64.decode(text) else { throw BundleError(name(key), "not valid base64") }
        return bytes
    }

    /// An int64 as protobuf JSON writes it (a decimal string) or a JSON number; not negative.
    func int64(_ key: String) throws(BundleError) -> Int64 {
        guard let member = value[key] else { throw BundleError(name(key), "missing") }
        let parsed: Int64?
        switch member {
        case .string(let text): parsed = Int64(text)
        default: parsed = member.int64Value
        }
        guard let parsed, parsed >= 0 else { throw BundleError(name(key), "expected a non-negative integer") }
        return parsed
    }

    func array(_ key: String, limit: Int) throws(BundleError) -> [BundleFields] {
        guard let member = value[key] else { throw BundleError(name(key), "missing") }
        guard let items = member.arrayValue else { throw BundleError(name(key), "expected an array, found \(member.typeName)") }
        guard items.count <= limit else { throw BundleError(name(key), "more than \(limit) elements") }
        return items.enumerated().map { BundleFields($0.element, path: "\(name(key))[\($0.offset)]") }
    }

    func optionalArray(_ key: String, limit: Int) throws(BundleError) -> [BundleFields] {
        guard let member = value[key], !member.isNull else { return [] }
        return try array(key, limit: limit)
    }

    func bool(_ key: String) throws(BundleError) -> Bool? {
        guard let member = value[key], !member.isNull else { return nil }
        if let flag = member.boolValue { return flag }
        // v0.2-era payloads wrote booleans as strings.
        if let text = member.stringValue?.lowercased(), text == "true" || text == "false" { return text == "true" }
        throw BundleError(name(key), "expected a boolean, found \(member.typeName)")
    }
}

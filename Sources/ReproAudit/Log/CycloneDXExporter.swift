/// Builds a CycloneDX 1.6 BOM (JSON) from audit records: one `machine-learning-model` component per
/// model with its weight-file SHA-256 digests, licences, a model card whose datasets are `data`
/// components, and reproaudit's verdicts and findings as `reproaudit:` properties.
///
/// Validated in the tests against the official 1.6 schema files (`Tests/…/Fixtures/cyclonedx`).
public enum CycloneDXExporter {
    /// The BOM for `records` (newest `audit` record of each model; other events are ignored).
    public static func bom(records: [JSONValue], timestamp: Timestamp, serialNumber: String = randomSerialNumber()) -> JSONValue {
        var components: [JSONValue] = []
        var dataComponents: [String: JSONValue] = [:]
        var dataOrder: [String] = []
        var usedRefs = Set<String>()
        for record in records where record["event"]?.stringValue == "audit" {
            let (component, datasets) = modelComponent(record, usedRefs: &usedRefs)
            components.append(component)
            for dataset in datasets where dataComponents[dataset] == nil {
                dataOrder.append(dataset)
                dataComponents[dataset] = .object([
                    ("type", "data"),
                    ("bom-ref", .string(datasetRef(dataset))),
                    ("name", .string(dataset)),
                    ("data", .array([.object([("type", "dataset"), ("name", .string(dataset))])])),
                ])
            }
        }
        components += dataOrder.map { dataComponents[$0]! }
        return .object([
            ("bomFormat", "CycloneDX"),
            ("specVersion", "1.6"),
            ("serialNumber", .string(serialNumber)),
            ("version", 1),
            ("metadata", .object([
                ("timestamp", .string(timestamp.rfc3339)),
                ("tools", .object([
                    ("components", .array([.object([
                        ("type", "application"),
                        ("name", "reproaudit"),
                        ("version", .string(ReproAuditVersion.string)),
                    ])])),
                ])),
            ])),
            ("components", .array(components)),
        ])
    }

    /// `urn:uuid:` and a random (version 4) UUID.
    public static func randomSerialNumber() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
        return "urn:uuid:" + hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }

    static func datasetRef(_ name: String) -> String { "dataset:" + name }

    /// Dataset ids a record names: `checks.datasets.ids`/`.datasets`, `checks.data_card.datasets`.
    public static func datasets(of record: JSONValue) -> [String] {
        let checks = record["checks"]
        let lists = [checks?["datasets"]?["ids"], checks?["datasets"]?["datasets"], checks?["data_card"]?["datasets"]]
        var seen = Set<String>()
        var result: [String] = []
        for list in lists {
            for item in list?.arrayValue ?? [] {
                guard let name = item.stringValue ?? item["id"]?.stringValue ?? item["name"]?.stringValue,
                      !name.isEmpty, seen.insert(name).inserted else { continue }
                result.append(name)
            }
        }
        return result
    }

    static func property(_ name: String, _ value: String) -> JSONValue {
        .object([("name", .string("reproaudit:" + name)), ("value", .string(value))])
    }

    static func modelComponent(_ record: JSONValue, usedRefs: inout Set<String>) -> (JSONValue, [String]) {
        let model = record["model"] ?? .object([])
        let path = model["path_bytes"]?.stringValue.map { "base64:" + $0 } ?? model["path"]?.stringValue ?? "?"
        var ref = "model:" + path
        var suffix = 2
        while !usedRefs.insert(ref).inserted {
            ref = "model:\(path)#\(suffix)"
            suffix += 1
        }
        let pathText = PathEncoding.path("path", in: model)?.displayString ?? "?"
        let name = model["name"]?.stringValue ?? RawPath(pathText).name
        var members: [(String, JSONValue)] = [("type", "machine-learning-model"), ("bom-ref", .string(ref))]
        if let group = groupAndName(name).group { members.append(("group", .string(group))) }
        members.append(("name", .string(groupAndName(name).name)))
        if let revision = model["revision"]?.stringValue, !revision.isEmpty { members.append(("version", .string(revision))) }

        let checks = record["checks"]
        let weightFiles = checks?["weights"]?["files"]?.arrayValue ?? []
        var hashes: [JSONValue] = []
        var fileComponents: [JSONValue] = []
        var seenDigests = Set<String>()
        for (index, file) in weightFiles.enumerated() {
            guard let digest = file["sha256"]?.stringValue, isHex64(digest) else { continue }
            if seenDigests.insert(digest).inserted {
                hashes.append(.object([("alg", "SHA-256"), ("content", .string(digest))]))
            }
            let filePath = PathEncoding.path("path", in: file)?.displayString ?? "file\(index)"
            var fileMembers: [(String, JSONValue)] = [
                ("type", "file"), ("bom-ref", .string("\(ref)/\(index)")), ("name", .string(filePath)),
                ("hashes", .array([.object([("alg", "SHA-256"), ("content", .string(digest))])])),
            ]
            var fileProperties = [property("integrity", file["status"]?.stringValue ?? "unknown")]
            if let source = file["expected_from"]?.stringValue { fileProperties.append(property("expected_from", source)) }
            if let format = file["format"]?.stringValue { fileProperties.append(property("format", format)) }
            fileMembers.append(("properties", .array(fileProperties)))
            fileComponents.append(.object(fileMembers))
        }
        if !hashes.isEmpty { members.append(("hashes", .array(hashes))) }

        let license = checks?["license"]
        if let id = license?["id"]?.stringValue, let spdx = SPDXLicenseIdentifiers.canonical(id) {
            members.append(("licenses", .array([.object([("license", .object([("id", .string(spdx))]))])])))
        } else if let text = license?["id"]?.stringValue ?? license?["name"]?.stringValue, !text.isEmpty {
            members.append(("licenses", .array([.object([("license", .object([("name", .string(text))]))])])))
        }

        // The model card: datasets as references to data components, and what the card declares.
        let datasets = Self.datasets(of: record)
        var card: [(String, JSONValue)] = []
        if !datasets.isEmpty {
            card.append(("modelParameters", .object([
                ("datasets", .array(datasets.map { .object([("ref", .string(datasetRef($0)))]) })),
            ])))
        }
        var cardProperties: [JSONValue] = []
        for (key, check) in checks?.objectValue ?? [] where !["weights", "other_files", "serialization"].contains(key) {
            let status = check["status"]?.stringValue ?? check["class"]?.stringValue ?? "unknown"
            cardProperties.append(property("check:\(key)", status))
            for evidence in check["evidence"]?.arrayValue ?? [] {
                var detail = evidence["detail"]?.stringValue ?? ""
                if let where_ = PathEncoding.path("path", in: evidence) { detail = where_.displayString + ": " + detail }
                cardProperties.append(property("evidence:\(key)", detail))
            }
        }
        for (component, status) in record["components"]?.objectValue ?? [] {
            cardProperties.append(property("component:\(component)", status.stringValue ?? "unknown"))
        }
        if !cardProperties.isEmpty { card.append(("properties", .array(cardProperties))) }
        if !card.isEmpty { members.append(("modelCard", .object(card))) }

        if !fileComponents.isEmpty { members.append(("components", .array(fileComponents))) }

        var properties: [JSONValue] = [property("path", pathText)]
        if let layout = model["layout"]?.stringValue { properties.append(property("layout", layout)) }
        let verdict = record["verdict"]
        for key in ["integrity", "safety", "openness", "mof_class"] {
            properties.append(property(key, verdict?[key]?.stringValue ?? "none"))
        }
        if let licenseClass = license?["class"]?.stringValue { properties.append(property("license_class", licenseClass)) }
        if let time = record["time"]?.stringValue { properties.append(property("audited_at", time)) }
        if let host = record["host"]?.stringValue { properties.append(property("host", host)) }
        for finding in record["findings"]?.arrayValue ?? [] {
            var text = "\(finding["severity"]?.stringValue ?? "?") \(finding["code"]?.stringValue ?? "?")"
            if let where_ = PathEncoding.path("path", in: finding) { text += " [\(where_.displayString)]" }
            if let message = finding["message"]?.stringValue { text += ": " + message }
            properties.append(property("finding", text))
        }
        members.append(("properties", .array(properties)))
        return (.object(members), datasets)
    }

    /// `org/name` → group `org`, name `name`; Ollama `library/llama3:8b` likewise.
    static func groupAndName(_ name: String) -> (group: String?, name: String) {
        guard let slash = name.lastIndex(of: "/"), slash != name.startIndex, name.index(after: slash) != name.endIndex else {
            return (nil, name)
        }
        return (String(name[..<slash]), String(name[name.index(after: slash)...]))
    }

    static func isHex64(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }
}

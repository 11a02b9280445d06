import Foundation
import Testing
@testable import ReproAudit

@Suite struct CycloneDXExportTests {
    typealias S = LogTestSupport

    static func validator() throws -> JSONSchemaValidator {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("cyclonedx")
        return try JSONSchemaValidator(
            directory: directory,
            files: ["bom-1.6.SNAPSHOT.schema.json", "spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json"])
    }

    static func records() -> [JSONValue] {
        var withDatasets = S.record("org/with-datasets", time: S.base, licenseID: "llama3").json
        // A record whose openness check lists dataset ids, as the auditor may write them.
        if case .object(var members) = withDatasets, let index = members.firstIndex(where: { $0.0 == "checks" }),
           case .object(var checks) = members[index].1 {
            checks.removeAll { $0.0 == "datasets" }
            checks.append(("datasets", .object([("status", "referenced"), ("ids", ["allenai/c4", "wikipedia"]), ("evidence", [])])))
            members[index].1 = .object(checks)
            withDatasets = .object(members)
        }
        return [
            S.record("org/open", time: S.base, licenseID: "apache-2.0",
                     findings: [Finding(code: "open-washing", severity: .warning, message: "the card says \"open source\"")]).json,
            withDatasets,
            S.record("nolicence", path: RawPath(bytes: Array("/srv/m/caf".utf8) + [0xE9]), time: S.base, licenseID: nil).json,
        ]
    }

    @Test func exportedBOMIsValidCycloneDX16() throws {
        let validator = try Self.validator()
        let bom = CycloneDXExporter.bom(records: Self.records(), timestamp: Timestamp(millisecondsSinceEpoch: S.base))
        let errors = validator.validate(bom, against: "bom-1.6.SNAPSHOT.schema.json")
        #expect(errors.isEmpty, "\(errors.prefix(10))")
        #expect(bom["specVersion"] == "1.6")
        let components = try #require(bom["components"]?.arrayValue)
        #expect(components.filter { $0["type"] == "machine-learning-model" }.count == 3)
        #expect(components.filter { $0["type"] == "data" }.map { $0["name"] } == ["allenai/c4", "wikipedia"])
        // SPDX ids take SPDX spelling; other ids become names.
        #expect(components[0]["licenses"]?[0]?["license"]?["id"] == "Apache-2.0")
        #expect(components[1]["licenses"]?[0]?["license"]?["name"] == "llama3")
        #expect(components[2]["licenses"] == nil)
        #expect(components[1]["modelCard"]?["modelParameters"]?["datasets"]?[0]?["ref"] == "dataset:allenai/c4")
        #expect(components[0]["hashes"]?[0]?["content"]?.stringValue == String(repeating: "a", count: 64))
        let properties = components[0]["properties"]?.arrayValue ?? []
        #expect(properties.contains { $0["name"] == "reproaudit:integrity" && $0["value"] == "verified" })
        #expect(properties.contains { $0["name"] == "reproaudit:finding" && ($0["value"]?.stringValue ?? "").contains("open-washing") })
    }

    @Test func validatorCatchesBrokenBOMs() throws {
        let validator = try Self.validator()
        let good = CycloneDXExporter.bom(records: Self.records(), timestamp: Timestamp(millisecondsSinceEpoch: S.base))
        guard case .object(var members) = good else { Issue.record("not an object"); return }
        members[members.firstIndex { $0.0 == "serialNumber" }!].1 = "not-a-urn"
        #expect(!validator.validate(.object(members), against: "bom-1.6.SNAPSHOT.schema.json").isEmpty)
        let badComponent: JSONValue = .object([("bomFormat", "CycloneDX"), ("specVersion", "1.6"),
            ("components", [.object([("type", "model"), ("name", "x")])])])
        #expect(!validator.validate(badComponent, against: "bom-1.6.SNAPSHOT.schema.json").isEmpty)
        let badLicence: JSONValue = .object([("bomFormat", "CycloneDX"), ("specVersion", "1.6"),
            ("components", [.object([("type", "library"), ("name", "x"), ("licenses", [.object([("license", .object([("id", "apache-2.0")]))])])])])])
        #expect(!validator.validate(badLicence, against: "bom-1.6.SNAPSHOT.schema.json").isEmpty)
    }

    @Test func exportCommandWritesAValidBOM() throws {
        let dir = S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/audit.jsonl"
        S.write(Self.records().map { JSONWriter.bytes($0) + [0x0A] }, to: log)
        let all = S.run(["export", "--format", "cyclonedx", "--log", log, "--all"])
        #expect(all.status == 0, "\(all.stderr)")
        let bom = try JSONParser().parse(Array(all.stdout))
        #expect(try Self.validator().validate(bom, against: "bom-1.6.SNAPSHOT.schema.json").isEmpty)
        #expect(bom["components"]?.arrayValue?.filter { $0["type"] == "machine-learning-model" }.count == 3)

        let one = S.run(["export", "--format", "cyclonedx", "--log", log, "with-datasets"])
        #expect(one.status == 0)
        let oneBOM = try JSONParser().parse(Array(one.stdout))
        #expect(oneBOM["components"]?.arrayValue?.filter { $0["type"] == "machine-learning-model" }.count == 1)

        #expect(S.run(["export", "--format", "spdx", "--log", log]).status == 2)
        #expect(S.run(["export", "--format", "cyclonedx", "--log", log, "no-such-model"]).status == 2)
    }
}

import Foundation
import Testing
@testable import ReproAudit
import ReproAuditDaemon

/// Models signed with model_signing (`Fixtures/signing/`, made by Tests/make_signing_fixtures.sh):
/// each breakage gives its finding, trusted manifests become expected digests, untrusted ones do not.
@Suite struct SignatureScanTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("signing").path
    static let trust = fixtures + "/trust"

    static func policy(keys: [String] = ["signer.pub.pem"], roots: [String] = ["root.pem"], extra: String = "") throws -> TrustPolicy {
        let keyList = keys.map { "\"\(trust)/\($0)\"" }.joined(separator: ",")
        let rootList = roots.map { "\"\(trust)/\($0)\"" }.joined(separator: ",")
        return try TrustPolicy.parse(try JSONParser().parse("{\"keys\": [\(keyList)], \"certificate_chains\": [\(rootList)]\(extra)}"), file: "policy.json")
    }

    static func scan(_ name: String, policy: TrustPolicy?, ignore: [String] = []) -> AuditRecord {
        var options = AuditOptions(jobs: 2, trigger: .scan)
        options.signaturePolicy = policy
        options.signatureIgnorePaths = ignore
        let outcome = ScanRunner(options: options).run(paths: [RawPath(fixtures + "/" + name)])
        #expect(outcome.records.count == 1)
        return outcome.records[0]
    }

    static func codes(_ record: AuditRecord) -> [String] {
        record.findings.map(\.code).filter { $0.hasPrefix("signature") || $0 == "checksum-mismatch" }
    }

    @Test(arguments: ["key-p256", "certificate", "files-blake2", "shards-blake2"])
    func signedModelsVerify(name: String) throws {
        let record = Self.scan(name, policy: try Self.policy())
        #expect(record.signatureStatus == .verified)
        #expect(Self.codes(record) == [])
        #expect(!record.isCritical)
        #expect(record.files.allSatisfy { $0.status == .verified && $0.expectedFrom == .omsSignature })
        let json = record.json
        #expect(json["verdict"]?["signature"] == "verified")
        #expect(json["checks"]?["signature"]?["files_signed"] == 2)
        #expect(json["checks"]?["signature"]?["bundle_sha256"]?.stringValue?.count == 64)
        if name.hasPrefix("shards") {
            #expect(record.signature?.shards.count == 7)
            #expect(record.signature?.shards.allSatisfy { $0.status == .verified } == true)
        }
    }

    @Test func wrongPolicyIsUntrustedAndVouchesForNothing() throws {
        let record = Self.scan("key-p256", policy: try Self.policy(keys: ["other.pub.pem"], roots: ["other-root.pem"]))
        #expect(record.signatureStatus == .untrusted)
        #expect(Self.codes(record) == ["signature-untrusted"])
        #expect(record.files.allSatisfy { $0.expectedFrom != .omsSignature })
        #expect(!record.isCritical)
        let certificate = Self.scan("certificate", policy: try Self.policy(keys: ["other.pub.pem"], roots: ["other-root.pem"]))
        #expect(certificate.signatureStatus == .untrusted)
        let unconfigured = Self.scan("key-p256", policy: nil)
        #expect(unconfigured.signatureStatus == .untrusted)
    }

    @Test func tamperedFileIsAMismatch() throws {
        let record = Self.scan("tampered-file", policy: try Self.policy())
        #expect(record.signatureStatus == .verified)
        #expect(record.integrity == .mismatch)
        #expect(Self.codes(record) == ["checksum-mismatch"])
        #expect(record.isCritical)
    }

    @Test func tamperedShardIsNamed() throws {
        let record = Self.scan("shards-tampered", policy: try Self.policy())
        #expect(record.integrity == .mismatch)
        let bad = record.signature?.shards.filter { $0.status == .mismatch }
        #expect(bad?.map { "\($0.path):\($0.start):\($0.end)" } == ["model.safetensors.bin-not-really:8:16"])
    }

    @Test func missingFile() throws {
        let record = Self.scan("missing-file", policy: try Self.policy())
        #expect(record.integrity == .incomplete)
        #expect(Self.codes(record) == ["signature-missing-file"])
        #expect(record.isCritical)
    }

    @Test func addedFileUnlessIgnored() throws {
        let record = Self.scan("added-file", policy: try Self.policy())
        #expect(Self.codes(record) == ["signature-unsigned-file"])
        #expect(record.isCritical)
        let ignored = Self.scan("added-file", policy: try Self.policy(), ignore: ["extra.txt"])
        #expect(Self.codes(ignored) == [])
        let byPolicy = Self.scan("added-file", policy: try Self.policy(extra: ", \"ignore_paths\": [\"extra.txt\"]"))
        #expect(Self.codes(byPolicy) == [])
    }

    @Test(arguments: ["bad-signature", "edited-manifest", "certificate-expired"])
    func invalidSignatures(name: String) throws {
        let record = Self.scan(name, policy: try Self.policy())
        #expect(record.signatureStatus == .invalid)
        #expect(Self.codes(record) == ["signature-invalid"])
        #expect(record.isCritical)
        #expect(record.files.allSatisfy { $0.expectedFrom != .omsSignature })
    }

    @Test func requiredSignature() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reproaudit-unsigned-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{\"model_type\": \"x\"}".utf8).write(to: folder.appendingPathComponent("config.json"))
        try Data(repeating: 0, count: 64).write(to: folder.appendingPathComponent("model.safetensors"))
        var options = AuditOptions(jobs: 1, trigger: .scan)
        options.signaturePolicy = try Self.policy(extra: ", \"require\": true")
        let record = ScanRunner(options: options).run(paths: [RawPath(folder.path)]).records[0]
        #expect(record.signatureStatus == .unsigned)
        #expect(record.json["verdict"]?["signature"] == "unsigned")
        #expect(Self.codes(record) == ["signature-required"])
        let untrusted = Self.scan("key-p256", policy: try Self.policy(keys: ["other.pub.pem"], extra: ", \"require\": [\"\(Self.fixtures)\"]"))
        #expect(Self.codes(untrusted) == ["signature-required", "signature-untrusted"])
    }

    @Test func brokenPolicyIsAnErrorNamingTheFile() throws {
        #expect(throws: TrustPolicyError.self) { try TrustPolicy.parse(try JSONParser().parse("{\"keys\": [\"/nonexistent/k.pem\"]}"), file: "p.json") }
        #expect(throws: TrustPolicyError.self) { try TrustPolicy.parse(try JSONParser().parse("{\"keys\": [\"\(Self.trust)/root.pem\"]}"), file: "p.json") }
        #expect(throws: TrustPolicyError.self) { try TrustPolicy.parse(try JSONParser().parse("{\"sigstore\": {\"trusted_root\": \"\(Self.trust)/root.pem\"}}"), file: "p.json") }
        #expect(throws: TrustPolicyError.self) { try TrustPolicy.parse(try JSONParser().parse("{\"kyes\": []}"), file: "p.json") }
    }

    @Test func scanCommandExitStatus() throws {
        let policyFile = FileManager.default.temporaryDirectory.appendingPathComponent("reproaudit-signers-\(UUID().uuidString).json").path
        try Data("{\"keys\": [\"\(Self.trust)/signer.pub.pem\"]}".utf8).write(to: URL(fileURLWithPath: policyFile))
        defer { try? FileManager.default.removeItem(atPath: policyFile) }
        let good = try DaemonHarness.run(["scan", Self.fixtures + "/key-p256", "--signers", policyFile])
        #expect(good.status == 0, "\(good.error)")
        let bad = try DaemonHarness.run(["scan", Self.fixtures + "/tampered-file", "--signers", policyFile])
        #expect(bad.status == 1)
        let broken = try DaemonHarness.run(["scan", Self.fixtures + "/key-p256", "--signers", Self.trust + "/root.pem"])
        #expect(broken.status == 2)
        #expect(broken.error.contains("root.pem"))
    }
}

/// The daemon's `signatures` configuration key.
@Suite struct SignatureConfigurationTests {
    @Test func signaturesKeyIsReadAndCheckedWhenLoaded() throws {
        let trust = SignatureScanTests.trust
        let good = try Configuration.parse(Array("{\"watch\": [\"/tmp\"], \"signatures\": {\"keys\": [\"\(trust)/signer.pub.pem\"], \"require\": true}}".utf8), file: "c.json")
        #expect(good.signatures?.keys.count == 1)
        #expect(good.signatures?.require == .all)
        #expect(throws: ConfigurationError.self) {
            try Configuration.parse(Array("{\"watch\": [\"/tmp\"], \"signatures\": {\"keys\": [\"\(trust)/missing.pem\"]}}".utf8), file: "c.json")
        }
    }
}

import Foundation
import Testing
@testable import ReproAudit

/// The reference implementation's published bundles (`../shared/fixtures/model-signing`, skipped when
/// absent): every one verifies with the right policy and is `untrusted` with the wrong one.
@Suite struct SignatureFixtureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/fixtures/model-signing").standardized.path
    static var available: Bool { FileManager.default.fileExists(atPath: root + "/README.md") }

    static func folders(_ suffix: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }

    static func policy(_ json: String) throws -> TrustPolicy {
        let value = try JSONParser().parse(json)
        return try TrustPolicy.parse(value, file: "test-policy.json")
    }

    static let keyPolicy = "{\"keys\": [\"\(root)/keys-signing-key-pub.pem\"]}"
    static let certificatePolicy = "{\"certificate_chains\": [\"\(root)/keys-ca-cert.pem\"]}"
    static let sigstorePolicy = "{\"sigstore\": {\"trusted_root\": \"\(root)/sigstore-public-good-trusted-root.json\", \"identities\": [{\"identity\": \"stefanb@us.ibm.com\", \"issuer\": \"https://sigstore.verify.ibm.com/oauth2\"}]}}"
    static let shippedRootPolicy = "{\"sigstore\": {\"trusted_root\": null, \"identities\": [{\"identity\": \"stefanb@us.ibm.com\", \"issuer\": \"https://sigstore.verify.ibm.com/oauth2\"}]}}"

    static func verify(_ folder: String, _ policyJSON: String) throws -> SignatureVerification {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(root)/\(folder)/model.sig")))
        return SignatureVerifier(policy: try policy(policyJSON)).verify(bundle: bytes, bundlePath: "model.sig")
    }

    @Test(.enabled(if: available), arguments: folders("-elliptic-key"))
    func keyBundles(folder: String) throws {
        let good = try Self.verify(folder, Self.keyPolicy)
        #expect(good.status == .verified, "\(good.findings)")
        #expect(good.method == .key)
        #expect(good.manifest?.resources.isEmpty == false)
        let wrong = try Self.verify(folder, Self.certificatePolicy)
        #expect(wrong.status == .untrusted)
        #expect(wrong.findings.map(\.code) == ["signature-untrusted"])
    }

    @Test(.enabled(if: available), arguments: folders("-certificate"))
    func certificateBundles(folder: String) throws {
        let good = try Self.verify(folder, Self.certificatePolicy)
        #expect(good.status == .verified, "\(good.findings)")
        #expect(good.method == .certificate)
        let wrong = try Self.verify(folder, Self.keyPolicy)
        #expect(wrong.status == .untrusted, "\(wrong.findings)")
    }

    @Test(.enabled(if: available), arguments: folders("-sigstore"))
    func sigstoreBundles(folder: String) throws {
        for policy in [Self.sigstorePolicy, Self.shippedRootPolicy] {
            let good = try Self.verify(folder, policy)
            #expect(good.status == .verified, "\(good.findings)")
            #expect(good.method == .sigstore)
            #expect(good.signer == "stefanb@us.ibm.com")
            #expect(good.issuer == "https://sigstore.verify.ibm.com/oauth2")
            #expect(good.signedAt != nil)
        }
        let wrong = try Self.verify(folder, "{\"sigstore\": {\"identities\": [{\"identity\": \"someone@example.com\", \"issuer\": \"https://accounts.google.com\"}]}}")
        #expect(wrong.status == .untrusted)
        #expect(wrong.findings.map(\.code) == ["signature-untrusted"])
    }

    /// Scanning the published folders: files match the manifest; v1.0.1 needs `--ignore-paths ignore-me`
    /// as with the reference verifier, v1.1.0 lists it in the predicate.
    @Test(.enabled(if: available), arguments: folders("-key") + folders("-certificate") + folders("-sigstore"))
    func scanningPublishedFolders(folder: String) throws {
        let policy = try Self.policy("{\"keys\": [\"\(Self.root)/keys-signing-key-pub.pem\"], \"certificate_chains\": [\"\(Self.root)/keys-ca-cert.pem\"], \"sigstore\": {\"identities\": [{\"identity\": \"stefanb@us.ibm.com\", \"issuer\": \"https://sigstore.verify.ibm.com/oauth2\"}]}}")
        var options = AuditOptions(jobs: 1, trigger: .scan)
        options.signaturePolicy = policy
        let path = RawPath("\(Self.root)/\(folder)")
        let hasIgnoreMe = FileManager.default.fileExists(atPath: "\(Self.root)/\(folder)/ignore-me")
        var record = ScanRunner(options: options).run(paths: [path]).records[0]
        if folder.hasPrefix("v1.0.1"), hasIgnoreMe {
            #expect(record.findings.map(\.code).contains("signature-unsigned-file"))
            options.signatureIgnorePaths = ["\(Self.root)/\(folder)/ignore-me"]
            record = ScanRunner(options: options).run(paths: [path]).records[0]
        }
        #expect(record.signatureStatus == .verified)
        #expect(!record.isCritical, "\(record.findings)")
        #expect(record.files.contains { $0.expectedFrom == .omsSignature && $0.status == .verified })
    }
}

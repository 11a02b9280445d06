import Foundation
import Testing
@testable import ReproAudit

/// Keyless breakages made at test time by mutating copies of the published v1.1.0 sigstore bundle
/// and the trusted root (never committed): each gives its trust outcome and finding.
@Suite(.enabled(if: SignatureFixtureTests.available)) struct SignatureKeylessBreakageTests {
    static let folder = SignatureFixtureTests.root + "/v1.1.0-sigstore"
    static let rootFile = SignatureFixtureTests.root + "/sigstore-public-good-trusted-root.json"

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    static func flip(_ base64: String, at index: Int = 20) -> String {
        var bytes = Base64.decode(base64)!
        bytes[min(index, bytes.count - 1)] ^= 0x01
        return Base64.encode(bytes)
    }

    /// Verifies a mutated bundle with a (possibly mutated) trusted root written to a temporary folder.
    static func verify(bundle mutateBundle: (inout [String: Any]) -> Void, root mutateRoot: (inout [String: Any]) -> Void = { _ in }) throws -> SignatureVerification {
        var bundle = try json(folder + "/model.sig")
        mutateBundle(&bundle)
        var root = try json(rootFile)
        mutateRoot(&root)
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("reproaudit-keyless-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let rootPath = temporary.appendingPathComponent("root.json").path
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: rootPath))
        let policy = try TrustPolicy.parse(try JSONParser().parse("{\"sigstore\": {\"trusted_root\": \"\(rootPath)\", \"identities\": [{\"identity\": \"stefanb@us.ibm.com\", \"issuer\": \"https://sigstore.verify.ibm.com/oauth2\"}]}}"), file: "p.json")
        let bytes = [UInt8](try JSONSerialization.data(withJSONObject: bundle))
        return SignatureVerifier(policy: policy).verify(bundle: bytes, bundlePath: "model.sig")
    }

    static func editEntry(_ bundle: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var material = bundle["verificationMaterial"] as! [String: Any]
        var entries = material["tlogEntries"] as! [[String: Any]]
        edit(&entries[0])
        material["tlogEntries"] = entries
        bundle["verificationMaterial"] = material
    }

    static func editRoot(_ root: inout [String: Any], _ key: String, _ edit: (inout [[String: Any]]) -> Void) {
        var items = root[key] as! [[String: Any]]
        edit(&items)
        root[key] = items
    }

    @Test func unmodifiedCopyVerifies() throws {
        #expect(try Self.verify(bundle: { _ in }).status == .verified)
    }

    @Test func signedEntryTimestampFlipped() throws {
        let result = try Self.verify(bundle: { bundle in
            Self.editEntry(&bundle) { entry in
                var promise = entry["inclusionPromise"] as! [String: Any]
                promise["signedEntryTimestamp"] = Self.flip(promise["signedEntryTimestamp"] as! String)
                entry["inclusionPromise"] = promise
            }
        })
        #expect(result.status == .invalid)
        #expect(result.findings.first?.code == "signature-invalid")
        #expect(result.findings.first?.message.contains("signed entry timestamp") == true)
    }

    @Test func integratedTimeChanged() throws {
        let result = try Self.verify(bundle: { bundle in
            Self.editEntry(&bundle) { entry in entry["integratedTime"] = String(Int(entry["integratedTime"] as! String)! + 3600) }
        })
        #expect(result.status == .invalid)
    }

    @Test func inclusionProofHashFlipped() throws {
        let result = try Self.verify(bundle: { bundle in
            Self.editEntry(&bundle) { entry in
                var proof = entry["inclusionProof"] as! [String: Any]
                var hashes = proof["hashes"] as! [String]
                hashes[3] = Self.flip(hashes[3], at: 5)
                proof["hashes"] = hashes
                entry["inclusionProof"] = proof
            }
        })
        #expect(result.status == .invalid)
        #expect(result.findings.first?.message.contains("inclusion proof") == true)
    }

    @Test func checkpointSignatureBroken() throws {
        let result = try Self.verify(bundle: { bundle in
            Self.editEntry(&bundle) { entry in
                var proof = entry["inclusionProof"] as! [String: Any]
                var checkpoint = proof["checkpoint"] as! [String: Any]
                let text = checkpoint["envelope"] as! String
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let signatureLine = lines.first { $0.hasPrefix("\u{2014}") }!
                let parts = signatureLine.split(separator: " ")
                let broken = parts.dropLast().joined(separator: " ") + " " + Self.flip(String(parts.last!), at: 30)
                checkpoint["envelope"] = text.replacingOccurrences(of: String(signatureLine), with: broken)
                proof["checkpoint"] = checkpoint
                entry["inclusionProof"] = proof
            }
        })
        #expect(result.status == .invalid)
        #expect(result.findings.first?.message.contains("checkpoint") == true)
    }

    @Test func entryBodyForAnotherEnvelope() throws {
        // The envelope's signature replaced: the DSSE signature and the log entry both stop matching.
        let result = try Self.verify(bundle: { bundle in
            var envelope = bundle["dsseEnvelope"] as! [String: Any]
            var payload = Base64.decode(envelope["payload"] as! String)!
            payload[payload.count - 3] ^= 0x01
            envelope["payload"] = Base64.encode(payload)
            bundle["dsseEnvelope"] = envelope
        })
        #expect(result.status == .invalid)
    }

    @Test func unknownRekorLog() throws {
        let result = try Self.verify(bundle: { _ in }, root: { root in
            Self.editRoot(&root, "tlogs") { logs in logs.removeAll { ($0["baseUrl"] as? String) == "https://rekor.sigstore.dev" } }
        })
        #expect(result.status == .untrusted)
        #expect(result.findings.map(\.code) == ["signature-unknown-log"])
    }

    @Test func unknownCertificateAuthority() throws {
        let result = try Self.verify(bundle: { _ in }, root: { root in root["certificateAuthorities"] = [[String: Any]]() })
        #expect(result.status == .untrusted)
        #expect(result.findings.map(\.code) == ["signature-unknown-log"])
    }

    @Test func sctDoesNotVerifyWithTheCTLogKey() throws {
        let result = try Self.verify(bundle: { _ in }, root: { root in
            let rekorKey = (root["tlogs"] as! [[String: Any]])[0]["publicKey"]!
            Self.editRoot(&root, "ctlogs") { logs in
                for index in logs.indices {
                    var key = rekorKey as! [String: Any]
                    key["validFor"] = (logs[index]["publicKey"] as! [String: Any])["validFor"]
                    logs[index]["publicKey"] = key
                }
            }
        })
        #expect(result.status == .invalid)
        #expect(result.findings.first?.message.contains("SCT") == true)
    }

    @Test func sctFromUnknownCTLog() throws {
        let result = try Self.verify(bundle: { _ in }, root: { root in root["ctlogs"] = [[String: Any]]() })
        #expect(result.status == .untrusted)
        #expect(result.findings.map(\.code) == ["signature-unknown-log"])
    }

    @Test func timestampFlipped() throws {
        let result = try Self.verify(bundle: { bundle in
            var material = bundle["verificationMaterial"] as! [String: Any]
            var data = material["timestampVerificationData"] as! [String: Any]
            var stamps = data["rfc3161Timestamps"] as! [[String: Any]]
            let bytes = Base64.decode(stamps[0]["signedTimestamp"] as! String)!
            stamps[0]["signedTimestamp"] = Self.flip(stamps[0]["signedTimestamp"] as! String, at: bytes.count - 10)
            data["rfc3161Timestamps"] = stamps
            material["timestampVerificationData"] = data
            bundle["verificationMaterial"] = material
        })
        #expect(result.status == .invalid)
        #expect(result.findings.first?.message.contains("RFC 3161") == true)
    }

    @Test func certificateNotValidAtIntegratedTime() throws {
        // A signed entry timestamp over another time would not verify; so shift the CA's validity
        // instead: the chain is then not valid at the verified time.
        let result = try Self.verify(bundle: { _ in }, root: { root in
            Self.editRoot(&root, "certificateAuthorities") { authorities in
                for index in authorities.indices { authorities[index]["validFor"] = ["start": "2030-01-01T00:00:00Z"] }
            }
        })
        #expect(result.status != .verified)
    }

    @Test func dsseSignatureFlipped() throws {
        let result = try Self.verify(bundle: { bundle in
            var envelope = bundle["dsseEnvelope"] as! [String: Any]
            var signatures = envelope["signatures"] as! [[String: Any]]
            signatures[0]["sig"] = Self.flip(signatures[0]["sig"] as! String, at: 40)
            envelope["signatures"] = signatures
            bundle["dsseEnvelope"] = envelope
        })
        #expect(result.status == .invalid)
        #expect(result.findings.first?.message.contains("does not verify with the signing certificate") == true)
    }
}

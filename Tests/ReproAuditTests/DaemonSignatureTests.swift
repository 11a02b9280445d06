import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import ReproAudit

/// The daemon and `model.sig`: a new or replaced bundle is audited at once, with the digests of
/// unchanged files taken from the state. Part of the serialized `DaemonTests` suite.
extension DaemonTests {
    /// A model of the `key-p256` fixture's two signed files plus a weight the policy ignores, watched
    /// by a daemon trusting the fixture's key.
    static func signedModelHarness() throws -> (harness: DaemonHarness, model: String, signedBytes: Int64) {
        let trust = SignatureScanTests.trust
        let harness = try DaemonHarness(settle: 0.2, extra: [
            "signatures": "{\"keys\": [\"\(trust)/signer.pub.pem\"], \"ignore_paths\": [\"model.safetensors\"]}",
        ])
        let model = harness.models + "/signed"
        try FileManager.default.createDirectory(atPath: model, withIntermediateDirectories: true)
        var signedBytes: Int64 = 0
        for name in ["config.json", "model.safetensors.bin-not-really"] {
            try FileManager.default.copyItem(atPath: SignatureScanTests.fixtures + "/key-p256/" + name, toPath: model + "/" + name)
            signedBytes += Int64(try FileManager.default.attributesOfItem(atPath: model + "/" + name)[.size] as! UInt64)
        }
        try DaemonHarness.writeSafetensors(model + "/model.safetensors", count: 50_000)
        return (harness, model, signedBytes)
    }

    /// Replaces `model`'s bundle by the one of fixture `name` the way a download does: a new file renamed over it.
    static func putBundle(of name: String, into model: String) throws {
        let temporary = model + "/../model.sig.download"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.copyItem(atPath: SignatureScanTests.fixtures + "/" + name + "/model.sig", toPath: temporary)
        #expect(rename(temporary, model + "/model.sig") == 0)
    }

    @Test func newOrChangedBundleIsAuditedFromTheStateDigests() throws {
        let (harness, model, signedBytes) = try Self.signedModelHarness()
        try harness.start()
        #expect(waitFor(10) { harness.audits(of: model).count == 1 })
        let first = try #require(harness.audits(of: model).first)
        #expect(first["verdict"]?["signature"]?.stringValue == "unsigned")
        #expect((first["bytes_hashed"]?.int64Value ?? 0) > 200_000, "the first audit reads the weight")

        // A new bundle: audited without waiting for anything else; only the files it signs that were
        // never hashed are read, the unchanged weight's digest comes from the state.
        try Self.putBundle(of: "key-p256", into: model)
        #expect(waitFor(20) { harness.audits(of: model).count == 2 }, "a new model.sig triggers an audit")
        let signed = try #require(harness.audits(of: model).last)
        #expect(signed["trigger"]?.stringValue == "watch")
        #expect(signed["verdict"]?["signature"]?.stringValue == "verified")
        #expect(signed["checks"]?["signature"]?["method"]?.stringValue == "key")
        #expect(signed["bytes_hashed"]?.int64Value == signedBytes, "only the two signed files are read, not the unchanged weight")

        // A replaced bundle (a broken signature): audited again, nothing read at all.
        try Self.putBundle(of: "bad-signature", into: model)
        #expect(waitFor(20) { harness.audits(of: model).count == 3 }, "a changed model.sig triggers an audit")
        let broken = try #require(harness.audits(of: model).last)
        #expect(broken["verdict"]?["signature"]?.stringValue == "invalid")
        #expect(broken["findings"]?.arrayValue?.contains { $0["code"]?.stringValue == "signature-invalid" } == true)
        #expect(broken["bytes_hashed"]?.int64Value == 0, "unchanged files are not read again")
        #expect(harness.events("error").isEmpty)
        #expect(harness.stop() == 0)
    }
}

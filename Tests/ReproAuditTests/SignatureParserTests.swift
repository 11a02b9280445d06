import Foundation
import Testing
@testable import ReproAudit

/// The pure parts of signature verification: PAE, the bundle and manifest parsers, Merkle proofs,
/// and the shipped trusted root.
@Suite struct SignatureParserTests {
    @Test func preAuthenticationEncoding() {
        let pae = DSSEEnvelope.preAuthenticationEncoding(payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        let compat = DSSEEnvelope.compatibilityEncoding(payloadType: "t", payload: Array("{\n'a\\\u{1}".utf8))
        #expect(String(decoding: compat, as: UTF8.self) == "DSSEV1 1 t 6 b\"{\\n'a\\\\\\x01\"")
    }

    @Test func shippedTrustedRootMatchesItsDataFile() throws {
        let dataFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/sigstore/trusted_root.json")
        let bytes = [UInt8](try Data(contentsOf: dataFile))
        #expect(Array(PublicGoodTrustedRoot.json.utf8) == bytes)
        #expect(MessageDigest.hex(.sha256, of: bytes) == PublicGoodTrustedRoot.sha256)
        let root = try SigstoreTrustedRoot.publicGood()
        #expect(root.transparencyLogs.count >= 1)
        #expect(root.certificateAuthorities.count >= 1)
        #expect(root.certificateTransparencyLogs.count >= 1)
    }

    @Test func malformedBundlesAreTypedErrors() {
        let cases: [String] = [
            "", "[]", "{\"mediaType\": 3}", "{\"mediaType\": \"application/json\"}",
            "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\"}",
            "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verificationMaterial\": {}}",
            "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verificationMaterial\": {\"publicKey\": {\"hint\": \"ab\"}}, \"dsseEnvelope\": {\"payload\": \"!!\", \"payloadType\": \"x\", \"signatures\": []}}",
            "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verificationMaterial\": {\"publicKey\": {\"hint\": \"ab\"}}, \"dsseEnvelope\": {\"payload\": \"e30=\", \"payloadType\": \"x\", \"signatures\": []}}",
            "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verificationMaterial\": {\"certificate\": {\"rawBytes\": \"AA==\"}, \"tlogEntries\": [{\"logIndex\": \"-1\"}]}, \"dsseEnvelope\": {\"payload\": \"e30=\", \"payloadType\": \"x\", \"signatures\": [{\"sig\": \"AA==\"}]}}",
        ]
        for text in cases {
            #expect(throws: BundleError.self) { try SigstoreBundle.parse(Array(text.utf8)) }
        }
    }

    @Test func manifestRejectsEditedResources() throws {
        func statement(_ digest: String, root: String) -> [UInt8] {
            Array("""
            {"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "m", "digest": {"sha256": "\(root)"}}],
             "predicateType": "https://model_signing/signature/v1.0",
             "predicate": {"serialization": {"method": "shards", "hash_type": "sha256", "shard_size": 4, "allow_symlinks": false},
                           "resources": [{"name": "a:b:0:4", "algorithm": "sha256", "digest": "\(digest)"}]}}
            """.utf8)
        }
        let digest = String(repeating: "ab", count: 32)
        let root = MessageDigest.hex(.sha256, of: Hex.decode(digest)!)
        let manifest = try SignedManifest.parse(payload: statement(digest, root: root))
        #expect(manifest.resources == [SignedManifest.Resource(path: "a:b", range: 0..<4, algorithm: "sha256", digest: digest)])
        #expect(manifest.shardSize == 4)
        #expect(throws: BundleError.self) { try SignedManifest.parse(payload: statement(String(repeating: "cd", count: 32), root: root)) }
    }

    @Test func merkleProofOfATwoLeafTree() throws {
        let left = MerkleInclusionProof.leafHash([1])
        let right = MerkleInclusionProof.leafHash([2])
        let root = MerkleInclusionProof.nodeHash(left, right)
        #expect(try MerkleInclusionProof.rootHash(leafHash: right, index: 1, treeSize: 2, proof: [left]).get() == root)
        #expect(try MerkleInclusionProof.rootHash(leafHash: left, index: 0, treeSize: 2, proof: [right]).get() == root)
        #expect(throws: BundleError.self) { try MerkleInclusionProof.rootHash(leafHash: left, index: 2, treeSize: 2, proof: [right]).get() }
        #expect(throws: BundleError.self) { try MerkleInclusionProof.rootHash(leafHash: left, index: 0, treeSize: 2, proof: []).get() }
    }
}

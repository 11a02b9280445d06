import Foundation
import Testing
@testable import ReproAudit

/// Seeded replay of the bundle parser and verifier on mutated bundles (flipped bytes, truncations,
/// spliced base64): every input ends in a value or a typed error, never a crash, and no mutation of a
/// signed bundle verifies with a different manifest.
@Suite struct SignatureFuzzReplayTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
    }

    @Test func mutatedBundlesNeverCrashOrVerifyAnotherManifest() throws {
        let root = SignatureScanTests.fixtures
        let seeds = ["key-p256", "certificate", "shards-blake2"].map { root + "/" + $0 + "/model.sig" }
        let policy = try SignatureScanTests.policy()
        var generator = Generator(state: 12)
        for path in seeds {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let reference = SignatureVerifier(policy: policy).verify(bundle: original, bundlePath: "model.sig")
            #expect(reference.status == .verified)
            for round in 0..<150 {
                var bytes = original
                switch round % 3 {
                case 0:
                    for _ in 0..<(1 + Int(generator.next() % 4)) { bytes[Int(generator.next() % UInt64(bytes.count))] ^= UInt8(1 << (generator.next() % 8)) }
                case 1:
                    bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
                default:
                    let at = Int(generator.next() % UInt64(bytes.count))
                    bytes.insert(contentsOf: Array("AAAA=\"{[".utf8).shuffled(using: &generator), at: at)
                }
                let result = SignatureVerifier(policy: policy).verify(bundle: bytes, bundlePath: "model.sig")
                if result.status == .verified {
                    #expect(result.manifest == reference.manifest, "round \(round) of \(path) verified another manifest")
                }
            }
        }
    }
}

extension SignatureFuzzReplayTests.Generator: RandomNumberGenerator {}

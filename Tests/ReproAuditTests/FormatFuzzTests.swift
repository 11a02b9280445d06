import Testing
@testable import ReproAudit

/// Replays the committed libFuzzer seed corpus through every parser and mutates real files with a
/// seeded generator: no input may crash or hang, results must be deterministic, and the pickle scan
/// must not depend on how the stream is chunked.
@Suite struct FormatFuzzTests {
    /// SplitMix64: small, seedable, the same on every platform.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let parsers = ["safetensors", "gguf", "pickle", "zip", "numpy", "onnx", "hdf5", "tar"]

    /// Runs the parser for `kind` over `bytes` and returns something comparable.
    static func exercise(_ kind: String, _ bytes: [UInt8]) -> FileInspection {
        let source = InMemoryBytes(bytes)
        switch kind {
        case "safetensors":
            _ = try? SafetensorsHeader.parse(source: source)
            return FormatInspector.inspectSafetensors("model.safetensors", source)
        case "gguf":
            return FormatInspector.inspectGGUF("model.gguf", source)
        case "pickle":
            var small = PickleScanner()
            small.chunkSize = 5
            let whole = PickleScanner().scan(bytes: bytes)
            let chunked = small.scan(bytes: bytes)
            #expect(whole == chunked, "chunking changed the scan of \(bytes.count) bytes")
            return FormatInspector.inspectPickle("data.pkl", source)
        case "zip":
            _ = FormatInspector.inspectKeras("model.keras", source)
            _ = FormatInspector.inspectNumPyZip("a.npz", source)
            return FormatInspector.inspectPyTorchZip("model.pt", source)
        case "numpy":
            return FormatInspector.inspectNumPy("a.npy", source)
        case "tar":
            _ = ChatTemplateFileCheck.findings(bytes: bytes, path: "tokenizer_config.json")
            _ = FormatInspector.inspect(relativePath: "weights.bin", source: source)
            return FormatInspector.inspectPyTorchTar("model.pt", source)
        case "onnx":
            return FormatInspector.inspectONNX("model.onnx", source)
        default:
            return FormatInspector.inspectHDF5("model.h5", source)
        }
    }

    @Test(arguments: parsers) func replaysTheSeedCorpus(parser: String) throws {
        let names = try FormatFixtures.names(in: "fuzz-corpus/\(parser)")
        #expect(!names.isEmpty)
        for name in names {
            let bytes = try FormatFixtures.bytes(folder: "fuzz-corpus/\(parser)", name)
            let first = Self.exercise(parser, bytes)
            #expect(Self.exercise(parser, bytes) == first, "\(parser)/\(name) is not deterministic")
        }
    }

    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        let rounds = Int.random(in: 1...4, using: &rng)
        for _ in 0..<rounds {
            guard !out.isEmpty else { return [UInt8.random(in: 0...255, using: &rng)] }
            let at = Int.random(in: 0..<out.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: out[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 1: out[at] = [0x00, 0xFF, 0x7F, 0x80, 0x2E, 0x28, 0x93][Int.random(in: 0..<7, using: &rng)]
            case 2: out.removeLast(Int.random(in: 0...min(out.count, 64), using: &rng))
            case 3:
                // A huge little-endian length where one was.
                let value: UInt64 = [UInt64.max, 1 << 63, UInt64(UInt32.max), 1 << 40][Int.random(in: 0..<4, using: &rng)]
                for index in 0..<8 where at + index < out.count { out[at + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
            case 4: out.insert(contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
            case 5: out.removeSubrange(at..<min(out.count, at + Int.random(in: 1...32, using: &rng)))
            default:
                let from = Int.random(in: 0..<out.count, using: &rng)
                let length = min(16, out.count - max(from, at))
                if length > 0 { out.replaceSubrange(at..<(at + length), with: out[from..<(from + length)]) }
            }
        }
        return out
    }

    @Test(arguments: parsers) func survivesMutationsOfRealFiles(parser: String) throws {
        var rng = SeededGenerator(state: 0x5EED_0000 &+ UInt64(parser.utf8.count) &* 7919)
        let names = try FormatFixtures.names(in: "fuzz-corpus/\(parser)")
        var inputs = try names.map { try FormatFixtures.bytes(folder: "fuzz-corpus/\(parser)", $0) }
        inputs = inputs.filter { $0.count <= 64 << 10 }
        #expect(!inputs.isEmpty)
        let clock = ContinuousClock()
        let start = clock.now
        var runs = 0
        for _ in 0..<1_500 {
            let base = inputs[Int.random(in: 0..<inputs.count, using: &rng)]
            let mutated = Self.mutate(base, &rng)
            let result = Self.exercise(parser, mutated)
            // Whatever the input, a finding's code is one the inspector documents.
            for finding in result.findings + (result.corruption.map { [$0] } ?? []) {
                #expect(!finding.code.isEmpty && finding.code == finding.code.lowercased(), "\(finding.code)")
            }
            runs += 1
            if clock.now - start > .seconds(20) { break }
        }
        #expect(runs >= 100, "only \(runs) mutations ran in the time budget")
    }
}

import Testing
@testable import ReproAudit

/// Replays the committed YAML seed corpus (`fuzz-corpus/yaml`, the libFuzzer target `Tests/Fuzz/yaml.swift`)
/// and text-aware mutations of it through the YAML subset reader and the whole openness assessment:
/// no input may crash or hang, results are deterministic, and every input finishes within a generous
/// time limit (a quadratic reader took 33 s on one 100 KB card; a linear one takes milliseconds).
@Suite struct OpennessFuzzTests {
    static let folder = "fuzz-corpus/yaml"
    /// Per input, in a debug build on a loaded machine: far above what a linear reader needs.
    static let limit = Duration.seconds(10)

    static func exercise(_ text: String) -> (YAMLSubsetReader.Result, OpennessReport) {
        let yaml = YAMLSubsetReader().read(text)
        let card = "---\n" + text + "\n---\n# Card\n\n## Training data\n\nTrained on [Dolma](https://huggingface.co/datasets/allenai/dolma).\n"
        let content = ModelContent(
            identity: ModelIdentity(path: "/m", layout: .folder, name: "m", revision: nil),
            files: [ModelContent.File(path: "README.md", size: Int64(card.utf8.count), isWeight: false)],
            texts: ["README.md": card])
        return (yaml, OpennessAssessor.assess(content))
    }

    /// YAML-significant insertions, so mutations reach the reader's corners rather than its error paths.
    static let tokens = ["[", "]", "{", "}", "\"", "'", ": ", "- ", "\n", "\r\n", "#", " #", "|", ">-", "  ", "\t", "\\", "\\u00", "&a ",
                         "*a", "!!str ", "---\n", "...", ",", "''", "\\\"", "\u{FEFF}", "é", "\n  - ", "\n- ", "key: [", "? "]

    static func mutate(_ text: String, _ rng: inout FormatFuzzTests.SeededGenerator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let at = scalars.isEmpty ? 0 : Int.random(in: 0...scalars.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0, 1:
                scalars.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &rng)].unicodeScalars, at: at)
            case 2:
                if at < scalars.count { scalars.removeSubrange(at..<min(scalars.count, at + Int.random(in: 1...12, using: &rng))) }
            case 3:
                // Repeat a stretch many times: long flow lists, deep nesting, long lines.
                let length = min(scalars.count - min(at, scalars.count), Int.random(in: 1...24, using: &rng))
                if length > 0 {
                    let piece = Array(scalars[at..<(at + length)])
                    scalars.insert(contentsOf: Array(repeating: piece, count: Int.random(in: 2...400, using: &rng)).joined(), at: at)
                }
            default:
                if !scalars.isEmpty { scalars.removeLast(Int.random(in: 0...min(scalars.count, 32), using: &rng)) }
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    static func seeds() throws -> [String] {
        try FormatFixtures.names(in: folder).map { name in
            guard case .text(let text) = TextDecoding.decode(try FormatFixtures.bytes(folder: folder, name)) else { return "" }
            return text
        }
    }

    @Test func replaysTheSeedCorpus() throws {
        let seeds = try Self.seeds()
        #expect(seeds.count >= 5)
        for seed in seeds {
            let (yaml, report) = Self.exercise(seed)
            let (again, reportAgain) = Self.exercise(seed)
            #expect(JSONWriter.bytes(yaml.value) == JSONWriter.bytes(again.value) && yaml.problems == again.problems && yaml.keyLines == again.keyLines)
            #expect(report.findingCodes == reportAgain.findingCodes)
        }
        // The seeds parse as written: only problems.yaml has problems.
        let clean = try FormatFixtures.names(in: Self.folder).filter { $0 != "problems.yaml" }
        for name in clean {
            guard case .text(let text) = TextDecoding.decode(try FormatFixtures.bytes(folder: Self.folder, name)) else { continue }
            #expect(YAMLSubsetReader().read(text).problems == [], "\(name)")
        }
    }

    @Test func survivesMutationsWithinTheTimeLimit() throws {
        var rng = FormatFuzzTests.SeededGenerator(state: 0x5EED_7A31)
        let seeds = try Self.seeds()
        let clock = ContinuousClock()
        let start = clock.now
        var runs = 0
        for _ in 0..<2_000 {
            let input = Self.mutate(seeds[Int.random(in: 0..<seeds.count, using: &rng)], &rng)
            let began = clock.now
            let (yaml, report) = Self.exercise(input)
            let took = clock.now - began
            #expect(took < Self.limit, "an input of \(input.utf8.count) bytes took \(took)")
            #expect(yaml.value.objectValue != nil)
            for problem in yaml.problems { #expect(problem.line >= 1 && !problem.message.isEmpty) }
            for finding in report.findings { #expect(finding.code == finding.code.lowercased() && !finding.code.isEmpty) }
            runs += 1
            if clock.now - start > .seconds(20) { break }
        }
        #expect(runs >= 100, "only \(runs) mutations ran in the time budget")
    }

    /// The inputs that made the reader quadratic, as the issue measured them: a 100 KB card of 8,000
    /// quoted tags in a flow list (33 s before the fix), and a flow mapping of 8,000 keys.
    @Test func longFlowCollectionsWithinTheTimeLimit() {
        let clock = ContinuousClock()
        let tags = (0..<8_000).map { "\"tag-\($0)\"" }.joined(separator: ", ")
        var began = clock.now
        let list = YAMLSubsetReader().read("tags: [\(tags)]\n")
        #expect(clock.now - began < Self.limit)
        #expect(list.value["tags"]?.arrayValue?.count == 8_000)
        #expect(list.value["tags"]?.arrayValue?.last?.stringValue == "tag-7999")
        let keys = (0..<8_000).map { "'k\($0)': \"v\"" }.joined(separator: ", ")
        began = clock.now
        let map = YAMLSubsetReader().read("extra: {\(keys)}\n")
        #expect(clock.now - began < Self.limit)
        #expect(map.value["extra"]?.objectValue?.count == 8_000)
    }
}

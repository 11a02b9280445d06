import Foundation
import Testing
@testable import ReproAudit
@testable import ReproAuditDaemon

/// Every text reader of the project reads a file the same whether it was written with `\n`, with
/// `\r\n` or with a UTF-8 byte order mark in front (issue #10, item 1). Each test runs one reader
/// over the three spellings of one text and expects the same result.
@Suite struct TextLineEndingTests {
    enum Spelling: String, CaseIterable { case lf, crlf, bom, bomCRLF }

    /// `text` (written with `\n`) as a file in `spelling` would hold it.
    static func spell(_ text: String, _ spelling: Spelling) -> String {
        switch spelling {
        case .lf: text
        case .crlf: text.replacing("\n", with: "\r\n")
        case .bom: "\u{FEFF}" + text
        case .bomCRLF: "\u{FEFF}" + text.replacing("\n", with: "\r\n")
        }
    }

    static func bytes(_ text: String, _ spelling: Spelling) -> [UInt8] { Array(spell(text, spelling).utf8) }

    /// `text` in UTF-16 with its byte order mark, as Windows editors save "Unicode".
    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test func splitsAtLFAndCRLFOnly() {
        #expect(TextLines.split("a\nb\r\nc") == ["a", "b", "c"])
        #expect(TextLines.split("a\r\n") == ["a", ""])
        #expect(TextLines.split("a\r\n", keepingFinalEmptyLine: false) == ["a"])
        #expect(TextLines.split("") == [""])
        #expect(TextLines.split("\u{FEFF}x\r\ny") == ["x", "y"])
        // A lone CR, U+2028 and U+0085 are text, not line ends (they occur in names and values).
        #expect(TextLines.split("a\rb\u{2028}c\u{85}d\ne") == ["a\rb\u{2028}c\u{85}d", "e"])
        // A BOM anywhere but the start is kept.
        #expect(TextLines.split("a\n\u{FEFF}b") == ["a", "\u{FEFF}b"])
        // Non-ASCII text either side of a CRLF keeps its characters.
        #expect(TextLines.split("é\r\n日本\r\n") == ["é", "日本", ""])
        #expect(TextLines.normalized("\u{FEFF}a\r\nb\r\n") == "a\nb\n")
        #expect(TextLines.normalized("a\nb") == "a\nb")
    }

    @Test func decodingDropsTheBOMAndRecognisesUTF16() {
        #expect(TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x61]) == .text("a"))
        #expect(TextDecoding.decode(Array("---\nlicense: mit\n".utf8)) == .text("---\nlicense: mit\n"))
        let card = "---\r\nlicense: mit\r\n---\r\n# Card\r\n"
        let le = Self.utf16(card, bigEndian: false)
        let be = Self.utf16(card, bigEndian: true)
        #expect(TextDecoding.decode(le) == .unsupported("UTF-16LE"))
        #expect(TextDecoding.decode(be) == .unsupported("UTF-16BE"))
        // Without a byte order mark, the NUL in every other byte gives it away.
        #expect(TextDecoding.decode(Array(le.dropFirst(2))) == .unsupported("UTF-16LE"))
        #expect(TextDecoding.decode(Array(be.dropFirst(2))) == .unsupported("UTF-16BE"))
        #expect(TextDecoding.decode([0xFF, 0xFE, 0, 0, 0x61, 0, 0, 0]) == .unsupported("UTF-32LE"))
        // UTF-8 with a stray NUL is still UTF-8.
        #expect(TextDecoding.decode(Array("abc\0def".utf8)) == .text("abc\0def"))
    }

    static let card = """
        ---
        language:
        - en
        license: apache-2.0
        datasets:
        - allenai/dolma
        tags: [olmo, "text generation"]
        description: >
          A small model
          trained on Dolma.
        ---
        # Model card

        ## Training data

        The model was trained on [Dolma](https://huggingface.co/datasets/allenai/dolma).

        """

    @Test(arguments: Spelling.allCases) func modelCardFrontMatterAndLines(spelling: Spelling) {
        let card = ModelCard(path: "README.md", text: Self.spell(Self.card, spelling))
        #expect(card.problems.isEmpty)
        #expect(card.hasFrontMatter)
        #expect(card["license"]?.stringValue == "apache-2.0")
        #expect(card.strings("datasets") == ["allenai/dolma"])
        #expect(card.strings("tags") == ["olmo", "text generation"])
        #expect(card["description"]?.stringValue == "A small model trained on Dolma.\n")
        #expect(card.keyLines["license"] == 4)
        #expect(card.keyLines["description"] == 8)
        #expect(card.headings.map(\.title) == ["Model card", "Training data"])
        #expect(card.headings.map(\.line) == [12, 14])
        #expect(card.links.map(\.url) == ["https://huggingface.co/datasets/allenai/dolma"])
        #expect(card.links.first?.line == 16)
        #expect(card.bodyLines.allSatisfy { !$0.contains("\r") })
    }

    @Test(arguments: Spelling.allCases) func openSourceVerdictTheSameWhateverTheLineEndings(spelling: Spelling) {
        let text = Self.spell(Self.card + "Trained with [the training code](https://github.com/allenai/OLMo).\n", spelling)
        let content = ModelContent(
            identity: ModelIdentity(path: "/m", layout: .folder, name: "m", revision: nil),
            files: [ModelContent.File(path: "README.md", size: Int64(text.utf8.count), isWeight: false),
                    ModelContent.File(path: "model.safetensors", size: 100, isWeight: true)],
            texts: ["README.md": text])
        let report = OpennessAssessor.assess(content)
        #expect(report.license.licenseClass == .open)
        #expect(report.openness == .openSource)
        #expect(report.license.evidence.first?.detail == "front matter license: apache-2.0 (line 4) → Apache License 2.0 (SPDX Apache-2.0), open")
        #expect(!report.findingCodes.contains("malformed-card"))
    }

    static let citation = """
        cff-version: 1.2.0
        message: If you use this model, please cite it.
        title: OLMo
        preferred-citation:
          type: article
          doi: 10.18653/v1/2024.acl-long.841
          authors:
            - family-names: Groeneveld
              given-names: Dirk
        """

    @Test(arguments: Spelling.allCases) func yamlReaderOnCitationCFF(spelling: Spelling) {
        let result = YAMLSubsetReader().read(Self.spell(Self.citation, spelling))
        #expect(result.problems.isEmpty)
        #expect(result.value["preferred-citation"]?["doi"]?.stringValue == "10.18653/v1/2024.acl-long.841")
        #expect(result.value["preferred-citation"]?["authors"]?.arrayValue?.first?["given-names"]?.stringValue == "Dirk")
        #expect(result.keyLines["preferred-citation"] == 4)
    }

    @Test(arguments: Spelling.allCases) func trainingConfigurationFields(spelling: Spelling) {
        let yaml = "model:\n  d_model: 4096\noptimizer:\n  name: adamw\n  learning_rate: 3.0e-4\nmax_duration: 739328ba\nscheduler:\n  name: cosine\n"
        #expect(ComponentEvidence.trainingFields(in: Self.spell(yaml, spelling)) == ["optimizer", "learning_rate", "max_duration", "scheduler"])
    }

    static let sums = "# sums\n" + String(repeating: "ab", count: 32) + "  model.safetensors\n" + String(repeating: "cd", count: 32) + " *extra.bin\n"

    @Test(arguments: Spelling.allCases) func checksumList(spelling: Spelling) {
        let list = ChecksumList.parse(Self.spell(Self.sums, spelling), fileName: "SHA256SUMS")
        #expect(list.entries.map(\.name) == ["model.safetensors", "extra.bin"])
        #expect(list.unreadableLines.isEmpty)
        let single = ChecksumList.parse(Self.spell(String(repeating: "ef", count: 32) + "\n", spelling), fileName: "model.safetensors.sha256")
        #expect(single.entries.map(\.name) == ["model.safetensors"])
    }

    @Test(arguments: Spelling.allCases) func checksumListFileThroughTheScan(spelling: Spelling) throws {
        let dir = TemporaryDirectory("sums-\(spelling.rawValue)")
        let weights = safetensorsBytes(tensorElements: 8, seed: 1)
        dir.write("m/model.safetensors", weights)
        dir.write("m/SHA256SUMS", Self.bytes("\(sha256Hex(weights))  model.safetensors\n", spelling))
        let record = try #require(scanForTest([dir.path]).records.first)
        #expect(record.integrity == .verified)
        #expect(!record.findings.contains { $0.code == "malformed-checksum-list" })
    }

    @Test(arguments: [Spelling.lf, .crlf]) func lfsPointer(spelling: Spelling) {
        let text = "version https://git-lfs.github.com/spec/v1\noid sha256:" + String(repeating: "0a", count: 32) + "\nsize 12345\n"
        #expect(LFSPointer.parse(Self.bytes(text, spelling)) == LFSPointer(sha256: String(repeating: "0a", count: 32), size: 12345))
    }

    @Test(arguments: Spelling.allCases) func localDirMetadata(spelling: Spelling) throws {
        let dir = TemporaryDirectory("localdir-\(spelling.rawValue)")
        let weights = safetensorsBytes(tensorElements: 10)
        let commit = String(repeating: "d4", count: 20)
        dir.write("tiny/model.safetensors", weights)
        dir.write("tiny/.cache/huggingface/download/model.safetensors.metadata", Self.bytes("\(commit)\n\(sha256Hex(weights))\n1732000000.5\n", spelling))
        let record = try #require(scanForTest([dir.path]).records.first)
        #expect(record.model.revision == commit)
        #expect(record.files.first { $0.path == "model.safetensors" }?.expectedFrom == .hfMetadata)
    }

    @Test(arguments: Spelling.allCases) func shardIndexAndConfigurationJSON(spelling: Spelling) throws {
        let index = "{\n  \"metadata\": {\"total_size\": 32},\n  \"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\"}\n}\n"
        #expect(try ShardIndex.parse(Self.bytes(index, spelling)).shards == ["model-00001-of-00002.safetensors"])
        let config = "{\n  \"watch\": [\"/srv/models\"],\n  \"wach\": 0\n}\n"
        // The error names line 3 however the lines end.
        #expect(throws: ConfigurationError.self) { try Configuration.parse(Self.bytes(config, spelling), file: "c.json") }
        do {
            _ = try Configuration.parse(Self.bytes(config, spelling), file: "c.json")
        } catch {
            #expect(error.line == 3)
        }
        let good = try Configuration.parse(Self.bytes("{\n  \"watch\": [\"/srv/models\"]\n}\n", spelling), file: "c.json")
        #expect(good.watch.map(\.displayString) == ["/srv/models"])
    }

    @Test(arguments: Spelling.allCases) func auditLogLocationFromTheConfiguration(spelling: Spelling) throws {
        let dir = TemporaryDirectory("logloc-\(spelling.rawValue)")
        let path = dir.write("config.json", Self.bytes("{\n  \"watch\": [\"/srv\"],\n  \"audit_log\": \"/var/log/x.jsonl\"\n}\n", spelling))
        #expect(try AuditLogLocation.resolve(log: nil, configuration: RawPath(path)) == "/var/log/x.jsonl")
    }

    @Test(arguments: Spelling.allCases) func licenceTextsAreRecognisedWithAnyLineEnding(spelling: Spelling) {
        let mit = """
            MIT License

            Copyright (c) 2024 Example

            Permission is hereby granted, free of charge, to any person obtaining a copy
            of this software and associated documentation files (the "Software"), to deal
            in the Software without restriction.

            The above copyright notice and this permission notice shall be included in all
            copies or substantial portions of the Software.
            """
        #expect(LicenseTextRecognizer.recognize(Self.spell(mit, spelling))?.key == "mit")
    }

    @Test func utf16CardIsReportedNotReadAsGarbage() throws {
        let dir = TemporaryDirectory("utf16")
        let card = "---\r\nlicense: apache-2.0\r\n---\r\n# Model\r\nAn open-source model.\r\n"
        dir.write("m/model.safetensors", safetensorsBytes(tensorElements: 4))
        dir.write("m/README.md", Self.utf16(card, bigEndian: false))
        let record = try #require(scanForTest([dir.path]).records.first)
        let finding = try #require(record.openness.findings.first { $0.code == "card-encoding-unsupported" })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("README.md is UTF-16LE text"))
        #expect(!record.openness.findings.contains { $0.code == "malformed-card" })
        // Nothing was read from it: no licence, no card.
        #expect(record.openness.license.licenseClass == .unknown)
        #expect(record.openness.status(.modelCard) == .missing)
    }
}

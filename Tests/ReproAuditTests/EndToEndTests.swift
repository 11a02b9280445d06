import Foundation
import Testing
@testable import ReproAudit

/// Real stores, laid out on disk as the tools that make them do, through the whole pipeline:
/// discovery, hashing, openness, the record, and the readers of the log.
@Suite struct EndToEndTests {
    @Test func huggingFaceSnapshotWithACardGetsOpennessAndExportsItsDatasets() throws {
        let dir = TemporaryDirectory("e2e-card")
        let card = OpennessFixtures.text("all-minilm-l6-v2/README.md")
        try #require(!card.isEmpty)
        LayoutBuilder(root: dir).huggingFaceRepo("sentence-transformers/all-MiniLM-L6-v2", files: [
            "model.safetensors": safetensorsBytes(tensorElements: 256),
            "README.md": Array(card.utf8),
            "config.json": Array(OpennessFixtures.text("all-minilm-l6-v2/config.json").utf8),
        ])
        let log = dir.url("audit.jsonl")
        let scan = try BinaryRunner.run(["scan", dir.url("hub"), "--json", "--log", log])
        #expect(scan.status == 0, "\(scan.stderr)")
        let record = try JSONParser().parse(Array(try #require(scan.stdoutLines.first).utf8))
        #expect(record["verdict"]?["integrity"] == "verified")
        #expect(record["checks"]?["license"]?["class"] == "open")
        #expect(record["checks"]?["license"]?["id"] == "apache-2.0")
        #expect(record["checks"]?["data_card"]?["status"] == "present")
        #expect(record["checks"]?["training_code"]?["status"] == "referenced")
        #expect(record["verdict"]?["openness"] == "open-source")
        let ids = record["checks"]?["datasets"]?["ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(ids.count > 5, "datasets named in the front matter: \(ids)")
        #expect(record["components"]?["training-code"] == "referenced")
        #expect((record["findings"]?.arrayValue ?? []).contains { $0["code"] == "training-code-not-local" })

        let export = try BinaryRunner.run(["export", "--format", "cyclonedx", "--log", log, "--all"])
        #expect(export.status == 0, "\(export.stderr)")
        let bom = try JSONParser().parse(Array(export.stdout.utf8))
        let components = bom["components"]?.arrayValue ?? []
        #expect(components.contains { $0["type"] == "machine-learning-model" })
        #expect(components.filter { $0["type"] == "data" }.count == ids.count)

        let table = try BinaryRunner.run(["scan", dir.url("hub")])
        #expect(table.stdout.contains("apache-2.0"))
        #expect(table.stdout.contains("open-source"))
    }
}

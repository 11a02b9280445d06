import Foundation
import Testing
@testable import ReproAudit

/// The demo store in `examples/demo`: one model per kind of verdict, the table the README shows for it,
/// and the hint `scan` gives when it finds nothing.
@Suite struct DemoStoreTests {
    static let root = DaemonHarness.packageRoot

    @Test func demoStoreHasOneModelPerVerdict() throws {
        let records = scanForTest([Self.root + "/examples/demo"]).records
        func record(_ name: String) throws -> AuditRecord {
            try #require(records.first { $0.model.name == name }, "no demo model \(name)")
        }
        func codes(_ record: AuditRecord) -> [String] { record.findings.map(\.code) }

        let verified = try record("reproaudit-demo/verified-snapshot")
        #expect(verified.integrity == .verified && verified.model.layout == .hfCache)
        #expect(verified.files.first?.expectedFrom == .hfBlob)
        let tampered = try record("reproaudit-demo/tampered-blob")
        #expect(tampered.integrity == .mismatch && codes(tampered).contains("checksum-mismatch"))
        let downloading = try record("reproaudit-demo/download-in-progress")
        #expect(downloading.integrity == .incomplete && codes(downloading).contains("download-in-progress"))
        let pickle = try record("pickle-runs-code")
        #expect(pickle.safety == .unsafe && codes(pickle).contains("unsafe-pickle"))
        let template = try record("chat-template-injection")
        #expect(template.safety == .unsafe && template.model.layout == .gguf && codes(template).contains("gguf-template-injection"))
        let release = try record("open-source-release")
        #expect(release.openness.openness == .openSource && release.integrity == .verified && release.openness.mofClass == "II")
        let washed = try record("open-washing-card")
        #expect(washed.openness.openness == .restricted && codes(washed).contains("open-washing"))
        let ollama = try record("library/tiny-chat:latest")
        #expect(ollama.model.layout == .ollama && ollama.integrity == .verified && ollama.safety == .safe)
        #expect(records.count == 9)
        // Without --signers nobody is trusted: the signature is valid, its signer unknown.
        let signed = try record("signed-release")
        #expect(codes(signed).contains("signature-untrusted"))
    }

    @Test func theDemoSignersFileMakesTheSignedModelVerified() throws {
        let result = try ChildProcess.run(BinaryRunner.binaryPath, ["scan", "examples/demo/models/signed-release", "--signers",
                                                                    "examples/signers.json", "--json"], directory: Self.root)
        #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        let record = try JSONParser().parse(Array(result.stdout))
        #expect(record["verdict"]?["signature"] == "verified")
        #expect(record["verdict"]?["integrity"] == "verified")
        #expect(record["checks"]?["weights"]?["files"]?[0]?["expected_from"] == "oms-signature")
    }

    /// The fenced block after the `<!-- demo-table` marker in README.md.
    static func readmeTable() throws -> [String] {
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let marker = try #require(readme.range(of: "<!-- demo-table"))
        let after = readme[marker.upperBound...]
        let open = try #require(after.range(of: "```\n"))
        let close = try #require(after[open.upperBound...].range(of: "\n```"))
        return after[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The elapsed time is the one thing that differs between runs.
    static func withoutTiming(_ line: String) -> String {
        guard let range = line.range(of: " hashed in ") else { return line }
        return String(line[..<range.upperBound]) + "… s"
    }

    @Test func readmeShowsTheTableTheDemoScanPrints() throws {
        let result = try ChildProcess.run(BinaryRunner.binaryPath, ["scan", "examples/demo", "--signers", "examples/signers.json"],
                                          directory: Self.root)
        #expect(result.status == 1, "the demo has critical findings; the README says exit status 1")
        let printed = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        let shown = try Self.readmeTable()
        #expect(printed.map(Self.withoutTiming) == shown.map(Self.withoutTiming),
                "README.md's demo table differs from what `reproaudit scan examples/demo --signers examples/signers.json` prints:\n\(printed.joined(separator: "\n"))")
    }

    @Test func pathsGivenAbsoluteStayAbsolute() throws {
        let result = try BinaryRunner.run(["scan", Self.root + "/examples/demo/models/open-washing-card"])
        #expect(result.stdout.contains(Self.root + "/examples/demo/models/open-washing-card"))
    }

    @Test func scanWithNothingFoundPointsToTheDemo() throws {
        let home = TemporaryDirectory("empty-home")
        let result = try BinaryRunner.run(["scan"], environment: ["HOME": home.path, "PATH": "/usr/bin:/bin"])
        #expect(result.status == 0)
        #expect(result.stdout == "0 models\n")
        #expect(result.stderr.contains("no model stores in the usual places"))
        #expect(result.stderr.contains("reproaudit scan /usr/share/doc/reproaudit/examples/demo"))
        #expect(result.stderr.contains("examples/try-demo"))
    }
}

import Foundation
import Testing
@testable import ReproAudit

/// The real `reproaudit scan` binary: output shapes and exit statuses.
@Suite struct ScanCommandTests {
    @Test func jsonRecordsFollowTheSpec() throws {
        let dir = TemporaryDirectory("cli-json")
        LayoutBuilder(root: dir).huggingFaceRepo("org/m", files: ["model.safetensors": safetensorsBytes(), "config.json": Array("{}".utf8)])
        dir.write("plain/model.safetensors", safetensorsBytes(seed: 5))
        let result = try BinaryRunner.run(["scan", dir.path, "--json", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutLines
        #expect(lines.count == 2)
        for line in lines {
            let record = try JSONParser().parse(Array(line.utf8))
            #expect(record["schema"] == .integer(1))
            #expect(record["event"] == "audit")
            #expect(record["trigger"] == "scan")
            #expect(record["host"]?.stringValue?.isEmpty == false)
            let time = try #require(record["time"]?.stringValue)
            #expect(Timestamp(rfc3339: time) != nil)
            #expect(time.hasSuffix("Z") && time.count == 24)
            for key in ["path", "layout", "name", "revision"] { #expect(record["model"]?[key] != nil, "model.\(key)") }
            #expect(["hf-cache", "hf-local-dir", "folder", "gguf", "ollama"].contains(record["model"]?["layout"]?.stringValue ?? ""))
            for key in ["integrity", "safety", "openness", "mof_class"] { #expect(record["verdict"]?[key] != nil, "verdict.\(key)") }
            for key in ["weights", "data_card", "training_code", "license", "serialization"] { #expect(record["checks"]?[key] != nil, "checks.\(key)") }
            #expect(record["findings"]?.arrayValue != nil)
            #expect(record["components"]?.objectValue != nil)
            #expect(record["duration_ms"]?.int64Value != nil)
            for file in record["checks"]?["weights"]?["files"]?.arrayValue ?? [] {
                for key in ["path", "size", "sha256", "expected_sha256", "expected_from", "format", "status"] {
                    #expect(file[key] != nil, "files[].\(key)")
                }
            }
        }
        let hf = try JSONParser().parse(Array(lines[0].utf8))
        #expect(hf["verdict"]?["integrity"] == "verified")
        #expect(hf["checks"]?["weights"]?["files"]?[0]?["expected_from"] == "hf-blob")
        let plain = try JSONParser().parse(Array(lines[1].utf8))
        #expect(plain["verdict"]?["integrity"] == "unverified")
        #expect(plain["checks"]?["weights"]?["files"]?[0]?["expected_from"] == .null)
    }

    @Test func exitStatusIsOneForCriticalTwoForUsageAndZeroOtherwise() throws {
        let dir = TemporaryDirectory("cli-exit")
        dir.write("ok/model.safetensors", safetensorsBytes())
        var result = try BinaryRunner.run(["scan", dir.url("ok")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("MODEL"))
        #expect(result.stdout.contains("1 model: 1 unverified"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when not a terminal")

        dir.write("bad/model.safetensors", safetensorsBytes())
        dir.write("bad/SHA256SUMS", "\(String(repeating: "0", count: 64))  model.safetensors\n")
        result = try BinaryRunner.run(["scan", dir.url("bad")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("mismatch"))

        result = try BinaryRunner.run(["scan", dir.url("does-not-exist")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("does-not-exist: No such file or directory"))

        result = try BinaryRunner.run(["scan", "--jobs", "zero"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--jobs takes a whole number"))

        result = try BinaryRunner.run(["scan", "--frobnicate"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown option \"--frobnicate\""))
    }

    @Test func logOptionAppendsTheSameRecords() throws {
        let dir = TemporaryDirectory("cli-log")
        dir.write("m/model.safetensors", safetensorsBytes())
        let log = dir.url("audit.jsonl")
        _ = try BinaryRunner.run(["scan", dir.url("m"), "--log", log])
        _ = try BinaryRunner.run(["scan", dir.url("m"), "--log", log])
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines { #expect((try? JSONParser().parse(Array(line.utf8)))?["event"] == "audit") }
    }

    @Test func noPathUsesTheUsualPlacesThatExist() throws {
        let dir = TemporaryDirectory("cli-default")
        LayoutBuilder(root: dir).huggingFaceRepo("org/m", files: ["model.safetensors": safetensorsBytes()], hub: "hf/hub")
        var environment = ProcessInfo.processInfo.environment
        environment["HF_HOME"] = dir.url("hf")
        environment["HOME"] = dir.url("home")
        environment.removeValue(forKey: "HF_HUB_CACHE")
        environment.removeValue(forKey: "HUGGINGFACE_HUB_CACHE")
        environment.removeValue(forKey: "OLLAMA_MODELS")
        let result = try BinaryRunner.run(["scan", "--json"], environment: environment)
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 1)
        #expect(result.stdout.contains("\"org/m\""))
    }

    @Test func helpExplainsEachCommand() throws {
        let result = try BinaryRunner.run(["help", "scan"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: reproaudit scan"))
        #expect(result.stdout.contains("EXAMPLES"))
    }
}

import Foundation
import Testing
@testable import ReproAudit

@Suite struct DiscoveryTests {
    func scan(_ paths: [String], jobs: Int = 2) -> ScanRunner.Outcome { scanForTest(paths, jobs: jobs) }

    func file(_ record: AuditRecord, _ path: String) -> WeightFileResult? {
        record.files.first { $0.path == RawPath(path) }
    }

    @Test func huggingFaceCacheVerifiesSHA256AndGitBlobIDs() throws {
        let dir = TemporaryDirectory("hf")
        let weights = safetensorsBytes(tensorElements: 1000)
        let snapshot = LayoutBuilder(root: dir).huggingFaceRepo("sentence-transformers/all-MiniLM-L6-v2", files: [
            "model.safetensors": weights, "config.json": Array(#"{"architectures":["BertModel"]}"#.utf8),
            "1_Pooling/config.json": Array(#"{"pooling_mode_mean_tokens":true}"#.utf8),
        ])
        let outcome = scan([dir.url("hub")])
        let record = try #require(outcome.records.first)
        #expect(outcome.records.count == 1)
        #expect(record.model.layout == .hfCache)
        #expect(record.model.name == "sentence-transformers/all-MiniLM-L6-v2")
        #expect(record.model.revision == String(repeating: "a1", count: 20))
        #expect(record.model.refs == ["main"])
        #expect(record.model.path == RawPath(snapshot))
        #expect(record.integrity == .verified)
        let model = try #require(file(record, "model.safetensors"))
        #expect(model.sha256 == sha256Hex(weights))
        #expect(model.expectedFrom == .hfBlob)
        #expect(model.status == .verified)
        let pooling = try #require(file(record, "1_Pooling/config.json"))
        #expect(pooling.expectedGitSHA1 == gitBlobSHA1(Array(#"{"pooling_mode_mean_tokens":true}"#.utf8)))
        #expect(pooling.status == .verified)
        #expect(!pooling.isWeight)
    }

    @Test func huggingFaceCacheCatchesATamperedBlob() throws {
        let dir = TemporaryDirectory("hf-tamper")
        let weights = safetensorsBytes(tensorElements: 64)
        LayoutBuilder(root: dir).huggingFaceRepo("org/tampered", files: ["model.safetensors": weights, "config.json": Array("{}".utf8)])
        // Flip one byte in the weight blob and one in the config blob.
        var bad = weights
        bad[bad.count - 1] ^= 0xFF
        dir.write("hub/models--org--tampered/blobs/\(sha256Hex(weights))", bad)
        dir.write("hub/models--org--tampered/blobs/\(gitBlobSHA1(Array("{}".utf8)))", "[]")
        let record = try #require(scan([dir.url("hub")]).records.first)
        #expect(record.integrity == .mismatch)
        #expect(file(record, "model.safetensors")?.status == .mismatch)
        #expect(file(record, "config.json")?.status == .mismatch)
        #expect(record.findings.filter { $0.code == "checksum-mismatch" }.count == 2)
        #expect(record.findings.first?.severity == .critical)
        #expect(record.isCritical)
    }

    @Test func everyFormOfHuggingFacePathFindsTheSameSnapshot() throws {
        let dir = TemporaryDirectory("hf-paths")
        let snapshot = LayoutBuilder(root: dir).huggingFaceRepo("org/m", files: ["model.safetensors": safetensorsBytes()], hub: "hf-home/hub")
        for path in [dir.url("hf-home"), dir.url("hf-home/hub"), dir.url("hf-home/hub/models--org--m"), snapshot, snapshot + "/model.safetensors"] {
            let outcome = scan([path])
            #expect(outcome.records.count == 1, "PATH \(path)")
            #expect(outcome.records.first?.model.path == RawPath(snapshot), "PATH \(path)")
            #expect(outcome.records.first?.integrity == .verified, "PATH \(path)")
        }
    }

    @Test func danglingSnapshotLinkIsAFindingNotALostModel() throws {
        let dir = TemporaryDirectory("hf-dangling")
        let snapshot = LayoutBuilder(root: dir).huggingFaceRepo("org/m", files: ["model.safetensors": safetensorsBytes()])
        dir.symlink(String(snapshot.dropFirst(dir.path.count + 1)) + "/model-00002.safetensors",
                    to: "../../blobs/" + String(repeating: "ab", count: 32))
        let record = try #require(scan([dir.path]).records.first)
        #expect(record.integrity == .incomplete)
        #expect(file(record, "model.safetensors")?.status == .verified)
        #expect(file(record, "model-00002.safetensors")?.status == .incomplete)
        #expect(record.findings.contains { $0.code == "missing-blob" && $0.path == RawPath("model-00002.safetensors") })
    }

    @Test func incompleteBlobMeansADownloadInProgress() throws {
        let dir = TemporaryDirectory("hf-incomplete")
        LayoutBuilder(root: dir).huggingFaceRepo("org/m", files: ["config.json": Array("{}".utf8)])
        dir.write("hub/models--org--m/blobs/\(String(repeating: "cd", count: 32)).incomplete", pseudoRandomBytes(100))
        let record = try #require(scan([dir.path]).records.first)
        #expect(record.integrity == .incomplete)
        #expect(record.findings.contains { $0.code == "download-in-progress" })
    }

    @Test func treeManifestMakesAFileMissingFromTheSnapshotIncomplete() throws {
        let dir = TemporaryDirectory("hf-trees")
        let weights = safetensorsBytes()
        let commit = String(repeating: "b2", count: 20)
        LayoutBuilder(root: dir).huggingFaceRepo("org/m", commit: commit, files: ["model.safetensors": weights])
        let missing = String(repeating: "ef", count: 32)
        dir.write("hub/models--org--m/trees/\(commit).json", """
            [{"path":"model.safetensors","size":\(weights.count),"blob_id":"\(String(repeating: "1", count: 40))","lfs_sha256":"\(sha256Hex(weights))"},
             {"path":"model-2.safetensors","size":1000,"blob_id":"\(String(repeating: "2", count: 40))","lfs_sha256":"\(missing)"}]
            """)
        let record = try #require(scan([dir.path]).records.first)
        #expect(record.integrity == .incomplete)
        let absent = try #require(file(record, "model-2.safetensors"))
        #expect(absent.status == .incomplete)
        #expect(absent.expectedSHA256 == missing)
        #expect(record.findings.contains { $0.code == "missing-file" })
    }

    @Test func xetStoreBlobIsFollowedAndVerifiedByTheRepoBlobName() throws {
        let dir = TemporaryDirectory("hf-xet")
        let weights = safetensorsBytes(tensorElements: 32)
        let sha = sha256Hex(weights)
        let commit = String(repeating: "c3", count: 20)
        dir.write("hub/blobs/7f/7f00aa11bb22", weights)
        dir.symlink("hub/models--org--x/blobs/\(sha)", to: "../../blobs/7f/7f00aa11bb22")
        dir.symlink("hub/models--org--x/snapshots/\(commit)/model.safetensors", to: "../../blobs/\(sha)")
        let outcome = scan([dir.url("hub")])
        #expect(outcome.records.count == 1)
        let record = try #require(outcome.records.first)
        #expect(record.integrity == .verified)
        #expect(file(record, "model.safetensors")?.sha256 == sha)
    }

    @Test func localDirMetadataEtagIsTheExpectedDigest() throws {
        let dir = TemporaryDirectory("localdir")
        let good = safetensorsBytes(tensorElements: 10)
        let commit = String(repeating: "d4", count: 20)
        dir.write("Qwen-tiny/model.safetensors", good)
        dir.write("Qwen-tiny/.cache/huggingface/download/model.safetensors.metadata", "\(commit)\n\(sha256Hex(good))\n1732000000.5\n")
        dir.write("Qwen-tiny/config.json", "{}")
        dir.write("Qwen-tiny/.cache/huggingface/download/config.json.metadata", "\(commit)\n\(gitBlobSHA1(Array("{}".utf8)))\n1732000000.5\n")
        var record = try #require(scan([dir.path]).records.first)
        #expect(record.model.layout == .hfLocalDir)
        #expect(record.model.revision == commit)
        #expect(record.integrity == .verified)
        #expect(file(record, "model.safetensors")?.expectedFrom == .hfMetadata)
        dir.write("Qwen-tiny/model.safetensors", safetensorsBytes(tensorElements: 10, seed: 99))
        record = try #require(scan([dir.path]).records.first)
        #expect(record.integrity == .mismatch)
    }

    @Test func checksumListsVerifyPlainFolders() throws {
        let dir = TemporaryDirectory("sums")
        let a = safetensorsBytes(tensorElements: 8, seed: 1)
        let b = pseudoRandomBytes(300, seed: 2)
        dir.write("m/model.safetensors", a)
        dir.write("m/extra.bin", b)
        dir.write("m/SHA256SUMS", "\(sha256Hex(a))  model.safetensors\n\(sha256Hex(b)) *extra.bin\n")
        var record = try #require(scan([dir.path]).records.first)
        #expect(record.model.layout == .folder)
        #expect(record.integrity == .verified)
        #expect(file(record, "extra.bin")?.expectedFrom == .sha256sums)
        dir.write("m/SHA256SUMS", "\(sha256Hex(b))  model.safetensors\n")
        record = try #require(scan([dir.path]).records.first)
        #expect(record.integrity == .mismatch)
        #expect(file(record, "extra.bin")?.status == .unverified)
    }

    @Test func singleDigestShaFileNamesItsSibling() throws {
        let dir = TemporaryDirectory("dotsha")
        let weights = safetensorsBytes(tensorElements: 3)
        dir.write("m/model.safetensors", weights)
        dir.write("m/model.safetensors.sha256", sha256Hex(weights) + "\n")
        let record = try #require(scan([dir.path]).records.first)
        #expect(file(record, "model.safetensors")?.status == .verified)
        #expect(file(record, "model.safetensors")?.expectedFrom == .sha256sums)
    }

    @Test func missingShardMakesTheModelIncomplete() throws {
        let dir = TemporaryDirectory("shards")
        dir.write("m/model-00001-of-00002.safetensors", safetensorsBytes())
        dir.write("m/model.safetensors.index.json", """
            {"metadata":{"total_size":32},"weight_map":{"weight":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}}
            """)
        let record = try #require(scan([dir.path]).records.first)
        #expect(record.integrity == .incomplete)
        #expect(record.findings.contains { $0.code == "missing-shard" && $0.path == RawPath("model-00002-of-00002.safetensors") })
        #expect(file(record, "model-00002-of-00002.safetensors")?.status == .incomplete)
    }

    @Test func lfsPointerInsteadOfWeightsIsIncomplete() throws {
        let dir = TemporaryDirectory("lfs")
        let oid = String(repeating: "9a", count: 32)
        dir.write("m/pytorch_model.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize 440473133\n")
        let record = try #require(scan([dir.path]).records.first)
        let entry = try #require(file(record, "pytorch_model.bin"))
        #expect(entry.status == .incomplete)
        #expect(entry.expectedFrom == .lfsPointer)
        #expect(entry.expectedSHA256 == oid)
        #expect(entry.format == "lfs-pointer")
        #expect(record.findings.contains { $0.code == "lfs-pointer-not-fetched" })
    }

    @Test func textOnlyFolderIsNotAModelAndSubfoldersBelongToTheirModel() throws {
        let dir = TemporaryDirectory("folders")
        dir.write("notes/README.md", "# just notes")
        dir.write("notes/config.json", "{}")
        dir.write("st/model.safetensors", safetensorsBytes())
        dir.write("st/1_Pooling/config.json", "{}")
        dir.write("st/onnx/model.onnx", pseudoRandomBytes(64))
        dir.write("sd/model_index.json", "{}")
        dir.write("sd/unet/diffusion_pytorch_model.safetensors", safetensorsBytes())
        dir.write("sd/vae/diffusion_pytorch_model.safetensors", safetensorsBytes(seed: 3))
        let outcome = scan([dir.path])
        #expect(outcome.records.map(\.model.path.name).sorted() == ["sd", "st"])
        let st = try #require(outcome.records.first { $0.model.path.name == "st" })
        #expect(st.files.filter(\.isWeight).map(\.path).contains(RawPath("onnx/model.onnx")))
        let sd = try #require(outcome.records.first { $0.model.path.name == "sd" })
        #expect(sd.files.filter(\.isWeight).count == 2)
    }

    @Test func looseGGUFFilesAreModelsOfTheirOwn() throws {
        let dir = TemporaryDirectory("gguf")
        dir.write("store/a.Q4_K_M.gguf", ggufBytes(metadata: [("general.name", "A")]))
        dir.write("store/b.gguf", ggufBytes(metadata: [("general.name", "B")]))
        dir.write("store/readme.txt", "two models")
        let outcome = scan([dir.url("store")])
        #expect(outcome.records.count == 2)
        #expect(outcome.records.allSatisfy { $0.model.layout == .gguf })
        #expect(outcome.records.map(\.model.path.name) == ["a.Q4_K_M.gguf", "b.gguf"])
        #expect(outcome.records.first?.files.first?.path == RawPath("a.Q4_K_M.gguf"))
        // A single .gguf as PATH.
        #expect(scan([dir.url("store/b.gguf")]).records.count == 1)
    }

    @Test func ollamaManifestBlobsAreVerifiedAndCorruptionCaught() throws {
        let dir = TemporaryDirectory("ollama")
        let weights = ggufBytes(metadata: [("general.name", "tiny")]) + pseudoRandomBytes(4096)
        let license = Array("MIT License\n\nPermission is hereby granted, free of charge".utf8)
        let manifest = LayoutBuilder(root: dir).ollamaModel("tiny", tag: "1b", layers: [
            ("application/vnd.ollama.image.model", weights), ("application/vnd.ollama.image.license", license),
        ])
        var record = try #require(scan([dir.url("ollama/models")]).records.first)
        #expect(record.model.layout == .ollama)
        #expect(record.model.name == "library/tiny:1b")
        #expect(record.model.path == RawPath(manifest))
        #expect(record.integrity == .verified)
        let weight = try #require(record.files.first { $0.isWeight })
        #expect(weight.expectedFrom == .ollamaDigest)
        #expect(weight.path == RawPath("../../../../blobs/sha256-\(sha256Hex(weights))"))
        // Corrupted after the pull: Ollama would not notice, we do.
        var bad = weights
        bad[100] ^= 1
        dir.write("ollama/models/blobs/sha256-\(sha256Hex(weights))", bad)
        record = try #require(scan([dir.url("ollama/models")]).records.first)
        #expect(record.integrity == .mismatch)
    }

    @Test func ollamaMissingAndPartialBlobs() throws {
        let dir = TemporaryDirectory("ollama-partial")
        let weights = pseudoRandomBytes(2048, seed: 11)
        LayoutBuilder(root: dir).ollamaModel("gone", tag: "latest", layers: [("application/vnd.ollama.image.model", weights)], writeBlobs: false)
        var record = try #require(scan([dir.url("ollama/models")]).records.first)
        #expect(record.integrity == .incomplete)
        #expect(record.findings.contains { $0.code == "missing-blob" })
        dir.write("ollama/models/blobs/sha256-\(sha256Hex(weights))-partial", pseudoRandomBytes(100))
        record = try #require(scan([dir.url("ollama/models")]).records.first)
        #expect(record.findings.contains { $0.code == "download-in-progress" })
    }

    @Test func mixedStoreIsAuditedOnceInOnePass() throws {
        let dir = TemporaryDirectory("mixed")
        let builder = LayoutBuilder(root: dir)
        builder.huggingFaceRepo("org/a", files: ["model.safetensors": safetensorsBytes(seed: 1)], hub: "store/hf/hub")
        builder.huggingFaceRepo("org/a", commit: String(repeating: "e5", count: 20), files: ["model.safetensors": safetensorsBytes(seed: 1)], hub: "store/hf/hub")
        dir.write("store/plain/model.safetensors", safetensorsBytes(seed: 2))
        dir.write("store/loose.gguf", ggufBytes(metadata: []))
        dir.symlink("store/alias-of-plain", to: "plain")
        builder.ollamaModel("o", tag: "t", layers: [("application/vnd.ollama.image.model", pseudoRandomBytes(512))])
        let outcome = scan([dir.url("store"), dir.url("store/plain"), dir.url("ollama")])
        let layouts = outcome.records.map(\.model.layout.rawValue).sorted()
        #expect(layouts == ["folder", "gguf", "hf-cache", "hf-cache", "ollama"])
        #expect(Set(outcome.records.map(\.model.path)).count == outcome.records.count)
        // Two snapshots share one blob: it is read once (5 distinct files: HF blob, plain weights,
        // loose GGUF, Ollama weights and config).
        #expect(outcome.summary.filesHashed == 5)
    }
}

@Suite struct ShardSetTests {
    @Test func indexThatDisagreesWithItsShardsIsCorrupt() throws {
        let dir = TemporaryDirectory("shard-set")
        dir.write("m/model-00001-of-00002.safetensors", safetensorsBytes(tensorElements: 4, seed: 1))
        dir.write("m/model-00002-of-00002.safetensors", safetensorsBytes(tensorElements: 4, seed: 2))
        // Both shards hold a tensor named "weight"; the index places "weight" in shard 1 and "bias" in shard 2.
        dir.write("m/model.safetensors.index.json", """
            {"weight_map":{"weight":"model-00001-of-00002.safetensors","bias":"model-00002-of-00002.safetensors"}}
            """)
        var record = try #require(ScanRunner(options: AuditOptions(jobs: 1, host: "t")).run(paths: [dir.raw]).records.first)
        #expect(record.integrity == .corrupt)
        #expect(record.findings.contains { $0.code == "shard-index-mismatch" && $0.path == RawPath("model.safetensors.index.json") })

        dir.write("m/model.safetensors.index.json", """
            {"weight_map":{"weight":"model-00001-of-00002.safetensors"}}
            """)
        try FileManager.default.removeItem(atPath: dir.url("m/model-00002-of-00002.safetensors"))
        record = try #require(ScanRunner(options: AuditOptions(jobs: 1, host: "t")).run(paths: [dir.raw]).records.first)
        #expect(!record.findings.contains { $0.code == "shard-index-mismatch" })
        #expect(record.integrity == .unverified)
    }
}

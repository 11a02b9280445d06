import Testing
@testable import ReproAudit

@Suite struct IntegrityParserTests {
    let a = String(repeating: "ab", count: 32)
    let b = String(repeating: "CD", count: 32)

    @Test func checksumListReadsGNUBinaryAndBSDForms() {
        let text = "# comment\n\(a)  model.safetensors\n\(b) *sub/weights.bin\r\nSHA256 (tok.json) = \(a)\nnot a line\n\n"
        let list = ChecksumList.parse(text, fileName: "SHA256SUMS")
        #expect(list.entries.map(\.name) == ["model.safetensors", "sub/weights.bin", "tok.json"])
        #expect(list.entries[1].sha256 == b.lowercased())
        #expect(list.unreadableLines == [5])
        #expect(ChecksumList.parse("\(a)\n", fileName: "model.bin.sha256").entries.first?.name == "model.bin")
        #expect(ChecksumList.isChecksumListName("sha256sums.txt"))
        #expect(!ChecksumList.isChecksumListName("README.md"))
    }

    @Test func lfsPointerNeedsOidAndSize() {
        let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:\(a)\nsize 42\n"
        #expect(LFSPointer.parse(Array(pointer.utf8)) == LFSPointer(sha256: a, size: 42))
        #expect(LFSPointer.parse(Array("version https://git-lfs.github.com/spec/v1\nsize 42\n".utf8)) == nil)
        #expect(LFSPointer.parse(Array("GGUF....".utf8)) == nil)
    }

    @Test func shardIndexListsDistinctShardsAndRejectsBadMaps() throws {
        let index = try ShardIndex.parse(Array(#"{"metadata":{"total_size":10},"weight_map":{"x":"a.safetensors","y":"b.safetensors","z":"a.safetensors"}}"#.utf8))
        #expect(index.shards == ["a.safetensors", "b.safetensors"])
        #expect(index.totalSize == 10)
        #expect(throws: JSONError.self) { try ShardIndex.parse(Array(#"{"weight_map":[1]}"#.utf8)) }
        #expect(throws: JSONError.self) { try ShardIndex.parse(Array(#"{"weight_map":{"x":1}}"#.utf8)) }
        #expect(ShardIndex.isIndexName("model.safetensors.index.json"))
        #expect(!ShardIndex.isIndexName("model_index.json"))
    }

    @Test func contentAddressesAreSHA256OrGitSHA1() {
        #expect(ExpectedDigest.fromContentAddress(a, source: .hfBlob)?.sha256 == a)
        #expect(ExpectedDigest.fromContentAddress("\"" + String(a.prefix(40)) + "\"", source: .hfMetadata)?.gitSHA1 == String(a.prefix(40)))
        #expect(ExpectedDigest.fromContentAddress("xet-7f00aa", source: .hfBlob) == nil)
    }

    @Test func treeManifestAcceptsArrayAndObjectForms() throws {
        let array = HuggingFaceTreeManifest.parse(Array(#"[{"path":"m.bin","size":3,"lfs":{"sha256":"\#(a)"}},{"path":"d","type":"directory"}]"#.utf8))
        #expect(try array.get().entries.map(\.path) == ["m.bin"])
        #expect(try array.get().entries.first?.expected?.sha256 == a)
        let object = HuggingFaceTreeManifest.parse(Array(#"{"files":[{"rfilename":"c.json","blob_id":"\#(String(a.prefix(40)))"}]}"#.utf8))
        #expect(try object.get().entries.first?.expected?.gitSHA1 == String(a.prefix(40)))
        #expect((try? HuggingFaceTreeManifest.parse(Array("{}".utf8)).get()) == nil)
    }

    @Test func digestsMatchKnownVectors() {
        #expect(MessageDigest.hex(.sha256, of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(MessageDigest.hex(.sha1, of: Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        // git hash-object of "hello\n"
        #expect(MessageDigest.hex(.sha1, of: Array("blob 6\0hello\n".utf8)) == "ce013625030ba8dba906f756967f9e9ca394464a")
    }

    @Test func rawPathOperations() {
        let path = RawPath("/a/b/c.SafeTensors")
        #expect(path.lastComponent == "c.SafeTensors")
        #expect(path.removingLastComponent == "/a/b")
        #expect(path.lowercasedExtension == "safetensors")
        #expect(path.relative(to: "/a") == "b/c.SafeTensors")
        #expect(path.relative(to: "/x") == nil)
        #expect(RawPath("/a/./b/../c//d").lexicallyNormalized == "/a/c/d")
        #expect(RawPath("x/../../y").lexicallyNormalized == "../y")
        #expect(RawPath("/").removingLastComponent == "/")
        #expect(RawPath("/a").removingLastComponent == "/")
        #expect(OllamaStoreLayout.modelName(["registry.ollama.ai", "library", "llama3", "8b"]) == "library/llama3:8b")
        #expect(OllamaStoreLayout.modelName(["hf.co", "bartowski", "Qwen-GGUF", "Q4_K_M"]) == "hf.co/bartowski/Qwen-GGUF:Q4_K_M")
        #expect(HuggingFaceCacheLayout.repositoryName("models--meta-llama--Llama-3.1-8B") == "meta-llama/Llama-3.1-8B")
    }
}

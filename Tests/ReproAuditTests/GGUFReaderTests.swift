import Testing
@testable import ReproAudit

@Suite struct GGUFReaderTests {
    func sample() -> GGUFBuilder {
        var builder = GGUFBuilder()
        builder.keyValues = [
            ("general.architecture", .string("llama")),
            ("general.name", .string("Tiny Llama")),
            ("general.license", .string("apache-2.0")),
            ("general.license.link", .string("https://www.apache.org/licenses/LICENSE-2.0")),
            ("general.base_model.count", .uint32(1)),
            ("general.base_model.0.name", .string("Llama 3")),
            ("general.datasets", .strings(["c4", "the-pile"])),
            ("llama.context_length", .uint32(4096)),
            ("llama.rope.freq_base", .float32(10000)),
            ("tokenizer.ggml.tokens", .strings((0..<2000).map { "tok\($0)" })),
            ("tokenizer.ggml.token_type", .int32s([Int32](repeating: 1, count: 2000))),
            ("tokenizer.chat_template", .string("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}")),
            ("general.alignment", .uint32(64)),
        ]
        builder.alignment = 64
        builder.tensors = [
            ("token_embd.weight", [64, 8], 0, nil),     // F32
            ("blk.0.attn_q.weight", [256, 2], 12, nil), // Q4_K: 2 blocks of 144 bytes
            ("output.weight", [32, 4], 8, nil),         // Q8_0
        ]
        return builder
    }

    func read(_ bytes: [UInt8]) throws(FormatError) -> GGUFReader.File {
        try GGUFReader().read(source: InMemoryBytes(bytes))
    }

    func expectError(_ bytes: [UInt8], contains text: String, kind: FormatError.Kind = .malformed, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try read(bytes)
            Issue.record("expected an error containing '\(text)'", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsAV3File() throws {
        let file = try read(sample().build())
        #expect(file.version == 3)
        #expect(file.alignment == 64)
        #expect(file.tensors.map(\.name) == ["token_embd.weight", "blk.0.attn_q.weight", "output.weight"])
        #expect(file.dataOffset % 64 == 0)
        let metadata = JSONValue.object(file.metadata)
        #expect(metadata["general.name"] == "Tiny Llama")
        #expect(metadata["general.license.link"]?.stringValue?.hasPrefix("https://") == true)
        #expect(metadata["general.base_model.count"] == 1)
        #expect(metadata["general.datasets"] == ["c4", "the-pile"])
        #expect(metadata["tokenizer.chat_template"]?.stringValue?.contains("messages") == true)
        #expect(metadata["llama.context_length"] == nil)
        #expect(metadata["tokenizer.ggml.tokens"] == nil)

        let inspection = FormatInspector.inspect(relativePath: "tiny.gguf", source: InMemoryBytes(sample().build()))
        #expect(inspection.format == "gguf")
        #expect(inspection.safety == .safe)
        #expect(inspection.findings.isEmpty)
        #expect(JSONValue.object(inspection.metadata)["general.license"] == "apache-2.0")
    }

    @Test func keptMetadataIsBudgeted() throws {
        var reader = GGUFReader()
        reader.maximumKeptBytes = 15  // "llama" + "Tiny Llama"
        let file = try reader.read(source: InMemoryBytes(sample().build()))
        let metadata = JSONValue.object(file.metadata)
        #expect(metadata["general.name"] == "Tiny Llama")
        #expect(metadata["general.license"] == nil)
        #expect(metadata["general.base_model.count"] == 1)
    }

    @Test func rejectsTruncatedFiles() {
        var builder = sample()
        builder.truncateBy = 1
        expectError(builder.build(), contains: "runs past the end")
        let whole = sample().build()
        for cut in [3, 10, 30, 200, 40_000] where cut < whole.count {
            do {
                _ = try read(Array(whole.prefix(cut)))
                Issue.record("a file cut at \(cut) bytes was accepted")
            } catch {
                #expect(error.code == "corrupt-gguf")
            }
        }
    }

    @Test func boundsCountsAndLengthsBeforeAllocating() {
        var tensors = sample()
        tensors.tensorCountOverride = 1 << 62
        expectError(tensors.build(), contains: "tensor count")
        var kvs = sample()
        kvs.kvCountOverride = UInt64.max
        expectError(kvs.build(), contains: "metadata count")
        var string = GGUFBuilder()
        string.keyValues = [("general.name", .raw(8, GGUFBuilder.le(UInt64(1) << 62) + Array("x".utf8)))]
        expectError(string.build(), contains: "runs past the end")
        var array = GGUFBuilder()
        array.keyValues = [("tokenizer.ggml.tokens", .raw(9, GGUFBuilder.le(UInt32(8)) + GGUFBuilder.le(UInt64(1) << 60)))]
        expectError(array.build(), contains: "cannot fit")
        var type = GGUFBuilder()
        type.keyValues = [("general.name", .raw(13, [0, 0, 0, 0]))]
        expectError(type.build(), contains: "unknown value type 13")
        var boolean = GGUFBuilder()
        boolean.keyValues = [("general.flag", .raw(7, [2]))]
        expectError(boolean.build(), contains: "boolean")
    }

    @Test func checksTensorPlacementAndAlignment() {
        var misaligned = sample()
        misaligned.tensors[1].offset = 2_048 + 8
        expectError(misaligned.build(), contains: "not aligned")
        var outside = sample()
        outside.tensors.append(("far", [8], 0, 1 << 40))
        outside.maximumData = 4096
        expectError(outside.build(), contains: "runs past the end")
        var blocks = sample()
        blocks.tensors[1].dims = [100, 2]
        expectError(blocks.build(), contains: "not a multiple")
        var alignment = sample()
        alignment.keyValues.append(("general.alignment", .uint32(48)))
        expectError(alignment.build(), contains: "power of two")
    }

    @Test func refusesV1AndUnknownVersions() {
        var v1 = sample()
        v1.version = 1
        expectError(v1.build(), contains: "version 1", kind: .unsupported)
        let inspection = FormatInspector.inspect(relativePath: "old.gguf", source: InMemoryBytes(v1.build()))
        #expect(inspection.safety == .unknown)
        #expect(inspection.corruption == nil)
        var v9 = sample()
        v9.version = 9
        expectError(v9.build(), contains: "unknown GGUF version 9")
        var v2 = sample()
        v2.version = 2
        #expect(throws: Never.self) { try read(v2.build()) }
    }

    @Test func corruptFilesAreCorruptButSafe() {
        var builder = sample()
        builder.truncateBy = 7
        let inspection = FormatInspector.inspect(relativePath: "tiny.gguf", source: InMemoryBytes(builder.build()))
        #expect(inspection.corruption?.code == "corrupt-gguf")
        #expect(inspection.safety == .safe)
    }

    @Test func flagsTemplateInjection() {
        let attacks = [
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
            "{{ self._TemplateReference__context.joiner.__init__.__globals__ }}",
            "{% set x = lipsum|attr('\\x5f\\x5fglobals\\x5f\\x5f') %}",
            "{{ os.system('id') }}",
        ]
        for attack in attacks {
            var builder = sample()
            builder.keyValues.append(("tokenizer.chat_template.tool_use", .string(attack)))
            let inspection = FormatInspector.inspect(relativePath: "evil.gguf", source: InMemoryBytes(builder.build()))
            #expect(inspection.safety == .unsafe, "\(attack)")
            #expect(inspection.findings.first?.code == "gguf-template-injection")
            #expect(inspection.findings.first?.severity == .critical)
        }
        #expect(GGUFChatTemplateCheck.suspiciousMarkers(in: "{{ message.pos.x }} photos.jpg {{ bos_token }}").isEmpty)
    }

    /// Names glued from pieces or computed: the plain substring search missed every one of these.
    @Test(arguments: [
        "{% set u = '_'*2 %}{{ (cycler|attr(u~'init'~u)|attr(u~'globals'~u))['o'~'s']|attr('po'~'pen')('id') }}",
        "{{ lipsum|attr('%c%cglobals%c%c'|format(95,95,95,95)) }}",
        "{{ joiner['_' '_init_' '_']['__glo' ~ 'bals__'] }}",
        "{{ namespace[['_','_','init','_','_']|join] }}",
        "{{ ''['\\x5F\\x5Fclass\\x5F\\x5F'] }}",
        "{{ ''['_\\137class\\137_'] }}",
        "{{ ''.__cla + ss__ }}",
        "{{ cycler | attr ( name ) }}",
    ])
    func flagsAssembledTemplateInjection(attack: String) {
        var builder = sample()
        builder.keyValues.append(("tokenizer.chat_template", .string(attack)))
        let inspection = FormatInspector.inspect(relativePath: "evil.gguf", source: InMemoryBytes(builder.build()))
        #expect(inspection.safety == .unsafe, "\(attack)")
        #expect(inspection.findings.first?.code == "gguf-template-injection", "\(attack)")
        #expect(inspection.findings.first?.severity == .critical)
    }

    /// The templates real models ship are not flagged (Llama 3 and 3.1 as Meta publishes them, Gemma 2, ChatML).
    @Test(arguments: ["llama-3.jinja", "llama-3.1.jinja", "gemma-2.jinja", "chatml.jinja"])
    func realChatTemplatesAreSafe(name: String) throws {
        let template = String(decoding: try FormatFixtures.bytes(folder: "chat-templates", name), as: UTF8.self)
        #expect(GGUFChatTemplateCheck.suspiciousMarkers(in: template).isEmpty)
        var builder = sample()
        builder.keyValues.append(("tokenizer.chat_template", .string(template)))
        let inspection = FormatInspector.inspect(relativePath: "model.gguf", source: InMemoryBytes(builder.build()))
        #expect(inspection.safety == .safe)
        #expect(inspection.findings.isEmpty)
    }
}

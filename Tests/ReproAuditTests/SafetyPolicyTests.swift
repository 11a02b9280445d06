import Testing
@testable import ReproAudit
@testable import ReproAuditDaemon

/// The three-level import policy, parser differentials, expansion bombs and the formats reproaudit
/// recognises without reading them (issue 9), on bytes made by each format's own writer.
@Suite struct SafetyPolicyTests {
    @Test func pythonTwoPicklesOfAllowListedClassesAreSafe() throws {
        // pickle.dumps(protocol=0) of a scikit-learn estimator: copy_reg._reconstructor(cls, object,
        // None), __builtin__.object, and a Python 2 long.
        let inspection = try FormatFixtures.inspect("python2-estimator-p0.pkl")
        #expect(inspection.safety == .safe, "\(inspection.findings)")
        #expect(inspection.corruption == nil)
        #expect(PickleImportPolicy.classify(module: "__builtin__", name: "long") == .safe)
        #expect(PickleImportPolicy.classify(module: "__builtin__", name: "unicode") == .safe)
        #expect(PickleImportPolicy.classify(module: "__builtin__", name: "xrange") == .safe)
        #expect(PickleImportPolicy.classify(module: "__builtin__", name: "basestring") == .safe)
        #expect(PickleImportPolicy.classify(module: "__builtin__", name: "object") != .dangerous)
        #expect(PickleImportPolicy.classify(module: "__builtin__", name: "eval") == .dangerous)
    }

    @Test func realCheckpointClassesAreSafeAndOthersUnknown() {
        for (module, name) in [("collections", "OrderedDict"), ("collections", "defaultdict"), ("collections", "Counter"),
                               ("collections", "deque"), ("typing", "Any"), ("decimal", "Decimal"), ("builtins", "len"),
                               ("__future__", "_Feature"), ("omegaconf.dictconfig", "DictConfig"), ("omegaconf.base", "ContainerMetadata"),
                               ("pytorch_lightning.utilities.parsing", "AttributeDict"), ("transformers.training_args", "TrainingArguments"),
                               ("tokenizers", "AddedToken"), ("sklearn.tree._classes", "DecisionTreeClassifier"),
                               ("numpy", "float64"), ("numpy.dtypes", "Float32DType"), ("joblib.numpy_pickle", "NumpyArrayWrapper"),
                               ("argparse", "Namespace"), ("pathlib", "PosixPath"), ("torch.nn.modules.linear", "Linear")] {
            #expect(PickleImportPolicy.classify(module: module, name: name) == .safe, "\(module).\(name)")
        }
        for (module, name) in [("mylab.config", "Settings"), ("sklearn.metrics._scorer", "_passthrough_scorer"), ("copyreg.extension", "7")] {
            #expect(PickleImportPolicy.classify(module: module, name: name) == .unknown, "\(module).\(name)")
        }
        // Gadgets the peers' suites use: stdlib functions that run commands, methods reached by name.
        for (module, name) in [("uuid", "_get_command_stdout"), ("_osx_support", "_read_output"), ("imaplib", "IMAP4_stream"),
                               ("_pyrepl.pager", "pipe_pager"), ("torch.utils.collect_env", "run"), ("pydoc", "pipepager"),
                               ("code", "InteractiveInterpreter.runcode"), ("logging", "FileHandler"), ("ssl", "get_server_certificate"),
                               ("numpy.testing._private.utils", "runstring"), ("pathlib", "Path.write_text")] {
            #expect(PickleImportPolicy.classify(module: module, name: name) == .dangerous, "\(module).\(name)")
        }
    }

    @Test func pickleAllowIsReadAndCannotAllowDangerousGlobals() throws {
        let config = try Configuration.parse(Array(#"{"watch": ["/srv/models"], "pickle_allow": ["mylab.config.Settings"]}"#.utf8), file: "c.json")
        #expect(config.pickleAllow == ["mylab.config.Settings"])
        #expect(config.picklePolicy.classify(module: "mylab.config", name: "Settings") == .safe)
        #expect(throws: ConfigurationError.self) {
            _ = try Configuration.parse(Array(#"{"watch": ["/srv"], "pickle_allow": ["posix.system"]}"#.utf8), file: "c.json")
        }
        #expect(throws: ConfigurationError.self) {
            _ = try Configuration.parse(Array(#"{"watch": ["/srv"], "pickle_allow": ["nodot"]}"#.utf8), file: "c.json")
        }
    }

    @Test func scanPickleAllowMirrorsTheConfigKey() throws {
        let dir = TemporaryDirectory("pickle-allow")
        dir.write("m/model.pkl", try FormatFixtures.bytes("unknown-import.pkl"))
        var result = try BinaryRunner.run(["scan", dir.url("m"), "--json"])
        var record = try JSONParser().parse(Array(result.stdout.utf8))
        #expect(record["verdict"]?["safety"] == "unknown", "\(result.stdout)")
        result = try BinaryRunner.run(["scan", dir.url("m"), "--json", "--pickle-allow", "other.Thing", "--pickle-allow", "mylib.cfg.Unknown"])
        #expect(result.status == 0, "\(result.stderr)")
        record = try JSONParser().parse(Array(result.stdout.utf8))
        #expect(record["verdict"]?["safety"] == "safe", "\(result.stdout)")
        result = try BinaryRunner.run(["scan", dir.url("m"), "--pickle-allow", "posix.system"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--pickle-allow: cannot allow posix.system"), "\(result.stderr)")
        result = try BinaryRunner.run(["scan", dir.url("m"), "--pickle-allow", "nodot"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a \"module.name\" global"), "\(result.stderr)")
    }

    @Test func stringsThatLookLikeCodeAreInert() throws {
        let inspection = try FormatFixtures.inspect("code-strings.pkl")
        #expect(inspection.safety == .safe)
        #expect(inspection.findings.allSatisfy { $0.severity <= .info })
    }

    @Test func expansionBombsAreAWarningAndBounded() throws {
        let inspection = try FormatFixtures.inspect("expansion-bomb.pkl")
        #expect(inspection.findings.map(\.code) == ["pickle-expansion"])
        #expect(inspection.findings.first?.severity == .warning)
        #expect(inspection.safety == .safe)
        // An honest pickle of the same size is no bomb.
        #expect(try FormatFixtures.inspect("benign-p2.pkl").findings.isEmpty)
    }

    @Test func frameBoundariesThatDisagreeAreDifferentials() {
        // pickle.dumps({}, protocol=4) framed: PROTO 4, FRAME n, EMPTY_DICT, STOP.
        func framed(_ length: UInt64, _ body: [UInt8]) -> [UInt8] {
            [0x80, 4, 0x95] + GGUFBuilder.le(length) + body
        }
        let honest = framed(2, [0x7D, 0x2E])
        #expect(FormatInspector.inspect(relativePath: "a.pkl", source: InMemoryBytes(honest)).safety == .safe)
        // The frame claims one byte: SHORT_BINUNICODE crosses its end; CPython's C unpickler reads on.
        let body: [UInt8] = [0x8C, 5] + Array("posix".utf8) + [0x8C, 6] + Array("system".utf8) + [0x93, 0x29, 0x52, 0x2E]
        let crossing = FormatInspector.inspect(relativePath: "a.pkl", source: InMemoryBytes(framed(1, body)))
        #expect(crossing.safety == .unsafe)
        #expect(crossing.findings.contains { $0.code == "parser-differential" && JSONValue.object($0.details)["offset"] == .integer(12) })
        let inert: [UInt8] = [0x8C, 2] + Array("ab".utf8) + [0x2E]
        let short = FormatInspector.inspect(relativePath: "a.pkl", source: InMemoryBytes(framed(1, inert)))
        #expect(short.safety == .unknown)
        #expect(short.findings.map(\.code) == ["parser-differential"])
        // A PROTO after the first opcode.
        let late = FormatInspector.inspect(relativePath: "a.pkl", source: InMemoryBytes([0x80, 2, 0x7D, 0x80, 3, 0x2E]))
        #expect(late.safety == .unknown)
        #expect(late.findings.first?.code == "parser-differential")
    }

    @Test func zipDifferentialsAndHiddenMembers() throws {
        let hidden = try FormatFixtures.inspect("torch-hidden-member.pt")
        #expect(hidden.safety == .unsafe)
        #expect(hidden.findings.contains { $0.code == "unsafe-pickle" && JSONValue.object($0.details)["member"] == "archive/extra" })
        let renamed = try FormatFixtures.inspect("torch-local-name.pt")
        #expect(renamed.corruption == nil)
        #expect(renamed.safety == .unknown)
        #expect(renamed.findings.contains { $0.code == "parser-differential" && $0.message.contains("archive/data.pkx") })
    }

    @Test func legacyTarAndProtocolZeroCheckpoints() throws {
        let benign = try FormatFixtures.inspect("tar-benign.pt")
        #expect(benign.format == "pytorch-tar")
        #expect(benign.safety == .safe, "\(benign.findings)")
        let evil = try FormatFixtures.inspect("tar-evil.pt")
        #expect(evil.safety == .unsafe)
        #expect(evil.findings.contains { $0.code == "unsafe-pickle" && JSONValue.object($0.details)["member"] == "pickle" })
        let raw = try FormatFixtures.inspect("protocol0-evil.bin")
        #expect(raw.format == "pickle")
        #expect(raw.safety == .unsafe)
        // dill.dump writes plain pickles (protocol 0 here, so no magic byte to recognise): judged by extension.
        let dillEvil = try FormatFixtures.inspect("protocol0-evil.dill")
        #expect(dillEvil.format == "pickle")
        #expect(dillEvil.safety == .unsafe)
        let dillBenign = try FormatFixtures.inspect("protocol0-benign.dill")
        #expect(dillBenign.format == "pickle")
        #expect(dillBenign.safety == .safe, "\(dillBenign.findings)")
        #expect(WeightFileKind.isWeight(RawPath("model.dill")))
        // A .bin of other bytes is named but not judged.
        let other = FormatInspector.inspect(relativePath: "weights.bin", source: InMemoryBytes([0x28, 0xFF, 0xFF, 0x00]))
        #expect(other.safety == .unknown)
        #expect(other.corruption == nil)
    }

    @Test func torchScriptCodeIsUnknownUnlessItCallsSomethingDangerous() throws {
        let reading = try FormatFixtures.inspect("torchscript-from-file.pt")
        #expect(reading.format == "torchscript")
        #expect(reading.safety == .unsafe)
        #expect(reading.findings.contains { $0.code == "torchscript-dangerous-call" })
        #expect(PickleImportPolicy.standard.forTorchScript.classify(module: "__torch__.model", name: "Net") == .safe)
        #expect(PickleImportPolicy.standard.forTorchScript.classify(module: "torch.jit._pickle", name: "build_intlist") == .safe)
        #expect(TorchScriptCodeCheck.dangerousCalls(in: "x = my_ops.aten.save_all(y)").isEmpty)
    }

    @Test func kerasObjectsOutsideKerasFollowThePolicy() throws {
        let custom = try FormatFixtures.inspect("model-custom.keras")
        #expect(custom.safety == .unknown)
        #expect(custom.findings.map(\.code) == ["keras-custom-object"])
        let os = try FormatFixtures.inspect("model-os-function.keras")
        #expect(os.safety == .unsafe)
        #expect(os.findings.map(\.code) == ["keras-unsafe-object"])
        #expect(try FormatFixtures.inspect("model-plain.keras").safety == .safe)
    }

    @Test func recognisedFormatsThatAreNotReadAreUnknown() throws {
        let joblib = try FormatFixtures.inspect("compressed.joblib")
        #expect(joblib.format == "joblib-compressed")
        #expect(joblib.safety == .unknown)
        #expect(joblib.corruption == nil)
        let tflite = try FormatFixtures.inspect("model.tflite")
        #expect(tflite.format == "tflite")
        #expect(tflite.safety == .unknown)
        for name in ["saved_model.pb", "model.mlmodel", "model.tflite", "traced.jit", "model.hdf5", "flax_model.msgpack",
                     "variables.data-00000-of-00001"] {
            #expect(WeightFileKind.isWeight(RawPath(name)), "\(name)")
        }
    }

    @Test func ggufWithoutTensorsMayEndAfterItsMetadata() throws {
        // llama.cpp's ggml-vocab-*.gguf: no tensors, no padding after the metadata.
        var header = Array("GGUF".utf8) + GGUFBuilder.le(UInt32(3)) + GGUFBuilder.le(UInt64(0)) + GGUFBuilder.le(UInt64(1))
        header += GGUFBuilder.string("general.architecture") + GGUFBuilder.le(UInt32(8)) + GGUFBuilder.string("llama")
        #expect(header.count % 32 != 0)
        let inspection = FormatInspector.inspect(relativePath: "ggml-vocab-llama.gguf", source: InMemoryBytes(header))
        #expect(inspection.corruption == nil)
        #expect(inspection.safety == .safe)
        // A broken tensor table does not hide a dangerous template.
        var evil = Array("GGUF".utf8) + GGUFBuilder.le(UInt32(3)) + GGUFBuilder.le(UInt64(1)) + GGUFBuilder.le(UInt64(1))
        evil += GGUFBuilder.string("tokenizer.chat_template") + GGUFBuilder.le(UInt32(8)) + GGUFBuilder.string("{{ cycler.__init__.__globals__.os.popen('id') }}")
        evil += GGUFBuilder.string("w") + GGUFBuilder.le(UInt32(1)) + GGUFBuilder.le(UInt64(1_000_000)) + GGUFBuilder.le(UInt32(0)) + GGUFBuilder.le(UInt64(0))
        let broken = FormatInspector.inspect(relativePath: "evil.gguf", source: InMemoryBytes(evil))
        #expect(broken.corruption?.code == "corrupt-gguf")
        #expect(broken.safety == .unsafe)
        #expect(broken.findings.first?.code == "gguf-template-injection")
    }

    @Test func chatTemplatesOutsideGGUF() {
        let evil = #"{"chat_template": "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "model_max_length": 8}"#
        let findings = ChatTemplateFileCheck.findings(bytes: Array(evil.utf8), path: "tokenizer_config.json")
        #expect(findings.map(\.code) == ["chat-template-injection"])
        #expect(findings.first?.severity == .critical)
        let list = #"{"chat_template": [{"name": "default", "template": "{{ bos_token }}"}, {"name": "tool_use", "template": "{{ ''.__class__.__mro__ }}"}]}"#
        let listed = ChatTemplateFileCheck.findings(bytes: Array(list.utf8), path: "tokenizer_config.json")
        #expect(listed.count == 1)
        #expect(listed.first.map { JSONValue.object($0.details)["key"] } == "chat_template[tool_use]")
        #expect(ChatTemplateFileCheck.findings(bytes: Array("{{ lipsum.__globals__ }}".utf8), path: "chat_template.jinja").count == 1)
        let benign = #"{"chat_template": "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}{% endfor %}"}"#
        #expect(ChatTemplateFileCheck.findings(bytes: Array(benign.utf8), path: "chat_template.json").isEmpty)
        #expect(ChatTemplateFileCheck.isTemplateFile("tokenizer_config.json"))
        #expect(!ChatTemplateFileCheck.isTemplateFile("config.json"))
    }
}

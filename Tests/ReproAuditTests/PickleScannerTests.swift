import Testing
@testable import ReproAudit

@Suite struct PickleScannerTests {
    func scan(_ bytes: [UInt8], chunkSize: Int = 1 << 20) -> PickleScanner.Result {
        var scanner = PickleScanner()
        scanner.chunkSize = chunkSize
        return scanner.scan(bytes: bytes)
    }

    @Test(arguments: 0...5) func benignPicklesOfEveryProtocolAreSafe(protocolVersion: Int) throws {
        let bytes = try FormatFixtures.bytes("benign-p\(protocolVersion).pkl")
        let result = scan(bytes)
        #expect(result.error == nil)
        #expect(result.pickleCount == 1)
        #expect(result.bytesScanned == Int64(bytes.count))
        let names = Set(result.imports.map(\.qualifiedName))
        #expect(names.contains("torch._utils._rebuild_tensor_v2"))
        #expect(names.contains("collections.OrderedDict"))
        #expect(names.contains("torch.FloatStorage"))
        let inspection = try FormatFixtures.inspect("benign-p\(protocolVersion).pkl")
        #expect(inspection.format == "pickle" || protocolVersion < 2)
        #expect(inspection.safety == .safe)
        #expect(inspection.findings.isEmpty)
    }

    @Test(arguments: 0...5) func maliciousPicklesOfEveryProtocolAreUnsafe(protocolVersion: Int) throws {
        let system = try FormatFixtures.bytes("evil-system-p\(protocolVersion).pkl")
        let result = scan(system)
        #expect(result.error == nil)
        let evil = result.imports.first { $0.name == "system" }
        #expect(evil?.module == "posix")
        if let evil {
            // The reported offset is where the importing opcode sits.
            let opcode = system[Int(evil.offset)]
            #expect(opcode == UInt8(ascii: "c") || opcode == 0x93)
        }
        let inspection = try FormatFixtures.inspect("evil-system-p\(protocolVersion).pkl")
        #expect(inspection.safety == .unsafe)
        let finding = inspection.findings.first { $0.code == "unsafe-pickle" }
        #expect(finding?.severity == .critical)
        #expect(JSONValue.object(finding?.details ?? [])["import"] == "posix.system")
        #expect(JSONValue.object(finding?.details ?? [])["offset"] == .integer(evil?.offset ?? -1))

        let eval = try FormatFixtures.inspect("evil-eval-p\(protocolVersion).pkl")
        #expect(eval.safety == .unsafe)
        #expect(eval.findings.contains { $0.code == "unsafe-pickle" && ($0.message.contains("builtins.eval") || $0.message.contains("__builtin__.eval")) })
    }

    @Test func unknownImportsAreReportedAsWarnings() throws {
        let inspection = try FormatFixtures.inspect("unknown-import.pkl")
        #expect(inspection.safety == .unknown)
        #expect(inspection.findings.map(\.code) == ["unknown-pickle-import"])
        #expect(inspection.findings.first?.severity == .warning)
        #expect(inspection.findings.first?.message.contains("mylib.cfg.Unknown") == true)
        #expect(inspection.findings.first?.message.contains("weights_only=True") == true)
        // A site's own class named in pickle_allow is safe.
        let allowed = FormatInspector.inspect(relativePath: "unknown-import.pkl", source: InMemoryBytes(try FormatFixtures.bytes("unknown-import.pkl")),
                                              policy: PickleImportPolicy(allowed: ["mylib.cfg.Unknown"]))
        #expect(allowed.safety == .safe)
        #expect(allowed.findings.isEmpty)
    }

    @Test func resolvesStackGlobalOperandsThroughTheMemo() {
        // PROTO 4, "os" MEMOIZE, "getcwd" STACK_GLOBAL POP, BINGET 0 "system" STACK_GLOBAL, STOP.
        var bytes: [UInt8] = [0x80, 4, 0x8C, 2] + Array("os".utf8) + [0x94, 0x8C, 6] + Array("getcwd".utf8) + [0x93, 0x30]
        bytes += [0x68, 0] + [0x8C, 6] + Array("system".utf8) + [0x93, 0x2E]
        let result = scan(bytes)
        #expect(result.error == nil)
        #expect(result.imports.map(\.qualifiedName) == ["os.getcwd", "os.system"])
        // Protocol-0 PUT/GET by text, then a LONG_BINPUT/LONG_BINGET pair.
        var text: [UInt8] = Array("Vbuiltins\np7\n0g7\nVexec\n".utf8) + [0x93]
        text += [0x8C, 1, UInt8(ascii: "x"), 0x72, 9, 0, 0, 0, 0x30, 0x6A, 9, 0, 0, 0, 0x30, 0x30, 0x2E]
        let second = scan(text)
        #expect(second.error == nil, "\(String(describing: second.error))")
        #expect(second.imports.map(\.qualifiedName) == ["builtins.exec"])
    }

    @Test func memoBeyondItsLimitLeavesOperandsUnresolved() {
        var scanner = PickleScanner()
        scanner.maximumMemoStrings = 1
        // "os" MEMOIZE(0), "system" MEMOIZE(1, over the limit), POP POP, GET 0, GET 1, STACK_GLOBAL.
        var bytes: [UInt8] = [0x80, 4, 0x8C, 2] + Array("os".utf8) + [0x94, 0x8C, 6] + Array("system".utf8) + [0x94, 0x30, 0x30]
        bytes += [0x68, 0, 0x68, 1, 0x93, 0x2E]
        #expect(scanner.scan(bytes: bytes).imports.map(\.qualifiedName) == ["?.?"])
        #expect(PickleScanner().scan(bytes: bytes).imports.map(\.qualifiedName) == ["os.system"])
    }

    @Test func unresolvableStackGlobalIsDangerous() {
        // The module operand is an integer: a static walk cannot name the import.
        let bytes: [UInt8] = [0x80, 4, 0x4B, 1, 0x8C, 1, UInt8(ascii: "x"), 0x93, 0x2E]
        let result = scan(bytes)
        #expect(result.imports.map(\.qualifiedName) == ["?.?"])
        #expect(PickleImportPolicy.classify(module: "?", name: "?") == .dangerous)
    }

    @Test func coversInstObjExtensionsAndPersistentIDs() {
        // MARK INST subprocess Popen; MARK GLOBAL x y OBJ; EXT1; PERSID; BINPERSID; BUILD …
        var bytes: [UInt8] = [0x28] + Array("isubprocess\nPopen\n".utf8)
        bytes += [0x28] + Array("cmylib\nThing\n".utf8) + [0x6F]
        bytes += [0x82, 7] + Array("P0\n".utf8) + [0x4B, 1, 0x51]
        bytes += [0x7D, 0x62, 0x30, 0x30, 0x30, 0x2E]
        let result = scan(bytes)
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.imports.map(\.qualifiedName) == ["subprocess.Popen", "mylib.Thing", "copyreg.extension.7"])
        #expect(result.persistentIDCount == 2)
    }

    @Test func skipsLongArgumentsAcrossChunks() {
        // A 3 MB BINBYTES and a 600-byte BINUNICODE read through 64 KB chunks.
        var bytes: [UInt8] = [0x80, 4, 0x42] + GGUFBuilder.le(UInt32(3 << 20)) + [UInt8](repeating: 0x2E, count: 3 << 20)
        bytes += [0x58] + GGUFBuilder.le(UInt32(600)) + [UInt8](repeating: 0x61, count: 600)
        bytes += [0x8C, 5] + Array("posix".utf8) + [0x8C, 6] + Array("system".utf8) + [0x93, 0x30, 0x30, 0x30, 0x2E]
        let result = scan(bytes, chunkSize: 1 << 16)
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.imports.map(\.qualifiedName) == ["posix.system"])
        #expect(result.bytesScanned == Int64(bytes.count))
    }

    @Test func chunkBoundariesDoNotChangeTheResult() throws {
        let bytes = try FormatFixtures.bytes("evil-system-p0.pkl")
        let whole = scan(bytes)
        for chunk in [1, 2, 3, 7, 64] {
            #expect(scan(bytes, chunkSize: chunk) == whole, "chunk size \(chunk)")
        }
    }

    @Test func truncatedAndMalformedPicklesAreCorrupt() throws {
        let bytes = try FormatFixtures.bytes("benign-p4.pkl")
        for cut in [1, 2, 5, 20, bytes.count - 1] {
            let result = scan(Array(bytes.prefix(cut)))
            #expect(result.error?.code == "corrupt-pickle", "cut at \(cut)")
            #expect(result.error?.message.contains("truncated") == true)
        }
        #expect(scan([0x80, 4, 0xFF]).error?.message.contains("unknown opcode 0xff") == true)
        #expect(scan([0x80, 9, 0x2E]).error?.message.contains("protocol 9") == true)
        #expect(scan([0x61, 0x2E]).error?.message.contains("APPEND") == true)
        #expect(scan([0x31, 0x2E]).error?.message.contains("POP_MARK") == true)
        #expect(scan([0x8D] + GGUFBuilder.le(UInt64.max) + [0x2E]).error != nil)
        let inspection = FormatInspector.inspect(relativePath: "cut.pkl", source: InMemoryBytes(Array(bytes.prefix(40))))
        #expect(inspection.corruption?.code == "corrupt-pickle")
        #expect(inspection.safety == .unknown)
    }

    @Test func joblibArrayDataIsNotCalledCorrupt() {
        // joblib writes raw array bytes right after a NumpyArrayWrapper's BUILD.
        var bytes: [UInt8] = [0x80, 2] + Array("cjoblib.numpy_pickle\nNumpyArrayWrapper\n".utf8) + [0x29, 0x81, 0x7D, 0x62]
        bytes += [0xFF, 0xFE, 0x00, 0x01] + [0x2E]
        let inspection = FormatInspector.inspect(relativePath: "model.joblib", source: InMemoryBytes(bytes))
        #expect(inspection.corruption == nil)
        #expect(inspection.safety == .unknown)
        #expect(inspection.findings.map(\.code).sorted() == ["not-inspected"])
        // Without the wrapper the same bytes are a broken pickle.
        let plain: [UInt8] = [0x80, 2, 0x7D, 0xFF, 0x2E]
        #expect(FormatInspector.inspect(relativePath: "x.pkl", source: InMemoryBytes(plain)).corruption?.code == "corrupt-pickle")
    }

    @Test func legacyPyTorchFilesAreWalkedPickleByPickle() throws {
        let benign = try FormatFixtures.bytes("legacy-benign.bin")
        let result = scan(benign)
        #expect(result.error == nil)
        #expect(result.pickleCount == 5)
        #expect(result.persistentIDCount == 2)
        #expect(result.bytesScanned == Int64(benign.count - 48))
        let inspection = try FormatFixtures.inspect("legacy-benign.bin", as: "pytorch_model.bin")
        #expect(inspection.format == "pickle")
        #expect(inspection.safety == .safe)
        #expect(inspection.corruption == nil)
        // Raw storage bytes that happen to look like PROTO 2 + GLOBAL are not walked after the fifth pickle.
        var tricky = Array(benign.prefix(benign.count - 48))
        tricky += [0x80, 0x02, 0x63] + GGUFBuilder.le(UInt32(0)) + [0, 0x0A] + Array("os\nsystem\n".utf8) + [0x2E]
        #expect(scan(tricky).imports.allSatisfy { $0.module != "os" })
        #expect(scan(tricky).pickleCount == 5)
        // The same follow-on pickle after an ordinary pickle is walked (and reported).
        let ordinary = try FormatFixtures.bytes("benign-p2.pkl") + [0x80, 0x02] + Array("cos\nsystem\n".utf8) + [0x2E]
        #expect(scan(ordinary).imports.contains { $0.qualifiedName == "os.system" })
        let evil = try FormatFixtures.inspect("legacy-evil.bin", as: "pytorch_model.bin")
        #expect(evil.safety == .unsafe)
        #expect(evil.findings.contains { $0.code == "unsafe-pickle" })
    }

    @Test func policyClassifiesKnownGlobals() {
        #expect(PickleImportPolicy.classify(module: "torch", name: "BFloat16Storage") == .safe)
        #expect(PickleImportPolicy.classify(module: "torch._utils", name: "_rebuild_parameter") == .safe)
        #expect(PickleImportPolicy.classify(module: "numpy.core.multiarray", name: "_reconstruct") == .safe)
        #expect(PickleImportPolicy.classify(module: "__builtin__", name: "set") == .safe)
        #expect(PickleImportPolicy.classify(module: "torch.storage", name: "_load_from_bytes") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "torch", name: "load") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "nt", name: "system") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "subprocess", name: "check_output") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "__builtin__", name: "eval") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "builtins", name: "getattr") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "operator", name: "attrgetter") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "importlib.machinery", name: "SourceFileLoader") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "dill._dill", name: "_load_type") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "osx", name: "thing") == .unknown)
        #expect(PickleImportPolicy.classify(module: "sklearn.linear_model._logistic", name: "LogisticRegression") == .safe)
        #expect(PickleImportPolicy.classify(module: "mylab.models", name: "Config") == .unknown)
        // A dotted name reaches a method through its class.
        #expect(PickleImportPolicy.classify(module: "torch", name: "os.Storage") == .dangerous)
        #expect(PickleImportPolicy.classify(module: "trace", name: "Trace.run") == .dangerous)
    }
}

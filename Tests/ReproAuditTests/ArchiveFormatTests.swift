import Testing
@testable import ReproAudit

@Suite struct ArchiveFormatTests {
    @Test(arguments: ["stored", "deflated"]) func pytorchZipsAreInspected(compression: String) throws {
        let benign = try FormatFixtures.inspect("torch-benign-\(compression).pt", as: "pytorch_model.bin")
        #expect(benign.format == "pytorch-zip")
        #expect(benign.corruption == nil)
        #expect(benign.safety == .safe)
        #expect(benign.findings.isEmpty)

        let evil = try FormatFixtures.inspect("torch-evil-\(compression).pt", as: "training_args.bin")
        #expect(evil.safety == .unsafe)
        let finding = evil.findings.first { $0.code == "unsafe-pickle" }
        #expect(finding?.severity == .critical)
        let details = JSONValue.object(finding?.details ?? [])
        #expect(details["member"] == "archive/data.pkl")
        #expect(details["import"] == "posix.system")
        #expect(details["offset"]?.int64Value ?? -1 > 0)
    }

    @Test func torchScriptArchivesAreNotCalledSafe() throws {
        // Rename archive/version to a same-length TorchScript code path in both headers.
        var bytes = try FormatFixtures.bytes("torch-benign-stored.pt")
        let from = Array("archive/version".utf8), to = Array("a/code/xxxxx.py".utf8)
        #expect(from.count == to.count)
        var index = 0
        while index + from.count <= bytes.count {
            if bytes[index..<(index + from.count)].elementsEqual(from) { bytes.replaceSubrange(index..<(index + from.count), with: to) }
            index += 1
        }
        let inspection = FormatInspector.inspect(relativePath: "traced.pt", source: InMemoryBytes(bytes))
        #expect(inspection.findings.map(\.code) == ["torchscript-code"])
        #expect(inspection.safety == .unknown)
    }

    @Test func pickleMembersNamedDotPickleAreScannedToo() throws {
        // Rename archive/data.pkl to a same-length archive/d.pickle in both headers of the evil archive.
        var bytes = try FormatFixtures.bytes("torch-evil-stored.pt")
        let from = Array("archive/data.pkl".utf8), to = Array("archive/d.pickle".utf8)
        #expect(from.count == to.count)
        var index = 0
        var replaced = 0
        while index + from.count <= bytes.count {
            if bytes[index..<(index + from.count)].elementsEqual(from) {
                bytes.replaceSubrange(index..<(index + from.count), with: to)
                replaced += 1
            }
            index += 1
        }
        #expect(replaced == 2)
        let inspection = FormatInspector.inspect(relativePath: "model.pt", source: InMemoryBytes(bytes))
        #expect(inspection.safety == .unsafe)
        let finding = inspection.findings.first { $0.code == "unsafe-pickle" }
        #expect(JSONValue.object(finding?.details ?? [])["member"] == "archive/d.pickle")
    }

    @Test func zipDirectoryListsMembers() throws {
        let bytes = try FormatFixtures.bytes("torch-benign-deflated.pt")
        let archive = try ZipArchive(source: InMemoryBytes(bytes))
        #expect(archive.entries.map(\.name) == ["archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/data/1", "archive/version"])
        let version = try archive.contents(of: archive.entry(named: "archive/version")!, limit: 100)
        #expect(version == Array("3\n".utf8))
        #expect(archive.entries[0].method == 8)
    }

    /// Rewrites a zip's end record into the ZIP64 form (record + locator + end record of 0xFF fields).
    static func zip64(_ bytes: [UInt8]) -> [UInt8] {
        let eocd = bytes.count - 22
        let entries = UInt64(LittleEndian.uint16(bytes, eocd + 10))
        let size = UInt64(LittleEndian.uint32(bytes, eocd + 12))
        let offset = UInt64(LittleEndian.uint32(bytes, eocd + 16))
        var out = Array(bytes[..<eocd])
        let recordOffset = UInt64(out.count)
        out += GGUFBuilder.le(UInt32(0x0606_4B50)) + GGUFBuilder.le(UInt64(44)) + GGUFBuilder.le(UInt16(45)) + GGUFBuilder.le(UInt16(45))
        out += GGUFBuilder.le(UInt32(0)) + GGUFBuilder.le(UInt32(0)) + GGUFBuilder.le(entries) + GGUFBuilder.le(entries)
        out += GGUFBuilder.le(size) + GGUFBuilder.le(offset)
        out += GGUFBuilder.le(UInt32(0x0706_4B50)) + GGUFBuilder.le(UInt32(0)) + GGUFBuilder.le(recordOffset) + GGUFBuilder.le(UInt32(1))
        out += GGUFBuilder.le(UInt32(0x0605_4B50)) + [0, 0, 0, 0] + [0xFF, 0xFF, 0xFF, 0xFF] + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] + [0, 0]
        return out
    }

    @Test func readsZip64EndRecords() throws {
        let bytes = try FormatFixtures.bytes("torch-evil-stored.pt")
        let converted = Self.zip64(bytes)
        let archive = try ZipArchive(source: InMemoryBytes(converted))
        #expect(archive.entries.count == 5)
        let inspection = FormatInspector.inspect(relativePath: "model.pt", source: InMemoryBytes(converted))
        #expect(inspection.safety == .unsafe)
        #expect(inspection.corruption == nil)
        // A locator pointing nowhere is corrupt, not a crash.
        var broken = converted
        broken[broken.count - 22 - 20 + 8] ^= 0x40
        #expect(throws: FormatError.self) { try ZipArchive(source: InMemoryBytes(broken)) }
    }

    @Test func truncatedAndDamagedZipsAreCorrupt() throws {
        let bytes = try FormatFixtures.bytes("torch-benign-deflated.pt")
        for cut in [10, 100, bytes.count / 2, bytes.count - 1] {
            let inspection = FormatInspector.inspect(relativePath: "model.pt", source: InMemoryBytes(Array(bytes.prefix(cut))))
            #expect(inspection.corruption?.code == "corrupt-zip", "cut at \(cut)")
            #expect(inspection.safety == .unknown)
        }
        // Damage the deflated data.pkl stream (it starts after the 30-byte local header and the name).
        var damaged = bytes
        for index in 50..<70 { damaged[index] ^= 0x5A }
        let inspection = FormatInspector.inspect(relativePath: "model.pt", source: InMemoryBytes(damaged))
        #expect(inspection.corruption != nil)
        #expect(inspection.safety != .safe)
    }

    @Test func memberCRCIsChecked() throws {
        var bytes = try FormatFixtures.bytes("torch-benign-stored.pt")
        let needle = Array("layer.weight".utf8)
        let at = (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }!
        bytes[at] = UInt8(ascii: "L")  // still a valid pickle, but no longer the bytes that were zipped
        let inspection = FormatInspector.inspect(relativePath: "model.pt", source: InMemoryBytes(bytes))
        #expect(inspection.corruption?.code == "corrupt-zip")
        #expect(inspection.corruption?.message.contains("CRC-32") == true)
        #expect(inspection.safety == .unknown)
    }

    @Test func aZipBombIsStoppedAtTheDeclaredSize() throws {
        let bytes = try FormatFixtures.bytes("torch-benign-deflated.pt")
        var archive = try ZipArchive(source: InMemoryBytes(bytes))
        var entry = archive.entries[0]
        entry.uncompressedSize = 10
        var stream = try archive.stream(for: entry)
        var out: [UInt8] = []
        #expect(throws: FormatError.self) {
            while try stream.read(into: &out, maximum: 4) > 0 {}
        }
        #expect(out.count <= 11)
        archive = try ZipArchive(source: InMemoryBytes(bytes))
        #expect(archive.entries[0].uncompressedSize > 10)
    }

    @Test func kerasLambdaLayersAreUnsafe() throws {
        let lambda = try FormatFixtures.inspect("model-lambda.keras")
        #expect(lambda.format == "keras")
        #expect(lambda.safety == .unsafe)
        #expect(lambda.findings.first?.code == "keras-lambda-layer")
        #expect(lambda.findings.first?.severity == .critical)
        #expect(lambda.findings.first?.message.contains("sneaky") == true)
        let plain = try FormatFixtures.inspect("model-plain.keras")
        #expect(plain.safety == .safe)
        #expect(plain.findings.isEmpty)
    }

    @Test func numpyObjectArraysAreJudgedByTheirPickle() throws {
        let plain = try FormatFixtures.inspect("plain.npy")
        #expect(plain.format == "numpy")
        #expect(plain.safety == .safe)
        let header = try NumPyHeader.parse(source: InMemoryBytes(FormatFixtures.bytes("plain.npy")))
        #expect(header.shape == [3, 4])
        #expect(header.itemSize == 4)
        #expect(!header.hasObjects)

        // An object array of plain values is a pickle with allow-listed imports: safe, with the
        // allow_pickle note (info).
        let object = try FormatFixtures.inspect("object.npy")
        #expect(object.safety == .safe)
        #expect(object.findings.map(\.code) == ["numpy-object-dtype"])
        #expect(object.findings.first?.severity == .info)
        let evil = try FormatFixtures.inspect("object-evil.npy")
        #expect(evil.safety == .unsafe)
        #expect(evil.findings.map(\.code).sorted() == ["numpy-object-dtype", "unsafe-pickle"])

        let mixed = try FormatFixtures.inspect("mixed.npz")
        #expect(mixed.format == "numpy-zip")
        #expect(mixed.safety == .unsafe)
        #expect(mixed.findings.contains { $0.code == "unsafe-pickle" && JSONValue.object($0.details)["member"] == "o.npy" })
        let plainZip = try FormatFixtures.inspect("plain.npz")
        #expect(plainZip.safety == .safe)
        #expect(plainZip.corruption == nil)
    }

    @Test func truncatedNumpyIsCorrupt() throws {
        let bytes = try FormatFixtures.bytes("plain.npy")
        let inspection = FormatInspector.inspect(relativePath: "a.npy", source: InMemoryBytes(Array(bytes.dropLast(4))))
        #expect(inspection.corruption?.code == "corrupt-numpy")
        let headerCut = FormatInspector.inspect(relativePath: "a.npy", source: InMemoryBytes(Array(bytes.prefix(40))))
        #expect(headerCut.corruption?.code == "corrupt-numpy")
        var structured = Array("\u{93}NUMPY".utf8.dropFirst(2))
        structured = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let dict = Array("{'descr': [('a', '<i4'), ('b', '|O')], 'fortran_order': False, 'shape': (1,), }\n".utf8)
        structured += GGUFBuilder.le(UInt16(dict.count)) + dict
        #expect(try NumPyHeader.parse(bytes: structured).hasObjects)
    }

    @Test func hdf5ModelConfigWithLambdaIsUnsafe() throws {
        let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
        let config = #"{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Lambda", "config": {"name": "lam", "function": ["4wEA", null, null]}}]}}"#
        let file = signature + [UInt8](repeating: 0, count: 3000) + Array(config.utf8) + [0, 0] + [UInt8](repeating: 7, count: 5000)
        let inspection = FormatInspector.inspect(relativePath: "model.h5", source: InMemoryBytes(file))
        #expect(inspection.format == "hdf5")
        #expect(inspection.safety == .unsafe)
        #expect(inspection.findings.first?.code == "keras-lambda-layer")
        let plain = signature + [UInt8](repeating: 0, count: 3000) + Array(config.replacingOccurrences(of: "Lambda", with: "Dense").utf8) + [0]
        #expect(FormatInspector.inspect(relativePath: "model.h5", source: InMemoryBytes(plain)).safety == .safe)
        // A configuration straddling the 1 MB search chunks is still found.
        let straddling = signature + [UInt8](repeating: 0, count: (1 << 20) - 13) + Array(config.utf8) + [0]
        let result = try HDF5ConfigScan.scan(source: InMemoryBytes(straddling))
        #expect(result.offsets == [Int64((1 << 20) - 5)])
        // Documented limit: a configuration beyond the search window is not seen.
        #expect(try HDF5ConfigScan.scan(source: InMemoryBytes(straddling), window: 1 << 19).configs.isEmpty)
        let broken = signature + Array(#"{"class_name": "Sequential", "config": {"#.utf8) + [0]
        let unreadable = FormatInspector.inspect(relativePath: "model.h5", source: InMemoryBytes(broken))
        #expect(unreadable.safety == .unknown)
        #expect(unreadable.findings.first?.code == "hdf5-config-unreadable")
    }

    /// Protobuf helpers for a minimal ModelProto.
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    static func field(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(payload.count)) + payload
    }

    static func onnx(locations: [String]) -> [UInt8] {
        var graph: [UInt8] = field(2, Array("main".utf8))
        for (index, location) in locations.enumerated() {
            var tensor: [UInt8] = varint(1 << 3 | 0) + varint(4)            // dims: 4
            tensor += varint(2 << 3 | 0) + varint(1)                          // data_type FLOAT
            tensor += field(8, Array("w\(index)".utf8))                       // name
            tensor += field(9, [UInt8](repeating: 0, count: 16))              // raw_data
            tensor += field(13, field(1, Array("location".utf8)) + field(2, Array(location.utf8)))
            tensor += varint(14 << 3 | 0) + varint(1)                         // data_location EXTERNAL
            graph += field(5, tensor)
        }
        return varint(1 << 3 | 0) + varint(8) + field(7, graph)             // ir_version, graph
    }

    @Test func onnxExternalDataMustStayInTheModelFolder() throws {
        let inside = Self.onnx(locations: ["weights.bin", "./data/w.bin"])
        #expect(try ONNXExternalDataCheck.locations(source: InMemoryBytes(inside)).map(\.location) == ["weights.bin", "./data/w.bin"])
        let fine = FormatInspector.inspect(relativePath: "onnx/model.onnx", source: InMemoryBytes(inside))
        #expect(fine.format == "onnx")
        #expect(fine.safety == .safe)
        #expect(fine.findings.isEmpty)

        for escape in ["/etc/passwd", "../../secret", "a/../../../x", "C:\\Windows\\win.ini", "..\\..\\x"] {
            let inspection = FormatInspector.inspect(relativePath: "onnx/model.onnx", source: InMemoryBytes(Self.onnx(locations: ["ok.bin", escape])))
            #expect(inspection.safety == .unsafe, "\(escape)")
            #expect(inspection.findings.map(\.code) == ["onnx-external-data-escape"], "\(escape)")
        }
        // One level up from onnx/ is still the model folder.
        #expect(!ONNXExternalDataCheck.escapes("../shared.bin", modelPath: "onnx/model.onnx"))
        #expect(ONNXExternalDataCheck.escapes("../shared.bin", modelPath: "model.onnx"))
        let truncated = FormatInspector.inspect(relativePath: "model.onnx", source: InMemoryBytes(Array(inside.dropLast(5))))
        #expect(truncated.corruption?.code == "corrupt-onnx")
    }

    /// `model.onnx_data` / `model.onnx.data` hold the raw tensor bytes an `.onnx` graph points into: data
    /// only. They used to be "unrecognised" (`not-inspected`), which left every ONNX model with external
    /// data at safety `unknown`.
    @Test(arguments: ["model.onnx_data", "onnx/model.onnx.data", "onnx/Model.ONNX_DATA"])
    func onnxExternalDataFilesAreData(name: String) throws {
        // Raw float32 tensor bytes; the leading bytes must not look like another format.
        let bytes = (0..<256).flatMap { index -> [UInt8] in
            let bits = Float(index) * 0.25
            return withUnsafeBytes(of: bits.bitPattern.littleEndian, Array.init)
        }
        let inspection = FormatInspector.inspect(relativePath: RawPath(name), source: InMemoryBytes(bytes))
        #expect(inspection.format == "onnx-data")
        #expect(inspection.safety == .safe)
        #expect(inspection.findings.isEmpty)
        #expect(inspection.corruption == nil)
    }
}

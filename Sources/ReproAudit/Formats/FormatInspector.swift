/// Looks inside one weight file: recognises its format by its leading bytes (the name only as a hint),
/// validates its structure and looks for anything that can run code when it is loaded.
///
/// Nothing is executed or unpickled; every read is bounded whatever the file claims. Safety is `safe`
/// only when the file was fully inspected and nothing in it can run code. Formats that hold only data
/// (safetensors, GGUF apart from its chat template, ONNX, msgpack) stay `safe` when their structure is
/// broken: such a file is integrity `corrupt`, and a loader refuses it before anything could run.
/// Archives and pickles that cannot be walked to the end are `unknown`, and so are formats that are
/// recognised but not inspected (TFLite, TensorFlow SavedModel, Core ML, compressed joblib).
///
/// Finding codes (stable): corruption — `corrupt-safetensors`, `corrupt-gguf`, `corrupt-zip`,
/// `corrupt-tar`, `corrupt-pickle`, `corrupt-numpy`, `corrupt-keras`, `corrupt-onnx` (critical); code on
/// load — `unsafe-pickle`, `keras-lambda-layer`, `keras-unsafe-object`, `gguf-template-injection`,
/// `onnx-external-data-escape`, `torchscript-dangerous-call` (critical), `unknown-pickle-import`,
/// `keras-custom-object`, `parser-differential`, `pickle-expansion`, `torchscript-code` (warning),
/// `numpy-object-dtype` (info); could not inspect — `inspection-limit`, `not-inspected`, `unreadable`,
/// `hdf5-config-unreadable` (warning; `not-inspected` is info for recognised formats reproaudit does not
/// read), `gguf-unknown-tensor-type` (info).
public enum FormatInspector {
    /// Bytes read from the start of a file to recognise its format (a tar header needs 263).
    public static let prefixLength = 512

    /// Extensions of files `torch.load`, `pickle.load`, `joblib.load` or `dill.load` read.
    static let pickleExtensions: Set<String> = ["pkl", "pickle", "joblib", "dill", "pt", "pth", "ckpt", "jit", "dat", "sav", "model"]

    /// Recognises the format from the first bytes of the file and its extension.
    public static func detectFormat(prefix: [UInt8], fileExtension: String, size: Int64) -> String? {
        if prefix.starts(with: Array("version https://git-lfs.github.com/spec".utf8)) { return "lfs-pointer" }
        if prefix.starts(with: Array("GGUF".utf8)) { return "gguf" }
        if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            switch fileExtension {
            case "keras": return "keras"
            case "npz": return "numpy-zip"
            case "mlmodel", "mlpackage": return "coreml"
            default: return "pytorch-zip"
            }
        }
        if prefix.starts(with: [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) { return "hdf5" }
        if prefix.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) { return "numpy" }
        if prefix.count >= 9, prefix[8] == UInt8(ascii: "{") {
            var length: UInt64 = 0
            for index in 0..<8 { length |= UInt64(prefix[index]) << (8 * UInt64(index)) }
            if length > 0, length <= UInt64(max(0, size - 8)) { return "safetensors" }
        }
        if fileExtension == "safetensors" { return "safetensors" }
        if prefix.count >= 8, prefix[4..<8].elementsEqual("TFL3".utf8) { return "tflite" }
        if TarArchive.isTar(prefix: prefix) { return "pytorch-tar" }
        if prefix.first == 0x80, prefix.count >= 2, prefix[1] <= 5 { return "pickle" }
        switch fileExtension {
        case "onnx": return "onnx"
        case "onnx_data": return "onnx-data"
        case "msgpack": return "msgpack"
        case "tflite": return "tflite"
        case "pb": return "tensorflow"
        case "mlmodel": return "coreml"
        default: break
        }
        if pickleExtensions.contains(fileExtension) || fileExtension == "bin" {
            // joblib.dump(..., compress=…) writes zlib, gzip, bz2, lzma/xz or lz4 around the pickle.
            if isCompressed(prefix) { return fileExtension == "bin" ? nil : "joblib-compressed" }
            // Protocol 0 and 1 pickles start with an opcode, not with PROTO.
            if let first = prefix.first, protocolZeroStarts.contains(first) {
                return fileExtension == "bin" ? "pickle-tentative" : "pickle"
            }
        }
        return nil
    }

    /// Opcodes a protocol 0/1 pickle starts with: MARK, GLOBAL, INST, the empty containers, NONE, INT,
    /// LONG, STRING, UNICODE, FLOAT, BININT*, SHORT_BINSTRING, BINSTRING, BINUNICODE, BINFLOAT, PERSID.
    static let protocolZeroStarts: Set<UInt8> = [0x28, 0x63, 0x69, 0x7D, 0x5D, 0x29, 0x4E, 0x49, 0x4C, 0x53, 0x56,
                                                 0x46, 0x4B, 0x4A, 0x4D, 0x55, 0x54, 0x58, 0x47, 0x50]

    static func isCompressed(_ prefix: [UInt8]) -> Bool {
        guard prefix.count >= 3 else { return false }
        let zlib = prefix[0] == 0x78 && (UInt16(prefix[0]) << 8 | UInt16(prefix[1])) % 31 == 0
        return zlib || prefix.starts(with: [0x1F, 0x8B]) || prefix.starts(with: Array("BZh".utf8))
            || prefix.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A]) || prefix.starts(with: [0x5D, 0x00, 0x00])
            || prefix.starts(with: [0x04, 0x22, 0x4D, 0x18])
    }

    /// Inspects the file behind `source`; `relativePath` names it in findings; `policy` judges pickled
    /// imports.
    public static func inspect(relativePath: RawPath, source: some ByteSource, policy: PickleImportPolicy = .standard) -> FileInspection {
        let prefix: [UInt8]
        do {
            prefix = try source.read(at: 0, count: prefixLength)
        } catch {
            return FileInspection(format: nil, safety: .unknown, findings: [
                Finding(code: "unreadable", severity: .warning, message: "could not read the file to inspect it: \(error)", path: relativePath),
            ])
        }
        var format = detectFormat(prefix: prefix, fileExtension: relativePath.lowercasedExtension, size: source.count)
        // `model.onnx.data` is the other common name of an ONNX external-data file.
        if format == nil, relativePath.name.lowercased().hasSuffix(".onnx.data") { format = "onnx-data" }
        switch format {
        case "safetensors": return inspectSafetensors(relativePath, source)
        case "gguf": return inspectGGUF(relativePath, source)
        case "pickle": return inspectPickle(relativePath, source, policy: policy, tentative: false)
        case "pickle-tentative": return inspectPickle(relativePath, source, policy: policy, tentative: true)
        case "pytorch-zip": return inspectPyTorchZip(relativePath, source, policy: policy)
        case "pytorch-tar": return inspectPyTorchTar(relativePath, source, policy: policy)
        case "numpy": return inspectNumPy(relativePath, source, policy: policy)
        case "numpy-zip": return inspectNumPyZip(relativePath, source, policy: policy)
        case "keras": return inspectKeras(relativePath, source, policy: policy)
        case "hdf5": return inspectHDF5(relativePath, source, policy: policy)
        case "onnx": return inspectONNX(relativePath, source)
        case "msgpack", "lfs-pointer", "onnx-data":
            // Data only: loading them cannot run code (ONNX external data is raw tensor bytes that
            // the `.onnx` graph points into; Flax msgpack holds arrays and dicts).
            return FileInspection(format: format, safety: .safe)
        default:
            let what: String
            switch format {
            case "tflite": what = "a TensorFlow Lite model; its custom operators are not inspected"
            case "tensorflow": what = "a TensorFlow graph or SavedModel; its operations (which can read and write files) are not inspected"
            case "coreml": what = "a Core ML model; it is not inspected"
            case "joblib-compressed": what = "a compressed joblib/pickle file; the pickle inside is not decompressed and inspected"
            default: what = "in a format reproaudit does not recognise; it is not inspected for code that runs on load"
            }
            return FileInspection(format: format, safety: .unknown, findings: [
                Finding(code: "not-inspected", severity: .info, message: "the file is \(what)", path: relativePath),
            ])
        }
    }

    /// An inspection that failed with `error`: malformed → `corrupt` (with `safetyWhenCorrupt`),
    /// anything else → a finding and safety `unknown`.
    static func failed(_ format: String, _ error: FormatError, _ path: RawPath, safetyWhenCorrupt: SafetyStatus) -> FileInspection {
        if error.kind == .malformed {
            return FileInspection(format: format, corruption: error.finding(path: path), safety: safetyWhenCorrupt)
        }
        return FileInspection(format: format, safety: .unknown, findings: [error.finding(path: path)])
    }

    static func inspectSafetensors(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        do {
            _ = try SafetensorsHeader.parse(source: source)
            return FileInspection(format: "safetensors", safety: .safe)
        } catch {
            return failed("safetensors", error, path, safetyWhenCorrupt: .safe)
        }
    }

    /// A GGUF file: structure, then the chat template, which is checked even when the structure is
    /// broken (a template is dangerous whatever the tensors are).
    static func inspectGGUF(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        var metadata: [(String, JSONValue)] = []
        var inspection: FileInspection
        do {
            let file = try GGUFReader().read(source: source, metadata: &metadata)
            inspection = FileInspection(format: "gguf", safety: .safe, metadata: file.metadata)
            if !file.unknownTensorTypes.isEmpty {
                inspection.findings.append(Finding(code: "gguf-unknown-tensor-type", severity: .info,
                                                   message: "tensor types \(file.unknownTensorTypes) are not known to reproaudit; their sizes were not checked",
                                                   path: path, details: [("types", .array(file.unknownTensorTypes.map { .integer(Int64($0)) }))]))
            }
        } catch {
            inspection = failed("gguf", error, path, safetyWhenCorrupt: .safe)
            inspection.metadata = metadata
        }
        let templateFindings = GGUFChatTemplateCheck.findings(metadata: metadata, path: path)
        if !templateFindings.isEmpty { inspection.safety = .unsafe }
        inspection.findings = templateFindings + inspection.findings
        return inspection
    }

    /// A raw pickle (or a legacy PyTorch file). A `tentative` one (a `.bin` that merely starts like a
    /// protocol 0/1 pickle) that does not parse is reported as unrecognised rather than corrupt.
    static func inspectPickle(_ path: RawPath, _ source: some ByteSource, policy: PickleImportPolicy = .standard, tentative: Bool = false) -> FileInspection {
        var stream = SourceRangeStream(source: source)
        let result = PickleScanner().scan(&stream)
        if tentative, result.error != nil, result.imports.isEmpty {
            return FileInspection(format: nil, safety: .unknown, findings: [
                Finding(code: "not-inspected", severity: .info,
                        message: "the file is in a format reproaudit does not recognise; it is not inspected for code that runs on load", path: path),
            ])
        }
        var collected = PickleFindings(policy: policy)
        collected.add(result, member: nil, path: path)
        return FileInspection(format: "pickle", corruption: collected.corruption, safety: collected.safety, findings: collected.findings)
    }

    /// True for members PyTorch's zip reader unpickles (`data.pkl`, TorchScript's `constants.pkl` and
    /// `code/**.debug_pkl` source maps).
    static func isPickleMember(_ name: String) -> Bool {
        name.hasSuffix(".pkl") || name.hasSuffix(".pickle") || name.hasSuffix(".debug_pkl")
    }

    static func inspectPyTorchZip(_ path: RawPath, _ source: some ByteSource, policy: PickleImportPolicy = .standard) -> FileInspection {
        let archive: ZipArchive
        do { archive = try ZipArchive(source: source) } catch {
            return failed("pytorch-zip", error, path, safetyWhenCorrupt: .unknown)
        }
        let codeMembers = archive.entries.filter { $0.name.contains("/code/") && $0.name.hasSuffix(".py") && !$0.isDirectory }
        let isTorchScript = !codeMembers.isEmpty || archive.entries.contains { $0.name.hasSuffix("/constants.pkl") }
        var collected = PickleFindings(policy: isTorchScript ? policy.forTorchScript : policy)
        var scanned = 0
        var seen = Set<String>()
        for entry in archive.entries where !entry.isDirectory {
            if !seen.insert(entry.name).inserted {
                collected.differential("member '\(entry.name)' appears twice in the central directory; readers differ in which copy they load",
                                       offset: entry.directoryOffset, path: path, member: entry.name)
            }
            if let local = try? archive.localNameMismatch(of: entry) {
                collected.differential("the central directory names the member '\(entry.name)' but its local header names it '\(local)'",
                                       offset: Int64(entry.localHeaderOffset), path: path, member: entry.name)
            }
            let named = isPickleMember(entry.name)
            // Storages (`archive/data/0`) are raw tensor bytes; other members are scanned when they
            // start like a pickle: a loader that unpickles them by another name must not find an import
            // reproaudit never looked at.
            if !named {
                guard !entry.name.contains("/data/"), !entry.name.hasPrefix("data/"), !entry.name.hasSuffix(".py"),
                      let head = archive.head(of: entry, count: 2),
                      head.count == 2, head[0] == 0x80, head[1] >= 2, head[1] <= 5 else { continue }
            }
            do {
                var stream = try archive.stream(for: entry, ignoringEncryption: true)
                var result = PickleScanner().scan(&stream, member: entry.name)
                if !named && result.error != nil && result.imports.isEmpty { continue }
                if result.error == nil {
                    // Read the rest so a member whose size, compression or CRC is wrong is noticed.
                    do { try stream.drain() } catch { result.error = error }
                }
                scanned += 1
                if entry.isEncrypted {
                    collected.differential("member '\(entry.name)' is flagged encrypted but stored in clear; PyTorch's reader ignores the flag and loads it",
                                           offset: Int64(entry.localHeaderOffset), path: path, member: entry.name)
                }
                if !named {
                    collected.differential("member '\(entry.name)' holds a pickle under a name PyTorch does not load; other loaders may",
                                           offset: Int64(entry.localHeaderOffset), path: path, member: entry.name)
                }
                collected.add(result, member: entry.name, path: path)
            } catch {
                if named || entry.isEncrypted { collected.add(error: error, path: path, member: entry.name) }
            }
        }
        var inspection = FileInspection(format: isTorchScript ? "torchscript" : "pytorch-zip", corruption: collected.corruption,
                                        safety: collected.safety, findings: collected.findings)
        if isTorchScript {
            TorchScriptCodeCheck.check(archive: archive, members: codeMembers, path: path, into: &inspection)
        }
        if scanned == 0 {
            inspection.safety = max(inspection.safety, .unknown)
            inspection.findings.append(Finding(code: "not-inspected", severity: .info,
                                               message: "the zip archive holds no pickle: it is not a PyTorch checkpoint reproaudit can inspect", path: path))
        }
        return inspection
    }

    /// The oldest `torch.save` format: a tar of `sys_info`, `pickle`, `storages` and `tensors`, each
    /// member one or more pickles (storage bytes follow the storages' pickles).
    static func inspectPyTorchTar(_ path: RawPath, _ source: some ByteSource, policy: PickleImportPolicy = .standard) -> FileInspection {
        let archive: TarArchive
        do { archive = try TarArchive(source: source) } catch {
            return failed("pytorch-tar", error, path, safetyWhenCorrupt: .unknown)
        }
        var collected = PickleFindings(policy: policy)
        var scanned = 0
        for member in archive.members {
            var stream = SourceRangeStream(source: source, start: member.dataOffset, end: member.dataOffset + member.size)
            var result = PickleScanner().scan(&stream, baseOffset: member.dataOffset, member: member.name)
            // Storage bytes after the pickles are data, and only `pickle` must be a pickle throughout.
            if member.name != "pickle", result.error != nil {
                if result.imports.isEmpty && result.pickleCount == 0 { continue }
                result.error = nil
            }
            scanned += 1
            collected.add(result, member: member.name, path: path)
        }
        if scanned == 0 {
            collected.raise(.unknown)
            collected.findings.append(Finding(code: "not-inspected", severity: .info,
                                              message: "the tar archive holds no pickle: it is not a legacy PyTorch checkpoint reproaudit can inspect", path: path))
        }
        return FileInspection(format: "pytorch-tar", corruption: collected.corruption, safety: collected.safety, findings: collected.findings)
    }

    static func inspectNumPy(_ path: RawPath, _ source: some ByteSource, policy: PickleImportPolicy = .standard) -> FileInspection {
        let header: NumPyHeader
        do { header = try NumPyHeader.parse(source: source) } catch {
            return failed("numpy", error, path, safetyWhenCorrupt: .unknown)
        }
        guard header.hasObjects else { return FileInspection(format: "numpy", safety: .safe) }
        var collected = PickleFindings(policy: policy)
        collected.findings.append(objectDtypeFinding(path, member: nil))
        var stream = SourceRangeStream(source: source, start: header.dataOffset)
        collected.add(PickleScanner().scan(&stream, baseOffset: header.dataOffset), member: nil, path: path)
        return FileInspection(format: "numpy", corruption: collected.corruption, safety: collected.safety, findings: collected.findings)
    }

    /// The `numpy-object-dtype` note (info): the data of an object array is a pickle, judged like any
    /// other, but loading it at all needs `allow_pickle=True`.
    static func objectDtypeFinding(_ path: RawPath, member: String?) -> Finding {
        Finding(code: "numpy-object-dtype", severity: .info,
                message: "the array\(member.map { " \($0)" } ?? "") has an object dtype: its data is a pickle (inspected like any other), and numpy.load needs allow_pickle=True to read it",
                path: path, details: member.map { [("member", .string($0))] } ?? [])
    }

    static func inspectNumPyZip(_ path: RawPath, _ source: some ByteSource, policy: PickleImportPolicy = .standard) -> FileInspection {
        let archive: ZipArchive
        do { archive = try ZipArchive(source: source) } catch {
            return failed("numpy-zip", error, path, safetyWhenCorrupt: .unknown)
        }
        var collected = PickleFindings(policy: policy)
        for entry in archive.entries where !entry.isDirectory {
            do {
                var stream = try archive.stream(for: entry)
                var bytes: [UInt8] = []
                while bytes.count < 12, try stream.read(into: &bytes, maximum: 12 - bytes.count) > 0 {}
                let size = try NumPyHeader.headerSize(prefix: bytes)
                while bytes.count < size, try stream.read(into: &bytes, maximum: size - bytes.count) > 0 {}
                let header = try NumPyHeader.parse(bytes: bytes)
                if header.hasObjects {
                    collected.findings.append(objectDtypeFinding(path, member: entry.name))
                    let result = PickleScanner().scan(&stream, baseOffset: header.dataOffset, member: entry.name,
                                                      initialBytes: Array(bytes[size...]))
                    collected.add(result, member: entry.name, path: path)
                } else {
                    let rest = try stream.skip(UInt64.max) + UInt64(bytes.count - size)
                    if let needed = header.dataSize, needed != rest {
                        collected.add(error: FormatError(code: NumPyHeader.errorCode, "array shape \(header.shape) needs \(needed) bytes of data but the member holds \(rest)", member: entry.name),
                                      path: path, member: entry.name)
                    }
                }
            } catch {
                var error = error
                if error.member == nil { error.member = entry.name }
                collected.add(error: error, path: path, member: entry.name)
            }
        }
        return FileInspection(format: "numpy-zip", corruption: collected.corruption, safety: collected.safety, findings: collected.findings)
    }

    static func inspectKeras(_ path: RawPath, _ source: some ByteSource, policy: PickleImportPolicy = .standard) -> FileInspection {
        let archive: ZipArchive
        do { archive = try ZipArchive(source: source) } catch {
            return failed("keras", error, path, safetyWhenCorrupt: .unknown)
        }
        guard let entry = archive.entry(named: "config.json") else {
            return FileInspection(format: "keras", corruption: Finding(code: "corrupt-keras", severity: .critical,
                                                                     message: "the .keras archive has no config.json", path: path),
                                  safety: .unknown)
        }
        let config: JSONValue
        do {
            let bytes = try archive.contents(of: entry, limit: 64 << 20)
            do { config = try JSONParser().parse(bytes) } catch {
                return FileInspection(format: "keras", corruption: Finding(code: "corrupt-keras", severity: .critical,
                                                                         message: "config.json is not valid JSON: \(error)", path: path,
                                                                         details: [("member", "config.json"), ("offset", .integer(Int64(error.offset)))]),
                                      safety: .unknown)
            }
        } catch {
            return failed("keras", error, path, safetyWhenCorrupt: .unknown)
        }
        return kerasInspection("keras", configs: [config], path: path, member: "config.json", policy: policy)
    }

    /// Lambda layers and objects from outside Keras in the model configurations of a Keras file.
    static func kerasInspection(_ format: String, configs: [JSONValue], path: RawPath, member: String?, policy: PickleImportPolicy) -> FileInspection {
        var inspection = FileInspection(format: format, safety: .safe)
        var layers: [String] = []
        var external: [KerasConfigCheck.ExternalObject] = []
        for config in configs {
            layers += KerasConfigCheck.lambdaLayers(in: config)
            external += KerasConfigCheck.externalObjects(in: config, policy: policy)
        }
        if let finding = KerasConfigCheck.finding(layers: layers, path: path, member: member) {
            inspection.findings.append(finding)
            inspection.safety = .unsafe
        }
        inspection.findings += KerasConfigCheck.findings(external: external, path: path, member: member)
        if external.contains(where: { $0.verdict == .dangerous }) { inspection.safety = .unsafe }
        if !external.isEmpty { inspection.safety = max(inspection.safety, .unknown) }
        return inspection
    }

    static func inspectHDF5(_ path: RawPath, _ source: some ByteSource, policy: PickleImportPolicy = .standard) -> FileInspection {
        let result: HDF5ConfigScan.Result
        do { result = try HDF5ConfigScan.scan(source: source) } catch {
            return failed("hdf5", error, path, safetyWhenCorrupt: .unknown)
        }
        let keras = kerasInspection("hdf5", configs: result.configs, path: path, member: nil, policy: policy)
        if keras.safety != .safe { return keras }
        if let (offset, reason) = result.unreadable.first {
            return FileInspection(format: "hdf5", safety: .unknown, findings: [
                Finding(code: "hdf5-config-unreadable", severity: .warning,
                        message: "a Keras model configuration at byte \(offset) could not be read (\(reason)); it was not checked for Lambda layers",
                        path: path, details: [("offset", .integer(offset))]),
            ])
        }
        return FileInspection(format: "hdf5", safety: .safe)
    }

    static func inspectONNX(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        let locations: [ONNXExternalDataCheck.Location]
        do { locations = try ONNXExternalDataCheck.locations(source: source) } catch {
            return failed("onnx", error, path, safetyWhenCorrupt: .safe)
        }
        var findings: [Finding] = []
        for item in locations where ONNXExternalDataCheck.escapes(item.location, modelPath: path) && findings.count < 64 {
            findings.append(Finding(code: "onnx-external-data-escape", severity: .critical,
                                    message: "tensor external data at '\(item.location)' lies outside the model folder: loading the model reads that file",
                                    path: path, details: [("location", .string(item.location)), ("offset", .integer(item.offset))]))
        }
        return FileInspection(format: "onnx", safety: findings.isEmpty ? .safe : .unsafe, findings: findings)
    }
}

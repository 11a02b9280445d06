/// Looks inside one weight file: recognises its format by its leading bytes (the name only as a hint),
/// validates its structure and looks for anything that can run code when it is loaded.
///
/// Nothing is executed or unpickled; every read is bounded whatever the file claims. Safety is `safe`
/// only when the file was fully inspected and nothing in it can run code. Formats that hold only data
/// (safetensors, GGUF apart from its chat template, ONNX, msgpack) stay `safe` when their structure is
/// broken: such a file is integrity `corrupt`, and a loader refuses it before anything could run.
/// Archives and pickles that cannot be walked to the end are `unknown`.
///
/// Finding codes (stable): corruption — `corrupt-safetensors`, `corrupt-gguf`, `corrupt-zip`,
/// `corrupt-pickle`, `corrupt-numpy`, `corrupt-keras`, `corrupt-onnx` (critical); code on load —
/// `unsafe-pickle`, `keras-lambda-layer`, `gguf-template-injection`, `onnx-external-data-escape`
/// (critical), `unknown-pickle-import`, `numpy-object-dtype`, `torchscript-code` (warning); could not
/// inspect — `inspection-limit`, `not-inspected`, `unreadable`, `hdf5-config-unreadable` (warning;
/// `not-inspected` is info for unrecognised formats), `gguf-unknown-tensor-type` (info).
public enum FormatInspector {
    /// Recognises the format from the first bytes of the file and its extension.
    public static func detectFormat(prefix: [UInt8], fileExtension: String, size: Int64) -> String? {
        if prefix.starts(with: Array("version https://git-lfs.github.com/spec".utf8)) { return "lfs-pointer" }
        if prefix.starts(with: Array("GGUF".utf8)) { return "gguf" }
        if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            switch fileExtension {
            case "keras": return "keras"
            case "npz": return "numpy-zip"
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
        if prefix.first == 0x80, prefix.count >= 2, prefix[1] <= 5 { return "pickle" }
        switch fileExtension {
        case "onnx": return "onnx"
        case "onnx_data": return "onnx-data"
        case "msgpack": return "msgpack"
        case "pkl", "pickle", "joblib", "pt", "pth", "ckpt": return "pickle"
        default: return nil
        }
    }

    /// Inspects the file behind `source`; `relativePath` names it in findings.
    public static func inspect(relativePath: RawPath, source: some ByteSource) -> FileInspection {
        let prefix: [UInt8]
        do {
            prefix = try source.read(at: 0, count: 64)
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
        case "pickle": return inspectPickle(relativePath, source)
        case "pytorch-zip": return inspectPyTorchZip(relativePath, source)
        case "numpy": return inspectNumPy(relativePath, source)
        case "numpy-zip": return inspectNumPyZip(relativePath, source)
        case "keras": return inspectKeras(relativePath, source)
        case "hdf5": return inspectHDF5(relativePath, source)
        case "onnx": return inspectONNX(relativePath, source)
        case "msgpack", "lfs-pointer", "onnx-data":
            // Data only: loading them cannot run code (ONNX external data is raw tensor bytes that
            // the `.onnx` graph points into).
            return FileInspection(format: format, safety: .safe)
        default:
            return FileInspection(format: format, safety: .unknown, findings: [
                Finding(code: "not-inspected", severity: .info,
                        message: "the \(format ?? "unrecognised") format is not inspected for code that runs on load",
                        path: relativePath),
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

    static func inspectGGUF(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        do {
            let file = try GGUFReader().read(source: source)
            var inspection = FileInspection(format: "gguf", safety: .safe, metadata: file.metadata)
            inspection.findings = GGUFChatTemplateCheck.findings(metadata: file.metadata, path: path)
            if !inspection.findings.isEmpty { inspection.safety = .unsafe }
            if !file.unknownTensorTypes.isEmpty {
                inspection.findings.append(Finding(code: "gguf-unknown-tensor-type", severity: .info,
                                                   message: "tensor types \(file.unknownTensorTypes) are not known to reproaudit; their sizes were not checked",
                                                   path: path, details: [("types", .array(file.unknownTensorTypes.map { .integer(Int64($0)) }))]))
            }
            return inspection
        } catch {
            return failed("gguf", error, path, safetyWhenCorrupt: .safe)
        }
    }

    static func inspectPickle(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        var stream = SourceRangeStream(source: source)
        let result = PickleScanner().scan(&stream)
        var collected = PickleFindings()
        collected.add(result, member: nil, path: path)
        return FileInspection(format: "pickle", corruption: collected.corruption, safety: collected.safety, findings: collected.findings)
    }

    static func inspectPyTorchZip(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        let archive: ZipArchive
        do { archive = try ZipArchive(source: source) } catch {
            return failed("pytorch-zip", error, path, safetyWhenCorrupt: .unknown)
        }
        var collected = PickleFindings()
        var scanned = 0
        for entry in archive.entries where (entry.name.hasSuffix(".pkl") || entry.name.hasSuffix(".pickle")) && !entry.isDirectory {
            scanned += 1
            do {
                var stream = try archive.stream(for: entry)
                var result = PickleScanner().scan(&stream, member: entry.name)
                if result.error == nil {
                    // Read the rest so a member whose size, compression or CRC is wrong is noticed.
                    do { try stream.drain() } catch { result.error = error }
                }
                collected.add(result, member: entry.name, path: path)
            } catch {
                collected.add(error: error, path: path, member: entry.name)
            }
        }
        var inspection = FileInspection(format: "pytorch-zip", corruption: collected.corruption, safety: collected.safety, findings: collected.findings)
        // TorchScript archives carry code (`<root>/code/**.py`) that torch.jit.load compiles and runs.
        if let code = archive.entries.first(where: { $0.name.contains("/code/") && $0.name.hasSuffix(".py") }) {
            inspection.findings.append(Finding(code: "torchscript-code", severity: .warning,
                                               message: "the archive is a TorchScript program (\(code.name)…): its code runs when it is loaded with torch.jit.load and is not inspected",
                                               path: path, details: [("member", .string(code.name))]))
            if inspection.safety == .safe { inspection.safety = .unknown }
        }
        if scanned == 0 {
            inspection.safety = .unknown
            inspection.findings.append(Finding(code: "not-inspected", severity: .info,
                                               message: "the zip archive holds no .pkl member: it is not a PyTorch checkpoint reproaudit can inspect", path: path))
        }
        return inspection
    }

    static func inspectNumPy(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        let header: NumPyHeader
        do { header = try NumPyHeader.parse(source: source) } catch {
            return failed("numpy", error, path, safetyWhenCorrupt: .unknown)
        }
        guard header.hasObjects else { return FileInspection(format: "numpy", safety: .safe) }
        var collected = PickleFindings()
        collected.findings.append(objectDtypeFinding(path, member: nil))
        collected.safety = .unsafe
        var stream = SourceRangeStream(source: source, start: header.dataOffset)
        collected.add(PickleScanner().scan(&stream, baseOffset: header.dataOffset), member: nil, path: path)
        return FileInspection(format: "numpy", corruption: collected.corruption, safety: collected.safety, findings: collected.findings)
    }

    static func objectDtypeFinding(_ path: RawPath, member: String?) -> Finding {
        Finding(code: "numpy-object-dtype", severity: .warning,
                message: "the array\(member.map { " \($0)" } ?? "") has an object dtype: its data is a pickle, unpickled when loaded with allow_pickle=True",
                path: path, details: member.map { [("member", .string($0))] } ?? [])
    }

    static func inspectNumPyZip(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        let archive: ZipArchive
        do { archive = try ZipArchive(source: source) } catch {
            return failed("numpy-zip", error, path, safetyWhenCorrupt: .unknown)
        }
        var collected = PickleFindings()
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
                    collected.safety = .unsafe
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

    static func inspectKeras(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
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
        if let finding = KerasConfigCheck.finding(layers: KerasConfigCheck.lambdaLayers(in: config), path: path, member: "config.json") {
            return FileInspection(format: "keras", safety: .unsafe, findings: [finding])
        }
        return FileInspection(format: "keras", safety: .safe)
    }

    static func inspectHDF5(_ path: RawPath, _ source: some ByteSource) -> FileInspection {
        let result: HDF5ConfigScan.Result
        do { result = try HDF5ConfigScan.scan(source: source) } catch {
            return failed("hdf5", error, path, safetyWhenCorrupt: .unknown)
        }
        var layers: [String] = []
        for config in result.configs { layers += KerasConfigCheck.lambdaLayers(in: config) }
        if let finding = KerasConfigCheck.finding(layers: layers, path: path, member: nil) {
            return FileInspection(format: "hdf5", safety: .unsafe, findings: [finding])
        }
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

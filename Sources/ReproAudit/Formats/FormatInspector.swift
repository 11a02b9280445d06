/// Looks inside one weight file: recognises its format by its leading bytes (the name only as a hint),
/// validates its structure and looks for anything that can run code when it is loaded.
///
/// Nothing is executed or unpickled; every read is bounded whatever the file claims.
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
        case "msgpack": return "msgpack"
        case "pkl", "pickle", "joblib": return "pickle"
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
        let format = detectFormat(prefix: prefix, fileExtension: relativePath.lowercasedExtension, size: source.count)
        switch format {
        case "safetensors", "gguf", "msgpack":
            // These formats hold tensors and metadata only: loading them cannot run code.
            return FileInspection(format: format, safety: .safe)
        case "lfs-pointer":
            return FileInspection(format: format, safety: .safe)
        default:
            return FileInspection(format: format, safety: .unknown, findings: [
                Finding(code: "not-inspected", severity: .info,
                        message: "the \(format ?? "unrecognised") format is not inspected for code that runs on load",
                        path: relativePath),
            ])
        }
    }
}

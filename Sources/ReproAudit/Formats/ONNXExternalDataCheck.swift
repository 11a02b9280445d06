/// Lists the external-data `location`s of an ONNX model by a minimal protobuf walk (ModelProto → graph
/// → initializers, sparse initializers and node attribute tensors, subgraphs up to 8 deep →
/// TensorProto.external_data) and flags locations that leave the model folder: absolute paths, drive
/// letters, or `..` climbing above it. ONNX runtimes read such paths as tensor data, so a model can
/// make its loader read (and expose) any file on the host.
///
/// Tensor payloads (`raw_data`) are skipped by their length, never read.
public enum ONNXExternalDataCheck {
    /// One external-data reference.
    public struct Location: Sendable, Equatable {
        public var location: String
        /// Offset of the `external_data` entry in the file.
        public var offset: Int64
    }

    static let errorCode = "corrupt-onnx"

    public static func locations(source: some ByteSource) throws(FormatError) -> [Location] {
        var cursor = ByteCursor(source: source, errorCode: errorCode, chunkSize: 4096)
        var found: [Location] = []
        try walkMessage(&cursor, end: source.count, kind: .model, depth: 0, found: &found)
        return found
    }

    enum Kind { case model, graph, node, attribute, tensor, sparseTensor, entry }

    private static func readVarint(_ cursor: inout ByteCursor) throws(FormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try cursor.readUInt8(what: "varint")
            guard shift < 64 else { throw FormatError(code: errorCode, "varint longer than 10 bytes", offset: cursor.offset - 1) }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The message kind of a length-delimited field of `kind`, when it is one the walk descends into.
    private static func child(of kind: Kind, field: UInt64) -> Kind? {
        switch (kind, field) {
        case (.model, 7): return .graph
        case (.graph, 1): return .node
        case (.graph, 5): return .tensor
        case (.graph, 15): return .sparseTensor
        case (.node, 5): return .attribute
        case (.attribute, 5), (.attribute, 10): return .tensor
        case (.attribute, 6), (.attribute, 11): return .graph
        case (.sparseTensor, 1), (.sparseTensor, 2): return .tensor
        case (.tensor, 13): return .entry
        default: return nil
        }
    }

    private static func walkMessage(_ cursor: inout ByteCursor, end: Int64, kind: Kind, depth: Int, found: inout [Location]) throws(FormatError) {
        guard depth < 32 else { throw FormatError(.limitExceeded, code: errorCode, "messages nest deeper than 32", offset: cursor.offset) }
        var key: String?
        var value: String?
        let entryStart = cursor.offset
        while cursor.offset < end {
            let tagOffset = cursor.offset
            let tag = try readVarint(&cursor)
            let field = tag >> 3
            guard field > 0 else { throw FormatError(code: errorCode, "field number 0", offset: tagOffset) }
            switch tag & 7 {
            case 0: _ = try readVarint(&cursor)
            case 1: try cursor.skip(8)
            case 5: try cursor.skip(4)
            case 2:
                let length = try readVarint(&cursor)
                guard cursor.offset <= end, length <= UInt64(end - cursor.offset) else {
                    throw FormatError(code: errorCode, "field \(field) of \(length) bytes runs past its message", offset: tagOffset)
                }
                let fieldEnd = cursor.offset + Int64(length)
                if kind == .entry, field == 1 || field == 2 {
                    let kept = Int(min(length, 4096))
                    let text = try cursor.withBytes(kept) { String(decoding: $0, as: UTF8.self) }
                    try cursor.seek(to: fieldEnd)
                    if field == 1 { key = text } else { value = text }
                } else if let next = child(of: kind, field: field) {
                    try walkMessage(&cursor, end: fieldEnd, kind: next, depth: depth + 1, found: &found)
                    try cursor.seek(to: fieldEnd)
                } else {
                    try cursor.skip(length)
                }
            default:
                throw FormatError(code: errorCode, "unsupported wire type \(tag & 7) for field \(field)", offset: tagOffset)
            }
            guard cursor.offset <= end else { throw FormatError(code: errorCode, "field runs past its message", offset: tagOffset) }
        }
        if kind == .entry, key == "location", let value, found.count < 100_000 {
            found.append(Location(location: value, offset: entryStart))
        }
    }

    /// True when `location`, relative to the folder of a model file at `modelPath` (relative to the
    /// model's root), leaves the root.
    public static func escapes(_ location: String, modelPath: RawPath) -> Bool {
        let bytes = Array(location.utf8)
        if bytes.first == UInt8(ascii: "/") || bytes.first == UInt8(ascii: "\\") { return true }
        if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"), (bytes[0] | 0x20) >= 0x61, (bytes[0] | 0x20) <= 0x7A { return true }
        var depth = max(0, modelPath.components.count - 1)
        for component in bytes.split(whereSeparator: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) {
            if component.elementsEqual([0x2E]) { continue }
            if component.elementsEqual([0x2E, 0x2E]) {
                depth -= 1
                if depth < 0 { return true }
            } else {
                depth += 1
            }
        }
        return false
    }
}

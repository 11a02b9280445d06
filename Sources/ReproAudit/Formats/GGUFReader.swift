/// Reads and validates a GGUF (v2/v3) header: magic, version, key-value metadata, tensor infos.
///
/// Bounded whatever the file claims: counts are checked against the bytes left before anything is
/// allocated, every string and array length against the file size, arrays nest at most 3 deep, and large
/// arrays (tokenizer vocabularies) are skipped element by element rather than materialised. The header
/// is read through a `ByteCursor` in 1 MB chunks. Only `general.*` metadata and the chat templates
/// (`tokenizer.chat_template*`) are kept. GGUF v1 (32-bit counts, 2023) is refused as unsupported.
/// A GGUF file holds tensors and metadata only; loading it cannot run code except through its chat
/// template (see `GGUFChatTemplateCheck`), so a structurally broken one is `corrupt` but not unsafe.
public struct GGUFReader: Sendable {
    /// One tensor info entry.
    public struct TensorInfo: Sendable, Equatable {
        public var name: String
        public var dimensions: [UInt64]
        public var type: UInt32
        /// Offset relative to the start of the data section.
        public var offset: UInt64
    }

    /// What the header holds.
    public struct File: Sendable, Equatable {
        public var version: UInt32
        public var tensorCount: UInt64
        public var keyValueCount: UInt64
        public var alignment: UInt64
        /// Absolute offset of the tensor data section.
        public var dataOffset: Int64
        public var tensors: [TensorInfo]
        /// `general.*` keys and the chat templates, in file order.
        public var metadata: [(String, JSONValue)]
        /// Tensor types reproaudit does not know the size of (their extent was not checked).
        public var unknownTensorTypes: [UInt32]

        public static func == (lhs: File, rhs: File) -> Bool {
            lhs.version == rhs.version && lhs.tensors == rhs.tensors && lhs.dataOffset == rhs.dataOffset
                && JSONValue.object(lhs.metadata) == JSONValue.object(rhs.metadata)
        }
    }

    static let errorCode = "corrupt-gguf"
    /// Longest key accepted.
    public var maximumKeyLength = 65_535
    /// Longest string value kept (longer kept values are truncated; all are bounds-checked).
    public var maximumKeptStringLength = 4 << 20
    /// Longest string kept inside a kept array (`general.tags`, …).
    public var maximumKeptElementLength = 4_096
    /// Total bytes of strings kept across all metadata; later values are bounds-checked but dropped.
    public var maximumKeptBytes = 32 << 20
    /// Arrays with more elements than this are skipped rather than kept in `metadata`.
    public var maximumKeptArrayCount = 1_024
    /// More tensor infos than this are refused as a limit (llama.cpp models hold a few thousand).
    public var maximumTensorCount: UInt64 = 1 << 20

    public init() {}

    /// The ggml tensor types: (elements per block, bytes per block).
    public static func blockLayout(_ type: UInt32) -> (elements: UInt64, bytes: UInt64)? {
        switch type {
        case 0: return (1, 4)          // F32
        case 1: return (1, 2)          // F16
        case 2: return (32, 18)        // Q4_0
        case 3: return (32, 20)        // Q4_1
        case 6: return (32, 22)        // Q5_0
        case 7: return (32, 24)        // Q5_1
        case 8: return (32, 34)        // Q8_0
        case 9: return (32, 36)        // Q8_1
        case 10: return (256, 84)      // Q2_K
        case 11: return (256, 110)     // Q3_K
        case 12: return (256, 144)     // Q4_K
        case 13: return (256, 176)     // Q5_K
        case 14: return (256, 210)     // Q6_K
        case 15: return (256, 292)     // Q8_K
        case 16: return (256, 66)      // IQ2_XXS
        case 17: return (256, 74)      // IQ2_XS
        case 18: return (256, 98)      // IQ3_XXS
        case 19: return (256, 50)      // IQ1_S
        case 20: return (32, 18)       // IQ4_NL
        case 21: return (256, 110)     // IQ3_S
        case 22: return (256, 82)      // IQ2_S
        case 23: return (256, 136)     // IQ4_XS
        case 24: return (1, 1)         // I8
        case 25: return (1, 2)         // I16
        case 26: return (1, 4)         // I32
        case 27: return (1, 8)         // I64
        case 28: return (1, 8)         // F64
        case 29: return (256, 56)      // IQ1_M
        case 30: return (1, 2)         // BF16
        case 34: return (256, 54)      // TQ1_0
        case 35: return (256, 66)      // TQ2_0
        case 39: return (32, 17)       // MXFP4
        default: return nil
        }
    }

    /// Whether a metadata key is kept in `File.metadata`.
    public static func isKeptKey(_ key: String) -> Bool {
        key.hasPrefix("general.") || key == "tokenizer.chat_template" || key.hasPrefix("tokenizer.chat_template.")
    }

    public func read(source: some ByteSource) throws(FormatError) -> File {
        var metadata: [(String, JSONValue)] = []
        return try read(source: source, metadata: &metadata)
    }

    /// Reads the header; `metadata` receives the kept keys as they are read, so a caller still has
    /// the chat template of a file whose tensor infos turn out broken.
    public func read(source: some ByteSource, metadata: inout [(String, JSONValue)]) throws(FormatError) -> File {
        var cursor = ByteCursor(source: source, errorCode: Self.errorCode)
        let magic = try cursor.readBytes(4, what: "magic")
        guard magic == Array("GGUF".utf8) else {
            throw FormatError(code: Self.errorCode, "missing GGUF magic", offset: 0)
        }
        let version = try cursor.readUInt32(what: "version")
        if version == 1 {
            throw FormatError(.unsupported, code: Self.errorCode, "GGUF version 1 (32-bit counts) is not read; convert the file to v3", offset: 4)
        }
        guard version == 2 || version == 3 else {
            throw FormatError(code: Self.errorCode, "unknown GGUF version \(version)", offset: 4)
        }
        let tensorCount = try cursor.readUInt64(what: "tensor count")
        let kvCount = try cursor.readUInt64(what: "metadata count")
        // Each key-value needs at least 8 (key length) + 4 (type) + 1 bytes; each tensor info 8 + 4 + 4 + 8.
        guard kvCount <= UInt64(cursor.remaining) / 13 else {
            throw FormatError(code: Self.errorCode, "metadata count \(kvCount) cannot fit in the file", offset: 16)
        }
        guard tensorCount <= UInt64(cursor.remaining) / 24 else {
            throw FormatError(code: Self.errorCode, "tensor count \(tensorCount) cannot fit in the file", offset: 8)
        }
        guard tensorCount <= maximumTensorCount else {
            throw FormatError(.limitExceeded, code: Self.errorCode, "tensor count \(tensorCount) exceeds the limit of \(maximumTensorCount)", offset: 8)
        }
        metadata.removeAll()
        var budget = maximumKeptBytes
        var alignment: UInt64 = 32
        for _ in 0..<kvCount {
            let key = try readKey(&cursor)
            let typeOffset = cursor.offset
            let type = try cursor.readUInt32(what: "value type of '\(key)'")
            if key == "general.alignment" {
                guard type == 4 else {
                    throw FormatError(code: Self.errorCode, "general.alignment has value type \(type), not uint32", offset: typeOffset)
                }
                let value = UInt64(try cursor.readUInt32(what: "general.alignment"))
                guard value > 0, value & (value - 1) == 0 else {
                    throw FormatError(code: Self.errorCode, "general.alignment \(value) is not a power of two", offset: typeOffset + 4)
                }
                alignment = value
                metadata.append((key, .integer(Int64(value))))
                continue
            }
            let keep = Self.isKeptKey(key)
            let value = try readValue(&cursor, type: type, keep: keep, depth: 0, key: key, budget: &budget)
            if keep, let value { metadata.append((key, value)) }
        }
        var tensors: [TensorInfo] = []
        tensors.reserveCapacity(Int(tensorCount))
        var infoOffsets: [Int64] = []
        infoOffsets.reserveCapacity(Int(tensorCount))
        var names = Set<String>()
        for _ in 0..<tensorCount {
            let infoOffset = cursor.offset
            let name = try readKey(&cursor)
            guard names.insert(name).inserted else {
                throw FormatError(code: Self.errorCode, "tensor '\(name)' is listed twice", offset: infoOffset)
            }
            let dimensionCount = try cursor.readUInt32(what: "dimension count of '\(name)'")
            guard dimensionCount <= 8 else {
                throw FormatError(code: Self.errorCode, "tensor '\(name)' claims \(dimensionCount) dimensions (at most 8)", offset: cursor.offset - 4)
            }
            var dimensions: [UInt64] = []
            for _ in 0..<dimensionCount { dimensions.append(try cursor.readUInt64(what: "dimension of '\(name)'")) }
            let type = try cursor.readUInt32(what: "type of '\(name)'")
            let offset = try cursor.readUInt64(what: "data offset of '\(name)'")
            tensors.append(TensorInfo(name: name, dimensions: dimensions, type: type, offset: offset))
            infoOffsets.append(infoOffset)
        }
        let headerEnd = UInt64(cursor.offset)
        var (padded, overflow) = headerEnd.addingReportingOverflow((alignment - headerEnd % alignment) % alignment)
        // llama.cpp pads up to the data section only when there are tensors: a vocabulary-only file
        // (`ggml-vocab-*.gguf`) may end right after its metadata, and gguf-py reads it.
        if tensorCount == 0, !overflow { padded = min(padded, UInt64(source.count)) }
        guard !overflow, padded <= UInt64(source.count) else {
            throw FormatError(code: Self.errorCode, "the data section would start past the end of the file", offset: Int64(headerEnd))
        }
        let dataOffset = Int64(padded)
        let dataLength = UInt64(source.count) - padded
        var unknownTypes: [UInt32] = []
        for (index, tensor) in tensors.enumerated() {
            let at = infoOffsets[index]
            guard tensor.offset % alignment == 0 else {
                throw FormatError(code: Self.errorCode, "tensor '\(tensor.name)' data offset \(tensor.offset) is not aligned to \(alignment)", offset: at)
            }
            guard let layout = Self.blockLayout(tensor.type) else {
                if !unknownTypes.contains(tensor.type) { unknownTypes.append(tensor.type) }
                guard tensor.offset <= dataLength else {
                    throw FormatError(code: Self.errorCode, "tensor '\(tensor.name)' data offset \(tensor.offset) lies past the end of the file", offset: at)
                }
                continue
            }
            var elements: UInt64 = 1
            for dimension in tensor.dimensions {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw FormatError(code: Self.errorCode, "tensor '\(tensor.name)' dimensions \(tensor.dimensions) overflow", offset: at)
                }
                elements = product
            }
            guard elements % layout.elements == 0 else {
                throw FormatError(code: Self.errorCode, "tensor '\(tensor.name)' has \(elements) elements, not a multiple of its type's block of \(layout.elements)", offset: at)
            }
            let (bytes, overflow) = (elements / layout.elements).multipliedReportingOverflow(by: layout.bytes)
            guard !overflow, tensor.offset <= dataLength, bytes <= dataLength - tensor.offset else {
                throw FormatError(code: Self.errorCode, "tensor '\(tensor.name)' data [\(tensor.offset), +\(bytes)) runs past the end of the file (data section holds \(dataLength) bytes; truncated?)", offset: at)
            }
        }
        return File(version: version, tensorCount: tensorCount, keyValueCount: kvCount, alignment: alignment,
                    dataOffset: dataOffset, tensors: tensors, metadata: metadata, unknownTensorTypes: unknownTypes)
    }

    private func readKey(_ cursor: inout ByteCursor) throws(FormatError) -> String {
        let at = cursor.offset
        let length = try cursor.readUInt64(what: "string length")
        guard length <= UInt64(maximumKeyLength) else {
            throw FormatError(code: Self.errorCode, "name of \(length) bytes is longer than \(maximumKeyLength)", offset: at)
        }
        return try cursor.withBytes(Int(length), what: "name") { String(decoding: $0, as: UTF8.self) }
    }

    private func readString(_ cursor: inout ByteCursor, keep: Bool, key: String, limit: Int, budget: inout Int) throws(FormatError) -> JSONValue? {
        let at = cursor.offset
        let length = try cursor.readUInt64(what: "string length in '\(key)'")
        guard length <= UInt64(cursor.remaining) else {
            throw FormatError(code: Self.errorCode, "string of \(length) bytes in '\(key)' runs past the end of the file", offset: at)
        }
        guard keep, budget > 0 else {
            try cursor.skip(length)
            return nil
        }
        let kept = Int(min(length, UInt64(min(limit, budget))))
        budget -= kept
        let text = try cursor.withBytes(kept, what: "string in '\(key)'") { String(decoding: $0, as: UTF8.self) }
        try cursor.skip(length - UInt64(kept))
        return .string(text)
    }

    /// Bytes of a scalar value type, or nil for strings, arrays and unknown types.
    private static func scalarWidth(_ type: UInt32) -> Int? {
        switch type {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 10, 11, 12: return 8
        default: return nil
        }
    }

    private func readValue(_ cursor: inout ByteCursor, type: UInt32, keep: Bool, depth: Int, key: String, budget: inout Int) throws(FormatError) -> JSONValue? {
        if let width = Self.scalarWidth(type) {
            let raw = try cursor.withBytes(width, what: "value of '\(key)'") { bytes -> UInt64 in
                var value: UInt64 = 0
                for index in 0..<width { value |= UInt64(bytes[index]) << (8 * UInt64(index)) }
                return value
            }
            guard keep else { return nil }
            switch type {
            case 0, 2, 4: return .integer(Int64(raw))
            case 1: return .integer(Int64(Int8(truncatingIfNeeded: raw)))
            case 3: return .integer(Int64(Int16(truncatingIfNeeded: raw)))
            case 5: return .integer(Int64(Int32(truncatingIfNeeded: raw)))
            case 6: return .double(Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw))))
            case 7:
                guard raw <= 1 else { throw FormatError(code: Self.errorCode, "boolean '\(key)' holds \(raw)", offset: cursor.offset - 1) }
                return .bool(raw == 1)
            case 10: return raw <= UInt64(Int64.max) ? .integer(Int64(raw)) : .double(Double(raw))
            case 11: return .integer(Int64(bitPattern: raw))
            default:
                let double = Double(bitPattern: raw)
                return double.isFinite ? .double(double) : .null
            }
        }
        switch type {
        case 8:
            return try readString(&cursor, keep: keep, key: key,
                                  limit: depth == 0 ? maximumKeptStringLength : maximumKeptElementLength, budget: &budget)
        case 9:
            guard depth < 3 else {
                throw FormatError(code: Self.errorCode, "arrays in '\(key)' nest deeper than 3", offset: cursor.offset)
            }
            let elementType = try cursor.readUInt32(what: "array type of '\(key)'")
            let countOffset = cursor.offset
            let count = try cursor.readUInt64(what: "array length of '\(key)'")
            let minimumWidth: UInt64
            if let width = Self.scalarWidth(elementType) { minimumWidth = UInt64(width) }
            else if elementType == 8 { minimumWidth = 8 }
            else if elementType == 9 { minimumWidth = 12 }
            else { throw FormatError(code: Self.errorCode, "array '\(key)' has unknown element type \(elementType)", offset: countOffset - 4) }
            guard count <= UInt64(cursor.remaining) / minimumWidth else {
                throw FormatError(code: Self.errorCode, "array '\(key)' of \(count) elements cannot fit in the file", offset: countOffset)
            }
            if let width = Self.scalarWidth(elementType), !keep || count > UInt64(maximumKeptArrayCount) {
                if elementType == 7, count <= UInt64(maximumKeptArrayCount) {
                    // booleans are validated one by one below
                } else {
                    try cursor.skip(count * UInt64(width))
                    return nil
                }
            }
            let keepItems = keep && count <= UInt64(maximumKeptArrayCount)
            var items: [JSONValue] = []
            if keepItems { items.reserveCapacity(Int(count)) }
            for _ in 0..<count {
                let item = try readValue(&cursor, type: elementType, keep: keepItems, depth: depth + 1, key: key, budget: &budget)
                if keepItems, let item { items.append(item) }
            }
            return keepItems ? .array(items) : nil
        default:
            throw FormatError(code: Self.errorCode, "metadata '\(key)' has unknown value type \(type)", offset: cursor.offset - 4)
        }
    }
}

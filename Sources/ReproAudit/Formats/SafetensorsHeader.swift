/// The validated header of a `.safetensors` file: its tensors (name, dtype, shape, data offsets) and the
/// `__metadata__` string map.
///
/// Layout: an 8-byte little-endian header length N, N bytes of a JSON object, then the data region.
/// `parse` accepts a file only when the length is at most 100 MB and fits in the file, every tensor's
/// dtype is known, shape × dtype size equals its `data_offsets` span, and the spans sorted by offset are
/// contiguous, non-overlapping and cover the data region exactly. Only the header is read, so validating
/// a multi-gigabyte file costs one small read. A safetensors file cannot run code when loaded: a broken
/// one is integrity `corrupt` but its safety stays `safe`.
public struct SafetensorsHeader: Sendable, Equatable {
    /// One tensor entry of the header.
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var dtype: String
        public var shape: [Int64]
        /// Begin and end relative to the start of the data region.
        public var begin: Int64
        public var end: Int64
    }

    /// The largest header accepted (the reference implementation's limit).
    public static let maximumHeaderLength: UInt64 = 100_000_000
    static let errorCode = "corrupt-safetensors"

    /// Length of the JSON header in bytes (the data region starts at `8 + headerLength`).
    public var headerLength: Int64
    /// Tensors in header order.
    public var tensors: [Tensor]
    /// `__metadata__`, in header order.
    public var metadata: [(String, String)]

    public static func == (lhs: SafetensorsHeader, rhs: SafetensorsHeader) -> Bool {
        lhs.headerLength == rhs.headerLength && lhs.tensors == rhs.tensors
            && lhs.metadata.elementsEqual(rhs.metadata, by: { $0 == $1 })
    }

    /// Size in bits of one element of each known dtype.
    public static func bitsPerElement(_ dtype: String) -> Int? {
        switch dtype {
        case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0": return 8
        case "I16", "U16", "F16", "BF16": return 16
        case "I32", "U32", "F32": return 32
        case "I64", "U64", "F64", "C64": return 64
        case "F4": return 4
        case "F6_E2M3", "F6_E3M2": return 6
        default: return nil
        }
    }

    /// Reads and validates the header of the file behind `source`.
    public static func parse(source: some ByteSource) throws(FormatError) -> SafetensorsHeader {
        let size = source.count
        let prefix: [UInt8]
        do { prefix = try source.read(at: 0, count: 8) } catch { throw FormatError.io(error, code: errorCode, offset: 0) }
        guard prefix.count == 8 else {
            throw FormatError(code: errorCode, "file of \(size) bytes is too short for the 8-byte header length", offset: 0)
        }
        let length = LittleEndian.uint64(prefix, 0)
        guard length <= maximumHeaderLength else {
            throw FormatError(code: errorCode, "header length \(length) exceeds the 100 MB limit", offset: 0)
        }
        guard length <= UInt64(size - 8) else {
            throw FormatError(code: errorCode, "header length \(length) runs past the end of the \(size)-byte file (truncated?)", offset: 0)
        }
        let header: [UInt8]
        do { header = try source.read(at: 8, count: Int(length)) } catch { throw FormatError.io(error, code: errorCode, offset: 8) }
        guard header.count == Int(length) else {
            throw FormatError(code: errorCode, "short read of the header", offset: 8 + Int64(header.count))
        }
        return try validate(header: header, dataLength: size - 8 - Int64(length))
    }

    /// Validates a header already read: `header` is the JSON text, `dataLength` the bytes after it.
    public static func validate(header: [UInt8], dataLength: Int64) throws(FormatError) -> SafetensorsHeader {
        let headerLength = Int64(header.count)
        let dataStart = 8 + headerLength
        let value: JSONValue
        do {
            value = try JSONParser().parse(header)
        } catch {
            throw FormatError(code: errorCode, "header is not valid JSON: \(error.message)", offset: 8 + Int64(error.offset))
        }
        guard case .object(let members) = value else {
            throw FormatError(code: errorCode, "header is a JSON \(value.typeName), not an object", offset: 8)
        }
        var tensors: [Tensor] = []
        tensors.reserveCapacity(members.count)
        var metadata: [(String, String)] = []
        var names = Set<String>()
        for (name, entry) in members {
            guard names.insert(name).inserted else {
                throw FormatError(code: errorCode, "header names '\(name)' twice", offset: 8)
            }
            if name == "__metadata__" {
                guard case .object(let pairs) = entry else {
                    throw FormatError(code: errorCode, "__metadata__ is a \(entry.typeName), not an object of strings", offset: 8)
                }
                for (key, item) in pairs {
                    guard let text = item.stringValue else {
                        throw FormatError(code: errorCode, "__metadata__ entry '\(key)' is a \(item.typeName), not a string", offset: 8)
                    }
                    metadata.append((key, text))
                }
                continue
            }
            tensors.append(try tensor(name: name, entry: entry, dataStart: dataStart))
        }
        // Spans sorted by offset must tile the data region exactly.
        let order = tensors.indices.sorted { (tensors[$0].begin, tensors[$0].end) < (tensors[$1].begin, tensors[$1].end) }
        var expected: Int64 = 0
        for index in order {
            let tensor = tensors[index]
            if tensor.begin < expected {
                throw FormatError(code: errorCode, "tensor '\(tensor.name)' data [\(tensor.begin), \(tensor.end)) overlaps the previous tensor, which ends at \(expected)", offset: dataStart + tensor.begin)
            }
            if tensor.begin > expected {
                throw FormatError(code: errorCode, "gap of \(tensor.begin - expected) bytes before tensor '\(tensor.name)' (data starts at \(tensor.begin), previous tensor ends at \(expected))", offset: dataStart + expected)
            }
            expected = tensor.end
        }
        if expected > dataLength {
            let last = order.last.map { tensors[$0].name } ?? ""
            throw FormatError(code: errorCode, "tensor '\(last)' ends at data offset \(expected) but the data region holds only \(dataLength) bytes (truncated?)", offset: dataStart + dataLength)
        }
        if expected < dataLength {
            throw FormatError(code: errorCode, "\(dataLength - expected) bytes after the last tensor are not covered by any tensor", offset: dataStart + expected)
        }
        return SafetensorsHeader(headerLength: headerLength, tensors: tensors, metadata: metadata)
    }

    private static func tensor(name: String, entry: JSONValue, dataStart: Int64) throws(FormatError) -> Tensor {
        guard case .object = entry else {
            throw FormatError(code: errorCode, "tensor '\(name)' is a \(entry.typeName), not an object", offset: 8)
        }
        guard let dtype = entry["dtype"]?.stringValue else {
            throw FormatError(code: errorCode, "tensor '\(name)' has no string dtype", offset: 8)
        }
        guard let bits = bitsPerElement(dtype) else {
            throw FormatError(code: errorCode, "tensor '\(name)' has unknown dtype '\(dtype)'", offset: 8)
        }
        guard let dims = entry["shape"]?.arrayValue else {
            throw FormatError(code: errorCode, "tensor '\(name)' has no shape array", offset: 8)
        }
        var shape: [Int64] = []
        var elements: Int64 = 1
        var overflow = false
        for dim in dims {
            guard case .integer(let extent) = dim, extent >= 0 else {
                throw FormatError(code: errorCode, "tensor '\(name)' has a shape entry that is not a non-negative integer", offset: 8)
            }
            shape.append(extent)
            let product = elements.multipliedReportingOverflow(by: extent)
            if product.overflow { overflow = true } else { elements = product.partialValue }
        }
        guard let offsets = entry["data_offsets"]?.arrayValue, offsets.count == 2,
              case .integer(let begin) = offsets[0], case .integer(let end) = offsets[1] else {
            throw FormatError(code: errorCode, "tensor '\(name)' has no data_offsets [begin, end] of integers", offset: 8)
        }
        guard begin >= 0, end >= begin else {
            throw FormatError(code: errorCode, "tensor '\(name)' has data_offsets [\(begin), \(end)]: begin must be ≥ 0 and ≤ end", offset: 8)
        }
        let bitCount = elements.multipliedReportingOverflow(by: Int64(bits))
        guard !overflow, elements == 0 || !bitCount.overflow else {
            throw FormatError(code: errorCode, "tensor '\(name)' shape \(shape) is too large", offset: 8)
        }
        let totalBits = elements == 0 ? 0 : bitCount.partialValue
        guard totalBits % 8 == 0 else {
            throw FormatError(code: errorCode, "tensor '\(name)' of \(elements) \(dtype) elements does not fill whole bytes", offset: 8)
        }
        guard totalBits / 8 == end - begin else {
            throw FormatError(code: errorCode, "tensor '\(name)' shape \(shape) of \(dtype) needs \(totalBits / 8) bytes but data_offsets [\(begin), \(end)] span \(end - begin)", offset: dataStart + begin)
        }
        return Tensor(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }
}

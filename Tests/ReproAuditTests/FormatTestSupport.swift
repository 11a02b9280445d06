import Foundation
@testable import ReproAudit

/// Fixture files under `Fixtures/formats/`, read through `Bundle.module`.
enum FormatFixtures {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("formats").appendingPathComponent(name)))
    }

    static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path).sorted()
    }

    static func bytes(folder: String, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(folder).appendingPathComponent(name)))
    }

    static func inspect(_ name: String, as path: String? = nil) throws -> FileInspection {
        FormatInspector.inspect(relativePath: RawPath(path ?? name), source: InMemoryBytes(try bytes(name)))
    }
}

/// Builds `.safetensors` files the way the reference implementation lays them out: 8-byte LE header
/// length, the JSON header padded with spaces to a multiple of 8, then the tensors' bytes in order.
struct SafetensorsBuilder {
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int64]
        /// Overrides the computed [begin, end].
        var offsets: (Int64, Int64)?
    }

    var entries: [Entry] = []
    var metadata: [(String, JSONValue)]? = [("format", "pt")]
    /// Bytes appended after the computed data (negative truncates).
    var extraData = 0
    var headerLengthOverride: UInt64?

    mutating func add(_ name: String, _ dtype: String, _ shape: [Int64], offsets: (Int64, Int64)? = nil) {
        entries.append(Entry(name: name, dtype: dtype, shape: shape, offsets: offsets))
    }

    func build() -> [UInt8] {
        var members: [(String, JSONValue)] = []
        if let metadata { members.append(("__metadata__", .object(metadata))) }
        var position: Int64 = 0
        var dataEnd: Int64 = 0
        for entry in entries {
            let bits = Int64(SafetensorsHeader.bitsPerElement(entry.dtype) ?? 32)
            let size = entry.shape.reduce(1, &*) &* bits / 8
            let (begin, end) = entry.offsets ?? (position, position + size)
            position = end
            dataEnd = max(dataEnd, end)
            members.append((entry.name, .object([
                ("dtype", .string(entry.dtype)),
                ("shape", .array(entry.shape.map { .integer($0) })),
                ("data_offsets", .array([.integer(begin), .integer(end)])),
            ])))
        }
        var header = JSONWriter.bytes(.object(members))
        while header.count % 8 != 0 { header.append(0x20) }
        var file: [UInt8] = []
        let length = headerLengthOverride ?? UInt64(header.count)
        for index in 0..<8 { file.append(UInt8(truncatingIfNeeded: length >> (8 * UInt64(index)))) }
        file += header
        let dataCount = Int(dataEnd) + extraData
        file += (0..<max(0, dataCount)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        return file
    }
}

/// Builds GGUF v3 files: header, key-values, tensor infos, padding to the alignment, tensor data.
struct GGUFBuilder {
    enum Value {
        case uint32(UInt32), int32(Int32), float32(Float), bool(Bool), string(String), uint64(UInt64)
        case strings([String]), int32s([Int32])
        /// Raw type and payload, for malformed values.
        case raw(UInt32, [UInt8])
    }

    var version: UInt32 = 3
    var keyValues: [(String, Value)] = []
    var tensors: [(name: String, dims: [UInt64], type: UInt32, offset: UInt64?)] = []
    var alignment: UInt64 = 32
    var tensorCountOverride: UInt64?
    var kvCountOverride: UInt64?
    var truncateBy = 0
    /// Data bytes written at most (a tensor placed far away is not materialised).
    var maximumData: UInt64 = 1 << 24

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func string(_ text: String) -> [UInt8] { le(UInt64(text.utf8.count)) + Array(text.utf8) }

    static func encode(_ value: Value) -> (UInt32, [UInt8]) {
        switch value {
        case .uint32(let v): return (4, le(v))
        case .int32(let v): return (5, le(v))
        case .float32(let v): return (6, le(v.bitPattern))
        case .bool(let v): return (7, [v ? 1 : 0])
        case .string(let v): return (8, string(v))
        case .uint64(let v): return (10, le(v))
        case .strings(let items): return (9, le(UInt32(8)) + le(UInt64(items.count)) + items.flatMap { string($0) })
        case .int32s(let items): return (9, le(UInt32(5)) + le(UInt64(items.count)) + items.flatMap { le($0) })
        case .raw(let type, let payload): return (type, payload)
        }
    }

    static func tensorBytes(dims: [UInt64], type: UInt32) -> UInt64 {
        let layout = GGUFReader.blockLayout(type) ?? (1, 4)
        return dims.reduce(1, *) / layout.elements * layout.bytes
    }

    func build() -> [UInt8] {
        var file = Array("GGUF".utf8) + Self.le(version)
        file += Self.le(tensorCountOverride ?? UInt64(tensors.count)) + Self.le(kvCountOverride ?? UInt64(keyValues.count))
        for (key, value) in keyValues {
            let (type, payload) = Self.encode(value)
            file += Self.string(key) + Self.le(type) + payload
        }
        var offset: UInt64 = 0
        var dataSize: UInt64 = 0
        for tensor in tensors {
            let size = Self.tensorBytes(dims: tensor.dims, type: tensor.type)
            let at = tensor.offset ?? offset
            file += Self.string(tensor.name) + Self.le(UInt32(tensor.dims.count)) + tensor.dims.flatMap { Self.le($0) }
            file += Self.le(tensor.type) + Self.le(at)
            offset = (at + size + alignment - 1) / alignment * alignment
            dataSize = max(dataSize, at + size)
        }
        while UInt64(file.count) % alignment != 0 { file.append(0) }
        file += [UInt8](repeating: 0x11, count: Int(min(dataSize, maximumData)))
        file.removeLast(min(truncateBy, file.count))
        return file
    }
}

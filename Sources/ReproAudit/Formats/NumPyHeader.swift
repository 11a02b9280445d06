/// The header of a NumPy `.npy` array: magic, version 1/2/3, and the Python dict literal holding
/// `descr`, `fortran_order` and `shape`.
///
/// An object dtype (`|O`, or a structured dtype with an `O` field) means the payload is a pickle, which
/// `numpy.load(allow_pickle=True)` unpickles: the inspector reports it and scans that pickle. The dict
/// is read by a small literal parser (strings, integers, booleans, None, tuples, lists, dicts; at most
/// 32 levels deep); nothing is evaluated.
public struct NumPyHeader: Sendable, Equatable {
    static let errorCode = "corrupt-numpy"
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Longest header dict accepted (NumPy itself refuses more than 10,000 bytes by default).
    public static let maximumHeaderLength = 1 << 20

    public var majorVersion: UInt8
    public var minorVersion: UInt8
    /// `descr` as written: a type string, or a list describing a structured dtype.
    public var descr: JSONValue
    public var fortranOrder: Bool
    public var shape: [Int64]
    /// Offset of the array data (the end of the header).
    public var dataOffset: Int64
    /// True when elements are Python objects stored as a pickle.
    public var hasObjects: Bool
    /// Bytes per element when the dtype is a simple type string of known size.
    public var itemSize: Int64?

    /// The total header size (preamble + dict) given at least the first 12 bytes of the file.
    public static func headerSize(prefix: [UInt8]) throws(FormatError) -> Int {
        guard prefix.count >= 10, prefix.starts(with: magic) else {
            throw FormatError(code: errorCode, "missing the \\x93NUMPY magic", offset: 0)
        }
        let major = prefix[6]
        switch major {
        case 1:
            return 10 + Int(LittleEndian.uint16(prefix, 8))
        case 2, 3:
            guard prefix.count >= 12 else { throw FormatError(code: errorCode, "header length truncated", offset: 8) }
            let length = LittleEndian.uint32(prefix, 8)
            guard length <= UInt32(maximumHeaderLength) else {
                throw FormatError(.limitExceeded, code: errorCode, "header of \(length) bytes exceeds the \(maximumHeaderLength)-byte limit", offset: 8)
            }
            return 12 + Int(length)
        default:
            throw FormatError(code: errorCode, "unknown .npy version \(major).\(prefix[7])", offset: 6)
        }
    }

    /// Parses a complete header (`bytes` holds at least `headerSize(prefix:)` bytes).
    public static func parse(bytes: [UInt8]) throws(FormatError) -> NumPyHeader {
        let size = try headerSize(prefix: bytes)
        guard bytes.count >= size else {
            throw FormatError(code: errorCode, "header of \(size) bytes is truncated at \(bytes.count)", offset: Int64(bytes.count))
        }
        let start = bytes[6] == 1 ? 10 : 12
        var parser = PythonLiteralParser(bytes: Array(bytes[start..<size]), base: Int64(start), errorCode: errorCode)
        let dict = try parser.parseTopLevel()
        guard case .object = dict else {
            throw FormatError(code: errorCode, "header is not a dict", offset: Int64(start))
        }
        guard let descr = dict["descr"] else { throw FormatError(code: errorCode, "header has no 'descr'", offset: Int64(start)) }
        guard let fortran = dict["fortran_order"]?.boolValue else {
            throw FormatError(code: errorCode, "header has no boolean 'fortran_order'", offset: Int64(start))
        }
        guard let dims = dict["shape"]?.arrayValue else { throw FormatError(code: errorCode, "header has no 'shape' tuple", offset: Int64(start)) }
        var shape: [Int64] = []
        for dim in dims {
            guard case .integer(let extent) = dim, extent >= 0 else {
                throw FormatError(code: errorCode, "shape holds something other than non-negative integers", offset: Int64(start))
            }
            shape.append(extent)
        }
        guard hasValidDescr(descr, depth: 0) else {
            throw FormatError(code: errorCode, "'descr' is not a dtype description", offset: Int64(start))
        }
        return NumPyHeader(majorVersion: bytes[6], minorVersion: bytes[7], descr: descr, fortranOrder: fortran, shape: shape,
                           dataOffset: Int64(size), hasObjects: containsObjects(descr, depth: 0), itemSize: descr.stringValue.flatMap(itemSize))
    }

    /// Reads the header of the `.npy` file behind `source` and checks the data is not truncated.
    public static func parse(source: some ByteSource) throws(FormatError) -> NumPyHeader {
        let prefix: [UInt8]
        do { prefix = try source.read(at: 0, count: 12) } catch { throw FormatError.io(error, code: errorCode, offset: 0) }
        let size = try headerSize(prefix: prefix)
        guard Int64(size) <= source.count else {
            throw FormatError(code: errorCode, "header of \(size) bytes runs past the end of the file", offset: 8)
        }
        let bytes: [UInt8]
        do { bytes = try source.read(at: 0, count: size) } catch { throw FormatError.io(error, code: errorCode, offset: 0) }
        let header = try parse(bytes: bytes)
        if !header.hasObjects, let needed = header.dataSize, needed > UInt64(source.count - header.dataOffset) {
            throw FormatError(code: errorCode, "shape \(header.shape) needs \(needed) bytes of data but the file holds \(source.count - header.dataOffset) (truncated?)", offset: source.count)
        }
        return header
    }

    /// Bytes the array data takes, when the element size is known and the product does not overflow.
    public var dataSize: UInt64? {
        guard let itemSize else { return nil }
        var total = UInt64(itemSize)
        for dim in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: UInt64(dim))
            if overflow { return UInt64.max }
            total = product
        }
        return total
    }

    /// Kind character and size of a type string such as `<f4`, `|O`, `<U10`.
    static func kindAndCount(_ typestr: String) -> (Character, Int64?)? {
        var chars = Substring(typestr)
        if let first = chars.first, "<>|=".contains(first) { chars = chars.dropFirst() }
        guard let kind = chars.first else { return nil }
        let digits = chars.dropFirst().prefix(while: { $0.isASCII && $0.isNumber })
        return (kind, digits.isEmpty ? nil : Int64(digits.prefix(12)))
    }

    static func itemSize(_ typestr: String) -> Int64? {
        guard let (kind, count) = kindAndCount(typestr) else { return nil }
        switch kind {
        case "?": return 1
        case "b", "i", "u", "f", "c", "S", "a", "V", "M", "m": return count
        case "U": return count.map { $0 * 4 }
        default: return nil
        }
    }

    private static func hasValidDescr(_ descr: JSONValue, depth: Int) -> Bool {
        guard depth < 16 else { return false }
        switch descr {
        case .string(let text): return kindAndCount(text) != nil
        case .array(let fields):
            return fields.allSatisfy { field in
                guard let parts = field.arrayValue, parts.count >= 2 else { return false }
                return hasValidDescr(parts[1], depth: depth + 1)
            }
        default: return false
        }
    }

    private static func containsObjects(_ descr: JSONValue, depth: Int) -> Bool {
        guard depth < 16 else { return true }
        switch descr {
        case .string(let text): return kindAndCount(text)?.0 == "O"
        case .array(let fields):
            return fields.contains { field in
                guard let parts = field.arrayValue, parts.count >= 2 else { return false }
                return containsObjects(parts[1], depth: depth + 1)
            }
        default: return false
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Finds the Keras model configuration inside a legacy HDF5 (`.h5`) model without an HDF5 library: a
/// bounded search of the first `window` bytes for the JSON text `{"class_name"` (how Keras writes the
/// `model_config` root attribute), each candidate read up to its matching brace and parsed.
///
/// Limitation: a configuration stored beyond the window, or split across HDF5 heap blocks, is not
/// seen. Keras writes the root attributes before any weights, so for files it wrote the configuration
/// lies in the first few kilobytes; a file with no configuration (weights only) holds no layer code.
public enum HDF5ConfigScan {
    /// What the search found.
    public struct Result: Sendable, Equatable {
        /// Parsed configurations, with the offset each starts at.
        public var configs: [JSONValue] = []
        public var offsets: [Int64] = []
        /// Candidates that could not be parsed, with the offset and the reason.
        public var unreadable: [(Int64, String)] = []

        public static func == (lhs: Result, rhs: Result) -> Bool {
            lhs.configs == rhs.configs && lhs.offsets == rhs.offsets && lhs.unreadable.map(\.0) == rhs.unreadable.map(\.0)
        }
    }

    public static let defaultWindow: Int64 = 64 << 20
    /// Longest configuration text read.
    public static let maximumConfigLength = 16 << 20
    static let needle = Array(#"{"class_name""#.utf8)

    public static func scan(source: some ByteSource, window: Int64 = defaultWindow) throws(FormatError) -> Result {
        var result = Result()
        let limit = min(source.count, window)
        let chunk = 1 << 20
        var offset: Int64 = 0
        while offset < limit, result.configs.count + result.unreadable.count < 16 {
            let length = Int(min(Int64(chunk + needle.count), limit - offset))
            let bytes: [UInt8]
            do { bytes = try source.read(at: offset, count: length) } catch { throw FormatError.io(error, code: "corrupt-hdf5", offset: offset) }
            guard let hit = firstIndex(of: needle, in: bytes) else {
                offset += Int64(max(1, min(chunk, bytes.count)))
                if bytes.count < length { break }
                continue
            }
            let start = offset + Int64(hit)
            let (text, end) = try extractObject(source: source, at: start)
            if let text {
                do {
                    result.configs.append(try JSONParser().parse(text))
                    result.offsets.append(start)
                } catch {
                    result.unreadable.append((start, error.message))
                }
                offset = end
            } else {
                result.unreadable.append((start, "no closing brace within \(maximumConfigLength) bytes"))
                offset = start + 1
            }
        }
        return result
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            let base = buffer.baseAddress!
            var index = 0
            let last = buffer.count - needle.count
            while index <= last {
                // memchr finds candidate first bytes at memory speed.
                guard let hit = memchr(base + index, Int32(needle[0]), last - index + 1) else { return nil }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, needle, needle.count) == 0 { return at }
                index = at + 1
            }
            return nil
        }
    }

    /// Reads from `start` to the brace matching the one there, honouring strings and escapes.
    private static func extractObject(source: some ByteSource, at start: Int64) throws(FormatError) -> ([UInt8]?, Int64) {
        var text: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        var position = start
        while text.count < maximumConfigLength {
            let bytes: [UInt8]
            do { bytes = try source.read(at: position, count: 1 << 16) } catch { throw FormatError.io(error, code: "corrupt-hdf5", offset: position) }
            if bytes.isEmpty { return (nil, position) }
            for byte in bytes {
                text.append(byte)
                if inString {
                    if escaped { escaped = false }
                    else if byte == 0x5C { escaped = true }
                    else if byte == 0x22 { inString = false }
                } else if byte == 0x22 {
                    inString = true
                } else if byte == 0x7B {
                    depth += 1
                } else if byte == 0x7D {
                    depth -= 1
                    if depth == 0 { return (text, start + Int64(text.count)) }
                } else if byte == 0 {
                    return (nil, start + Int64(text.count))
                }
                if text.count >= maximumConfigLength { break }
            }
            position += Int64(bytes.count)
        }
        return (nil, position)
    }
}

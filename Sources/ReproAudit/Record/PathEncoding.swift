/// How paths are written into JSON so that every name round-trips.
///
/// A path that is valid UTF-8 is written as a JSON string (control characters such as a newline are
/// escaped by JSON itself, so the record stays one line). A path that is not valid UTF-8 is written as
/// a string with each invalid sequence replaced by U+FFFD, for people, **and** a sibling field
/// `<field>_bytes` holding the exact bytes in standard base64 (RFC 4648), for programs:
/// `{"path":"caf\uFFFD.bin","path_bytes":"Y2Fm6S5iaW4="}`. Readers take `_bytes` when it is present.
public enum PathEncoding {
    /// The members to write for `path` under `key`: `key` alone, or `key` and `key_bytes`.
    public static func members(_ key: String, _ path: RawPath) -> [(String, JSONValue)] {
        if let text = path.string {
            return [(key, .string(text))]
        }
        return [(key, .string(path.displayString)), (key + "_bytes", .string(Base64.encode(path.bytes)))]
    }

    /// Reads back the path written under `key` in `object`.
    public static func path(_ key: String, in object: JSONValue) -> RawPath? {
        if let encoded = object[key + "_bytes"]?.stringValue, let bytes = Base64.decode(encoded) {
            return RawPath(bytes: bytes)
        }
        return object[key]?.stringValue.map { RawPath($0) }
    }
}

/// Standard base64 (RFC 4648, with padding).
public enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let n = UInt32(bytes[index]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(contentsOf: "==".utf8)
        } else if rest == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var lookup = [Int16](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { lookup[Int(byte)] = Int16(index) }
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { padding += 1; continue }
            guard padding == 0 else { return nil }
            let value = lookup[Int(byte)]
            guard value >= 0 else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}

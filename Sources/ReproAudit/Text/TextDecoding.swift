/// Decodes the small text files the auditor reads (model cards, licences, configurations, checksum
/// lists): UTF-8 with or without a byte order mark. UTF-16 and UTF-32 files — which editors on
/// Windows write — are recognised and reported as such instead of being read as garbage.
public enum TextDecoding {
    /// What a file's bytes hold.
    public enum Outcome: Sendable, Equatable {
        /// The text, without a byte order mark; invalid UTF-8 sequences are replaced by U+FFFD.
        case text(String)
        /// An encoding the auditor does not read, named for people (`UTF-16LE`).
        case unsupported(String)
    }

    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The encoding named by a byte order mark, or guessed from the NUL bytes that ASCII text written
    /// in UTF-16 or UTF-32 is full of; nil for UTF-8 (or anything else without NUL patterns).
    public static func unsupportedEncoding<Bytes: Collection>(_ bytes: Bytes) -> String? where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(64))
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32LE" }
        if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32BE" }
        if head.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if head.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        // Without a mark: ASCII characters in UTF-16 put a NUL in every other byte.
        guard head.count >= 4 else { return nil }
        let evenNULs = stride(from: 0, to: head.count, by: 2).filter { head[$0] == 0 }.count
        let oddNULs = stride(from: 1, to: head.count, by: 2).filter { head[$0] == 0 }.count
        let pairs = head.count / 2
        if oddNULs * 4 >= pairs * 3 && evenNULs == 0 { return "UTF-16LE" }
        if evenNULs * 4 >= pairs * 3 && oddNULs == 0 { return "UTF-16BE" }
        return nil
    }

    /// The bytes without a leading UTF-8 byte order mark (for JSON readers: RFC 8259 lets parsers
    /// ignore it, and Windows tools write it).
    public static func droppingBOM(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.starts(with: utf8BOM) ? bytes.dropFirst(3) : bytes[...]
    }

    /// Decodes `bytes` as `Outcome` describes.
    public static func decode(_ bytes: [UInt8]) -> Outcome {
        if let encoding = unsupportedEncoding(bytes) { return .unsupported(encoding) }
        return .text(String(decoding: droppingBOM(bytes), as: UTF8.self))
    }
}

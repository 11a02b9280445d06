/// A git-LFS pointer file: what a weight file is when `git clone` ran without `git lfs pull`.
///
/// ```
/// version https://git-lfs.github.com/spec/v1
/// oid sha256:4d7a…
/// size 12345
/// ```
public struct LFSPointer: Sendable, Equatable {
    public var sha256: String
    public var size: Int64

    /// Pointer files are small; anything larger is content.
    public static let maximumSize = 1024

    /// Parses a pointer, or returns nil when `bytes` is not one.
    public static func parse(_ bytes: [UInt8]) -> LFSPointer? {
        guard bytes.count <= maximumSize, bytes.starts(with: Array("version https://git-lfs.github.com/spec/".utf8)),
              let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var oid: String?
        var size: Int64?
        for line in TextLines.split(text) {
            if line.hasPrefix("oid sha256:") {
                let hex = String(line.dropFirst(11)).trimmed
                if Hex.isHex(hex, length: 64) { oid = hex.lowercased() }
            } else if line.hasPrefix("size ") {
                size = Int64(String(line.dropFirst(5)).trimmed)
            }
        }
        guard let oid, let size, size >= 0 else { return nil }
        return LFSPointer(sha256: oid, size: size)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The hash chain of the audit log: every line carries `prev`, the lowercase hex SHA-256 of the line
/// before it (without its newline), so removing, editing or reordering a line breaks the chain at
/// the next one. The first line of a new log has `"prev":null,"chain_start":true`. The chain runs on
/// across rotated files (the first line of a file chains to the last of the one before).
public enum LogChain {
    /// The chain hash of one line (`line` without its newline).
    public static func hash(_ line: some Collection<UInt8>) -> String {
        let digest = MessageDigest(.sha256)
        digest.update(Array(line))
        return digest.finalizeHex()
    }

    /// `line` (a JSON object ending in `}\n`) with `prev` added as its last member: the hash `previous`,
    /// or null plus `chain_start` when `previous` is nil. A line that is not an object is returned as is.
    public static func chained(_ line: [UInt8], previous: String?) -> [UInt8] {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end >= 2, line[0] == UInt8(ascii: "{"), line[end - 1] == UInt8(ascii: "}") else { return line }
        var result = Array(line[..<(end - 1)])
        if result.count > 1 { result.append(UInt8(ascii: ",")) }
        if let previous {
            result += Array("\"prev\":\"\(previous)\"".utf8)
        } else {
            result += Array("\"prev\":null,\"chain_start\":true".utf8)
        }
        result += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
        return result
    }

    /// The last complete line of the open file (without its newline), or nil when the file holds none.
    /// Reads backwards in 64 KiB steps, so a large file costs one line.
    public static func lastLine(of fd: FileDescriptor) throws(SystemError) -> [UInt8]? {
        let size = try fd.status().size
        guard size > 0 else { return nil }
        var end = size
        // Ignore a torn tail: the last complete line ends at the last newline.
        var tail: [UInt8] = []
        var lineEnd: Int64?
        while end > 0 {
            let start = max(0, end - 65536)
            let chunk = try fd.readBytes(at: start, count: Int(end - start))
            if lineEnd == nil {
                guard let newline = chunk.lastIndex(of: UInt8(ascii: "\n")) else {
                    end = start
                    continue
                }
                lineEnd = start + Int64(newline)
                tail = Array(chunk[..<newline])
            } else {
                tail = chunk + tail
            }
            if let newline = tail.lastIndex(of: UInt8(ascii: "\n")) {
                return Array(tail[(newline + 1)...])
            }
            end = start
        }
        return lineEnd == nil ? nil : tail
    }

    /// The hash of the last complete line of the file at `path`; nil when it is missing or empty.
    public static func lastHash(ofFile path: RawPath) throws(SystemError) -> String? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, [.readOnly, .nonBlocking, .noFollow])
        } catch where error.isNotFound {
            return nil
        }
        defer { fd.closeIgnoringErrors() }
        return try lastLine(of: fd).map { hash($0) }
    }
}

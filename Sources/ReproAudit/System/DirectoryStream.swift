#if canImport(Glibc)
import Glibc
#endif

/// The entries of one directory, read with `opendir`/`readdir` (getdents underneath).
public enum DirectoryStream {
    /// One directory entry: its name and the type `getdents` reported (`unknown` on some file systems).
    public struct Entry: Sendable, Hashable {
        public var name: RawPath
        public var kind: FileStatus.Kind
    }

    /// Lists `path`'s entries except `.` and `..`, sorted by name so results are reproducible.
    public static func entries(of path: RawPath) throws(SystemError) -> [Entry] {
        // O_NONBLOCK|O_DIRECTORY: a FIFO swapped in for the directory can neither hang nor be read.
        let fd = try FileDescriptor.open(path, [.readOnly, .directory, .nonBlocking])
        guard let stream = fdopendir(fd.rawValue) else {
            let error = SystemError.current("opendir", path: path)
            fd.closeIgnoringErrors()
            throw error
        }
        defer { closedir(stream) }
        var result: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw SystemError.current("readdir", path: path) }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let end = bytes.firstIndex(of: 0) ?? bytes.count
                return Array(bytes[..<end])
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            let kind: FileStatus.Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_FIFO): kind = .fifo
            case Int32(DT_SOCK): kind = .socket
            case Int32(DT_CHR): kind = .characterDevice
            case Int32(DT_BLK): kind = .blockDevice
            default: kind = .unknown
            }
            result.append(Entry(name: RawPath(bytes: name), kind: kind))
        }
        result.sort { $0.name < $1.name }
        return result
    }
}

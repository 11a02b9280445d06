#if canImport(Glibc)
import Glibc
#endif

/// What `stat(2)` says about a file: its type, identity (device, inode), size and times.
///
/// Device and inode identify a file across names (symlinks, hard links), which is how reproaudit
/// hashes a shared blob once and detects symlink cycles; size and times tell whether it changed.
public struct FileStatus: Sendable, Hashable {
    /// The kind of file, from the `st_mode` type bits.
    public enum Kind: String, Sendable {
        case regular, directory, symlink, fifo, socket, characterDevice, blockDevice, unknown
    }

    public var kind: Kind
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var mode: UInt32
    public var modificationTimeNanoseconds: Int64
    public var changeTimeNanoseconds: Int64

    public init(
        kind: Kind, device: UInt64, inode: UInt64, size: Int64, mode: UInt32,
        modificationTimeNanoseconds: Int64, changeTimeNanoseconds: Int64
    ) {
        self.kind = kind
        self.device = device
        self.inode = inode
        self.size = size
        self.mode = mode
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
        self.changeTimeNanoseconds = changeTimeNanoseconds
    }

    init(_ raw: stat) {
        let type = raw.st_mode & S_IFMT
        switch type {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        case S_IFCHR: kind = .characterDevice
        case S_IFBLK: kind = .blockDevice
        default: kind = .unknown
        }
        device = UInt64(raw.st_dev)
        inode = UInt64(raw.st_ino)
        size = Int64(raw.st_size)
        mode = UInt32(raw.st_mode)
        modificationTimeNanoseconds = Int64(raw.st_mtim.tv_sec) * 1_000_000_000 + Int64(raw.st_mtim.tv_nsec)
        changeTimeNanoseconds = Int64(raw.st_ctim.tv_sec) * 1_000_000_000 + Int64(raw.st_ctim.tv_nsec)
    }

    /// The (device, inode) pair naming this file uniquely on this machine.
    public var identity: FileIdentity { FileIdentity(device: device, inode: inode) }

    public var isRegular: Bool { kind == .regular }
    public var isDirectory: Bool { kind == .directory }
    public var isSymlink: Bool { kind == .symlink }
}

/// A file's identity on this machine: the device and inode numbers.
public struct FileIdentity: Hashable, Sendable, Comparable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    public static func < (lhs: FileIdentity, rhs: FileIdentity) -> Bool {
        (lhs.device, lhs.inode) < (rhs.device, rhs.inode)
    }
}

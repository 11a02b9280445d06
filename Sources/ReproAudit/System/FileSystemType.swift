#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// What kind of file system holds a path, from `statfs(2)`'s `f_type` magic number.
///
/// Used to keep walks out of the kernel's pseudo file systems (`/proc`, `/sys`, cgroups, debugfs…):
/// a symlink to `/` or `/proc` in a model folder must not turn a scan into a walk of every process's
/// open files and working directory.
public struct FileSystemType: Sendable, Hashable {
    /// The `f_type` magic number.
    public var magic: UInt64

    public init(magic: UInt64) {
        self.magic = magic
    }

    /// `fstatfs(2)` on the folder at `path` (symlinks followed; opened non-blocking as a directory,
    /// so nothing else is ever opened).
    public static func of(_ path: RawPath) throws(SystemError) -> FileSystemType {
        let fd = try FileDescriptor.open(path, [.readOnly, .directory, .nonBlocking])
        defer { fd.closeIgnoringErrors() }
        var raw = statfs()
        guard fstatfs(fd.rawValue, &raw) == 0 else { throw SystemError.current("fstatfs", path: path) }
        return FileSystemType(magic: UInt64(UInt(bitPattern: Int(raw.f_type))) & 0xFFFF_FFFF)
    }

    /// Kernel pseudo file systems, by magic number (linux/magic.h).
    static let pseudoNames: [UInt64: String] = [
        0x9FA0: "proc", 0x6265_6572: "sysfs", 0x1CD1: "devpts", 0x0027_E0EB: "cgroup", 0x6367_7270: "cgroup2",
        0x6462_6720: "debugfs", 0x7472_6163: "tracefs", 0x7363_6673: "securityfs", 0xCAFE_4A11: "bpf",
        0x6265_6570: "configfs", 0x6165_676C: "pstore", 0xDE5E_81E4: "efivarfs", 0x6573_5543: "fusectl",
        0x4249_4E4D: "binfmt_misc", 0x1980_0202: "mqueue", 0xF97C_FF8C: "selinuxfs", 0x4341_5D53: "smackfs",
    ]

    /// The pseudo file system's name (`proc`, `sysfs`…), or nil for a file system that holds files.
    public var pseudoName: String? { Self.pseudoNames[magic] }

    /// File systems whose files other hosts (or a user-space server) can change without this kernel's
    /// inotify ever hearing of it, by magic number (linux/magic.h and the file systems' own sources).
    static let networkNames: [UInt64: String] = [
        0x6969: "nfs", 0xFF53_4D42: "cifs", 0xFE53_4D42: "smb2", 0x517B: "smb", 0x0BD0_0BD0: "lustre",
        0x6573_5546: "fuse", 0x00C3_6400: "ceph", 0x0102_1997: "9p", 0x5346_414F: "afs", 0x6B41_4653: "kafs",
        0x7375_7245: "coda", 0x4750_4653: "gpfs", 0x1983_0326: "beegfs", 0x0116_1970: "gfs2", 0x7461_636F: "ocfs2",
        0x2003_0528: "orangefs", 0x564C: "ncpfs",
    ]

    /// The network or user-space file system's name (`nfs`, `cifs`, `lustre`, `fuse`…), or nil for a
    /// local one: roots there are polled, as inotify does not see changes made elsewhere.
    public var networkName: String? { Self.networkNames[magic] }
}

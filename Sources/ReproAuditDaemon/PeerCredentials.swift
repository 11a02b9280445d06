#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// Who is on the other end of a control connection, as the kernel says (`SO_PEERCRED`), not as the
/// client claims: the process id, user and group ids at `connect(2)`, and the user's name.
public struct PeerCredentials: Sendable, Equatable {
    public var pid: Int32
    public var uid: uid_t
    public var gid: gid_t
    /// The name of `uid` in the user database, or nil when it has none.
    public var user: String?

    /// The credentials of the peer of the connected Unix socket `fd`, or nil when the kernel gives none.
    public static func of(_ fd: FileDescriptor) -> PeerCredentials? {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        var raw: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout.size(ofValue: raw))
        guard getsockopt(fd.rawValue, SOL_SOCKET, SO_PEERCRED, &raw, &length) == 0 else { return nil }
        return PeerCredentials(pid: raw.0, uid: raw.1, gid: raw.2, user: userName(raw.1))
    }

    /// The user name of `uid` (getpwuid_r), or nil.
    public static func userName(_ uid: uid_t) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }

    /// The id of the group called `name` (getgrnam_r), or nil.
    public static func groupID(_ name: String) -> gid_t? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return entry.gr_gid
    }

    /// True when the peer belongs to group `gid`: its primary group, or a supplementary group of its
    /// user name (getgrouplist: the user database, not /proc, which `ProtectProc=` hides).
    public func isMember(of gid: gid_t) -> Bool {
        if self.gid == gid { return true }
        guard let user else { return false }
        var count: Int32 = 64
        while true {
            var groups = [gid_t](repeating: 0, count: Int(count))
            var wanted = count
            if getgrouplist(user, self.gid, &groups, &wanted) >= 0 {
                return groups.prefix(Int(wanted)).contains(gid)
            }
            guard wanted > count, wanted < 65536 else { return false }
            count = wanted
        }
    }

    /// The members written to the log for this peer: `user` (the verified name, else the uid as text), `uid`, `pid`.
    public var logMembers: [(String, JSONValue)] {
        [("user", .string(user ?? String(uid))), ("uid", .integer(Int64(uid))), ("pid", .integer(Int64(pid)))]
    }
}

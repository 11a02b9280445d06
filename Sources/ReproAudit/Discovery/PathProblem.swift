/// Turns a failed system call on a path into a finding a person can act on.
enum PathProblem {
    /// `symlink-loop` for ELOOP, `dangling-symlink` for a link to nothing, `vanished` for a file gone
    /// mid-scan, `unreadable` for permissions and I/O errors. `absolute` is where the call was made;
    /// the finding names `reportAs` (a path relative to the model) when given.
    static func finding(for error: SystemError, at absolute: RawPath, reportAs: RawPath? = nil, what: String) -> Finding {
        let path = reportAs ?? absolute
        let shown = absolute.displayString
        if error.isSymlinkLoop {
            return Finding(code: "symlink-loop", severity: .warning,
                           message: "\(shown): symlink loop (too many levels of symbolic links); not followed", path: path)
        }
        if error.isNotFound {
            if (try? FileSystem.linkStatus(absolute))?.isSymlink == true {
                let target = (try? FileSystem.linkTarget(absolute))?.displayString ?? "?"
                return Finding(code: "dangling-symlink", severity: .warning,
                               message: "\(shown): symlink to \(target), which does not exist", path: path)
            }
            return Finding(code: "vanished", severity: .warning,
                           message: "\(what) \(shown) does not exist (or vanished during the scan)", path: path)
        }
        return Finding(code: "unreadable", severity: .warning,
                       message: "\(what) \(shown): \(error.operation): \(error.reason)", path: path,
                       details: [("errno", .integer(Int64(error.errno)))])
    }

    static func notRegular(_ kind: FileStatus.Kind, at absolute: RawPath, reportAs: RawPath) -> Finding {
        Finding(code: "not-regular-file", severity: .warning,
                message: "\(absolute.displayString) is a \(kind.rawValue), not a regular file; never opened for reading",
                path: reportAs)
    }
}

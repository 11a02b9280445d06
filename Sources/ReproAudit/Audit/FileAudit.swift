#if canImport(Glibc)
import Glibc
#endif

/// What reading one file produced: digests, the LFS pointer it turned out to be, the inspection of
/// its contents, or why it could not be read.
struct FileAudit: Sendable {
    var sha256: String?
    var gitSHA1: String?
    var size: Int64?
    var fingerprint: FileFingerprint?
    var lfsPointer: LFSPointer?
    var inspection: FileInspection?
    /// The digest came from the digest store, not from reading the file.
    var fromStore = false
    var failure: FileHasher.Failure?
    var bytesRead: Int64 = 0
    /// BLAKE2b whole-file digest or shard digests, when a trusted signature asked for them.
    var signedDigest: String?
    var shardDigests: [String] = []
}

/// One file to read: where it is, what to compute, and how to inspect it.
struct FileJob: Sendable {
    var location: RawPath
    var relativePath: RawPath
    var computeGitSHA1: Bool
    var inspect: Bool
    var size: Int64
    var signed: FileHasher.SignedDigestRequest? = nil

    /// Reads the file once: LFS pointer check, hashing (or a known digest), inspection.
    func run(options: AuditOptions, buffer: UnsafeMutableRawBufferPointer, isCancelled: @Sendable () -> Bool) -> FileAudit {
        var result = FileAudit()
        let hasher = FileHasher(chunkSize: buffer.count, rateLimiter: options.rateLimiter)
        for attempt in 0..<3 {
            if attempt > 0 { SleepFor.milliseconds(200 * attempt) }
            let opened: (FileDescriptor, FileStatus)
            do {
                opened = try FileDescriptor.openRegularFileForReading(location)
            } catch {
                result.failure = error.operation.hasPrefix("open (not a regular")
                    ? .notRegularFile((try? FileSystem.status(location).kind) ?? .unknown) : .system(error)
                return result
            }
            let (descriptor, status) = opened
            defer { descriptor.closeIgnoringErrors() }
            let fingerprint = FileFingerprint(status)
            result.fingerprint = fingerprint
            result.size = status.size

            if status.size <= Int64(LFSPointer.maximumSize), let head = try? descriptor.readBytes(at: 0, count: LFSPointer.maximumSize),
               let pointer = LFSPointer.parse(head) {
                result.lfsPointer = pointer
                result.sha256 = MessageDigest.hex(.sha256, of: head)
                result.bytesRead = Int64(head.count)
                result.inspection = FileInspection(format: "lfs-pointer", safety: .safe)
                return result
            }

            if !options.forceRehash, !computeGitSHA1, signed == nil, let store = options.digestStore,
               let known = store.knownDigest(path: location, fingerprint: fingerprint) {
                result.sha256 = known
                result.fromStore = true
            } else {
                switch hasher.hash(descriptor, before: status, computeGitSHA1: computeGitSHA1, signed: signed, buffer: buffer, isCancelled: isCancelled,
                                    onRead: { options.progress?.add(bytes: $0) }) {
                case .success(let outcome):
                    result.sha256 = outcome.sha256
                    result.signedDigest = outcome.signedDigest
                    result.shardDigests = outcome.shardDigests
                    result.gitSHA1 = outcome.gitSHA1
                    result.bytesRead += outcome.size
                    result.failure = nil
                case .failure(.changedDuringRead):
                    result.failure = .changedDuringRead
                    continue
                case .failure(let failure):
                    result.failure = failure
                    return result
                }
            }
            if inspect {
                result.inspection = FormatInspector.inspect(relativePath: relativePath, source: FileBytes(descriptor: descriptor, count: status.size),
                                                           policy: options.picklePolicy)
            }
            return result
        }
        return result
    }
}

/// Sleeping a worker thread (retries of files that are still being written).
public enum SleepFor {
    public static func milliseconds(_ count: Int) {
        var request = timespec(tv_sec: count / 1000, tv_nsec: (count % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

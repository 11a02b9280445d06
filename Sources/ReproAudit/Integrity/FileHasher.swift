/// Streams one file through SHA-256 (and, when asked, the git blob SHA-1) in fixed-size chunks,
/// so memory stays constant whatever the file size.
///
/// The file's size and modification time are checked before and after: a file that changed while it
/// was read is reported as `changedDuringRead`, to be hashed again later rather than called a mismatch.
public struct FileHasher: Sendable {
    /// Bytes read per `read(2)`. 1 MiB matches `openssl dgst` throughput here.
    public var chunkSize: Int
    /// Caps the read rate (periodic re-verification), or nil to read as fast as the disk goes.
    public var rateLimiter: ReadRateLimiter?

    public init(chunkSize: Int = 1 << 20, rateLimiter: ReadRateLimiter? = nil) {
        self.chunkSize = chunkSize
        self.rateLimiter = rateLimiter
    }

    /// What hashing one file produced.
    public struct Outcome: Sendable, Equatable {
        public var sha256: String
        public var gitSHA1: String?
        public var size: Int64
        public var status: FileStatus
        /// The whole-file digest in `SignedDigestRequest.algorithm`, when asked and it is not SHA-256.
        public var signedDigest: String?
        /// Digests of consecutive `shardSize` byte ranges, when asked (a Model Signing `shards` bundle).
        public var shardDigests: [String] = []
    }

    /// Digests a Model Signing bundle needs besides SHA-256, computed in the same pass over the bytes.
    public struct SignedDigestRequest: Sendable, Equatable, Hashable {
        public var algorithm: MessageDigest.Algorithm
        /// Digest consecutive byte ranges of this size instead of the whole file.
        public var shardSize: Int64?

        public init(algorithm: MessageDigest.Algorithm, shardSize: Int64?) {
            self.algorithm = algorithm
            self.shardSize = shardSize
        }
    }

    /// Why a file could not be hashed.
    public enum Failure: Error, Sendable, Equatable {
        /// A system call failed (permission, I/O error, vanished file…).
        case system(SystemError)
        /// Not a regular file: never opened for reading.
        case notRegularFile(FileStatus.Kind)
        /// Size or mtime changed while reading.
        case changedDuringRead
        /// The job was cancelled (daemon shutting down).
        case cancelled
    }

    /// Hashes the already-open `descriptor` from its start. `buffer` is the caller's reusable chunk buffer;
    /// `onRead` hears how many bytes each read hashed (for progress).
    public func hash(
        _ descriptor: FileDescriptor, before: FileStatus, computeGitSHA1: Bool, signed: SignedDigestRequest? = nil,
        buffer: UnsafeMutableRawBufferPointer, isCancelled: @Sendable () -> Bool = { false },
        onRead: (Int) -> Void = { _ in }
    ) -> Result<Outcome, Failure> {
        let sha256 = MessageDigest(.sha256)
        let whole = signed.flatMap { $0.shardSize == nil && $0.algorithm != .sha256 ? MessageDigest($0.algorithm) : nil }
        var shards = signed.flatMap { request in request.shardSize.map { ShardDigests(algorithm: request.algorithm, size: $0) } }
        let sha1 = computeGitSHA1 ? MessageDigest(.sha1) : nil
        if let sha1 {
            sha1.update(Array("blob \(before.size)\0".utf8))
        }
        descriptor.adviseSequential()
        var offset: Int64 = 0
        while true {
            if isCancelled() { return .failure(.cancelled) }
            let count: Int
            do {
                count = try descriptor.read(fromAbsoluteOffset: offset, into: buffer)
            } catch {
                return .failure(.system(error))
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            sha256.update(chunk)
            sha1?.update(chunk)
            whole?.update(chunk)
            shards?.update(chunk)
            offset += Int64(count)
            onRead(count)
            rateLimiter?.charge(count, isCancelled: isCancelled)
        }
        let after: FileStatus
        do {
            after = try descriptor.status()
        } catch {
            return .failure(.system(error))
        }
        if after.size != before.size || after.modificationTimeNanoseconds != before.modificationTimeNanoseconds
            || offset != after.size
        {
            return .failure(.changedDuringRead)
        }
        return .success(Outcome(sha256: sha256.finalizeHex(), gitSHA1: sha1?.finalizeHex(), size: offset, status: after,
                                signedDigest: whole?.finalizeHex(), shardDigests: shards?.finish() ?? []))
    }

    /// Digests of consecutive fixed-size byte ranges, fed chunk by chunk (ranges cross chunk borders).
    struct ShardDigests {
        let algorithm: MessageDigest.Algorithm
        let size: Int64
        var current: MessageDigest?
        var filled: Int64 = 0
        var digests: [String] = []

        init(algorithm: MessageDigest.Algorithm, size: Int64) {
            self.algorithm = algorithm
            self.size = size
        }

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            var rest = bytes
            while rest.count > 0 {
                let digest = current ?? MessageDigest(algorithm)
                current = digest
                let take = Int(min(Int64(rest.count), size - filled))
                digest.update(UnsafeRawBufferPointer(rebasing: rest[..<take]))
                filled += Int64(take)
                rest = UnsafeRawBufferPointer(rebasing: rest[take...])
                if filled == size {
                    digests.append(digest.finalizeHex())
                    current = nil
                    filled = 0
                }
            }
        }

        /// The digests; an empty file has no shard, as the reference serializes it.
        mutating func finish() -> [String] {
            if let current, filled > 0 { digests.append(current.finalizeHex()) }
            current = nil
            return digests
        }
    }

    /// Opens `path` safely (never blocking on a FIFO, refusing non-regular files) and hashes it.
    public func hash(path: RawPath, computeGitSHA1: Bool = false) -> Result<Outcome, Failure> {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        let opened: (FileDescriptor, FileStatus)
        do {
            opened = try FileDescriptor.openRegularFileForReading(path)
        } catch {
            if error.operation.hasPrefix("open (not a regular") {
                let kind = (try? FileSystem.status(path).kind) ?? .unknown
                return .failure(.notRegularFile(kind))
            }
            return .failure(.system(error))
        }
        defer { opened.0.closeIgnoringErrors() }
        return hash(opened.0, before: opened.1, computeGitSHA1: computeGitSHA1, buffer: buffer)
    }
}

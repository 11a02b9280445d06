/// A file version as the kernel describes it: if none of these changed, neither did the content
/// (short of deliberate tampering, which the periodic forced re-hash catches).
public struct FileFingerprint: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modificationTimeNanoseconds: Int64
    public var changeTimeNanoseconds: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modificationTimeNanoseconds: Int64, changeTimeNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
        self.changeTimeNanoseconds = changeTimeNanoseconds
    }

    public init(_ status: FileStatus) {
        self.init(device: status.device, inode: status.inode, size: status.size,
                  modificationTimeNanoseconds: status.modificationTimeNanoseconds, changeTimeNanoseconds: status.changeTimeNanoseconds)
    }
}

/// The digest a file had when it was last accepted: the reference for tampering that keeps size and mtime.
public struct Baseline: Sendable, Equatable {
    public var sha256: String
    public var size: Int64
    public var modificationTimeNanoseconds: Int64

    public init(sha256: String, size: Int64, modificationTimeNanoseconds: Int64) {
        self.sha256 = sha256
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
    }
}

/// Where an auditor finds digests it computed before and the accepted baselines (the daemon's state).
public protocol DigestStore: Sendable {
    /// The SHA-256 recorded for exactly this file version, so it need not be read again.
    func knownDigest(path: RawPath, fingerprint: FileFingerprint) -> String?
    /// The accepted baseline of the file at `path`, if any.
    func baseline(path: RawPath) -> Baseline?
    /// True when any content change of the file at `path` away from its baseline is tampering until
    /// accepted (`on_change: alarm`), rather than a new version to record.
    func alarmsOnChange(path: RawPath) -> Bool
}

extension DigestStore {
    public func alarmsOnChange(path: RawPath) -> Bool { false }
}

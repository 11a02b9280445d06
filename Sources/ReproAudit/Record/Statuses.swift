/// Integrity of one file or a whole model (`verdict.integrity`, `checks.weights.files[].status`).
///
/// Ordered by how bad it is, so a model's status is the worst of its files'.
public enum IntegrityStatus: String, Sendable, CaseIterable, Comparable {
    /// Matched a digest that came with the model.
    case verified
    /// Hashed, but nothing to compare with; the digest becomes the baseline.
    case unverified
    /// The file could not be read (per file; a model whose files cannot be read is `error`).
    case unreadable
    /// The files could not be read.
    case error
    /// A download in progress, or a shard or blob the model names is absent.
    case incomplete
    /// The file's own structure is broken (truncated, bad header).
    case corrupt
    /// The file differs from its expected digest or from the baseline.
    case mismatch

    var rank: Int {
        switch self {
        case .verified: 0
        case .unverified: 1
        case .unreadable: 2
        case .error: 3
        case .incomplete: 4
        case .corrupt: 5
        case .mismatch: 6
        }
    }

    public static func < (lhs: IntegrityStatus, rhs: IntegrityStatus) -> Bool { lhs.rank < rhs.rank }

    /// The status a model gets from a file in this state (`unreadable` files make the model `error`).
    public var asModelStatus: IntegrityStatus { self == .unreadable ? .error : self }
}

/// Whether loading the model's files can run code (`verdict.safety`).
public enum SafetyStatus: String, Sendable, CaseIterable, Comparable {
    case safe, unknown, unsafe

    var rank: Int {
        switch self {
        case .safe: 0
        case .unknown: 1
        case .unsafe: 2
        }
    }

    public static func < (lhs: SafetyStatus, rhs: SafetyStatus) -> Bool { lhs.rank < rhs.rank }
}

/// The Open Source AI Definition verdict (`verdict.openness`).
public enum OpennessVerdict: String, Sendable, CaseIterable {
    case openSource = "open-source"
    case openWeights = "open-weights"
    case restricted
    case unknown
}

/// Evidence status of an openness component.
public enum ComponentStatus: String, Sendable, CaseIterable, Comparable {
    case missing, referenced, partial, present

    var rank: Int {
        switch self {
        case .missing: 0
        case .referenced: 1
        case .partial: 2
        case .present: 3
        }
    }

    public static func < (lhs: ComponentStatus, rhs: ComponentStatus) -> Bool { lhs.rank < rhs.rank }
}

/// Licence class (`checks.license.class`), ordered from least to most restrictive.
public enum LicenseClass: String, Sendable, CaseIterable, Comparable {
    case open
    case unknown
    case restricted
    case nonCommercial = "non-commercial"

    var rank: Int {
        switch self {
        case .open: 0
        case .unknown: 1
        case .restricted: 2
        case .nonCommercial: 3
        }
    }

    public static func < (lhs: LicenseClass, rhs: LicenseClass) -> Bool { lhs.rank < rhs.rank }
}

/// Where an expected digest came from (`expected_from`).
public enum DigestSource: String, Sendable, CaseIterable {
    case hfBlob = "hf-blob"
    case hfMetadata = "hf-metadata"
    case lfsPointer = "lfs-pointer"
    case ollamaDigest = "ollama-digest"
    case sha256sums
    case baseline
    /// The manifest of a trusted OpenSSF Model Signing bundle (`model.sig`).
    case omsSignature = "oms-signature"
}

/// How a model is stored on disk (`model.layout`).
public enum ModelLayout: String, Sendable, CaseIterable {
    case hfCache = "hf-cache"
    case hfLocalDir = "hf-local-dir"
    case folder
    case gguf
    case ollama
}

/// What caused an audit (`trigger`).
public enum AuditTrigger: String, Sendable, CaseIterable {
    case scan, startup, watch, manual, periodic
}

/// What verifying a model's `model.sig` concluded: the trust outcome, who signed, how and when, the
/// manifest the signature covers, and the findings (`checks.signature` of the audit record).
public struct SignatureVerification: Sendable, Equatable {
    /// `verdict.signature`.
    public enum Status: String, Sendable, CaseIterable, Comparable {
        /// A trusted signer, a valid envelope (files are compared separately).
        case verified
        /// A valid signature by a signer the policy does not name.
        case untrusted
        /// The signature, chain, log entry or payload does not verify.
        case invalid
        /// No bundle.
        case unsigned

        private var rank: Int {
            switch self {
            case .verified: 0
            case .unsigned: 1
            case .untrusted: 2
            case .invalid: 3
            }
        }

        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    /// The signing method, told apart by the bundle's verification material.
    public enum Method: String, Sendable, CaseIterable {
        case key, certificate, sigstore
    }

    public var status: Status
    public var method: Method?
    /// Certificate SAN (or subject) or the key's SHA-256.
    public var signer: String?
    /// OIDC issuer (keyless) or certificate issuer.
    public var issuer: String?
    /// Rekor `integratedTime` or an RFC 3161 time, seconds since the epoch, when verified.
    public var signedAt: Int64?
    /// The signed manifest, when the payload could be read.
    public var manifest: SignedManifest?
    /// SHA-256 of the bundle file.
    public var bundleSHA256: String?
    /// What was checked, for people (`checks.signature.evidence`).
    public var evidence: [String] = []
    /// `signature-invalid`, `signature-untrusted`, `signature-unknown-log`, expiry warnings.
    public var findings: [Finding] = []

    public init(status: Status, method: Method? = nil) {
        self.status = status
        self.method = method
    }

    /// True when the manifest's digests may be used as expected digests.
    public var isTrusted: Bool { status == .verified }
}

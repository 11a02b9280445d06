/// Verifies a Model Signing bundle against a trust policy, offline: reads the bundle, checks the
/// DSSE signature with the method its verification material names (`key`, `certificate`, keyless
/// `sigstore`), decides the trust outcome, and reads the signed manifest. The files themselves are
/// compared with the manifest by the audit, from the digests it computes anyway.
public struct SignatureVerifier: Sendable {
    public let policy: TrustPolicy
    /// Seconds since the epoch: the time the `certificate` method is checked at.
    public let now: Int64
    /// How long before a certificate expires a warning is given.
    public static let expiryWarningSeconds: Int64 = 30 * 86_400

    public init(policy: TrustPolicy, now: Int64 = Timestamp.now().millisecondsSinceEpoch / 1000) {
        self.policy = policy
        self.now = now
    }

    /// Verifies the bundle `bytes` (the file `bundlePath`, relative to the model, names findings).
    public func verify(bundle bytes: [UInt8], bundlePath: RawPath) -> SignatureVerification {
        var result = SignatureVerification(status: .invalid)
        result.bundleSHA256 = MessageDigest.hex(.sha256, of: bytes)
        func invalid(_ message: String) -> SignatureVerification {
            result.status = .invalid
            result.findings.append(Finding(code: "signature-invalid", severity: .critical, message: "\(bundlePath): \(message)", path: bundlePath))
            return result
        }
        let bundle: SigstoreBundle
        do {
            bundle = try SigstoreBundle.parse(bytes)
        } catch {
            return invalid("not a readable Sigstore bundle: \(error)")
        }
        guard bundle.envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            return invalid("payload type \(bundle.envelope.payloadType) is not an in-toto statement")
        }
        do {
            result.manifest = try SignedManifest.parse(payload: bundle.envelope.payload)
        } catch {
            return invalid("the signed statement is not a Model Signing manifest: \(error)")
        }
        if let manifest = result.manifest, manifest.digestAlgorithm == nil {
            return invalid("hash_type \(manifest.hashType) is not supported (sha256, blake2)")
        }
        let outcome: Outcome
        switch bundle.material {
        case .publicKey(let pem, let hint):
            result.method = .key
            outcome = verifyKey(bundle, pem: pem, hint: hint)
        case .certificateChain(let chain):
            result.method = .certificate
            outcome = verifyCertificate(bundle, chain: chain)
        case .certificate(let der):
            result.method = .sigstore
            outcome = SigstoreKeylessVerifier(policy: policy).verify(bundle, certificate: der)
        }
        result.signer = outcome.signer
        result.issuer = outcome.issuer
        result.signedAt = outcome.signedAt
        result.evidence = outcome.evidence
        result.findings += outcome.warnings.map {
            Finding(code: "signature-expiring", severity: .warning, message: "\(bundlePath): \($0)", path: bundlePath)
        }
        switch outcome.status {
        case .verified:
            result.status = .verified
        case .untrusted(let reason, let unknownLog):
            result.status = .untrusted
            result.findings.append(Finding(code: unknownLog ? "signature-unknown-log" : "signature-untrusted", severity: .warning,
                                           message: "\(bundlePath): \(reason); its digests are not used", path: bundlePath))
        case .invalid(let reason):
            return invalid(reason)
        }
        return result
    }

    /// A method's conclusion.
    struct Outcome {
        enum Status {
            case verified
            case untrusted(String, unknownLog: Bool)
            case invalid(String)
        }

        var status: Status
        var signer: String?
        var issuer: String?
        var signedAt: Int64?
        var evidence: [String] = []
        var warnings: [String] = []
    }

    /// True when `key` verifies the envelope's first signature, with the PAE of DSSE or the one
    /// model_signing v0.2 produced (which also always hashed with SHA-256).
    static func envelopeVerifies(_ envelope: DSSEEnvelope, with key: PublicKey) -> Bool {
        guard let signature = envelope.signatures.first?.signature else { return false }
        func attempt(_ message: [UInt8], _ digest: MessageDigest.Algorithm) -> Bool {
            do {
                try key.verify(signature: signature, message: message, digest: digest)
                return true
            } catch {
                return false
            }
        }
        if attempt(envelope.signedBytes, key.defaultDigest) { return true }
        let compatible = DSSEEnvelope.compatibilityEncoding(payloadType: envelope.payloadType, payload: envelope.payload)
        return attempt(compatible, key.defaultDigest) || (key.defaultDigest != .sha256 && attempt(compatible, .sha256))
    }

    /// `key`: the bundle's key (PEM up to v1.0.1, hint from v1.1) selects a configured key; the
    /// envelope must verify with it. No configured key matches → untrusted; a match fails → invalid.
    func verifyKey(_ bundle: SigstoreBundle, pem: [UInt8]?, hint: String?) -> Outcome {
        var embedded: PublicKey?
        if let pem {
            do {
                embedded = try PublicKey(pem: pem)
            } catch {
                return Outcome(status: .invalid("the bundle's public key does not read: \(error)"))
            }
        }
        let matching = policy.keys.filter { configured in
            if let embedded { return configured.key.sameKey(as: embedded) }
            if let hint { return configured.key.pemSHA256Hex == hint.lowercased() || configured.key.sha256Hex == hint.lowercased() }
            return false
        }
        if let match = matching.first {
            var outcome = Outcome(status: .verified, signer: match.key.sha256Hex)
            guard Self.envelopeVerifies(bundle.envelope, with: match.key) else {
                outcome.status = .invalid("the signature does not verify with the configured key \(match.path.displayString)")
                return outcome
            }
            outcome.evidence = ["signature verifies with the configured \(match.key.kind.rawValue) key \(match.path.displayString)"]
            return outcome
        }
        if let embedded {
            // Not trusted, but a signature that does not even verify with its own key is broken.
            guard Self.envelopeVerifies(bundle.envelope, with: embedded) else {
                return Outcome(status: .invalid("the signature does not verify with the bundle's own public key"), signer: embedded.sha256Hex)
            }
            return Outcome(status: .untrusted("signed by key \(embedded.sha256Hex), which is not among the configured keys", unknownLog: false),
                           signer: embedded.sha256Hex)
        }
        return Outcome(status: .untrusted("signed by a key (hint \(hint ?? "?")) that is not among the configured keys", unknownLog: false), signer: hint)
    }

    /// `certificate`: the leaf's key verifies the envelope, the chain (bundle intermediates) leads to
    /// a configured root, every certificate is valid now, the leaf may sign code.
    func verifyCertificate(_ bundle: SigstoreBundle, chain ders: [[UInt8]]) -> Outcome {
        var chain: [Certificate] = []
        for (index, der) in ders.enumerated() {
            do {
                chain.append(try Certificate(der: der))
            } catch {
                return Outcome(status: .invalid("certificate \(index) of the bundle's chain: \(error)"))
            }
        }
        let leaf = chain[0]
        let signer = leaf.subjectAlternativeNames.first ?? leaf.subject
        var outcome = Outcome(status: .verified, signer: signer, issuer: leaf.issuer)
        let key: PublicKey
        do {
            key = try leaf.publicKey()
        } catch {
            outcome.status = .invalid("the signing certificate's key: \(error)")
            return outcome
        }
        guard Self.envelopeVerifies(bundle.envelope, with: key) else {
            outcome.status = .invalid("the signature does not verify with the signing certificate's key")
            return outcome
        }
        guard leaf.hasCodeSigningUsage else {
            outcome.status = .invalid("the signing certificate \(leaf.subject) does not allow code signing (extended key usage)")
            return outcome
        }
        switch CertificateChainVerifier.verify(leaf: leaf, intermediates: Array(chain.dropFirst()), trusted: policy.certificateRoots, at: now) {
        case .trusted(let built):
            outcome.evidence = ["signature verifies with \(leaf.subject); chain " + built.map(\.subject).joined(separator: " ← ") + " valid now"]
            if let end = leaf.notAfter, end - now < Self.expiryWarningSeconds {
                outcome.warnings.append("the signing certificate \(leaf.subject) expires at \(Timestamp(millisecondsSinceEpoch: end * 1000).rfc3339), in less than 30 days")
            }
        case .noPathToTrustedRoot(let reason):
            outcome.status = .untrusted("certificate \(leaf.subject) does not chain to a configured root (\(reason))", unknownLog: false)
        case .broken(let reason):
            outcome.status = .invalid("certificate chain of \(leaf.subject): \(reason)")
        }
        return outcome
    }
}

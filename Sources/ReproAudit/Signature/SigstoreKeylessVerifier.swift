/// The keyless `sigstore` method: a short-lived Fulcio certificate whose identity (SAN and OIDC
/// issuer) is checked against the policy, made trustworthy by the Rekor log entry (signed entry
/// timestamp, inclusion proof, checkpoint) and the certificate's embedded SCT, all checked with the
/// keys of the trusted root, the certificate being valid at the log's `integratedTime`.
struct SigstoreKeylessVerifier {
    let policy: TrustPolicy

    /// Fulcio's OIDC issuer extensions: v1 (raw string) and v2 (DER UTF8String).
    static let issuerV1 = "1.3.6.1.4.1.57264.1.1"
    static let issuerV2 = "1.3.6.1.4.1.57264.1.8"

    func verify(_ bundle: SigstoreBundle, certificate der: [UInt8]) -> SignatureVerifier.Outcome {
        typealias Outcome = SignatureVerifier.Outcome
        let certificate: Certificate
        do {
            certificate = try Certificate(der: der)
        } catch {
            return Outcome(status: .invalid("the signing certificate: \(error)"))
        }
        let identity = certificate.subjectAlternativeNames.first
        let issuer = Self.oidcIssuer(certificate)
        var outcome = Outcome(status: .verified, signer: identity, issuer: issuer)
        guard let trustedRoot = policy.trustedRoot else {
            outcome.status = .untrusted("no Sigstore trusted root configured", unknownLog: true)
            return outcome
        }
        let key: PublicKey
        do {
            key = try certificate.publicKey()
        } catch {
            outcome.status = .invalid("the signing certificate's key: \(error)")
            return outcome
        }
        guard SignatureVerifier.envelopeVerifies(bundle.envelope, with: key) else {
            outcome.status = .invalid("the signature does not verify with the signing certificate's key")
            return outcome
        }
        // The log entries: each must verify; together they give the verified signing time.
        guard !bundle.transparencyLogEntries.isEmpty else {
            outcome.status = .invalid("no transparency log entry: a keyless signature needs one to be verified offline")
            return outcome
        }
        var verifiedTimes: [Int64] = []
        for entry in bundle.transparencyLogEntries {
            switch RekorEntryVerifier.verify(entry, envelope: bundle.envelope, certificate: certificate, trustedRoot: trustedRoot) {
            case .success(let time):
                if let time { verifiedTimes.append(time) }
                outcome.evidence.append("Rekor entry \(entry.logIndex) verifies (signed entry timestamp\(entry.inclusionProof != nil ? ", inclusion proof, checkpoint" : ""))")
            case .failure(.unknownLog(let reason)):
                outcome.status = .untrusted(reason, unknownLog: true)
                return outcome
            case .failure(.invalid(let reason)):
                outcome.status = .invalid("Rekor entry \(entry.logIndex): \(reason)")
                return outcome
            }
        }
        if let signature = bundle.envelope.signatures.first?.signature {
            for timestamp in bundle.timestamps {
                do {
                    verifiedTimes.append(try TimestampResponse.verifiedTime(timestamp, over: signature, authorities: trustedRoot.timestampAuthorities))
                    outcome.evidence.append("RFC 3161 timestamp verifies with the trusted root's timestamp authority")
                } catch {
                    outcome.status = .invalid("RFC 3161 timestamp: \(error)")
                    return outcome
                }
            }
        }
        guard let signedAt = verifiedTimes.min() else {
            outcome.status = .invalid("no verified time (signed entry timestamp or RFC 3161 timestamp) to check the certificate at")
            return outcome
        }
        outcome.signedAt = bundle.transparencyLogEntries.first?.integratedTime ?? signedAt
        for time in verifiedTimes where !certificate.isValid(at: time) {
            outcome.status = .invalid("the signing certificate was not valid at the verified signing time \(Timestamp(millisecondsSinceEpoch: time * 1000).rfc3339)")
            return outcome
        }
        // The chain to a Fulcio CA of the trusted root, at the signing time.
        let authorities = trustedRoot.certificateAuthorities.filter { $0.isValid(at: signedAt) }
        var issuerCertificate: Certificate?
        var chainFailure: String?
        for authority in authorities {
            switch CertificateChainVerifier.verify(leaf: certificate, intermediates: [], trusted: authority.chain, at: signedAt) {
            case .trusted(let built):
                issuerCertificate = built.count > 1 ? built[1] : nil
                chainFailure = nil
            case .broken(let reason):
                chainFailure = reason
                continue
            case .noPathToTrustedRoot:
                continue
            }
            if issuerCertificate != nil { break }
        }
        guard let issuerCertificate else {
            if let chainFailure {
                outcome.status = .invalid("the Fulcio certificate chain: \(chainFailure)")
            } else {
                outcome.status = .untrusted("the signing certificate was not issued by a certificate authority of the trusted root", unknownLog: true)
            }
            return outcome
        }
        guard certificate.hasCodeSigningUsage else {
            outcome.status = .invalid("the signing certificate does not allow code signing")
            return outcome
        }
        // The embedded SCT: the CT log promised to publish the certificate.
        let scts = EmbeddedSCT.embedded(in: certificate)
        guard !scts.isEmpty else {
            outcome.status = .invalid("the signing certificate carries no signed certificate timestamp")
            return outcome
        }
        var sctVerified = false
        for sct in scts {
            guard let log = trustedRoot.certificateTransparencyLogs.first(where: { $0.keyID == sct.logID }) else { continue }
            do {
                let signed = try sct.signedBytes(certificate: certificate, issuer: issuerCertificate)
                try log.key.verify(signature: sct.signature, message: signed, digest: .sha256)
                sctVerified = true
                outcome.evidence.append("embedded SCT verifies with CT log \(log.baseURL)")
                break
            } catch {
                outcome.status = .invalid("the embedded SCT does not verify with CT log \(log.baseURL): \(error.reason)")
                return outcome
            }
        }
        guard sctVerified else {
            outcome.status = .untrusted("the certificate's SCT names a CT log that is not in the trusted root", unknownLog: true)
            return outcome
        }
        // Identity last: everything above holds whoever signed.
        guard let identity, let issuer else {
            outcome.status = .invalid("the signing certificate has no subject alternative name or OIDC issuer")
            return outcome
        }
        guard policy.identities.contains(where: { $0.identity == identity && $0.issuer == issuer }) else {
            outcome.status = .untrusted("signed by \(identity) (issuer \(issuer)), which is not a configured identity", unknownLog: false)
            return outcome
        }
        outcome.evidence.insert("Fulcio certificate for \(identity) (issuer \(issuer)) chains to the trusted root at \(Timestamp(millisecondsSinceEpoch: signedAt * 1000).rfc3339)", at: 0)
        return outcome
    }

    /// The OIDC issuer of a Fulcio certificate: extension .1.8 (DER UTF8String), else .1.1 (raw).
    static func oidcIssuer(_ certificate: Certificate) -> String? {
        if let value = certificate.extensionValue(oid: issuerV2), value.count >= 2, value[0] == 0x0C {
            var length = Int(value[1])
            var offset = 2
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard count <= 2, value.count >= 2 + count else { return nil }
                length = value[2..<(2 + count)].reduce(0) { $0 << 8 | Int($1) }
                offset = 2 + count
            }
            guard value.count == offset + length else { return nil }
            return String(decoding: value[offset...], as: UTF8.self)
        }
        return certificate.extensionValue(oid: issuerV1).map { String(decoding: $0, as: UTF8.self) }
    }
}

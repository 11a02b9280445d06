/// Checks one Rekor transparency log entry against a bundle: the log is in the trusted root, its
/// signed entry timestamp verifies over the canonical entry, the inclusion proof leads to the signed
/// checkpoint's root, and the entry's body records this envelope's payload and signature.
public enum RekorEntryVerifier {
    /// Why an entry does not vouch for the bundle.
    public enum Failure: Error, Sendable, Equatable {
        /// The entry names a log whose key the trusted root does not hold.
        case unknownLog(String)
        /// The entry, its proof or its body does not verify.
        case invalid(String)
    }

    /// Verifies `entry` for `envelope` signed with `certificate`; returns the entry's verified
    /// `integratedTime` (only when a signed entry timestamp vouches for it), else nil.
    public static func verify(_ entry: TransparencyLogEntry, envelope: DSSEEnvelope, certificate: Certificate,
                              trustedRoot: SigstoreTrustedRoot) -> Result<Int64?, Failure> {
        guard let log = trustedRoot.transparencyLogs.first(where: { $0.keyID == entry.logID }) else {
            return .failure(.unknownLog("Rekor log \(Base64.encode(entry.logID)) is not in the trusted root"))
        }
        guard log.isValid(at: entry.integratedTime) else {
            return .failure(.invalid("log key \(log.baseURL) was not valid at the entry's integratedTime \(entry.integratedTime)"))
        }
        var verifiedTime: Int64?
        if let set = entry.signedEntryTimestamp {
            do {
                try log.key.verify(signature: set, message: canonicalEntry(entry), digest: .sha256)
                verifiedTime = entry.integratedTime
            } catch {
                return .failure(.invalid("the signed entry timestamp does not verify with \(log.baseURL)'s key: \(error.reason)"))
            }
        }
        if let proof = entry.inclusionProof {
            let leaf = MerkleInclusionProof.leafHash(entry.canonicalizedBody)
            switch MerkleInclusionProof.rootHash(leafHash: leaf, index: proof.logIndex, treeSize: proof.treeSize, proof: proof.hashes) {
            case .failure(let error): return .failure(.invalid("inclusion proof: \(error)"))
            case .success(let root):
                guard root == proof.rootHash else { return .failure(.invalid("inclusion proof does not lead to the root hash it names")) }
            }
            if let text = proof.checkpoint {
                let checkpoint: SignedCheckpoint
                do {
                    checkpoint = try SignedCheckpoint.parse(text)
                } catch {
                    return .failure(.invalid("checkpoint: \(error)"))
                }
                guard checkpoint.treeSize == proof.treeSize, checkpoint.rootHash == proof.rootHash else {
                    return .failure(.invalid("the signed checkpoint is for another tree than the inclusion proof"))
                }
                guard checkpoint.isSigned(by: log.key, keyID: log.keyID) else {
                    return .failure(.invalid("the checkpoint's signature does not verify with \(log.baseURL)'s key"))
                }
            }
        } else if verifiedTime == nil {
            return .failure(.invalid("the log entry has neither a signed entry timestamp nor an inclusion proof"))
        }
        if let mismatch = bodyMismatch(entry, envelope: envelope, certificate: certificate) {
            return .failure(.invalid(mismatch))
        }
        return .success(verifiedTime)
    }

    /// The JSON Rekor signs for a signed entry timestamp: keys sorted, no spaces.
    static func canonicalEntry(_ entry: TransparencyLogEntry) -> [UInt8] {
        Array(("{\"body\":\"\(Base64.encode(entry.canonicalizedBody))\",\"integratedTime\":\(entry.integratedTime),"
            + "\"logID\":\"\(Hex.encode(entry.logID))\",\"logIndex\":\(entry.logIndex)}").utf8)
    }

    /// Why the entry's body does not record this envelope, or nil when it does (a `dsse` 0.0.1 entry:
    /// the payload's SHA-256 and each signature with the signing certificate as verifier).
    static func bodyMismatch(_ entry: TransparencyLogEntry, envelope: DSSEEnvelope, certificate: Certificate) -> String? {
        guard entry.kind == "dsse" else { return "log entry kind \(entry.kind) \(entry.version) is not a DSSE entry" }
        guard let body = try? JSONParser(maximumDepth: 16).parse(entry.canonicalizedBody) else { return "the log entry body is not JSON" }
        guard body["kind"]?.stringValue == "dsse", let spec = body["spec"] else { return "the log entry body is not a dsse entry" }
        let payloadHash = MessageDigest.hex(.sha256, of: envelope.payload)
        guard spec["payloadHash"]?["algorithm"]?.stringValue == "sha256", spec["payloadHash"]?["value"]?.stringValue?.lowercased() == payloadHash else {
            return "the log entry records another payload than the bundle's"
        }
        guard let recorded = spec["signatures"]?.arrayValue, recorded.count == envelope.signatures.count else {
            return "the log entry records other signatures than the bundle's"
        }
        for (item, signature) in zip(recorded, envelope.signatures) {
            guard let text = item["signature"]?.stringValue, Base64.decode(text) == signature.signature else {
                return "the log entry records another signature than the bundle's"
            }
            guard let verifier = item["verifier"]?.stringValue, let pem = Base64.decode(verifier),
                  let certificates = try? Certificate.pemChain(pem), certificates.first?.der == certificate.der else {
                return "the log entry records another signing certificate than the bundle's"
            }
        }
        return nil
    }
}

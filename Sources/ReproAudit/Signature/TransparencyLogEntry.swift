/// One Rekor transparency log entry of a Sigstore bundle (`verificationMaterial.tlogEntries[]`): where
/// the log put the signature, when, the log's promise (signed entry timestamp) and, when present, the
/// Merkle inclusion proof with its signed checkpoint.
public struct TransparencyLogEntry: Sendable, Equatable {
    public struct InclusionProof: Sendable, Equatable {
        public var logIndex: Int64
        public var rootHash: [UInt8]
        public var treeSize: Int64
        public var hashes: [[UInt8]]
        /// The signed checkpoint (a signed note), when present.
        public var checkpoint: String?
    }

    public var logIndex: Int64
    /// The log's key id: SHA-256 of its public key (DER).
    public var logID: [UInt8]
    public var kind: String
    public var version: String
    /// Seconds since the epoch at which the log integrated the entry.
    public var integratedTime: Int64
    public var signedEntryTimestamp: [UInt8]?
    public var inclusionProof: InclusionProof?
    /// The entry body as the log canonicalized it (JSON).
    public var canonicalizedBody: [UInt8]

    static func parse(_ fields: BundleFields) throws(BundleError) -> TransparencyLogEntry {
        let kindVersion = try fields.object("kindVersion")
        var proof: InclusionProof?
        if let proofFields = try fields.optionalObject("inclusionProof") {
            var hashes: [[UInt8]] = []
            for hash in try proofFields.array("hashes", limit: 64) {
                guard let text = hash.value.stringValue, let bytes = Base64.decode(text), bytes.count == 32 else {
                    throw BundleError(hash.path, "expected a base64 SHA-256 hash")
                }
                hashes.append(bytes)
            }
            let rootHash = try proofFields.base64("rootHash", limit: 64)
            guard rootHash.count == 32 else { throw BundleError(proofFields.name("rootHash"), "expected 32 bytes, found \(rootHash.count)") }
            proof = InclusionProof(logIndex: try proofFields.int64("logIndex"), rootHash: rootHash,
                                   treeSize: try proofFields.int64("treeSize"), hashes: hashes,
                                   checkpoint: try proofFields.optionalObject("checkpoint")?.string("envelope"))
        }
        return TransparencyLogEntry(
            logIndex: try fields.int64("logIndex"),
            logID: try fields.object("logId").base64("keyId", limit: 64),
            kind: try kindVersion.string("kind"),
            version: try kindVersion.string("version"),
            integratedTime: try fields.int64("integratedTime"),
            signedEntryTimestamp: try fields.optionalObject("inclusionPromise")?.base64("signedEntryTimestamp", limit: 4096),
            inclusionProof: proof,
            canonicalizedBody: try fields.base64("canonicalizedBody", limit: 1 << 20))
    }
}

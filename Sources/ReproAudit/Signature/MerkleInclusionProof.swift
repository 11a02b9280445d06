/// RFC 6962 Merkle audit path verification: recomputes a transparency log's root hash from an
/// entry's leaf and the proof's sibling hashes, as Rekor inclusion proofs are checked.
public enum MerkleInclusionProof {
    /// SHA-256(0x00 || leaf): the RFC 6962 leaf hash.
    public static func leafHash(_ leaf: [UInt8]) -> [UInt8] {
        MessageDigest.bytes(.sha256, of: [0] + leaf)
    }

    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        MessageDigest.bytes(.sha256, of: [1] + left + right)
    }

    /// The root hash the proof leads to from `leafHash` at `index` in a tree of `treeSize` leaves,
    /// or a reason the proof cannot be right (index out of range, wrong number of hashes).
    public static func rootHash(leafHash: [UInt8], index: Int64, treeSize: Int64, proof: [[UInt8]]) -> Result<[UInt8], BundleError> {
        guard index >= 0, treeSize > 0, index < treeSize else {
            return .failure(BundleError("inclusionProof.logIndex", "\(index) is not inside a tree of \(treeSize) leaves"))
        }
        // The path splits into the "inner" part (below where index and the last leaf diverge) and the
        // "border" part along the tree's right edge.
        let inner = 64 - UInt64(index ^ (treeSize - 1)).leadingZeroBitCount
        let border = (UInt64(index) >> UInt64(inner)).nonzeroBitCount
        guard proof.count == inner + border else {
            return .failure(BundleError("inclusionProof.hashes", "\(proof.count) hashes where a tree of \(treeSize) needs \(inner + border) for leaf \(index)"))
        }
        var seed = leafHash
        for (level, sibling) in proof.prefix(inner).enumerated() {
            seed = (UInt64(index) >> UInt64(level)) & 1 == 0 ? nodeHash(seed, sibling) : nodeHash(sibling, seed)
        }
        for sibling in proof.dropFirst(inner) { seed = nodeHash(sibling, seed) }
        return .success(seed)
    }
}

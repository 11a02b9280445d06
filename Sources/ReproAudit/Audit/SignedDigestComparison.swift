/// Compares a file's BLAKE2b or shard digests, computed in the hashing pass, with the resources a
/// trusted Model Signing manifest lists for it (SHA-256 `files` bundles go through the ordinary
/// expected-digest comparison instead).
enum SignedDigestComparison {
    static func compare(audit: FileAudit, resources: [SignedManifest.Resource], entry: inout WeightFileResult, findings: inout [Finding],
                        shards: inout [SignatureReport.Shard], path: RawPath) -> IntegrityStatus {
        entry.expectedFrom = .omsSignature
        var status: IntegrityStatus = .verified
        if resources.first?.range == nil {
            guard let digest = audit.signedDigest, let wanted = resources.first?.digest else { return .error }
            if digest != wanted {
                findings.append(Finding(code: "checksum-mismatch", severity: .critical,
                                        message: "\(path): \(resources[0].algorithm) \(digest) differs from \(wanted) (oms-signature)", path: path))
                status = .mismatch
            }
            return status
        }
        let size = audit.size ?? 0
        let shardSize = resources.compactMap(\.range).map { $0.upperBound - $0.lowerBound }.max() ?? 1
        var covered: Set<Int64> = []
        for resource in resources {
            guard let range = resource.range else { continue }
            let index = shardSize > 0 ? Int(range.lowerBound / shardSize) : 0
            let matches = range.lowerBound % max(shardSize, 1) == 0 && index < audit.shardDigests.count
                && range.upperBound == min(range.lowerBound + shardSize, size) && audit.shardDigests[index] == resource.digest
            covered.insert(range.lowerBound)
            shards.append(SignatureReport.Shard(path: path, start: range.lowerBound, end: range.upperBound, status: matches ? .verified : .mismatch))
            if !matches {
                status = .mismatch
                findings.append(Finding(code: "checksum-mismatch", severity: .critical,
                                        message: "\(path): bytes \(range.lowerBound)..<\(range.upperBound) differ from the signed shard digest (oms-signature)",
                                        path: path, details: [("start", .integer(range.lowerBound)), ("end", .integer(range.upperBound))]))
            }
        }
        if Int64(covered.count) < Int64(audit.shardDigests.count) {
            status = .mismatch
            findings.append(Finding(code: "checksum-mismatch", severity: .critical,
                                    message: "\(path) is \(size) bytes, longer than the \(covered.count) signed shards cover (oms-signature)", path: path))
        }
        return status
    }
}

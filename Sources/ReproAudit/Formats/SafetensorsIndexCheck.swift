/// Checks a sharded safetensors set: the `*.index.json` weight map against the headers of its shards.
///
/// Pure: the index bytes and the already-parsed headers in, findings out. Shards absent from `shards`
/// are skipped (the auditor reports missing shards itself).
public enum SafetensorsIndexCheck {
    /// At most this many mismatches are listed one by one; the rest are counted in a final finding.
    public static let maximumListedMismatches = 20

    /// The shard file names the index's `weight_map` refers to, in first-mention order, or nil when the
    /// index cannot be read.
    public static func shardNames(indexBytes: [UInt8]) -> [String]? {
        guard let map = try? JSONParser().parse(indexBytes)["weight_map"]?.objectValue else { return nil }
        var seen = Set<String>()
        var names: [String] = []
        for (_, value) in map {
            if let shard = value.stringValue, seen.insert(shard).inserted { names.append(shard) }
        }
        return names
    }

    /// Compares the index at `indexPath` with the headers in `shards` (keyed by shard file name as the
    /// weight map spells it). Emits `invalid-shard-index` (warning) when the index is not a JSON object
    /// with a `weight_map` of strings, and `shard-index-mismatch` (critical) for each tensor the index
    /// places in a shard whose header lacks it, and each tensor a shard holds that the index does not
    /// place there.
    public static func check(indexBytes: [UInt8], indexPath: RawPath, shards: [String: SafetensorsHeader]) -> [Finding] {
        let index: JSONValue
        do {
            index = try JSONParser().parse(indexBytes)
        } catch {
            return [Finding(code: "invalid-shard-index", severity: .warning,
                            message: "the shard index is not valid JSON: \(error)", path: indexPath,
                            details: [("offset", .integer(Int64(error.offset)))])]
        }
        guard let map = index["weight_map"]?.objectValue else {
            return [Finding(code: "invalid-shard-index", severity: .warning,
                            message: "the shard index has no weight_map object", path: indexPath)]
        }
        var findings: [Finding] = []
        var mismatches = 0
        func report(_ message: String, _ details: [(String, JSONValue)]) {
            mismatches += 1
            if mismatches <= maximumListedMismatches {
                findings.append(Finding(code: "shard-index-mismatch", severity: .critical, message: message, path: indexPath, details: details))
            }
        }
        var tensorsByShard: [String: Set<String>] = [:]
        var headerNames: [String: Set<String>] = [:]
        for (name, header) in shards {
            tensorsByShard[name] = []
            headerNames[name] = Set(header.tensors.map(\.name))
        }
        for (tensor, value) in map {
            guard let shard = value.stringValue else {
                findings.append(Finding(code: "invalid-shard-index", severity: .warning,
                                        message: "weight_map entry '\(tensor)' is a \(value.typeName), not a shard file name", path: indexPath))
                continue
            }
            guard let names = headerNames[shard] else { continue }
            tensorsByShard[shard, default: []].insert(tensor)
            if !names.contains(tensor) {
                report("the index places tensor '\(tensor)' in \(shard), whose header does not hold it",
                       [("tensor", .string(tensor)), ("shard", .string(shard))])
            }
        }
        for shard in shards.keys.sorted() {
            let listed = tensorsByShard[shard] ?? []
            for tensor in shards[shard]!.tensors where !listed.contains(tensor.name) {
                report("shard \(shard) holds tensor '\(tensor.name)', which the index does not place there",
                       [("tensor", .string(tensor.name)), ("shard", .string(shard))])
            }
        }
        if mismatches > maximumListedMismatches {
            findings.append(Finding(code: "shard-index-mismatch", severity: .critical,
                                    message: "\(mismatches - maximumListedMismatches) more mismatches between the index and its shards",
                                    path: indexPath, details: [("count", .integer(Int64(mismatches)))]))
        }
        return findings
    }
}

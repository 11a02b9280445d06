/// The shard list of a sharded checkpoint (`model.safetensors.index.json`, `pytorch_model.bin.index.json`):
/// which files hold the tensors, relative to the index's folder.
public struct ShardIndex: Sendable, Equatable {
    /// Distinct shard file names in first-mention order.
    public var shards: [String]
    /// `metadata.total_size`, when given.
    public var totalSize: Int64?

    /// True for names of shard indexes.
    public static func isIndexName(_ name: String) -> Bool {
        name.hasSuffix(".index.json") && name != "model_index.json"
    }

    /// Parses an index; a missing or non-object `weight_map` is an error naming what is wrong.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> ShardIndex {
        let value = try JSONParser().parse(TextDecoding.droppingBOM(bytes))
        guard case .object(let map)? = value["weight_map"] else {
            throw JSONError(message: "no \"weight_map\" object", offset: 0, line: 1)
        }
        var seen = Set<String>()
        var shards: [String] = []
        for (_, shard) in map {
            guard let name = shard.stringValue else {
                throw JSONError(message: "a weight_map value is not a string", offset: 0, line: 1)
            }
            if seen.insert(name).inserted { shards.append(name) }
        }
        return ShardIndex(shards: shards, totalSize: value["metadata"]?["total_size"]?.int64Value)
    }
}

/// Checks that each sharded safetensors set agrees with its index: every tensor the
/// `*.safetensors.index.json` weight map places in a shard is in that shard's header, and no shard
/// holds tensors the index does not list. (Absent shards are `missing-shard`, from `ModelPlanner`.)
enum ShardSetCheck {
    static func findings(for model: DiscoveredModel) -> [Finding] {
        let byPath = Dictionary(model.files.map { ($0.relativePath, $0) }, uniquingKeysWith: { a, _ in a })
        var findings: [Finding] = []
        for index in model.files where index.problem == nil && index.relativePath.name.hasSuffix(".safetensors.index.json") {
            guard let bytes = try? FileSystem.readSmallFile(index.location, limit: 64 << 20),
                  let shardNames = try? ShardIndex.parse(bytes).shards else { continue }
            var headers: [String: SafetensorsHeader] = [:]
            for name in shardNames {
                let path = index.relativePath.sibling(name)
                guard let shard = byPath[path], shard.problem == nil,
                      let (descriptor, status) = try? FileDescriptor.openRegularFileForReading(shard.location) else { continue }
                defer { descriptor.closeIgnoringErrors() }
                // A shard whose own header is broken is reported as corrupt by its inspection.
                if let header = try? SafetensorsHeader.parse(source: FileBytes(descriptor: descriptor, count: status.size)) {
                    headers[name] = header
                }
            }
            findings += SafetensorsIndexCheck.check(indexBytes: bytes, indexPath: index.relativePath, shards: headers)
        }
        return findings
    }
}

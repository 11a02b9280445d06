/// A plain model folder: weights (possibly sharded) with their configs, cards and subfolders
/// (`1_Pooling/`, `onnx/`, `checkpoint-*/`) all belonging to one model.
struct PlainFolderLayout {
    let walk: Walk

    func visit(_ directory: RawPath) {
        var collector = FileCollector(walk: walk, root: directory)
        collector.collect()
        let identity = ModelIdentity(path: directory, layout: .folder, name: directory.name, revision: nil)
        walk.addModel(DiscoveredModel(identity: identity, files: collector.files, findings: collector.findings))
    }
}

/// A `hf download --local-dir` folder: plain files, with `.cache/huggingface/download/<path>.metadata`
/// beside them (commit hash, etag, timestamp). The etag of an LFS file is its SHA-256; of a small
/// file, its git blob SHA-1. `*.incomplete` files there are downloads in progress.
struct HuggingFaceLocalDirLayout {
    let walk: Walk

    func visit(_ directory: RawPath) {
        var collector = FileCollector(walk: walk, root: directory)
        collector.collect()
        var files = collector.files
        var findings = collector.findings
        let metadataRoot = directory.appending(".cache/huggingface/download")
        var commits: [String: Int] = [:]
        for index in files.indices {
            let metadataPath = metadataRoot.appending(RawPath(bytes: files[index].relativePath.bytes + Array(".metadata".utf8)))
            guard let bytes = try? FileSystem.readSmallFile(metadataPath, limit: 4096),
                  let text = String(validating: bytes, as: UTF8.self) else { continue }
            let lines = TextLines.split(text).map { String($0).trimmed }
            guard lines.count >= 2 else {
                findings.append(Finding(code: "corrupt-metadata", severity: .warning,
                                        message: "\(metadataPath): expected commit, etag and timestamp lines", path: files[index].relativePath))
                continue
            }
            if Hex.isHex(lines[0], length: 40) { commits[lines[0], default: 0] += 1 }
            files[index].expected = ExpectedDigest.fromContentAddress(lines[1], source: .hfMetadata)
        }
        var inProgress = 0
        countIncomplete(metadataRoot, depth: 0, count: &inProgress)
        if inProgress > 0 {
            findings.append(Finding(code: "download-in-progress", severity: .info,
                                    message: "\(inProgress) file(s) still downloading (.cache/huggingface/download/*.incomplete)"))
        }
        let revision = commits.max { $0.value < $1.value }?.key
        let identity = ModelIdentity(path: directory, layout: .hfLocalDir, name: directory.name, revision: revision)
        walk.addModel(DiscoveredModel(identity: identity, files: files, findings: findings))
    }

    private func countIncomplete(_ folder: RawPath, depth: Int, count: inout Int) {
        guard depth < 16, let entries = try? DirectoryStream.entries(of: folder) else { return }
        for entry in entries {
            if entry.kind == .directory {
                countIncomplete(folder.appending(entry.name), depth: depth + 1, count: &count)
            } else if entry.name.name.hasSuffix(".incomplete") {
                count += 1
            }
        }
    }
}

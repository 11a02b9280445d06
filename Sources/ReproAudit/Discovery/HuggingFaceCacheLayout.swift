/// A Hugging Face hub cache repository: `models--ORG--NAME/{blobs,refs,snapshots/<commit>/,trees/}`.
///
/// One model per snapshot. Snapshot entries are relative symlinks into `blobs/`, named by content:
/// 64 hex digits are the SHA-256 of an LFS file, 40 the git blob SHA-1 of a small file. A repo blob
/// may itself link into the hub's shared Xet store; opening follows it, the expected digest still
/// comes from the repo blob's name. `trees/<commit>.json` (newer huggingface_hub) lists every file
/// of the commit, so a file absent from the snapshot is known to be missing.
struct HuggingFaceCacheLayout {
    let walk: Walk

    func visitRepository(_ repository: RawPath, onlyRevision: String?) {
        guard walk.enterDirectory(repository) else { return }
        let name = Self.repositoryName(repository.name)
        let refs = readRefs(repository.appending("refs"))
        let blobNames = ((try? DirectoryStream.entries(of: repository.appending("blobs"))) ?? []).map(\.name.name)
        let incompleteBlobs = blobNames.filter { $0.hasSuffix(".incomplete") }.map { String($0.dropLast(11)) }
        let snapshotsFolder = repository.appending("snapshots")
        let snapshots: [DirectoryStream.Entry]
        do {
            snapshots = try DirectoryStream.entries(of: snapshotsFolder)
        } catch {
            if !incompleteBlobs.isEmpty {
                walk.problems.append(Finding(code: "download-in-progress", severity: .info,
                                             message: "\(repository): \(incompleteBlobs.count) blob(s) downloading, no snapshot yet",
                                             path: repository))
            } else if !error.isNotFound {
                walk.problems.append(PathProblem.finding(for: error, at: snapshotsFolder, what: "folder"))
            }
            return
        }
        // Without a manifest, in-progress blobs are charged to the most recently changed snapshot.
        let newestSnapshot = snapshots.max { a, b in
            let ta = (try? FileSystem.status(snapshotsFolder.appending(a.name)))?.modificationTimeNanoseconds ?? 0
            let tb = (try? FileSystem.status(snapshotsFolder.appending(b.name)))?.modificationTimeNanoseconds ?? 0
            return ta < tb
        }?.name.name

        for snapshot in snapshots {
            let commit = snapshot.name.name
            if let onlyRevision, commit != onlyRevision { continue }
            let folder = snapshotsFolder.appending(snapshot.name)
            guard (try? FileSystem.status(folder))?.isDirectory == true, walk.enterDirectory(folder) else { continue }
            var collector = FileCollector(walk: walk, root: folder)
            collector.skippedTopLevel = []
            collector.collect()
            var files = collector.files
            var findings = collector.findings
            var absent: [DiscoveredModel.AbsentFile] = []

            // Expected digests from the blob names the symlinks point at.
            for index in files.indices {
                guard let target = try? FileSystem.linkTarget(files[index].location) else { continue }
                let blobName = target.lastComponent.name
                files[index].expected = ExpectedDigest.fromContentAddress(blobName, source: .hfBlob)
                if files[index].problem?.code == "dangling-symlink" {
                    let downloading = incompleteBlobs.contains(blobName)
                    absent.append(DiscoveredModel.AbsentFile(
                        relativePath: files[index].relativePath, isWeight: files[index].isWeight,
                        expected: files[index].expected, code: downloading ? "download-in-progress" : "missing-blob",
                        message: downloading
                            ? "\(files[index].relativePath): blob \(blobName) is still downloading"
                            : "\(files[index].relativePath): the snapshot links to blob \(blobName), which is not in the cache"))
                }
            }
            let absentPaths = Set(absent.map(\.relativePath))
            files.removeAll { absentPaths.contains($0.relativePath) }

            // The commit's manifest, when huggingface_hub wrote one.
            var manifestListsBlobs = Set<String>()
            let treePath = repository.appending("trees").appending(commit + ".json")
            if let bytes = try? FileSystem.readSmallFile(treePath, limit: 64 << 20) {
                switch HuggingFaceTreeManifest.parse(bytes) {
                case .success(let manifest):
                    let present = Dictionary(files.enumerated().map { ($0.element.relativePath, $0.offset) }, uniquingKeysWith: { a, _ in a })
                    for entry in manifest.entries {
                        if let blob = entry.blobName { manifestListsBlobs.insert(blob) }
                        let path = RawPath(entry.path)
                        if let index = present[path] {
                            if files[index].expected == nil { files[index].expected = entry.expected }
                            continue
                        }
                        if absent.contains(where: { $0.relativePath == path }) { continue }
                        let downloading = entry.blobName.map { incompleteBlobs.contains($0) } ?? false
                            || (!incompleteBlobs.isEmpty && entry.blobName == nil)
                        absent.append(DiscoveredModel.AbsentFile(
                            relativePath: path, isWeight: WeightFileKind.isWeight(path), expected: entry.expected,
                            code: downloading ? "download-in-progress" : "missing-file",
                            message: downloading
                                ? "\(entry.path) is listed in trees/\(commit).json and still downloading"
                                : "\(entry.path) is listed in trees/\(commit).json but absent from the snapshot"))
                    }
                case .failure(let error):
                    findings.append(Finding(code: "corrupt-manifest", severity: .warning,
                                            message: "trees/\(commit).json: \(error); the snapshot is audited without it",
                                            path: treePath))
                }
            }
            let unexplained = incompleteBlobs.filter { !manifestListsBlobs.contains($0) }
            if !unexplained.isEmpty, commit == newestSnapshot, !absent.contains(where: { $0.code == "download-in-progress" }) {
                findings.append(Finding(code: "download-in-progress", severity: .info,
                                        message: "\(unexplained.count) blob(s) of \(name) are still downloading (blobs/*.incomplete)"))
            }
            let identity = ModelIdentity(path: folder, layout: .hfCache, name: name, revision: commit,
                                         refs: refs[commit] ?? [])
            walk.addModel(DiscoveredModel(identity: identity, files: files, absent: absent, findings: findings))
        }
    }

    /// `models--meta-llama--Llama-3.1-8B` → `meta-llama/Llama-3.1-8B`.
    static func repositoryName(_ folder: String) -> String {
        let parts = folder.dropFirst("models--".count).components(separatedBy: "--")
        return parts.joined(separator: "/")
    }

    /// Reads `refs/**` files: commit → ref names (`main`, `pr/1`).
    func readRefs(_ folder: RawPath) -> [String: [String]] {
        var result: [String: [String]] = [:]
        func visit(_ directory: RawPath, prefix: String, depth: Int) {
            guard depth < 4, let entries = try? DirectoryStream.entries(of: directory) else { return }
            for entry in entries {
                let path = directory.appending(entry.name)
                let refName = prefix.isEmpty ? entry.name.name : prefix + "/" + entry.name.name
                if entry.kind == .directory {
                    visit(path, prefix: refName, depth: depth + 1)
                } else if let bytes = try? FileSystem.readSmallFile(path, limit: 4096),
                          let commit = String(validating: bytes, as: UTF8.self)?.trimmed, !commit.isEmpty {
                    result[commit, default: []].append(refName)
                }
            }
        }
        visit(folder, prefix: "", depth: 0)
        return result
    }
}

extension StringProtocol {
    /// Splits on a multi-character separator (Foundation-free `components(separatedBy:)`).
    func components(separatedBy separator: String) -> [String] {
        split(separator: separator, omittingEmptySubsequences: false).map { String($0) }
    }
}

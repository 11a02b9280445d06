/// An Ollama store: `models/manifests/<registry>/<namespace>/<model>/<tag>` manifests whose layers
/// name content-addressed blobs `models/blobs/sha256-<hex>`. One model per manifest.
///
/// Ollama checks digests only while pulling; a blob corrupted later goes unnoticed there. Blobs named
/// `sha256-<hex>-partial` (or `-partial-N`) are downloads in progress.
struct OllamaStoreLayout {
    let walk: Walk

    func visitStore(_ store: RawPath) {
        var manifests: [RawPath] = []
        collectManifests(store.appending("manifests"), depth: 0, into: &manifests)
        var named = Set<String>()
        for manifest in manifests {
            named.formUnion(visitManifest(manifest, store: store))
        }
        // Partial blobs that no manifest names yet: a pull in progress.
        let blobs = ((try? DirectoryStream.entries(of: store.appending("blobs"))) ?? []).map(\.name.name)
        let orphanPartials = blobs.filter { name in
            guard let range = name.firstRange(of: "-partial") else { return false }
            return !named.contains(String(name[..<range.lowerBound]))
        }
        if !orphanPartials.isEmpty {
            walk.problems.append(Finding(code: "download-in-progress", severity: .info,
                                         message: "\(store): \(orphanPartials.count) partial blob(s) of a pull in progress (no manifest yet)",
                                         path: store))
        }
    }

    private func collectManifests(_ folder: RawPath, depth: Int, into manifests: inout [RawPath]) {
        guard depth < 8 else { return }
        let entries: [DirectoryStream.Entry]
        do {
            entries = try DirectoryStream.entries(of: folder)
        } catch {
            walk.problems.append(PathProblem.finding(for: error, at: folder, what: "folder"))
            return
        }
        for entry in entries {
            let path = folder.appending(entry.name)
            switch entry.kind {
            case .directory:
                collectManifests(path, depth: depth + 1, into: &manifests)
            case .regular:
                manifests.append(path)
            default:
                if let status = try? FileSystem.status(path) {
                    if status.isDirectory, walk.enterDirectory(path) { collectManifests(path, depth: depth + 1, into: &manifests) }
                    else if status.isRegular { manifests.append(path) }
                }
            }
        }
    }

    /// Audits one manifest; returns the blob names (`sha256-<hex>`) it refers to.
    @discardableResult
    func visitManifest(_ manifest: RawPath, store: RawPath) -> Set<String> {
        let relative = manifest.relative(to: store.appending("manifests")) ?? manifest.lastComponent
        let parts = relative.components.map(\.displayString)
        let name = Self.modelName(parts)
        let upToStore = String(repeating: "../", count: parts.count)
        var identity = ModelIdentity(path: manifest, layout: .ollama, name: name, revision: nil)
        var files: [DiscoveredModel.File] = []
        var absent: [DiscoveredModel.AbsentFile] = []
        var findings: [Finding] = []
        var layerTypes: [RawPath: String] = [:]
        var named = Set<String>()

        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(manifest, limit: 4 << 20)
        } catch {
            findings.append(PathProblem.finding(for: error, at: manifest, reportAs: manifest.lastComponent, what: "manifest"))
            walk.addModel(DiscoveredModel(identity: identity, findings: findings))
            return named
        }
        identity.revision = MessageDigest.hex(.sha256, of: bytes)
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch {
            findings.append(Finding(code: "corrupt-manifest", severity: .critical,
                                    message: "manifest \(manifest): not valid JSON (\(error))", path: manifest.lastComponent))
            walk.addModel(DiscoveredModel(identity: identity, findings: findings))
            return named
        }
        var layers: [JSONValue] = []
        if let config = value["config"], config["digest"] != nil { layers.append(config) }
        layers += value["layers"]?.arrayValue ?? []
        if layers.isEmpty {
            findings.append(Finding(code: "corrupt-manifest", severity: .critical,
                                    message: "manifest \(manifest) lists no layers", path: manifest.lastComponent))
        }
        let blobFolder = store.appending("blobs")
        let blobNames = Set(((try? DirectoryStream.entries(of: blobFolder)) ?? []).map(\.name.name))
        for layer in layers {
            let mediaType = layer["mediaType"]?.stringValue ?? "unknown"
            guard let digest = layer["digest"]?.stringValue, digest.hasPrefix("sha256:"),
                  Hex.isHex(digest.dropFirst(7), length: 64) else {
                findings.append(Finding(code: "corrupt-manifest", severity: .critical,
                                        message: "manifest \(manifest): a \(mediaType) layer has no sha256 digest", path: manifest.lastComponent))
                continue
            }
            let hex = String(digest.dropFirst(7)).lowercased()
            let blobName = "sha256-" + hex
            named.insert(blobName)
            let relativePath = RawPath(upToStore + "blobs/" + blobName)
            let location = blobFolder.appending(blobName)
            let isWeight = mediaType.hasSuffix(".model") || mediaType.hasSuffix(".projector") || mediaType.hasSuffix(".adapter")
            let expected = ExpectedDigest(sha256: hex, size: layer["size"]?.int64Value, source: .ollamaDigest)
            if !isWeight { layerTypes[relativePath] = mediaType }
            do {
                let status = try FileSystem.status(location)
                var file = DiscoveredModel.File(relativePath: relativePath, location: location, isWeight: isWeight, expected: expected, status: status)
                if !status.isRegular { file.problem = PathProblem.notRegular(status.kind, at: location, reportAs: relativePath) }
                files.append(file)
            } catch {
                if error.isNotFound {
                    let downloading = blobNames.contains { $0.hasPrefix(blobName + "-partial") }
                    absent.append(DiscoveredModel.AbsentFile(
                        relativePath: relativePath, isWeight: isWeight, expected: expected,
                        code: downloading ? "download-in-progress" : "missing-blob",
                        message: downloading
                            ? "\(mediaType) layer \(blobName) is still downloading"
                            : "the manifest names \(mediaType) layer \(blobName), which is not in \(blobFolder)"))
                } else {
                    files.append(DiscoveredModel.File(relativePath: relativePath, location: location, isWeight: isWeight, expected: expected,
                                                      problem: PathProblem.finding(for: error, at: location, reportAs: relativePath, what: "blob")))
                }
            }
        }
        walk.addModel(DiscoveredModel(identity: identity, files: files, absent: absent, findings: findings, ollamaLayerTypes: layerTypes))
        return named
    }

    /// `registry.ollama.ai/library/llama3/8b` → `library/llama3:8b`; other registries keep their host.
    static func modelName(_ parts: [String]) -> String {
        guard parts.count >= 3 else { return parts.joined(separator: "/") }
        let tag = parts[parts.count - 1]
        var path = Array(parts.dropLast())
        if path.first == "registry.ollama.ai" { path.removeFirst() }
        return path.joined(separator: "/") + ":" + tag
    }
}

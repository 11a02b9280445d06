/// Finds every model under some paths in one pass: Hugging Face hub caches, `local_dir` downloads,
/// plain model folders, loose GGUF files and Ollama stores, mixed in any way.
///
/// Nothing is read but directory listings, symlinks and small metadata files (refs, manifests,
/// `.metadata`). Each directory is entered once (by device and inode), so symlink cycles end the walk
/// of that branch with a `symlink-loop` finding instead of looping; each model is reported once.
public struct ModelFinder: Sendable {
    /// Deepest folder nesting followed below a PATH.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 48) {
        self.maximumDepth = maximumDepth
    }

    /// Discovers the models under `paths` (stores, model folders or single files).
    public func discover(_ paths: [RawPath]) -> DiscoveryResult {
        let walk = Walk(maximumDepth: maximumDepth)
        for path in paths {
            walk.visitRoot(FileSystem.absolute(path))
        }
        return DiscoveryResult(models: walk.models, problems: walk.problems)
    }
}

/// The state of one discovery pass.
final class Walk {
    let maximumDepth: Int
    var models: [DiscoveredModel] = []
    var problems: [Finding] = []
    var visitedDirectories: Set<FileIdentity> = []
    var modelPaths: Set<RawPath> = []
    /// The folders above the PATH being walked (up to `/`): a symlink to one of them is a cycle.
    var rootAncestors: Set<FileIdentity> = []
    /// Pseudo file system name (or nil) by device, so `statfs` runs once per device.
    var pseudoFileSystems: [UInt64: String?] = [:]

    init(maximumDepth: Int) {
        self.maximumDepth = maximumDepth
    }

    func addModel(_ model: DiscoveredModel) {
        guard modelPaths.insert(model.identity.path).inserted else { return }
        models.append(model)
    }

    // MARK: Roots

    func visitRoot(_ path: RawPath) {
        rootAncestors = Self.ancestorIdentities(of: path)
        let status: FileStatus
        do {
            status = try FileSystem.status(path)
        } catch {
            problems.append(PathProblem.finding(for: error, at: path, what: "PATH"))
            return
        }
        if status.isRegular {
            visitRootFile(path)
            return
        }
        guard status.isDirectory else {
            problems.append(Finding(code: "not-regular-file", severity: .warning,
                                    message: "\(path) is a \(status.kind.rawValue), not a folder or a model file; skipped",
                                    path: path))
            return
        }
        let name = path.name
        let parent = path.removingLastComponent
        if name.hasPrefix("models--") {
            HuggingFaceCacheLayout(walk: self).visitRepository(path, onlyRevision: nil)
        } else if parent.name == "snapshots", parent.removingLastComponent.name.hasPrefix("models--") {
            // The walk starts at the repository (refs, blobs, trees), above the PATH.
            rootAncestors = Self.ancestorIdentities(of: parent.removingLastComponent)
            HuggingFaceCacheLayout(walk: self).visitRepository(parent.removingLastComponent, onlyRevision: name)
        } else {
            visitDirectory(path, depth: 0)
        }
    }

    func visitRootFile(_ path: RawPath) {
        // An Ollama manifest: …/models/manifests/<registry>/<namespace>/<model>/<tag>
        var ancestor = path.removingLastComponent
        for _ in 0..<6 {
            if ancestor.name == "manifests" {
                let store = ancestor.removingLastComponent
                if isDirectory(store.appending("blobs")) {
                    OllamaStoreLayout(walk: self).visitManifest(path, store: store)
                    return
                }
            }
            if ancestor.bytes == [UInt8(ascii: "/")] { break }
            ancestor = ancestor.removingLastComponent
        }
        if WeightFileKind.isGGUF(path) {
            visitLooseGGUF(path)
            return
        }
        // Any other file: audit the folder that holds it.
        visitRoot(path.removingLastComponent)
    }

    // MARK: Folders

    func visitDirectory(_ directory: RawPath, depth: Int) {
        guard depth <= maximumDepth else {
            problems.append(Finding(code: "too-deep", severity: .warning,
                                    message: "\(directory): deeper than \(maximumDepth) folders below the PATH; not searched", path: directory))
            return
        }
        guard enterDirectory(directory) else { return }
        let entries: [DirectoryStream.Entry]
        do {
            entries = try DirectoryStream.entries(of: directory)
        } catch {
            problems.append(PathProblem.finding(for: error, at: directory, what: "folder"))
            return
        }
        let names = Set(entries.map(\.name.name))

        // An Ollama store (`models/` with `manifests/` and `blobs/`).
        if names.contains("manifests"), names.contains("blobs"), isDirectory(directory.appending("manifests")) {
            OllamaStoreLayout(walk: self).visitStore(directory)
            return
        }
        // A Hugging Face `local_dir` download.
        if names.contains(".cache"), isDirectory(directory.appending(".cache/huggingface/download")) {
            HuggingFaceLocalDirLayout(walk: self).visit(directory)
            return
        }
        let isHubFolder = names.contains { $0.hasPrefix("models--") }
        if !isHubFolder, isModelFolder(directory, entries: entries) {
            PlainFolderLayout(walk: self).visit(directory)
            return
        }
        for entry in entries {
            let child = directory.appending(entry.name)
            let name = entry.name.name
            if isHubFolder {
                if name.hasPrefix("models--") {
                    HuggingFaceCacheLayout(walk: self).visitRepository(child, onlyRevision: nil)
                    continue
                }
                // The hub's shared Xet store, locks, datasets and spaces are not models.
                if name == "blobs" || name == ".locks" || name.hasPrefix("datasets--") || name.hasPrefix("spaces--") { continue }
            }
            if name == ".git" || name == ".locks" || name == "lost+found" { continue }
            switch entry.kind {
            case .directory:
                visitDirectory(child, depth: depth + 1)
            case .regular:
                if WeightFileKind.isGGUF(entry.name) { visitLooseGGUF(child) }
            case .symlink, .unknown:
                do {
                    let status = try FileSystem.status(child)
                    if status.isDirectory {
                        visitDirectory(child, depth: depth + 1)
                    } else if status.isRegular, WeightFileKind.isGGUF(entry.name) {
                        visitLooseGGUF(child)
                    }
                } catch {
                    if error.isSymlinkLoop || WeightFileKind.isWeight(entry.name) {
                        problems.append(PathProblem.finding(for: error, at: child, what: "entry"))
                    }
                }
            default:
                if WeightFileKind.isWeight(entry.name) {
                    problems.append(Finding(code: "not-regular-file", severity: .warning,
                                            message: "\(child) is a \(entry.kind.rawValue), not a file; never opened", path: child))
                }
            }
        }
    }

    /// Marks `directory` as entered; false (with a `symlink-loop` problem) when it was entered before
    /// through another path, which is how cycles show up.
    func enterDirectory(_ directory: RawPath) -> Bool {
        guard let status = try? FileSystem.status(directory) else { return true }
        if let refusal = refusal(toEnter: directory, status: status, reportAs: directory) {
            problems.append(refusal)
            return false
        }
        if visitedDirectories.insert(status.identity).inserted { return true }
        if (try? FileSystem.linkStatus(directory))?.isSymlink == true {
            problems.append(Finding(code: "symlink-loop", severity: .warning,
                                    message: "\(directory) leads back to a folder already searched (a symlink cycle or a second link to it); searched once",
                                    path: directory))
        }
        return false
    }

    /// Why the folder at `directory` must not be walked, or nil: it contains the PATH being walked
    /// (a symlink to `/` or to a parent folder, a cycle `visitedDirectories` cannot see), or it is a
    /// kernel pseudo file system (`/proc`, `/sys`…), whose files are not models and can be endless.
    func refusal(toEnter directory: RawPath, status: FileStatus, reportAs: RawPath) -> Finding? {
        if rootAncestors.contains(status.identity) {
            let target = (try? FileSystem.canonicalPath(directory))?.displayString ?? "?"
            return Finding(code: "symlink-loop", severity: .warning,
                           message: "\(directory.displayString) leads to \(target), a folder that contains the PATH being searched (a symlink cycle); not followed",
                           path: reportAs)
        }
        let pseudo: String?
        if let known = pseudoFileSystems[status.device] {
            pseudo = known
        } else {
            pseudo = (try? FileSystemType.of(directory))?.pseudoName
            pseudoFileSystems[status.device] = pseudo
        }
        if let pseudo {
            return Finding(code: "pseudo-file-system", severity: .warning,
                           message: "\(directory.displayString) is on the kernel's \(pseudo) file system, which holds no models; not searched",
                           path: reportAs)
        }
        return nil
    }

    /// Identities of the folders strictly above `path` (symlinks resolved), up to `/`.
    static func ancestorIdentities(of path: RawPath) -> Set<FileIdentity> {
        guard var folder = try? FileSystem.canonicalPath(path) else { return [] }
        var result: Set<FileIdentity> = []
        while folder.bytes != [UInt8(ascii: "/")] {
            folder = folder.removingLastComponent
            if folder.isEmpty { break }
            if let status = try? FileSystem.status(folder) { result.insert(status.identity) }
        }
        return result
    }

    /// A folder is a model when it holds weights itself (other than loose `.gguf` files), a shard
    /// index, a `model.sig` signature bundle, or a marker file (`config.json`, `model_index.json`…) with weights in its subfolders.
    func isModelFolder(_ directory: RawPath, entries: [DirectoryStream.Entry]) -> Bool {
        var hasMarker = false
        var hasGGUF = false
        for entry in entries {
            let name = entry.name
            if WeightFileKind.isWeight(name) {
                if WeightFileKind.isGGUF(name) { hasGGUF = true } else { return true }
            }
            if ShardIndex.isIndexName(name.name) { return true }
            // A folder holding an OpenSSF Model Signing bundle is a model, whatever its files are called.
            if name.name == SignaturePlan.bundleName { return true }
            if WeightFileKind.markerFiles.contains(name.name) { hasMarker = true }
        }
        guard hasMarker else { return false }
        return hasGGUF || subtreeHasWeights(directory, depth: 2, budget: 2000)
    }

    func subtreeHasWeights(_ directory: RawPath, depth: Int, budget: Int) -> Bool {
        guard depth > 0, let entries = try? DirectoryStream.entries(of: directory) else { return false }
        var remaining = budget
        for entry in entries {
            remaining -= 1
            if remaining <= 0 { return false }
            if WeightFileKind.isWeight(entry.name) { return true }
        }
        for entry in entries where entry.kind == .directory && !entry.name.name.hasPrefix(".") {
            if subtreeHasWeights(directory.appending(entry.name), depth: depth - 1, budget: remaining / 2) { return true }
        }
        return false
    }

    func visitLooseGGUF(_ path: RawPath) {
        let name = path.lastComponent
        var file = DiscoveredModel.File(relativePath: name, location: path, isWeight: true)
        do {
            file.status = try FileSystem.status(path)
        } catch {
            file.problem = PathProblem.finding(for: error, at: path, reportAs: name, what: "file")
        }
        let stem = name.name.hasSuffix(".gguf") ? String(name.name.dropLast(5)) : name.name
        addModel(DiscoveredModel(identity: ModelIdentity(path: path, layout: .gguf, name: stem, revision: nil), files: [file]))
    }

    func isDirectory(_ path: RawPath) -> Bool {
        (try? FileSystem.status(path))?.isDirectory == true
    }
}

/// Lists every file of one model folder, recursively, with each file's status behind symlinks.
///
/// FIFOs, sockets and devices are listed with a `not-regular-file` problem and are never opened;
/// symlink loops and dangling links get their own findings; a folder reached twice is entered once.
struct FileCollector {
    let walk: Walk
    let root: RawPath
    /// Relative paths (first component) not to descend into, e.g. `.git`, `.cache`.
    var skippedTopLevel: Set<String> = [".git", ".cache"]
    var maximumFiles = 200_000

    var files: [DiscoveredModel.File] = []
    var findings: [Finding] = []

    init(walk: Walk, root: RawPath) {
        self.walk = walk
        self.root = root
    }

    mutating func collect() {
        collect(directory: root, relative: RawPath(""), depth: 0)
    }

    private mutating func collect(directory: RawPath, relative: RawPath, depth: Int) {
        guard depth <= walk.maximumDepth else {
            findings.append(Finding(code: "too-deep", severity: .warning,
                                    message: "\(directory): more than \(walk.maximumDepth) folders deep; not searched", path: relative))
            return
        }
        let entries: [DirectoryStream.Entry]
        do {
            entries = try DirectoryStream.entries(of: directory)
        } catch {
            findings.append(PathProblem.finding(for: error, at: directory, reportAs: relative.isEmpty ? nil : relative, what: "folder"))
            return
        }
        for entry in entries {
            if depth == 0, skippedTopLevel.contains(entry.name.name) { continue }
            guard files.count < maximumFiles else {
                findings.append(Finding(code: "too-many-files", severity: .warning,
                                        message: "\(root): more than \(maximumFiles) files; the rest are not audited"))
                return
            }
            let location = directory.appending(entry.name)
            let relativePath = relative.appending(entry.name)
            let isWeight = WeightFileKind.isWeight(entry.name)
            let status: FileStatus
            do {
                status = try FileSystem.status(location)
            } catch {
                let problem = PathProblem.finding(for: error, at: location, reportAs: relativePath, what: "file")
                if isWeight || problem.code == "symlink-loop" || problem.code == "dangling-symlink" {
                    files.append(DiscoveredModel.File(relativePath: relativePath, location: location, isWeight: isWeight, problem: problem))
                } else {
                    findings.append(problem)
                }
                continue
            }
            switch status.kind {
            case .directory:
                if let refusal = walk.refusal(toEnter: location, status: status, reportAs: relativePath) {
                    findings.append(refusal)
                    continue
                }
                guard walk.visitedDirectories.insert(status.identity).inserted else {
                    findings.append(Finding(code: "symlink-loop", severity: .warning,
                                            message: "\(location): leads back to a folder already searched; not followed again",
                                            path: relativePath))
                    continue
                }
                collect(directory: location, relative: relativePath, depth: depth + 1)
            case .regular:
                files.append(DiscoveredModel.File(relativePath: relativePath, location: location, isWeight: isWeight, status: status))
            default:
                let problem = PathProblem.notRegular(status.kind, at: location, reportAs: relativePath)
                files.append(DiscoveredModel.File(relativePath: relativePath, location: location, isWeight: isWeight, status: status, problem: problem))
            }
        }
    }
}

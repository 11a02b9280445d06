import ReproAudit

/// Where a path named in a request may lead: only inside the watch roots. A request path is taken
/// as the known model holding it (a subfolder of a model means that model), else as a folder inside
/// a root, and only when it contains no `..` and its resolved form stays inside the roots (no
/// symlink leads out). Everything else is refused with the reason.
extension ReproAuditDaemon {
    /// The unit to audit for `path`, or why not.
    func confine(_ path: RawPath) -> Result<RawPath, RequestRefusal> {
        guard path.isAbsolute else { return .failure(RequestRefusal("\(path.displayString): not an absolute path")) }
        if path.components.contains(where: { $0.bytes == [UInt8(ascii: "."), UInt8(ascii: ".")] }) {
            return .failure(RequestRefusal("\(path.displayString): \"..\" is not allowed in request paths"))
        }
        let path = path.lexicallyNormalized
        // The known model holding it (the longest model path that is a prefix of it).
        if let model = state.knownModels.filter({ path.relative(to: $0.path) != nil }).max(by: { $0.path.bytes.count < $1.path.bytes.count }) {
            return .success(model.path)
        }
        guard let root = watcher.root(of: path) else {
            return .failure(RequestRefusal("\(path.displayString) is not inside a watch root (\(watcher.roots.map(\.displayString).joined(separator: ", ")))"))
        }
        guard let resolved = try? FileSystem.canonicalPath(path) else {
            return .failure(RequestRefusal("\(path.displayString) does not exist"))
        }
        let resolvedRoots = watcher.roots.compactMap { try? FileSystem.canonicalPath($0) }
        guard resolvedRoots.contains(where: { resolved.relative(to: $0) != nil }) else {
            return .failure(RequestRefusal("\(path.displayString) leads out of the watch roots (to \(resolved.displayString)) through a symlink"))
        }
        guard path == root || (try? FileSystem.status(path))?.isDirectory == true else {
            return .failure(RequestRefusal("\(path.displayString) is neither a known model nor a folder inside a watch root"))
        }
        // A path inside a model not audited yet still means that model: audit from the root's entry holding it.
        return .success(path == root ? root : (unit(for: path) ?? path))
    }
}

/// A request the daemon will not carry out, and why (the reply's `error`), with a `code` for programs.
struct RequestRefusal: Error {
    var message: String
    var code: String
    init(_ message: String, code: String = "path-refused") {
        self.message = message
        self.code = code
    }
}

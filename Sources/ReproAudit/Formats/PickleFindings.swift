/// Turns pickle scan results into findings and a safety status, shared by every format that carries
/// pickles (raw pickles, PyTorch zips, `.npy` object arrays).
///
/// One finding per distinct non-safe global per member: `unsafe-pickle` (critical, safety `unsafe`) for
/// dangerous ones, `unknown-pickle-import` (warning, safety `unknown`) for globals outside the allow-list
/// (see `PickleImportPolicy`). Places where loaders disagree are `parser-differential` warnings (safety
/// `unknown`); memo/DUP expansion bombs are a `pickle-expansion` warning (safety unchanged). A scan
/// error becomes a `corrupt-pickle` corruption; when it stopped the walk early and nothing dangerous was
/// seen before, safety is `unknown`.
struct PickleFindings {
    var policy: PickleImportPolicy
    var findings: [Finding] = []
    var safety: SafetyStatus = .safe
    var corruption: Finding?
    private var reported = Set<String>()
    static let maximumFindings = 64

    init(policy: PickleImportPolicy) {
        self.policy = policy
    }

    /// Raises safety to at least `level`.
    mutating func raise(_ level: SafetyStatus) {
        safety = max(safety, level)
    }

    /// A `parser-differential` warning (safety at least `unknown`).
    mutating func differential(_ message: String, offset: Int64?, path: RawPath, member: String?) {
        raise(.unknown)
        guard findings.count < Self.maximumFindings else { return }
        var details: [(String, JSONValue)] = []
        if let offset { details.append(("offset", .integer(offset))) }
        if let member { details.append(("member", .string(member))) }
        let place = member.map { " in \($0)" } ?? ""
        let at = offset.map { " at byte \($0)" } ?? ""
        findings.append(Finding(code: "parser-differential", severity: .warning,
                                message: "loaders disagree about this file\(place)\(at): \(message); it is not judged safe",
                                path: path, details: details))
    }

    mutating func add(_ result: PickleScanner.Result, member: String?, path: RawPath) {
        var counts: [String: Int] = [:]
        for item in result.imports { counts[item.qualifiedName, default: 0] += 1 }
        var sawUnsafe = false
        for item in result.imports {
            let verdict = policy.classify(module: item.module, name: item.name)
            guard verdict != .safe else { continue }
            if verdict == .dangerous { sawUnsafe = true }
            raise(verdict == .dangerous ? .unsafe : .unknown)
            let key = (member ?? "") + "\u{0}" + item.qualifiedName
            guard reported.insert(key).inserted, findings.count < Self.maximumFindings else { continue }
            var details: [(String, JSONValue)] = [("import", .string(item.qualifiedName)), ("opcode", .string(item.opcode)),
                                                  ("offset", .integer(item.offset)), ("count", .integer(Int64(counts[item.qualifiedName] ?? 1)))]
            if let member { details.append(("member", .string(member))) }
            let place = member.map { " in \($0)" } ?? ""
            if verdict == .dangerous {
                findings.append(Finding(code: "unsafe-pickle", severity: .critical,
                                        message: "pickle\(place) imports \(item.qualifiedName) at byte \(item.offset), which can run code when loaded",
                                        path: path, details: details))
            } else {
                findings.append(Finding(code: "unknown-pickle-import", severity: .warning,
                                        message: "pickle\(place) imports \(item.qualifiedName) at byte \(item.offset), which is not on reproaudit's allow-list (add it to pickle_allow if it is your own class); torch.load(weights_only=True) refuses it with \"Unsupported global\"",
                                        path: path, details: details))
            }
        }
        for differential in result.differentials {
            self.differential(differential.message, offset: differential.offset, path: path, member: member)
        }
        if let expansion = result.expansion, findings.count < Self.maximumFindings {
            var details: [(String, JSONValue)] = [("offset", .integer(expansion.offset)), ("weight", .integer(Int64(clamping: expansion.weight)))]
            if let member { details.append(("member", .string(member))) }
            findings.append(Finding(code: "pickle-expansion", severity: .warning,
                                    message: "pickle\(member.map { " in \($0)" } ?? "") builds a structure at byte \(expansion.offset) reaching \(expansion.weight) or more objects through shared references (a memo/DUP expansion bomb?): walking or copying it after loading can exhaust memory",
                                    path: path, details: details))
        }
        if var error = result.error {
            // joblib writes array bytes between opcodes after a NumpyArrayWrapper: not a broken pickle,
            // but a stream the static walk cannot follow past that point.
            if error.kind == .malformed, result.imports.contains(where: { $0.name == "NumpyArrayWrapper" && $0.module.hasSuffix("numpy_pickle") }) {
                error.kind = .unsupported
                error.message = "joblib array data interleaved with the pickle; the walk stopped at it: \(error.message)"
            }
            add(error: error, path: path, member: member)
            if !sawUnsafe, safety == .safe { safety = .unknown }
        }
    }

    mutating func add(error: FormatError, path: RawPath, member: String?) {
        var error = error
        if error.member == nil { error.member = member }
        if error.kind == .malformed {
            if corruption == nil { corruption = error.finding(path: path) }
        } else if findings.count < Self.maximumFindings {
            findings.append(error.finding(path: path))
        }
        if safety == .safe { safety = .unknown }
    }
}

/// Turns pickle scan results into findings and a safety status, shared by every format that carries
/// pickles (raw pickles, PyTorch zips, `.npy` object arrays).
///
/// One finding per distinct non-safe global per member: `unsafe-pickle` (critical) for dangerous ones,
/// `unknown-pickle-import` (warning) for the rest; both make the file `unsafe` (see
/// `PickleImportPolicy`). A scan error becomes a `corrupt-pickle` corruption; when it stopped the walk
/// early and nothing dangerous was seen before, safety is `unknown`.
struct PickleFindings {
    var findings: [Finding] = []
    var safety: SafetyStatus = .safe
    var corruption: Finding?
    private var reported = Set<String>()
    static let maximumFindings = 64

    mutating func add(_ result: PickleScanner.Result, member: String?, path: RawPath) {
        var counts: [String: Int] = [:]
        for item in result.imports { counts[item.qualifiedName, default: 0] += 1 }
        var sawUnsafe = false
        for item in result.imports {
            let verdict = PickleImportPolicy.classify(module: item.module, name: item.name)
            guard verdict != .safe else { continue }
            sawUnsafe = true
            safety = .unsafe
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
                                        message: "pickle\(place) imports \(item.qualifiedName) at byte \(item.offset), which is not on the list of safe tensor constructors",
                                        path: path, details: details))
            }
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

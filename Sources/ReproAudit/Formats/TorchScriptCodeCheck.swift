/// Judges the code of a TorchScript archive (`<root>/code/**.py`), which `torch.jit.load` compiles
/// and runs.
///
/// TorchScript is a restricted language: it cannot import Python modules, but its operators can read
/// and write files (`aten::from_file`, `aten::save`, `torch.load`) and custom operators reach native
/// code. The code is not interpreted here, so a TorchScript program stays `unknown`
/// (`torchscript-code`, warning) unless its text calls one of those known-dangerous operations, which
/// is `torchscript-dangerous-call` (critical).
public enum TorchScriptCodeCheck {
    /// Text that only appears in TorchScript code that reads, writes or runs something outside the model.
    public static let dangerousCalls = ["torch.from_file", "ops.aten.from_file", "torch.save", "ops.aten.save", "torch.load",
                                        "ops.prim.PythonOp", "torch.ops.load_library", "os.system", "subprocess",
                                        "__import__", "eval(", "exec(", "open("]
    /// Code members read, and bytes read of each.
    static let maximumMembers = 256
    static let maximumMemberSize = 4 << 20

    /// Calls in `text` that are on the dangerous list.
    public static func dangerousCalls(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        return dangerousCalls.filter { call in
            let needle = Array(call.utf8)
            var index = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
                    // `ops.aten.save` inside `my_ops.aten.save`, `open(` inside `reopen(` do not count.
                    let before = index == 0 ? UInt8(ascii: " ") : bytes[index - 1]
                    let isIdentifier = before == UInt8(ascii: "_") || (before >= 0x30 && before <= 0x39)
                        || ((before | 0x20) >= 0x61 && (before | 0x20) <= 0x7A)
                    if !isIdentifier { return true }
                }
                index += 1
            }
            return false
        }
    }

    static func check(archive: ZipArchive, members: [ZipArchive.Entry], path: RawPath, into inspection: inout FileInspection) {
        var dangerous: [(String, [String])] = []
        for entry in members.prefix(maximumMembers) {
            guard let bytes = try? archive.contents(of: entry, limit: maximumMemberSize) else { continue }
            let found = dangerousCalls(in: String(decoding: bytes, as: UTF8.self))
            if !found.isEmpty { dangerous.append((entry.name, found)) }
        }
        if let first = dangerous.first {
            inspection.findings.append(Finding(code: "torchscript-dangerous-call", severity: .critical,
                                               message: "the TorchScript code in \(first.0) calls \(first.1.joined(separator: ", ")), which reads, writes or runs something outside the model when it is loaded and run",
                                               path: path, details: [("member", .string(first.0)), ("calls", .array(first.1.map { JSONValue.string($0) }))]))
            inspection.safety = .unsafe
        } else if let code = members.first {
            inspection.findings.append(Finding(code: "torchscript-code", severity: .warning,
                                               message: "the archive is a TorchScript program (\(code.name)…): its code runs when it is loaded with torch.jit.load; no known-dangerous call was found in it, but it is not proven safe",
                                               path: path, details: [("member", .string(code.name))]))
            inspection.safety = max(inspection.safety, .unknown)
        }
    }
}

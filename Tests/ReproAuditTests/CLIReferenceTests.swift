import Foundation
import Testing
@testable import ReproAudit

/// docs/cli.md, the man page and the shell completions say what `reproaudit help` says: they are
/// made from the same declarations, and these tests keep anyone from editing one of them alone.
@Suite struct CLIReferenceTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The command names `reproaudit help` lists.
    static func commandNames() throws -> [String] {
        let help = try BinaryRunner.run(["help"]).stdout
        let list = help.components(separatedBy: "COMMANDS:\n")[1].components(separatedBy: "\n\n")[0]
        return list.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
    }

    /// The option names (`--json`, `-f`) and argument names (`PATH`) `reproaudit help NAME` lists.
    static func helpEntries(_ name: String) throws -> (options: [String], arguments: [String]) {
        let help = try BinaryRunner.run(["help", name]).stdout
        var options: [String] = []
        var arguments: [String] = []
        var section = ""
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") { section = String(line); continue }
            guard line.hasPrefix("  "), line.dropFirst(2).first != " " else { continue }
            let label = line.dropFirst(2).components(separatedBy: "  ")[0]
            if section == "OPTIONS:" {
                options += label.split(separator: " ").map(String.init).filter { $0.hasPrefix("-") }.map { $0.hasSuffix(",") ? String($0.dropLast()) : $0 }
            } else if section == "ARGUMENTS:" {
                arguments.append(label.replacingOccurrences(of: "…", with: ""))
            }
        }
        return (options, arguments)
    }

    @Test func docsCLIMatchesTheDeclarations() throws {
        let committed = try String(contentsOf: Self.package.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let generated = try BinaryRunner.run(["help", "--markdown"])
        #expect(generated.status == 0)
        #expect(committed == generated.stdout,
                "docs/cli.md is stale: run `.build/debug/reproaudit help --markdown > docs/cli.md`")
        // Every option of every command's help has its row in the command's table.
        for name in try Self.commandNames() {
            let section = committed.components(separatedBy: "## `reproaudit \(name)`\n")[1].components(separatedBy: "\n## ")[0]
            for option in try Self.helpEntries(name).options {
                #expect(section.contains("| `\(option)") || section.contains(", \(option)"), "docs/cli.md: \(name) \(option)")
            }
        }
        let readme = try String(contentsOf: Self.package.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("(docs/cli.md)"), "the README links to docs/cli.md")
    }

    @Test func manPageHasEveryCommandAndOptionOfHelp() throws {
        let man = try BinaryRunner.run(["help", "--man"])
        #expect(man.status == 0)
        #expect(man.stdout.hasPrefix(".TH REPROAUDIT 1 "))
        for name in try Self.commandNames() {
            let parts = man.stdout.components(separatedBy: ".SS \"reproaudit \(name)\"\n")
            try #require(parts.count == 2, "man page: no section for \(name)")
            let section = parts[1].components(separatedBy: "\n.SS ")[0]
            let entries = try Self.helpEntries(name)
            for option in entries.options {
                #expect(section.contains(option.replacingOccurrences(of: "-", with: "\\-")), "man page: \(name) \(option)")
            }
            for argument in entries.arguments { #expect(section.contains(".I \(argument)"), "man page: \(name) \(argument)") }
        }
    }

    @Test func manPageIsValidRoff() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
        let dir = TemporaryDirectory("cli-man")
        let page = dir.url("reproaudit.1")
        try BinaryRunner.run(["help", "--man"]).stdout.write(toFile: page, atomically: true, encoding: .utf8)
        let result = try ChildProcess.run("/usr/bin/groff", ["-man", "-Tutf8", "-ww", "-z", page])
        #expect(result.status == 0)
        #expect(String(decoding: result.stderr, as: UTF8.self) == "", "groff warnings")
    }

    @Test func completionsOfferEveryCommandAndOptionOfHelp() throws {
        let names = try Self.commandNames()
        for shell in ["bash", "zsh", "fish"] {
            let script = try BinaryRunner.run(["help", "--completions", shell])
            #expect(script.status == 0)
            for name in names {
                #expect(script.stdout.contains(shell == "bash" ? "    \(name))" : name), "\(shell): \(name)")
                for option in try Self.helpEntries(name).options {
                    let spelled = shell != "fish" ? option
                        : option.hasPrefix("--") ? "-l " + option.dropFirst(2) : "-s " + option.dropFirst(1)
                    #expect(script.stdout.contains(spelled), "\(shell): \(name) \(option)")
                }
            }
        }
    }

    /// Each script is valid in its shell (checked where the shell is installed).
    @Test(arguments: [("bash", "/bin/bash"), ("zsh", "/usr/bin/zsh"), ("fish", "/usr/bin/fish")])
    func completionScriptsParse(shell: String, path: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else { return }
        let dir = TemporaryDirectory("cli-\(shell)")
        let script = dir.url("reproaudit.\(shell)")
        try BinaryRunner.run(["help", "--completions", shell]).stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let result = try ChildProcess.run(path, ["-n", script])
        #expect(result.status == 0, "\(shell): \(String(decoding: result.stderr, as: UTF8.self))")
    }

    /// The bash script really completes, in a real bash.
    @Test func bashCompletesOptionsAndValues() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { return }
        let dir = TemporaryDirectory("cli-bash")
        let script = dir.url("reproaudit.bash")
        try BinaryRunner.run(["help", "--completions", "bash"]).stdout.write(toFile: script, atomically: true, encoding: .utf8)
        func complete(_ words: [String]) throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let program = "source '\(script)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _reproaudit; printf '%s\\n' \"${COMPREPLY[@]}\""
            let result = try ChildProcess.run("/bin/bash", ["--norc", "-c", program])
            #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
            return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init).sorted()
        }
        #expect(try complete(["reproaudit", "sc"]) == ["scan"])
        #expect(try complete(["reproaudit", "scan", "--j"]) == ["--jobs", "--json"])
        #expect(try complete(["reproaudit", "export", "--format", ""]) == ["cyclonedx"])
        #expect(try complete(["reproaudit", "log", "--safety", "un"]) == ["unknown", "unsafe"])
        #expect(try complete(["reproaudit", "help", "--completions", "z"]) == ["zsh"])
    }

    /// A path that is not UTF-8 reaches the audit byte for byte (argv is read as bytes).
    @Test func nonUTF8PathArgumentsAreAuditedExactly() throws {
        let dir = TemporaryDirectory("cli-bytes")
        let name: [UInt8] = Array("model-".utf8) + [0xFF, 0xFE]
        let folder = dir.path + "/"
        let path = Array(folder.utf8) + name
        let rawPath = RawPath(bytes: path)
        #expect(rawPath.withCString { mkdir($0, 0o755) } == 0)
        let weights = RawPath(bytes: path + Array("/model.safetensors".utf8))
        let bytes = safetensorsBytes()
        let fd = weights.withCString { open($0, O_WRONLY | O_CREAT, 0o644) }
        #expect(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        // The shell builds the word from octal escapes, so the argument's bytes are exactly the folder's.
        let result = try ChildProcess.run("/bin/sh", ["-c", "exec \"$0\" scan --json -- \"$1$(printf 'model-\\377\\376')\"",
                                                      BinaryRunner.binaryPath, folder])
        #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        let record = try JSONParser().parse(Array(result.stdout.split(separator: 0x0A)[0]))
        #expect(PathEncoding.path("path", in: record["model"] ?? .null) == rawPath)
    }
}

#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// The `reproaudit` command line: picks the subcommand, parses its arguments, runs it, exits.
enum ReproAuditCLI {
    static let commands: [any Command.Type] = scanCommands + daemonCommands + readerCommands

    static let overview = """
        reproaudit — audits the AI models on this machine: weight checksums, unsafe-to-load files,
        data card, training code and licence (the Open Source AI Definition), one JSON line per model.

        USAGE: reproaudit <command> [options]

        """

    static func main(_ argv: [String]) -> Never {
        setvbuf(stdout, nil, _IOFBF, 1 << 16)
        var words = Array(argv.dropFirst())
        guard let first = words.first else {
            printErr(overview + commandList())
            exit(ExitStatus.usage)
        }
        words.removeFirst()
        if first == "--help" || first == "-h" || first == "help" {
            if let name = words.first {
                guard let command = commands.first(where: { $0.name == name }) else {
                    fail("unknown command \"\(name)\"; see 'reproaudit --help'")
                }
                print(command.help)
            } else {
                print(overview + commandList())
            }
            exit(ExitStatus.success)
        }
        if first == "--version" {
            print("reproaudit \(ReproAuditVersion.string)")
            exit(ExitStatus.success)
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            fail("unknown command \"\(first)\"; see 'reproaudit --help'")
        }
        if words.contains("--help") || words.contains("-h") {
            print(command.help)
            exit(ExitStatus.success)
        }
        var reader = ArgumentReader(words)
        let instance: any Command
        do {
            instance = try command.init(arguments: &reader)
            try reader.finish()
        } catch {
            fail("\(command.name): \(error.message); see 'reproaudit help \(command.name)'")
        }
        let status = instance.run()
        fflush(stdout)
        exit(status)
    }

    static func commandList() -> String {
        var text = "COMMANDS:\n"
        let width = commands.map(\.name.count).max() ?? 0
        for command in commands {
            text += "  " + command.name.padding(width) + "  " + command.abstract + "\n"
        }
        text += "\nSee 'reproaudit help <command>' for a command's options and examples."
        return text
    }

    /// Prints `reproaudit: message` on stderr and exits 2.
    static func fail(_ message: String, status: Int32 = ExitStatus.usage) -> Never {
        printErr("reproaudit: " + message)
        exit(status)
    }
}

/// Writes a line to stderr, unbuffered.
func printErr(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    fflush(stdout)
    fputs(line, stderr)
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

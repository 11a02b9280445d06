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
                printOut(command.help)
            } else {
                printOut(overview + commandList())
            }
            OutputStream.standardOutput.flush()
            exit(ExitStatus.success)
        }
        if first == "--version" {
            printOut("reproaudit \(ReproAuditVersion.string)")
            OutputStream.standardOutput.flush()
            exit(ExitStatus.success)
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            fail("unknown command \"\(first)\"; see 'reproaudit --help'")
        }
        if words.contains("--help") || words.contains("-h") {
            printOut(command.help)
            OutputStream.standardOutput.flush()
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
        OutputStream.standardOutput.flush()
        exit(status)
    }

    static func commandList() -> String {
        var text = "COMMANDS:\n"
        let width = commands.map { $0.name.count }.max() ?? 0
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

/// Writes a line to stdout (buffered; flushed before exit and before anything goes to stderr).
func printOut(_ text: String) {
    OutputStream.standardOutput.writeLine(text)
}

/// Writes a line to stderr, unbuffered, after flushing stdout so the two interleave in order.
func printErr(_ text: String) {
    OutputStream.standardOutput.flush()
    OutputStream.standardError.writeLine(text.hasSuffix("\n") ? String(text.dropLast()) : text)
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

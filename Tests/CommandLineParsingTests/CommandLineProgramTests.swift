import Testing
@testable import CommandLineParsing

let sampleProgram = CommandLineProgram(
    name: "prog", version: "1.2.3", summary: "do things", overview: "does things with files.",
    commands: [Sample.self], examples: [.init("prog sample a", "a sample")], exitStatuses: [.init(0, "done"), .init(2, "usage")],
    environment: [.init("NO_COLOR", "No colour.")], files: [.init("/etc/prog.json", "Configuration.")])

func resolve(_ texts: String...) -> CommandLineProgram.Invocation {
    sampleProgram.resolve(texts.map { Array($0.utf8) })
}

@Suite struct CommandLineProgramTests {
    @Test func helpVersionAndUnknownCommands() {
        guard case .error(let bare, 2) = resolve() else { Issue.record("no command is a usage error"); return }
        #expect(bare.contains("COMMANDS:") && bare.contains("sample"))
        guard case .output(let version, 0) = resolve("--version") else { Issue.record("--version"); return }
        #expect(version == "prog 1.2.3")
        guard case .output(let help, 0) = resolve("help", "sample") else { Issue.record("help sample"); return }
        #expect(help.hasPrefix("USAGE: prog sample [PATH…] [--json] [--follow] [--config FILE | --log FILE]"))
        #expect(help.contains("  -f, --follow"))
        #expect(help.contains("How many at once (default: one per core)."))
        guard case .output(let same, 0) = resolve("sample", "--help") else { Issue.record("sample --help"); return }
        #expect(same == help)
        guard case .error(let unknown, 2) = resolve("sampel") else { Issue.record("unknown command"); return }
        #expect(unknown == "prog: unknown command \"sampel\" (did you mean \"sample\"?); see 'prog --help'")
        guard case .error(let unknownTopic, 2) = resolve("help", "nothing") else { Issue.record("help nothing"); return }
        #expect(unknownTopic == "prog: unknown command \"nothing\"; see 'prog --help'")
    }

    @Test func usageErrorsAreOneLineNamingTheCommand() {
        guard case .error(let message, 2) = resolve("sample", "--jobs", "x") else { Issue.record("bad --jobs"); return }
        #expect(message == "prog: sample: --jobs takes a whole number from 1 to 64, not \"x\"; see 'prog help sample'")
        #expect(!message.contains("\n"))
    }

    @Test func aCommandRunsWithItsArguments() throws {
        guard case .run(let command) = resolve("sample", "--json", "a") else { Issue.record("should run"); return }
        let sample = try #require(command as? Sample)
        #expect(sample.arguments.flag(Sample.json))
    }

    @Test func usageLinesWrapUnderThemselves() {
        var declaration = Sample.declaration
        declaration.name = "a-command-with-a-long-name"
        let usage = HelpRenderer(program: sampleProgram).usage(for: declaration)
        let lines = usage.split(separator: "\n")
        #expect(lines.count > 1)
        for line in lines { #expect(line.count <= HelpRenderer.width) }
        let indent = String(repeating: " ", count: "USAGE: prog a-command-with-a-long-name ".count)
        for line in lines.dropFirst() { #expect(line.hasPrefix(indent)) }
    }

    @Test func manPageCompletionsAndMarkdownNameEveryOption() {
        guard case .output(let man, 0) = resolve("help", "--man") else { Issue.record("--man"); return }
        #expect(man.hasPrefix(".TH PROG 1"))
        #expect(man.contains(".SS \"prog sample\""))
        #expect(man.contains(".BI \"\\-\\-log \" FILE"))
        #expect(man.contains("\\[u2026]"), "non-ASCII as roff escapes")
        for shell in ["bash", "zsh", "fish"] {
            guard case .output(let script, 0) = resolve("help", "--completions", shell) else { Issue.record("\(shell)"); return }
            for name in ["--json", "--log", "--jobs", "--tag", "--kind"] {
                let spelled = shell == "fish" ? "-l " + name.dropFirst(2) : name
                #expect(script.contains(spelled), "\(shell) \(name)")
            }
        }
        guard case .output(let markdown, 0) = resolve("help", "--markdown") else { Issue.record("--markdown"); return }
        #expect(markdown.contains("| `-f, --follow` | Keep reading. |"))
        guard case .error(let bad, 2) = resolve("help", "--completions", "tcsh") else { Issue.record("tcsh"); return }
        #expect(bad.contains("--completions takes bash, zsh, fish, not \"tcsh\""))
    }

    @Test func roffEscaping() {
        let renderer = ManPageRenderer(program: sampleProgram)
        #expect(renderer.escape(".start") == "\\&.start")
        #expect(renderer.escape("a-b \\ \"q\"") == "a\\-b \\e \\(dqq\\(dq")
        #expect(renderer.escape("日") == "\\[u65E5]")
    }
}

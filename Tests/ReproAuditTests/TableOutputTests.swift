import Foundation
import Testing
@testable import ReproAudit

/// Every command's table goes through the one renderer: aligned by terminal width, coloured only
/// on a terminal without NO_COLOR, or as `--color` says. The terminal is a real pseudo-terminal.
@Suite struct TableOutputTests {
    typealias S = LogTestSupport

    static func wideNameLog() -> String {
        let log = S.temporaryDirectory() + "/audit.jsonl"
        S.write([S.record("組織/日本語モデル", time: S.base).line, S.record("org/plain", time: S.base + 1000).line], to: log)
        return log
    }

    /// The terminal column each line's INTEGRITY cell starts at.
    static func integrityColumns(_ table: String) -> Set<Int> {
        Set(table.split(separator: "\n").map { line in
            let text = String(line)
            let start = text.range(of: "INTEGRITY") ?? text.range(of: "unverified") ?? text.range(of: "verified")!
            return DisplayWidth.of(String(text[..<start.lowerBound]))
        })
    }

    @Test func logAlignsWideNamesByTerminalWidth() throws {
        let result = try BinaryRunner.run(["log", "--log", Self.wideNameLog()])
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 3)
        #expect(Self.integrityColumns(result.stdout).count == 1, "\(result.stdout)")
    }

    @Test func colourFollowsTheTerminalNoColorAndTheOption() throws {
        let log = Self.wideNameLog()
        let piped = try BinaryRunner.run(["log", "--log", log])
        #expect(!piped.stdout.contains("\u{1B}["), "no colour into a pipe")
        let always = try BinaryRunner.run(["log", "--log", log, "--color=always"])
        #expect(always.stdout.contains("\u{1B}[1mTIME"), "--color=always colours a pipe")
        let bad = try BinaryRunner.run(["log", "--log", log, "--color", "sometimes"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--color takes auto, always, never, not \"sometimes\""))

        guard let terminal = try PseudoTerminal.run(["log", "--log", log], terminal: ["stdout"]) else { return }
        #expect(terminal.status == 0)
        #expect(terminal.stdout.contains("\u{1B}[1mTIME"), "colour on a terminal: \(terminal.stdout)")
        let noColor = try #require(try PseudoTerminal.run(["log", "--log", log], terminal: ["stdout"], environment: ["NO_COLOR": "1"]))
        #expect(!noColor.stdout.contains("\u{1B}["), "NO_COLOR")
        let emptyNoColor = try #require(try PseudoTerminal.run(["log", "--log", log], terminal: ["stdout"], environment: ["NO_COLOR": ""]))
        #expect(emptyNoColor.stdout.contains("\u{1B}["), "an empty NO_COLOR does not count")
        let never = try #require(try PseudoTerminal.run(["log", "--log", log, "--color=never"], terminal: ["stdout"]))
        #expect(!never.stdout.contains("\u{1B}["), "--color=never")
        #expect(Self.integrityColumns(never.stdout).count == 1)
    }

    @Test func scanHonoursNoColorOnATerminal() throws {
        let dir = TemporaryDirectory("table-scan")
        dir.write("m/model.safetensors", safetensorsBytes())
        guard let coloured = try PseudoTerminal.run(["scan", dir.url("m")], terminal: ["stdout"]) else { return }
        #expect(coloured.stdout.contains("\u{1B}[33munverified"), "\(coloured.stdout)")
        let plain = try #require(try PseudoTerminal.run(["scan", dir.url("m")], terminal: ["stdout"], environment: ["NO_COLOR": "1"]))
        #expect(!plain.stdout.contains("\u{1B}["))
        #expect(plain.stdout.contains("unverified"))
    }
}

import Testing
@testable import CommandLineParsing

/// A command declared the way the program's commands are, to parse against.
struct Sample: ParsableCommand {
    static let paths = Argument<[UInt8]>("PATH", help: "Where to look.", repeatable: true, completion: .file)
    static let json = Flag("--json", help: "Print JSON.")
    static let follow = Flag("--follow", "-f", help: "Keep reading.")
    static let log = Option<[UInt8]>("--log", value: "FILE", help: "The log.", completion: .file)
    static let config = Option<String>("--config", value: "FILE", help: "The configuration.")
    static let jobs = Option<Int>("--jobs", value: "N", help: "How many at once.", default: "one per core", range: 1...64)
    static let tag = Option<String>("--tag", value: "TAG", help: "A tag; give several.", repeatable: true)
    static let kind = Option<String>("--kind", value: "K", help: "Kinds.", choices: ["red", "green"], choiceStyle: .commaSeparated)
    static let format = Option<String>("--format", value: "FORMAT", help: "The format.", choices: ["cyclonedx"])

    static let declaration = CommandDeclaration(
        name: "sample", abstract: "A sample.", discussion: "Does nothing.",
        arguments: [paths, json, follow, log, config, jobs, tag, kind, format],
        exclusive: [.init(config, log)],
        exitStatuses: [.init(0, "done")], examples: [.init("prog sample x")])

    var arguments: ParsedArguments
    init(parsing arguments: ParsedArguments) throws(UsageError) { self.arguments = arguments }
    func run() -> Int32 { 0 }
}

func words(_ texts: String...) -> [[UInt8]] { texts.map { Array($0.utf8) } }

func parse(_ words: [[UInt8]]) throws(UsageError) -> ParsedArguments {
    guard case .arguments(let parsed) = try CommandLineParser.parse(words, for: Sample.declaration) else {
        throw UsageError("asked for help")
    }
    return parsed
}

func usageMessage(_ words: [[UInt8]]) -> String? {
    do {
        _ = try parse(words)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct CommandLineParserTests {
    @Test func optionsAndPositionalsInAnyOrder() throws {
        let parsed = try parse(words("a", "--json", "--log", "x.jsonl", "b", "--jobs=4", "-f", "--tag=c.json"))
        #expect(try parsed.values(Sample.paths) == [Array("a".utf8), Array("b".utf8)])
        #expect(parsed.flag(Sample.json))
        #expect(parsed.flag(Sample.follow))
        #expect(try parsed.value(Sample.log) == Array("x.jsonl".utf8))
        #expect(try parsed.value(Sample.jobs) == 4)
        #expect(try parsed.value(Sample.tag) == "c.json")
        #expect(try parsed.value(Sample.config) == nil)
        #expect(try parsed.value(Sample.format) == nil)
    }

    @Test func theLastValueWinsAndRepeatableOptionsKeepEveryValue() throws {
        let parsed = try parse(words("--jobs", "2", "--jobs", "3", "--tag", "a", "--tag=b"))
        #expect(try parsed.value(Sample.jobs) == 3)
        #expect(try parsed.values(Sample.tag) == ["a", "b"])
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try parse(words("--json", "--", "--log", "-f", "--help", "-"))
        #expect(parsed.flag(Sample.json))
        #expect(!parsed.flag(Sample.follow))
        #expect(try parsed.value(Sample.log) == nil)
        #expect(try parsed.values(Sample.paths).map { String(decoding: $0, as: UTF8.self) } == ["--log", "-f", "--help", "-"])
    }

    @Test func argumentsAreBytesAndReachTheCommandExactly() throws {
        let path: [UInt8] = [0x2F, 0x6D, 0xFF, 0xFE, 0x0A, 0x80]
        let parsed = try parse([path, Array("--log".utf8), [0xC3, 0x28]])
        #expect(try parsed.values(Sample.paths) == [path])
        #expect(try parsed.value(Sample.log) == [0xC3, 0x28])
    }

    @Test func helpBeforeDoubleDashAsksForHelp() throws {
        guard case .help = try CommandLineParser.parse(words("x", "--frobnicate", "--help"), for: Sample.declaration) else {
            Issue.record("--help should ask for help")
            return
        }
        guard case .help = try CommandLineParser.parse(words("-h"), for: Sample.declaration) else {
            Issue.record("-h should ask for help")
            return
        }
    }

    @Test func unknownOptionsAreNamedWithASuggestion() {
        #expect(usageMessage(words("--frobnicate")) == "unknown option \"--frobnicate\"")
        #expect(usageMessage(words("--jsno")) == "unknown option \"--jsno\" (did you mean \"--json\"?)")
        #expect(usageMessage(words("--folow")) == "unknown option \"--folow\" (did you mean \"--follow\"?)")
        #expect(usageMessage(words("-x")) == "unknown option \"-x\"")
        #expect(usageMessage(words("--json=yes")) == "--json takes no value")
    }

    @Test func valuesAreChecked() {
        #expect(usageMessage(words("--log")) == "--log needs a value")
        #expect(usageMessage(words("--jobs", "zero")) == "--jobs takes a whole number from 1 to 64, not \"zero\"")
        #expect(usageMessage(words("--jobs", "65")) == "--jobs takes a whole number from 1 to 64, not \"65\"")
        #expect(usageMessage(words("--format", "cyclonedx")) == nil)
        #expect(usageMessage(words("--format", "CycloneDX")) == nil)
        #expect(usageMessage(words("--format", "cyclondx")) == "--format takes cyclonedx, not \"cyclondx\" (did you mean \"cyclonedx\"?)")
        #expect(usageMessage(words("--kind", "red,green")) == nil)
        #expect(usageMessage(words("--kind", "red,blue")) == "--kind takes red, green, not \"blue\"")
        #expect(usageMessage(words("--kind", ",")) == "--kind needs a value")
    }

    @Test func commaSeparatedValuesAreTrimmed() throws {
        #expect(try parse(words("--kind", "red, green")).list(Sample.kind) == ["red", "green"])
        #expect(try parse(words()).list(Sample.kind) == nil)
    }

    @Test func exclusiveArgumentsCannotBeCombined() {
        #expect(usageMessage(words("--config", "a", "--log", "b")) == "give --config FILE or --log FILE, not both")
    }

    @Test func requiredAndSurplusPositionals() throws {
        let one = Argument<String>("MODEL", help: "A model.", required: true)
        let declaration = CommandDeclaration(name: "show", abstract: "", discussion: "", arguments: [one],
                                             exitStatuses: [], examples: [])
        func message(_ words: [[UInt8]]) -> String? {
            do { _ = try CommandLineParser.parse(words, for: declaration); return nil } catch { return error.message }
        }
        #expect(message(words()) == "name the MODEL to show")
        #expect(message(words("a", "b")) == "show takes one MODEL, not 2")
        #expect(message(words("a")) == nil)
        let none = CommandDeclaration(name: "status", abstract: "", discussion: "", arguments: [], exitStatuses: [], examples: [])
        #expect(throws: UsageError("unexpected argument \"extra\"")) { try CommandLineParser.parse(words("extra"), for: none) }
        let required = Option<String>("--format", value: "FORMAT", help: "", required: true, choices: ["cyclonedx"])
        let export = CommandDeclaration(name: "export", abstract: "", discussion: "", arguments: [required], exitStatuses: [], examples: [])
        #expect(throws: UsageError("--format cyclonedx is required")) { try CommandLineParser.parse(words(), for: export) }
    }
}

@Suite struct SuggestionTests {
    @Test func closeWordsAreSuggestedAndFarOnesAreNot() {
        #expect(Suggestion.closest("sacn", among: ["scan", "show", "status"]) == "scan")
        #expect(Suggestion.closest("--jsno", among: ["--json", "--log"]) == "--json")
        #expect(Suggestion.closest("--foll", among: ["--follow", "--format"]) == "--follow")
        #expect(Suggestion.closest("frobnicate", among: ["scan", "show"]) == nil)
        #expect(Suggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggestion.editDistance(Array("ab"), Array("ba")) == 1)
    }
}

@Suite struct TextWrappingTests {
    @Test func fillsToTheWidthWithAHangingIndent() {
        let text = TextWrapping.fill("one two three four five six", width: 12, indent: 2)
        #expect(text == "one two\n  three four\n  five six")
        for line in text.split(separator: "\n") { #expect(line.count <= 12) }
    }

    @Test func keepsIndentedParagraphsAsWritten() {
        let paragraphs = TextWrapping.paragraphs("a\nb\n\n  x  y\n  z\n")
        #expect(paragraphs == [.text("a b"), .preformatted(["  x  y", "  z"])])
    }
}

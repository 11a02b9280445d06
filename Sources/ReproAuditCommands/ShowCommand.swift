import CommandLineParsing
import ReproAudit

/// `reproaudit show MODEL`: one model explained for a person.
struct ShowCommand: ParsableCommand {
    static let model = Argument<String>("MODEL", help: "A name or a path, or a part of one (case-insensitive).",
                                        required: true, completion: .fileOrWord)

    static let declaration = CommandDeclaration(
        name: "show",
        abstract: "Explain one model: files and digests, checks and evidence, findings, openness gaps, history.",
        discussion: """
            Explains one model from its newest record in the audit log: its identity and path, every \
            weight file with its digest and where the expected digest came from, each check with the \
            evidence behind it, the findings, what is missing for the Open Source AI Definition \
            (open-source) and for each Model Openness Framework class, and its history (when its digests \
            or verdicts changed).

            MODEL is a name or a path, or a part of one (case-insensitive). If it matches several models, \
            they are listed and nothing is shown: repeat with a longer name or the full path.
            """,
        arguments: [model, LogLocationOptions.log, LogLocationOptions.config],
        exclusive: [LogLocationOptions.exclusive],
        exitStatuses: [
            .init(0, "shown"),
            .init(1, "shown, and the model has a critical finding"),
            .init(2, "usage error, unknown or ambiguous MODEL"),
            .init(3, "the log could not be read"),
        ],
        examples: [
            .init("reproaudit show meta-llama/Llama-3.1-8B"),
            .init("reproaudit show llama3:8b --log ./.reproaudit/audit.jsonl"),
            .init("reproaudit show /srv/hf/hub/models--org--name/snapshots/4a1b2c3d"),
        ]
    )

    var location: LogLocationOptions
    var query: String

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        location = try LogLocationOptions(arguments)
        guard let query = try arguments.value(Self.model), !query.isEmpty else { throw UsageError("name the model to show") }
        self.query = query
    }

    func run() -> Int32 {
        var status = ExitStatus.success
        guard let path = location.resolve(status: &status) else { return status }
        do {
            let (outcome, statistics) = try ModelLookup.find(query, logs: path)
            reportSkipped(statistics, log: path.path)
            switch outcome {
            case .notFound:
                printErr("reproaudit: no audited model matches \"\(query)\" in \(path.displayString); see 'reproaudit log --latest'")
                return ExitStatus.usage
            case .ambiguous(let candidates):
                printErr("reproaudit: \"\(query)\" matches \(candidates.count) models; name one of them:")
                for candidate in candidates {
                    printErr("  \(candidate.label)  \(candidate.path.displayString)  (last seen \(candidate.lastSeen))")
                }
                return ExitStatus.usage
            case .found(let report):
                for line in report.render() { printOut(line) }
                return ModelReport.isCritical(report.record) ? ExitStatus.critical : ExitStatus.success
            }
        } catch {
            return reportFailure(error)
        }
    }
}

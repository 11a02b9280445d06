import CommandLineParsing
import ReproAudit

/// `reproaudit report --format html`: the HTML report of the log's models, with their history.
struct ReportCommand: ParsableCommand {
    static let format = Option<String>("--format", value: "FORMAT", help: "The format of the report; the only one so far.",
                                       required: true, choices: ["html"])

    static let declaration = CommandDeclaration(
        name: "report",
        abstract: "Write an HTML report of the models in the log: verdicts, MOF ladder, findings, digests, history.",
        discussion: """
            Writes one self-contained HTML page on stdout, for an auditor to open or attach: a summary of \
            the models by integrity, safety, openness and signature (as bars); a table with one row per \
            model (verdicts, licence, MOF class, findings), which the page sorts and filters; and per \
            model its Model Openness Framework ladder (each component present, referenced or missing, \
            the class reached and what the next class needs), its findings with the file and line they \
            came from, its digests, and the history of its verdicts from the log.

            The page loads nothing: its style and bar charts are inline and its one script is allowed by \
            its hash under a Content-Security-Policy of default-src 'none'. Names, licences and card \
            sentences are escaped. The fragment filters the table: report.html#integrity=mismatch, \
            report.html#q=llama.

            MODEL is a name or path, or part of one (case-insensitive); several may be given, and models \
            removed since their last audit are then included (marked removed). --all (the default when \
            no MODEL is given) reports every model still present. scan --html writes the same page for \
            one scan, without history.
            """,
        arguments: [format, LogLocationOptions.log, LogLocationOptions.config, ModelSelection.models, ModelSelection.all],
        exclusive: [LogLocationOptions.exclusive, ModelSelection.exclusive],
        exitStatuses: ModelSelection.exitStatuses,
        examples: [
            .init("reproaudit report --format html > report.html"),
            .init("reproaudit report --format html llama mistral --log ./.reproaudit/audit.jsonl > llms.html"),
        ]
    )

    var location: LogLocationOptions
    var selection: ModelSelection
    var models: [String] { selection.queries }

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        location = try LogLocationOptions(arguments)
        selection = try ModelSelection(arguments)
    }

    func run() -> Int32 {
        var status = ExitStatus.success
        guard let path = location.resolve(status: &status) else { return status }
        let collection: ModelCollection
        do {
            collection = try ModelCollection(logs: path, filters: modelFilters(models))
        } catch {
            return reportFailure(error)
        }
        reportSkipped(collection.statistics, log: path.path)
        guard models.isEmpty || allQueriesMatched(models, matched: collection.matchedFilters, log: path.path) else {
            return ExitStatus.usage
        }
        let reports = collection.models.filter { models.isEmpty ? !$0.isRemoved : true }.compactMap(\.report)
        let page = HTMLReport(models: reports, source: "audit log " + path.displayString,
                              generatedAt: Timestamp.now().rfc3339, includesHistory: true)
        OutputStream.standardOutput.write(bytes: Array(page.render().utf8))
        return ExitStatus.success
    }
}

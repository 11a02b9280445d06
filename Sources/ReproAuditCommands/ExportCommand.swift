import CommandLineParsing
import ReproAudit

/// `reproaudit export --format cyclonedx`: a CycloneDX 1.6 BOM of the newest record of each model.
struct ExportCommand: ParsableCommand {
    static let format = Option<String>("--format", value: "FORMAT", help: "The format of the export; the only one so far.",
                                       required: true, choices: ["cyclonedx"])

    static let declaration = CommandDeclaration(
        name: "export",
        abstract: "Export the models of the log as a CycloneDX 1.6 ML-BOM (JSON).",
        discussion: """
            Writes a CycloneDX 1.6 bill of materials (JSON) on stdout with one machine-learning-model \
            component per model, built from the newest record of each model in the audit log: name, \
            version (revision), SHA-256 of every weight file, licences (SPDX id, else the licence's \
            name), a model card (datasets as data components, what the card declares), and reproaudit's \
            verdicts and findings as properties named reproaudit:….

            MODEL is a name or path, or part of one (case-insensitive); several may be given. --all (the \
            default when no MODEL is given) exports every model still present.
            """,
        arguments: [format, LogLocationOptions.log, LogLocationOptions.config, ModelSelection.models, ModelSelection.all],
        exclusive: [LogLocationOptions.exclusive, ModelSelection.exclusive],
        exitStatuses: ModelSelection.exitStatuses,
        examples: [
            .init("reproaudit export --format cyclonedx --all > models.cdx.json"),
            .init("reproaudit export --format cyclonedx llama mistral --log ./.reproaudit/audit.jsonl"),
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
        var collector = LatestRecords()
        let filters = modelFilters(models)
        var matched = Set<Int>()
        let statistics: LogReadStatistics
        do {
            statistics = try path.read { line in
                guard line.field(line.fields.event, equals: "audit") || line.field(line.fields.event, equals: "removed") else { return }
                var keep = false
                for (index, filter) in filters.enumerated() where filter.matchesIdentity(line) {
                    keep = true
                    matched.insert(index)
                }
                if keep { collector.add(line) }
            }
        } catch {
            return reportFailure(error)
        }
        reportSkipped(statistics, log: path.path)
        guard models.isEmpty || allQueriesMatched(models, matched: matched, log: path.path) else { return ExitStatus.usage }
        let bom = CycloneDXExporter.bom(records: collector.records, timestamp: .now())
        printOut(JSONWriter.prettyString(bom))
        return ExitStatus.success
    }
}

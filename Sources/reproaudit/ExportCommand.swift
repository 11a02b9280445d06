import ReproAudit

/// `reproaudit export --format cyclonedx`: a CycloneDX 1.6 BOM of the newest record of each model.
struct ExportCommand: Command {
    static let name = "export"
    static let abstract = "Export the models of the log as a CycloneDX 1.6 ML-BOM (JSON)"
    static let help = """
        USAGE: reproaudit export --format cyclonedx [--config FILE | --log FILE|DIR|GLOB] [MODEL… | --all]

        Writes a CycloneDX 1.6 bill of materials (JSON) on stdout with one machine-learning-model
        component per model, built from the newest record of each model in the audit log: name,
        version (revision), SHA-256 of every weight file, licences (SPDX id, else the licence's
        name), a model card (datasets as data components, what the card declares), and reproaudit's
        verdicts and findings as properties named reproaudit:….

        MODEL is a name or path, or part of one (case-insensitive); several may be given. --all (the
        default when no MODEL is given) exports every model still present.

        OPTIONS:
          --format cyclonedx  The only format so far (required).
          --log FILE          The audit log to read (default: "audit_log" of the configuration); a
                              folder or a quoted pattern reads a fleet's logs, one per host.
          --config FILE       Configuration naming the log (default /etc/reproaudit/config.json).
          --all               Every model in the log.

        EXIT STATUS: 0 written; 2 usage error or a MODEL that matches nothing; 3 the log could not be read.

        EXAMPLES:
          reproaudit export --format cyclonedx --all > models.cdx.json
          reproaudit export --format cyclonedx llama mistral --log ./.reproaudit/audit.jsonl
        """

    var location: LogLocationOptions
    var models: [String]

    init(arguments: inout ArgumentReader) throws(UsageError) {
        let all = arguments.flag("--all")
        guard let format = try arguments.option("--format") else {
            throw UsageError("--format cyclonedx is required")
        }
        guard format.lowercased() == "cyclonedx" else {
            throw UsageError("--format takes cyclonedx, not \"\(format)\"")
        }
        location = try LogLocationOptions(arguments: &arguments)
        models = try arguments.positionals()
        if all && !models.isEmpty { throw UsageError("give MODEL names or --all, not both") }
    }

    func run() -> Int32 {
        var status = ExitStatus.success
        guard let path = location.resolve(status: &status) else { return status }
        var collector = LatestRecords()
        var filters: [LogFilter] = models.map { query in
            var filter = LogFilter()
            filter.model = query
            return filter
        }
        if filters.isEmpty { filters = [LogFilter()] }
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
        if !models.isEmpty {
            for (index, query) in models.enumerated() where !matched.contains(index) {
                printErr("reproaudit: no audited model matches \"\(query)\" in \(path.displayString)")
                return ExitStatus.usage
            }
        }
        let bom = CycloneDXExporter.bom(records: collector.records, timestamp: .now())
        printOut(JSONWriter.prettyString(bom))
        return ExitStatus.success
    }
}

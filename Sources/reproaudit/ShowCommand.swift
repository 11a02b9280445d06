import ReproAudit

/// `reproaudit show MODEL`: one model explained for a person.
struct ShowCommand: Command {
    static let name = "show"
    static let abstract = "Explain one model: files and digests, checks and evidence, findings, openness gaps, history"
    static let help = """
        USAGE: reproaudit show MODEL [--config FILE | --log FILE|DIR|GLOB]

        Explains one model from its newest record in the audit log: its identity and path, every
        weight file with its digest and where the expected digest came from, each check with the
        evidence behind it, the findings, what is missing for the Open Source AI Definition
        (open-source) and for each Model Openness Framework class, and its history (when its digests
        or verdicts changed).

        MODEL is a name or a path, or a part of one (case-insensitive). If it matches several models,
        they are listed and nothing is shown: repeat with a longer name or the full path.

        OPTIONS:
          --log FILE        The audit log to read (default: "audit_log" of the configuration); a
                            folder or a quoted pattern reads a fleet's logs, one per host.
          --config FILE     Configuration naming the log (default /etc/reproaudit/config.json).

        EXIT STATUS: 0 shown; 1 shown, and the model has a critical finding; 2 usage error, unknown or
        ambiguous MODEL; 3 the log could not be read.

        EXAMPLES:
          reproaudit show meta-llama/Llama-3.1-8B
          reproaudit show llama3:8b --log ./.reproaudit/audit.jsonl
          reproaudit show /srv/hf/hub/models--org--name/snapshots/4a1b2c3d
        """

    var location: LogLocationOptions
    var query: String

    init(arguments: inout ArgumentReader) throws(UsageError) {
        location = try LogLocationOptions(arguments: &arguments)
        let words = try arguments.positionals()
        guard words.count == 1, let query = words.first, !query.isEmpty else {
            throw UsageError(words.isEmpty ? "name the model to show" : "show takes one MODEL, not \(words.count)")
        }
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

import ReproAudit

/// `reproaudit scan [PATH…] [--json] [--log FILE] [--jobs N]`: audit once and exit.
struct ScanCommand: Command {
    static let name = "scan"
    static let abstract = "Audit the models under some paths once and exit."
    static let help = """
        USAGE: reproaudit scan [PATH…] [--json] [--log FILE] [--jobs N]

        Finds every model under each PATH (a Hugging Face cache, an Ollama store, a plain model folder,
        a .gguf file or an Ollama manifest), checks each weight file's SHA-256 against the digest that
        came with it, looks inside weight files for code that runs when they are loaded, and judges the
        data card, training code and licence. Without PATH it audits the usual places that exist:
        $HF_HOME/hub (or ~/.cache/huggingface/hub), ~/.ollama/models, /usr/share/ollama/.ollama/models.

        OPTIONS:
          --json        Print audit records (JSON, one per line) instead of the table; nothing else on stdout.
          --log FILE    Also append the records to FILE (JSON Lines), e.g. an audit log.
          --jobs N      Hash N files at once (default: one per core).

        EXIT STATUS:
          0  done, nothing critical     1  a model has a critical finding (mismatch, corrupt, unsafe)
          2  usage error, or a PATH does not exist     3  another runtime failure (e.g. --log not writable)

        EXAMPLES:
          reproaudit scan ~/.cache/huggingface/hub
          reproaudit scan /srv/models --json | jq -r 'select(.verdict.integrity != "verified") | .model.path'
          reproaudit scan model.gguf --log ./audit.jsonl
        """

    var paths: [String]
    var json: Bool
    var logFile: String?
    var jobs: Int

    init(arguments: inout ArgumentReader) throws(UsageError) {
        json = arguments.flag("--json")
        logFile = try arguments.option("--log")
        jobs = try arguments.integerOption("--jobs", range: 1...1024) ?? 0
        paths = try arguments.positionals()
    }

    func run() -> Int32 {
        var roots = paths.map { RawPath($0) }
        var status = ExitStatus.success
        if roots.isEmpty {
            roots = ScanRunner.defaultPaths(environment: EnvironmentVariables.current)
            if roots.isEmpty {
                printErr(ScanRunner.noStoresHint)
                if !json { printOut("0 models") }
                return ExitStatus.success
            }
        }
        for root in roots where !FileSystem.exists(root) {
            printErr("reproaudit: scan: \(root): No such file or directory")
            status = ExitStatus.usage
        }
        roots = roots.filter { FileSystem.exists($0) }

        var appender: LogAppender?
        if let logFile {
            do {
                appender = try LogAppender(path: RawPath(logFile))
            } catch {
                printErr("reproaudit: log \(logFile): \(error.reason)")
                return ExitStatus.failure
            }
        }

        let outcome = ScanRunner(options: AuditOptions(jobs: jobs, trigger: .scan)).run(paths: roots)
        for problem in outcome.problems {
            printErr("reproaudit: \(problem.message)")
        }
        if json {
            for record in outcome.records {
                OutputStream.standardOutput.write(bytes: record.line)
            }
        } else {
            // Paths given relative are shown relative: `scan examples/demo` prints `examples/demo/…`.
            let base = !paths.isEmpty && paths.allSatisfy({ !$0.hasPrefix("/") }) ? FileSystem.currentDirectory() : nil
            if !outcome.records.isEmpty {
                printOut(ScanReport.table(outcome.records, color: OutputStream.standardOutput.isTerminal, relativeTo: base))
            }
            printOut(ScanReport.summary(outcome))
        }
        if let appender {
            do {
                for record in outcome.records { try appender.append(record.line) }
                try appender.sync()
            } catch {
                printErr("reproaudit: log \(logFile ?? ""): \(error.reason)")
                return ExitStatus.failure
            }
        }
        if status == ExitStatus.success, outcome.hasCritical { status = ExitStatus.critical }
        return status
    }
}

import CommandLineParsing
import ReproAudit

/// `reproaudit scan [PATH…] [--json] [--log FILE] [--jobs N]`: audit once and exit.
struct ScanCommand: ParsableCommand {
    static let paths = Argument<RawPath>("PATH", help: "A Hugging Face cache, an Ollama store, a model folder, a .gguf file or an Ollama manifest.",
                                         repeatable: true, completion: .file)
    static let json = Flag("--json", help: "Print audit records (JSON, one per line) instead of the table; nothing else on stdout.")
    static let html = Flag("--html", help: "Print the HTML report of this scan (the page report --format html writes, without history) instead of the table.")
    static let log = Option<RawPath>("--log", value: "FILE", help: "Also append the records to FILE (JSON Lines), e.g. an audit log.",
                                     completion: .file)
    static let jobs = Option<Int>("--jobs", value: "N", help: "Hash N files at once.", default: "one per core", range: 1...1024)
    static let signers = Option<RawPath>("--signers", value: "FILE",
                                         help: "Trust policy for model.sig bundles (JSON: keys, certificate_chains, sigstore identities, require); without it signatures are at best untrusted.",
                                         completion: .file)
    static let ignorePaths = Option<String>("--ignore-paths", value: "PATH",
                                            help: "A path (inside the model, or relative to it) that a signature need not cover, as model_signing's --ignore-paths.",
                                            repeatable: true, completion: .file)
    static let pickleAllow = Option<String>("--pickle-allow", value: "MODULE.NAME",
                                            help: "Treat this pickled global (a class of your own) as safe, as the pickle_allow config key does; never one that runs code.",
                                            repeatable: true)

    static let declaration = CommandDeclaration(
        name: "scan",
        abstract: "Audit the models under some paths once and exit.",
        discussion: """
            Finds every model under each PATH (a Hugging Face cache, an Ollama store, a plain model folder, \
            a .gguf file or an Ollama manifest), checks each weight file's SHA-256 against the digest that \
            came with it, looks inside weight files for code that runs when they are loaded, and judges the \
            data card, training code and licence. Without PATH it audits the usual places that exist: \
            $HF_HOME/hub (or ~/.cache/huggingface/hub), ~/.ollama/models, /usr/share/ollama/.ollama/models.
            """,
        arguments: [paths, json, html, log, jobs, signers, ignorePaths, pickleAllow, ColorChoice.option, ProgressLine.option],
        exclusive: [.init(json, html, message: "give either --json or --html, not both")],
        exitStatuses: [
            .init(0, "done, nothing critical"),
            .init(1, "a model has a critical finding (mismatch, corrupt, unsafe, invalid signature)"),
            .init(2, "usage error, a PATH does not exist, or the --signers policy cannot be used"),
            .init(3, "another runtime failure (e.g. --log not writable)"),
        ],
        examples: [
            .init("reproaudit scan ~/.cache/huggingface/hub"),
            .init("reproaudit scan /srv/models --json | jq -r 'select(.verdict.integrity != \"verified\") | .model.path'"),
            .init("reproaudit scan model.gguf --log ./audit.jsonl"),
            .init("reproaudit scan ./my-model --signers trust.json"),
            .init("reproaudit scan ./my-checkpoint --pickle-allow mylab.models.Config"),
        ]
    )

    var paths: [RawPath]
    var json: Bool
    var html: Bool
    var logFile: RawPath?
    var jobs: Int
    var signers: RawPath?
    var ignorePaths: [String]
    var pickleAllow: [String]
    var color: Bool
    var progress: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        paths = try arguments.values(Self.paths)
        json = arguments.flag(Self.json)
        html = arguments.flag(Self.html)
        logFile = try arguments.value(Self.log)
        jobs = try arguments.value(Self.jobs) ?? 0
        signers = try arguments.value(Self.signers)
        ignorePaths = try arguments.values(Self.ignorePaths)
        pickleAllow = try arguments.values(Self.pickleAllow)
        for entry in pickleAllow {
            if let problem = PickleImportPolicy.allowEntryProblem(entry) { throw UsageError("--pickle-allow: \(problem)") }
        }
        color = try ColorChoice(arguments).isEnabled
        progress = ProgressLine.wanted(arguments) && !json
    }

    func run() -> Int32 {
        var roots = paths
        var status = ExitStatus.success
        if roots.isEmpty {
            roots = ScanRunner.defaultPaths(environment: EnvironmentVariables.current)
            if roots.isEmpty {
                printErr(ScanRunner.noStoresHint)
                if !json && !html { printOut("0 models") }
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
                appender = try LogAppender(path: logFile)
            } catch {
                printErr("reproaudit: log \(logFile): \(error.reason)")
                return ExitStatus.failure
            }
        }

        var options = AuditOptions(jobs: jobs, trigger: .scan, progress: progress ? AuditProgress() : nil)
        if let signers {
            do {
                options.signaturePolicy = try TrustPolicy.load(signers)
            } catch {
                printErr("reproaudit: scan: \(error)")
                return ExitStatus.usage
            }
        }
        options.signatureIgnorePaths = ignorePaths
        options.picklePolicy = PickleImportPolicy(allowed: Set(pickleAllow))
        let counts = options.progress
        let line = counts.map { counts in ProgressLine { counts.snapshot } }
        line?.start()
        let outcome = ScanRunner(options: options).run(paths: roots)
        line?.stop()
        for problem in outcome.problems {
            printErr("reproaudit: \(problem.message)")
        }
        if json {
            for record in outcome.records {
                OutputStream.standardOutput.write(bytes: record.line)
            }
        } else if html {
            let models = outcome.records.compactMap { record in
                (try? JSONParser().parse(record.line)).map { ModelReport(record: $0, history: ModelHistory()) }
            }
            let source = "scan of " + roots.map(\.displayString).joined(separator: ", ")
            let page = HTMLReport(models: models, source: source, generatedAt: Timestamp.now().rfc3339, includesHistory: false)
            OutputStream.standardOutput.write(bytes: Array(page.render().utf8))
        } else {
            // Paths given relative are shown relative: `scan examples/demo` prints `examples/demo/…`.
            let base = !paths.isEmpty && paths.allSatisfy({ !$0.isAbsolute }) ? FileSystem.currentDirectory() : nil
            if !outcome.records.isEmpty {
                printOut(ScanReport.table(outcome.records, color: color, relativeTo: base))
            }
            printOut(ScanReport.summary(outcome))
        }
        if let appender {
            do {
                for record in outcome.records { try appender.append(record.line) }
                try appender.sync()
            } catch {
                printErr("reproaudit: log \(logFile.map(\.displayString) ?? ""): \(error.reason)")
                return ExitStatus.failure
            }
        }
        if status == ExitStatus.success, outcome.hasCritical { status = ExitStatus.critical }
        return status
    }
}

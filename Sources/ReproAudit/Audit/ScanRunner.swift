/// The one-shot audit behind `reproaudit scan`: discover the models under some paths, audit them,
/// and report records, problems and totals.
public struct ScanRunner: Sendable {
    public var options: AuditOptions

    public init(options: AuditOptions) {
        self.options = options
    }

    /// The outcome of one scan.
    public struct Outcome: Sendable {
        public var records: [AuditRecord]
        /// Problems not tied to a model (a PATH that does not exist, an unreadable store folder).
        public var problems: [Finding]
        public var summary: Auditor.Summary
        public var elapsedNanoseconds: Int64
        /// True when any record has a critical finding.
        public var hasCritical: Bool { records.contains(where: \.isCritical) }
    }

    /// The usual places models land that exist on this machine: `$HF_HOME/hub` (or
    /// `$HUGGINGFACE_HUB_CACHE`, or `~/.cache/huggingface/hub`), `$OLLAMA_MODELS` (or `~/.ollama/models`),
    /// and `/usr/share/ollama/.ollama/models`.
    public static func defaultPaths(environment: [String: String]) -> [RawPath] {
        var candidates: [String] = []
        let home = environment["HOME"] ?? "/root"
        if let cache = environment["HF_HUB_CACHE"] ?? environment["HUGGINGFACE_HUB_CACHE"] {
            candidates.append(cache)
        } else if let hfHome = environment["HF_HOME"] {
            candidates.append(hfHome + "/hub")
        } else {
            candidates.append((environment["XDG_CACHE_HOME"] ?? home + "/.cache") + "/huggingface/hub")
        }
        candidates.append(environment["OLLAMA_MODELS"] ?? home + "/.ollama/models")
        candidates.append("/usr/share/ollama/.ollama/models")
        var seen = Set<RawPath>()
        return candidates.map { RawPath($0) }.filter { path in
            (try? FileSystem.status(path))?.isDirectory == true && seen.insert(path).inserted
        }
    }

    /// What `scan` without PATH says when none of the usual places exists: where it looked, and how to
    /// see what reproaudit reports on the demo store (shipped by the package, or in a checkout).
    public static let noStoresHint = """
        reproaudit: no model stores in the usual places ($HF_HOME/hub, ~/.cache/huggingface/hub, ~/.ollama/models, /usr/share/ollama/.ollama/models); give a PATH
        reproaudit: to see what it reports, scan the demo store: reproaudit scan /usr/share/doc/reproaudit/examples/demo (in a checkout: examples/try-demo)
        """

    /// Discovers and audits the models under `paths`; records come sorted by model path.
    public func run(paths: [RawPath]) -> Outcome {
        let start = MonotonicClock.now()
        let discovery = ModelFinder().discover(paths)
        let (records, summary) = Auditor(options: options).audit(discovery.models)
        let sorted = records.sorted { $0.model.path < $1.model.path }
        return Outcome(records: sorted, problems: discovery.problems, summary: summary,
                       elapsedNanoseconds: MonotonicClock.now() - start)
    }
}

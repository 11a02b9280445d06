import Foundation
import ReproAudit

/// `reproaudit-bench [SUITE…] [--dir DIR] [--gib N]`: measurements against yardsticks run in the same
/// process and moment (openssl, sha256sum), printed as numbers and ratios. Not a test: nothing fails.
enum Benchmarks {
    static let suites: [(name: String, summary: String)] = [
        ("hashing", "reproaudit's SHA-256 vs `openssl dgst -sha256` (1 file, and 8 files on all cores), peak RSS"),
        ("formats", "safetensors header validation of a 1 GiB file beyond hashing; pickle opcode-walk throughput"),
        ("log", "`log --latest --json` throughput over a ~1 GB log; share of the file `--since 1h` reads"),
        ("reverify", "periodic re-verification capped by reverify_rate_mb_s: the rate it holds against the cap (25, 50, 100 MB/s)"),
        ("openness", "the whole openness assessment of adversarial model cards at the read limit, each against 50 ms"),
        ("peers", "malicious/benign samples of picklescan, modelscan, fickling, ModelAudit test suites (PATH given with --peers PATH; not run by default)"),
        ("report", "`report --format html` at 2,000 models: time to write, page size, headless Chromium load time vs 8 models"),
        ("signatures", "a signed 1 GiB model: `scan --signers` vs `model_signing verify key` on the same files (target ≥ 1.5× faster)"),
        ("daemon", "restart over an unchanged 2 GiB store vs the first audit, settle-to-record latency, idle CPU, RSS with 10,000 files"),
    ]

    static func main(_ argv: [String]) -> Never {
        var arguments = Array(argv.dropFirst())
        if arguments.contains("--help") || arguments.contains("-h") {
            print("USAGE: reproaudit-bench [SUITE…] [--dir DIR] [--gib N] [--peers PATH [--labels FILE]]\n\nSUITES:")
            for suite in suites { print("  \(suite.name.padding(toLength: 10, withPad: " ", startingAt: 0))\(suite.summary)") }
            print("\nWithout SUITE every suite runs. Data is made under DIR (default: a new folder in $TMPDIR) and removed.")
            exit(0)
        }
        var directory: String?
        if let index = arguments.firstIndex(of: "--dir"), index + 1 < arguments.count {
            directory = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        var gib = 1
        if let index = arguments.firstIndex(of: "--gib"), index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 {
            gib = value
            arguments.removeSubrange(index...(index + 1))
        }
        var peersRoot: String?
        if let index = arguments.firstIndex(of: "--peers"), index + 1 < arguments.count {
            peersRoot = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
            if !arguments.contains("peers") { arguments.append("peers") }
        }
        var labels = "bench/peer-labels.tsv"
        if let index = arguments.firstIndex(of: "--labels"), index + 1 < arguments.count {
            labels = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        let selected = arguments.isEmpty ? suites.map(\.name).filter { $0 != "peers" } : arguments
        let work = directory ?? NSTemporaryDirectory() + "reproaudit-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reproaudit").path
        print("reproaudit-bench \(ReproAuditVersion.string) on \(ProcessorCount.online) cores, data in \(work)")
        for name in selected {
            print("\n== \(name)")
            try? FileManager.default.createDirectory(atPath: work + "/" + name, withIntermediateDirectories: true)
            let lines: [String]
            switch name {
            case "hashing": lines = HashingBenchmark.run(workDirectory: work + "/hashing", reproauditBinary: binary, gibibytes: gib)
            case "formats": lines = FormatBenchmark.run(workDirectory: work + "/formats")
            case "log": lines = LogBenchmark.run(workDirectory: work + "/log", reproauditBinary: binary)
            case "reverify": lines = ReverifyBenchmark.run(workDirectory: work + "/reverify")
            case "openness": lines = OpennessBenchmark.run()
            case "peers":
                guard let peersRoot else {
                    print("peers needs --peers PATH: the folder the suites were fetched into (see bench/peer-labels.tsv)")
                    exit(2)
                }
                lines = PeerSuiteBenchmark.run(root: peersRoot, labels: labels)
            case "report": lines = ReportBenchmark.run(workDirectory: work + "/report", reproauditBinary: binary)
            case "signatures": lines = SignatureBenchmark.run(workDirectory: work + "/signatures", reproauditBinary: binary, gibibytes: gib)
            case "daemon": lines = DaemonBenchmark.run(workDirectory: work + "/daemon", reproauditBinary: binary)
            default:
                print("unknown suite \(name); see --help")
                exit(2)
            }
            for line in lines { print(line) }
        }
        // `exit` skips `defer`: remove the data folder explicitly.
        if directory == nil { try? FileManager.default.removeItem(atPath: work) }
        exit(0)
    }
}

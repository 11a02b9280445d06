import Foundation
import ReproAudit

/// Measures the HTML report at 2,000 models: how long `reproaudit report --format html` takes to write
/// it, its size, and how long headless Chromium takes to load it (the page's own `performance.now()` at
/// its load event, after a forced layout), next to Chromium loading an 8-model page in the same run.
enum ReportBenchmark {
    static let modelCount = 2000
    static let auditsPerModel = 3

    static func run(workDirectory: String, reproauditBinary: String) -> [String] {
        var report: [String] = []
        let demo = URL(fileURLWithPath: reproauditBinary).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/demo").path
        guard FileManager.default.fileExists(atPath: demo) else {
            return ["report benchmark: the demo store \(demo) is not there (run from a checkout); skipped"]
        }
        // Realistic records: the demo store's eight, each copied under 250 names, audited three times.
        let templates = ScanRunner(options: AuditOptions(jobs: 2, trigger: .scan)).run(paths: [RawPath(demo)]).records
        let smallLog = workDirectory + "/small.jsonl"
        let largeLog = workDirectory + "/audit.jsonl"
        let started = LogBenchmark.monotonicSeconds()
        do {
            try write(templates.map(\.line), copies: 1, audits: 1, to: smallLog)
            try write(templates.map(\.line), copies: modelCount / templates.count, audits: auditsPerModel, to: largeLog)
        } catch {
            return ["report benchmark: cannot write the logs: \(error)"]
        }
        let logSize = (try? FileManager.default.attributesOfItem(atPath: largeLog)[.size] as? Int) ?? 0
        report.append("report benchmark: \(modelCount) models × \(auditsPerModel) audits, log of \(logSize / 1_000_000) MB written in \(LogBenchmark.format(LogBenchmark.monotonicSeconds() - started)) s")

        var pages: [(name: String, path: String)] = []
        for (name, log) in [("8 models", smallLog), ("\(modelCount) models", largeLog)] {
            let page = workDirectory + "/\(name.replacingOccurrences(of: " ", with: "-")).html"
            let start = LogBenchmark.monotonicSeconds()
            let status = runToFile(reproauditBinary, ["report", "--format", "html", "--log", log], output: page)
            let elapsed = LogBenchmark.monotonicSeconds() - start
            let size = (try? FileManager.default.attributesOfItem(atPath: page)[.size] as? Int) ?? 0
            report.append("report --format html, \(name): \(LogBenchmark.format(elapsed)) s, exit \(status), page \(LogBenchmark.format(Double(size) / 1e6)) MB")
            pages.append((name, page))
        }

        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            report.append("chromium not installed (apt-get install chromium): load time not measured")
            return report
        }
        for (name, page) in pages {
            var best = (inPage: Double.infinity, process: Double.infinity, cpu: Double.infinity)
            for _ in 0..<3 {
                let start = LogBenchmark.monotonicSeconds()
                let cpuBefore = childrenCPUSeconds()
                let dom = loadInChromium(chromium, page: page, profile: workDirectory + "/profile")
                let process = LogBenchmark.monotonicSeconds() - start
                let cpu = childrenCPUSeconds() - cpuBefore
                guard let loadMilliseconds = dom.flatMap(loadTime) else {
                    report.append("chromium \(name): the page did not report its load time")
                    break
                }
                best = (min(best.inPage, loadMilliseconds / 1000), min(best.process, process), min(best.cpu, cpu))
            }
            report.append("chromium load, \(name): \(LogBenchmark.format(best.inPage)) s to the load event with layout (target < 2 s); whole chromium run \(LogBenchmark.format(best.process)) s wall, \(LogBenchmark.format(best.cpu)) s CPU (best of 3)")
        }
        return report
    }

    /// Writes `copies` renamed copies of each template, `audits` times each, times increasing.
    static func write(_ templates: [[UInt8]], copies: Int, audits: Int, to path: String) throws {
        var out: [UInt8] = []
        let now = Timestamp.now().millisecondsSinceEpoch
        let timeOffset = Array(#"{"schema":1,"time":""#.utf8).count
        var lineIndex: Int64 = 0
        for audit in 0..<audits {
            for copy in 0..<copies {
                for template in templates {
                    var text = String(decoding: template, as: UTF8.self)
                    if copies > 1 {
                        text = text.replacingOccurrences(of: "/examples/demo/", with: "/srv/models/team\(copy % 40)/copy\(copy)/")
                        for layout in ["hf-cache", "folder", "gguf", "ollama"] {
                            let identity = "\"layout\":\"\(layout)\",\"name\":\""
                            text = text.replacingOccurrences(of: identity, with: identity + "team\(copy % 40)-\(copy)-")
                        }
                    }
                    var line = Array(text.utf8)
                    let time = Timestamp(millisecondsSinceEpoch: now - Int64(audits - audit) * 86_400_000 + lineIndex).rfc3339
                    line.replaceSubrange(timeOffset..<(timeOffset + 24), with: Array(time.utf8))
                    out += line
                    lineIndex += 1
                }
            }
        }
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    static func runToFile(_ binary: String, _ arguments: [String], output: String) -> Int32 {
        FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: output)
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The DOM chromium dumps after loading `page`, or nil.
    static func loadInChromium(_ chromium: String, page: String, profile: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--disable-extensions", "--disable-background-networking", "--user-data-dir=\(profile)",
                             "--dump-dom", "file://" + page]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// User + system CPU seconds of the children waited for so far (chromium and its helpers).
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// `data-load-ms` of the dumped `<html>` element.
    static func loadTime(_ dom: String) -> Double? {
        guard let range = dom.range(of: "data-load-ms=\"") else { return nil }
        return Double(dom[range.upperBound...].prefix { $0.isNumber })
    }
}

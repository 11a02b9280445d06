import Foundation
import ReproAudit

/// `reproaudit-bench peers PATH [--labels FILE]`: the malicious and benign samples of the established
/// scanners' own test suites (picklescan, modelscan, fickling, ModelAudit, fetched into PATH by the
/// person running it; never committed), each labelled by the assertion its own test makes
/// (`bench/peer-labels.tsv`), judged by the same inspection the auditor runs. Prints detection and
/// false-alarm rates with their denominators next to the peers' published numbers, and every sample
/// judged wrong.
enum PeerSuiteBenchmark {
    struct Sample {
        var suite: String
        var malicious: Bool
        var path: String
    }

    /// The safety verdict and the first findings of one sample.
    static func judge(_ path: String) -> (SafetyStatus, [String])? {
        let raw = RawPath(path)
        // Chat-template samples: JSON holding `chat_template`, or a bare template.
        if path.contains("/jinja2/") {
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            let bytes = [UInt8](data)
            let findings = path.hasSuffix(".json")
                ? ChatTemplateFileCheck.findings(bytes: bytes, path: "tokenizer_config.json")
                : ChatTemplateFileCheck.findings(bytes: bytes, path: "chat_template.jinja")
            return (findings.isEmpty ? .safe : .unsafe, findings.map(\.code))
        }
        guard let (descriptor, status) = try? FileDescriptor.openRegularFileForReading(raw) else { return nil }
        defer { descriptor.closeIgnoringErrors() }
        let inspection = FormatInspector.inspect(relativePath: RawPath(raw.name), source: FileBytes(descriptor: descriptor, count: status.size))
        var codes = inspection.findings.map(\.code)
        if let corruption = inspection.corruption { codes.insert(corruption.code, at: 0) }
        return (inspection.safety, codes)
    }

    static func run(root: String, labels: String) -> [String] {
        guard let text = try? String(contentsOfFile: labels, encoding: .utf8) else {
            return ["cannot read the labels file \(labels) (run from the checkout, or pass --labels FILE)"]
        }
        var samples: [Sample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3 else { continue }
            samples.append(Sample(suite: fields[0], malicious: fields[1] == "malicious", path: root + "/" + fields[2]))
        }
        var lines: [String] = []
        var perSuite: [String: (malicious: Int, detected: Int, benign: Int, alarms: Int, missing: Int)] = [:]
        var wrong: [String] = []
        for sample in samples {
            var counts = perSuite[sample.suite] ?? (0, 0, 0, 0, 0)
            guard let (safety, codes) = judge(sample.path) else {
                counts.missing += 1
                perSuite[sample.suite] = counts
                continue
            }
            if sample.malicious {
                counts.malicious += 1
                if safety == .unsafe { counts.detected += 1 } else {
                    wrong.append("  missed      \(safety.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(sample.path.dropFirst(root.count + 1))  \(codes.prefix(3).joined(separator: ","))")
                }
            } else {
                counts.benign += 1
                if safety == .unsafe {
                    counts.alarms += 1
                    wrong.append("  false alarm unsafe   \(sample.path.dropFirst(root.count + 1))  \(codes.prefix(3).joined(separator: ","))")
                }
            }
            perSuite[sample.suite] = counts
        }
        func percent(_ part: Int, _ whole: Int) -> String {
            whole == 0 ? "  –  " : String(format: "%5.1f %%", 100 * Double(part) / Double(whole))
        }
        lines.append("suite         malicious → unsafe        benign → unsafe (false alarms)   samples absent")
        var total = (malicious: 0, detected: 0, benign: 0, alarms: 0, missing: 0)
        for suite in perSuite.keys.sorted() {
            let c = perSuite[suite]!
            total.malicious += c.malicious; total.detected += c.detected; total.benign += c.benign
            total.alarms += c.alarms; total.missing += c.missing
            lines.append("\(suite.padding(toLength: 13, withPad: " ", startingAt: 0)) \(String(c.detected).leftPad(4))/\(String(c.malicious).leftPad(4)) \(percent(c.detected, c.malicious))      \(String(c.alarms).leftPad(4))/\(String(c.benign).leftPad(4)) \(percent(c.alarms, c.benign))                 \(c.missing)")
        }
        lines.append("all           \(String(total.detected).leftPad(4))/\(String(total.malicious).leftPad(4)) \(percent(total.detected, total.malicious))      \(String(total.alarms).leftPad(4))/\(String(total.benign).leftPad(4)) \(percent(total.alarms, total.benign))                 \(total.missing)")
        lines.append("targets: ≥ 92 % of malicious samples unsafe, ≤ 2.5 % of benign ones")
        lines.append("published on the issue's 278 malicious / 81 benign: ModelAudit 263 detected, 13 false alarms; picklescan 161, 0; reproaudit before issue 9: 217, 10")
        if !wrong.isEmpty {
            lines.append("judged wrong:")
            lines += wrong
        }
        return lines
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

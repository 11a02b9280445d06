import ReproAudit

/// The whole openness assessment (`OpennessAssessor.assess`: card reader, YAML front matter, body
/// scan, licence, evidence, verdicts) of adversarial model cards at the auditor's read limit, each
/// against the 50 ms budget issue #10 sets, and against a yardstick measured in the same run: the
/// project's JSON parser over a JSON document of the same size.
enum OpennessBenchmark {
    static let budgetMilliseconds = 50.0

    /// One adversarial card: a name and its text.
    struct Card {
        var name: String
        var text: String
    }

    static let limit = OpennessAssessor.maximumTextSize

    /// Repeats `unit` until `prefix + units + suffix` is as large as fits the read limit.
    static func fill(_ prefix: String, _ unit: String, _ suffix: String, limit: Int = limit) -> String {
        let count = max(0, (limit - prefix.utf8.count - suffix.utf8.count) / unit.utf8.count)
        return prefix + String(repeating: unit, count: count) + suffix
    }

    static func cards() -> [Card] {
        var cards: [Card] = []
        let tags = (0..<8_000).map { "\"tag-\($0)\"" }.joined(separator: ", ")
        cards.append(Card(name: "flow list of 8,000 quoted tags", text: "---\nlicense: apache-2.0\ntags: [\(tags)]\n---\n# Model\n"))
        cards.append(Card(name: "flow list of quoted tags to the read limit", text: fill("---\ntags: [", "\"an open-source tag\", ", "\"x\"]\n---\n")))
        cards.append(Card(name: "flow list over 100,000 lines", text: fill("---\ntags: [\n", "  'tag',\n", "  'x']\n---\n")))
        cards.append(Card(name: "flow mapping of distinct keys", text: {
            var text = "---\nextra: {"
            var index = 0
            while text.utf8.count < limit - 64 { text += "k\(index): \"v\", "; index += 1 }
            return text + "z: 1}\n---\n"
        }()))
        cards.append(Card(name: "flow nesting [[[…]]] to the read limit", text: fill("---\ntags: ", "[", "\n---\n")))
        cards.append(Card(name: "block nesting 64 levels, then a long list", text: {
            var text = "---\n"
            for depth in 0..<64 { text += String(repeating: " ", count: depth) + "k:\n" }
            return fill(text, String(repeating: " ", count: 64) + "- item\n", "---\n")
        }()))
        cards.append(Card(name: "block nesting deeper than the limit", text: {
            var text = "---\n"
            var depth = 0
            while text.utf8.count < limit / 2 { text += String(repeating: " ", count: depth) + "k:\n"; depth += 1 }
            return text + "---\n"
        }()))
        cards.append(Card(name: "1 MiB plain scalar", text: fill("---\ndescription: ", "open source ", "\n---\n")))
        cards.append(Card(name: "1 MiB double-quoted scalar with escapes", text: fill("---\ndescription: \"", "a\\u00e9\\n ", "\"\n---\n")))
        cards.append(Card(name: "1 MiB folded block scalar", text: fill("---\ndescription: >\n", "  fully open weights\n", "---\n")))
        cards.append(Card(name: "1 MiB body line of links", text: fill("---\nlicense: mit\n---\n## Training data\n", "[d](https://huggingface.co/datasets/a/b) https://arxiv.org/abs/2402.00838 ", "\n")))
        cards.append(Card(name: "100,000 body lines of headings", text: fill("---\nlicense: mit\n---\n", "## Training\nx\n", "")))
        cards.append(Card(name: "100,000 lines of one paragraph with links", text: fill("---\nlicense: mit\n---\n## Training data\n", "see https://github.com/a/b train code\n", "")))
        cards.append(Card(name: "100,000 lines of list items with file names", text: fill("# Card\n", "- train_\(1).py eval.py https://x.org/a.pdf\n", "")))
        cards.append(Card(name: "100,000 CRLF lines of front matter keys", text: {
            var text = "---\r\n"
            var index = 0
            while text.utf8.count < limit - 16 { text += "k\(index): v\r\n"; index += 1 }
            return text + "---\r\n"
        }()))
        cards.append(Card(name: "unclosed front matter of 100,000 lines", text: fill("---\n", "key: value\n", "")))
        cards.append(Card(name: "100,000 unterminated quotes", text: fill("---\n", "a: \"x\n", "---\n")))
        cards.append(Card(name: "HTML comment opened, never closed", text: fill("# Card\n<!--\n", "open source model\n", "")))
        cards.append(Card(name: "1 MiB of open-source claims about other things", text: fill("# Card\n", "outperforms other open-source models. ", "\n")))
        return cards
    }

    static func content(_ text: String) -> ModelContent {
        ModelContent(
            identity: ModelIdentity(path: "/bench/model", layout: .folder, name: "model", revision: nil),
            files: [ModelContent.File(path: "README.md", size: Int64(text.utf8.count), isWeight: false),
                    ModelContent.File(path: "model.safetensors", size: 1 << 30, isWeight: true)],
            texts: ["README.md": text])
    }

    /// Best of `rounds` runs of `body`, in milliseconds.
    static func best(_ rounds: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = FormatBenchmark.now()
            body()
            best = min(best, (FormatBenchmark.now() - start) * 1000)
        }
        return best
    }

    static func run() -> [String] {
        var lines: [String] = []
        // Yardstick: parsing a JSON array of strings as large as the read limit.
        let json = Array(fill("[", "\"an open-source tag\",", "\"x\"]").utf8)
        let yardstick = best(3) { _ = try? JSONParser().parse(json) }
        print("yardstick: JSONParser over a \(json.count / 1024) KiB array of strings: \(FormatBenchmark.fixed(yardstick, 2)) ms")
        var worst = 0.0
        for card in cards() {
            let content = content(card.text)
            var report: OpennessReport?
            let milliseconds = best(3) { report = OpennessAssessor.assess(content) }
            worst = max(worst, milliseconds)
            let verdict = milliseconds <= budgetMilliseconds ? "ok" : "OVER BUDGET"
            let size = card.text.utf8.count
            let lineCount = card.text.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            // Printed as measured: a card that blows the budget shows which one it is.
            print("\(card.name) (\(size / 1024) KiB, \(lineCount) lines): \(FormatBenchmark.fixed(milliseconds, 2)) ms, "
                + "\(FormatBenchmark.fixed(milliseconds / max(yardstick, 0.001), 1))× the yardstick, \(verdict)"
                + " [\(report?.findings.count ?? 0) findings]")
        }
        lines.append("slowest card: \(FormatBenchmark.fixed(worst, 2)) ms (budget \(Int(budgetMilliseconds)) ms each)")
        return lines
    }
}

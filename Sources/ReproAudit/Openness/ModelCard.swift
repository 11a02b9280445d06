

/// A Hugging Face style model card (`README.md`): its YAML front matter and what its Markdown body
/// shows — headings and their sections, links (arXiv, DOI, GitHub/GitLab repositories, Hugging Face
/// dataset pages, PDFs) and the file names it mentions.
public struct ModelCard: Sendable {
    /// A Markdown heading and the lines of its section (up to the next heading of the same or a
    /// higher level).
    public struct Heading: Sendable, Equatable {
        public var title: String
        public var level: Int
        /// 1-based line of the heading in the card file.
        public var line: Int
        /// 1-based line of the last line of the section.
        public var endLine: Int
    }

    /// What a link points at.
    public enum LinkKind: String, Sendable, Equatable {
        case arxiv, doi, githubRepository, gitlabRepository, huggingFaceDataset, huggingFaceModel, pdf, other
    }

    /// A link in the body, with the line it is on and the title of the section around it.
    public struct Link: Sendable, Equatable {
        public var url: String
        /// The link text for `[text](url)`, else "".
        public var text: String
        public var kind: LinkKind
        public var line: Int
        public var section: String?
    }

    /// A file name the body mentions (`train_script.py`, `data_config.json`).
    public struct FileMention: Sendable, Equatable {
        public var name: String
        public var line: Int
        public var section: String?
    }

    /// The card's path relative to the model.
    public var path: RawPath
    /// The front matter's top-level mapping (an empty object when there is none).
    public var frontMatter: JSONValue
    /// Line of each top-level front matter key.
    public var keyLines: [String: Int]
    /// Problems with the front matter (outside the supported YAML subset, or not closed).
    public var problems: [YAMLSubsetReader.Problem]
    public var hasFrontMatter: Bool
    /// The body's lines; `bodyLines[i]` is line `bodyFirstLine + i` of the file.
    public var bodyLines: [String]
    public var bodyFirstLine: Int
    public var headings: [Heading]
    public var links: [Link]
    public var fileMentions: [FileMention]
    /// Lines that carry no information: inside HTML comments (the Hub's card template explains each
    /// section in comments) or only "[More Information Needed]".
    public var placeholderLines: Set<Int>

    /// Parses `text`, the contents of the card at `path`.
    public init(path: RawPath, text: String) {
        self.path = path
        let lines = TextLines.split(text).map(String.init)
        frontMatter = .object([])
        keyLines = [:]
        problems = []
        hasFrontMatter = false
        bodyFirstLine = 1
        var body = lines[...]
        if let first = lines.first, Substring(first).trimmingTrailingSpaces() == "---" {
            if let close = lines.indices.dropFirst().first(where: {
                let t = Substring(lines[$0]).trimmingTrailingSpaces()
                return t == "---" || t == "..."
            }) {
                let yaml = lines[1..<close].joined(separator: "\n")
                let result = YAMLSubsetReader().read(yaml, firstLine: 2)
                frontMatter = result.value
                keyLines = result.keyLines
                problems = result.problems
                hasFrontMatter = true
                body = lines[(close + 1)...]
                bodyFirstLine = close + 2
            } else {
                problems = [YAMLSubsetReader.Problem(line: 1, message: "front matter opened with '---' is never closed")]
            }
        }
        bodyLines = Array(body)
        placeholderLines = Self.placeholders(in: bodyLines, firstLine: bodyFirstLine)
        headings = []
        links = []
        fileMentions = []
        scanBody()
    }

    /// The front matter value for a top-level key.
    public subscript(key: String) -> JSONValue? { frontMatter[key] }

    /// The front matter value as a list of strings (a single string counts as a one-item list).
    public func strings(_ key: String) -> [String] {
        switch frontMatter[key] {
        case .string(let s)?: return [s]
        case .array(let items)?: return items.compactMap(\.stringValue)
        default: return []
        }
    }

    /// The innermost heading whose section holds `line`: the last heading at or before it (nothing
    /// between them can have closed its section).
    public func section(at line: Int) -> Heading? {
        var low = 0
        var high = headings.count
        while low < high {
            let mid = (low + high) / 2
            if headings[mid].line <= line { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? headings[low - 1] : nil
    }

    /// The text of a section (without its heading line and placeholder lines).
    public func sectionText(_ heading: Heading) -> [(line: Int, text: String)] {
        guard heading.line + 1 <= heading.endLine else { return [] }
        return (heading.line + 1...heading.endLine).compactMap { number in
            let index = number - bodyFirstLine
            guard bodyLines.indices.contains(index), !placeholderLines.contains(number) else { return nil }
            return (number, bodyLines[index])
        }
    }

    static func placeholders(in lines: [String], firstLine: Int) -> Set<Int> {
        var result: Set<Int> = []
        var inComment = false
        for (offset, raw) in lines.enumerated() {
            let number = firstLine + offset
            var line = Substring(raw)
            var visible = ""
            while !line.isEmpty {
                if inComment {
                    guard let end = line.firstRange(of: "-->") else { line = ""; break }
                    inComment = false
                    line = line[end.upperBound...]
                } else if let start = line.firstRange(of: "<!--") {
                    visible += line[..<start.lowerBound]
                    inComment = true
                    line = line[start.upperBound...]
                } else {
                    visible += line
                    line = ""
                }
            }
            let trimmed = visible.trimming(" \t-*").lowercased()
            let hadText = !raw.trimming(" \t").isEmpty
            if hadText && (trimmed.isEmpty || trimmed == "[more information needed]" || trimmed == "more information needed"
                || trimmed == "[optional]" || trimmed == "n/a" || trimmed == "tbd" || trimmed == "todo")
            {
                result.insert(number)
            }
        }
        return result
    }

    /// The paragraph, list item or table row holding file line `line`, joined into one string: the
    /// context a link or a mention is read in, since Markdown wraps sentences over lines.
    public func paragraph(at line: Int) -> String {
        let index = line - bodyFirstLine
        guard bodyLines.indices.contains(index) else { return "" }
        func trimmed(_ i: Int) -> Substring { bodyLines[i].drop(while: { $0 == " " || $0 == "\t" }) }
        func isBoundary(_ i: Int) -> Bool {
            let t = trimmed(i)
            return t.isEmpty || t.hasPrefix("#") || t.hasPrefix("|") || t.hasPrefix("```")
        }
        func startsItem(_ i: Int) -> Bool {
            let t = trimmed(i)
            if t.hasPrefix("- ") || t.hasPrefix("* ") || t.hasPrefix("+ ") { return true }
            let digits = t.prefix(while: { $0.isNumber })
            return !digits.isEmpty && t.dropFirst(digits.count).hasPrefix(". ")
        }
        if trimmed(index).hasPrefix("|") { return bodyLines[index] }
        var start = index
        while start > 0, !startsItem(start), !isBoundary(start - 1) { start -= 1 }
        var end = index
        while end + 1 < bodyLines.count, !isBoundary(end + 1), !startsItem(end + 1) { end += 1 }
        return bodyLines[start...end].map { $0.trimming(" \t") }.joined(separator: " ")
    }

    /// Body lines outside fenced code blocks, with their file line numbers.
    public var proseLines: [(line: Int, text: String)] {
        var result: [(Int, String)] = []
        var fence: String?
        for (offset, text) in bodyLines.enumerated() {
            let trimmed = text.drop(while: { $0 == " " })
            if let f = fence {
                if trimmed.hasPrefix(f) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                continue
            }
            if placeholderLines.contains(bodyFirstLine + offset) { continue }
            result.append((bodyFirstLine + offset, text))
        }
        return result
    }

    // MARK: - Body scanning

    private mutating func scanBody() {
        var found: [Heading] = []
        for (number, raw) in proseLines {
            if let heading = Self.heading(in: Substring(raw), line: number) {
                found.append(heading)
            }
        }
        let lastLine = bodyFirstLine + bodyLines.count - 1
        // Each section ends before the next heading of the same or a higher level (a stack keeps it linear).
        var open: [Int] = []
        for i in found.indices {
            while let top = open.last, found[top].level >= found[i].level {
                found[top].endLine = found[i].line - 1
                open.removeLast()
            }
            open.append(i)
        }
        for i in open { found[i].endLine = lastLine }
        headings = found

        // Reference-style links: `[text][label]` uses `[label]: url` defined anywhere in the body.
        var definitions: [String: String] = [:]
        var definitionLines: Set<Int> = []
        for (number, text) in proseLines {
            let trimmed = text.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("["), let close = trimmed.firstRange(of: "]:") else { continue }
            let label = trimmed[trimmed.index(after: trimmed.startIndex)..<close.lowerBound].lowercased()
            let url = trimmed[close.upperBound...].drop(while: { $0 == " " }).prefix(while: { $0 != " " })
            guard !label.isEmpty, url.hasPrefix("http") else { continue }
            definitions[label] = String(url)
            definitionLines.insert(number)
        }
        for (number, text) in proseLines where !definitionLines.contains(number) {
            let sectionTitle = section(at: number)?.title
            var rest = Substring(text)
            while let range = rest.utf8Range(of: "][") {
                let before = rest[..<range.lowerBound]
                let linkText = before.lastIndex(of: "[").map { String(before[before.index(after: $0)...]) } ?? ""
                let after = rest[range.upperBound...]
                guard let end = after.firstIndex(of: "]") else { break }
                var label = after[..<end].lowercased()
                if label.isEmpty { label = linkText.lowercased() }
                if let url = definitions[label] {
                    links.append(Link(url: url, text: Self.stripInlineMarkup(linkText), kind: Self.kind(of: url), line: number, section: sectionTitle))
                }
                rest = after[end...]
            }
            for (url, linkText) in Self.urls(in: text) {
                links.append(Link(url: url, text: linkText, kind: Self.kind(of: url), line: number, section: sectionTitle))
            }
            for name in Self.fileNames(in: text) {
                fileMentions.append(FileMention(name: name, line: number, section: sectionTitle))
            }
        }
        var mentioned = Set(fileMentions.map(\.name))
        // File names inside code blocks count too (`python train_script.py …`).
        var inFence = false
        for (offset, raw) in bodyLines.enumerated() {
            let trimmed = raw.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            guard inFence else { continue }
            let number = bodyFirstLine + offset
            for name in Self.fileNames(in: raw) where !mentioned.contains(name) {
                mentioned.insert(name)
                fileMentions.append(FileMention(name: name, line: number, section: section(at: number)?.title))
            }
        }
    }

    /// An ATX heading (`## Training data`), or a line that is only bold text (`**Training data**`),
    /// which cards use as a heading too.
    static func heading(in line: Substring, line number: Int) -> Heading? {
        let trimmed = line.drop(while: { $0 == " " })
        guard line.count - trimmed.count < 4 else { return nil }
        if trimmed.hasPrefix("#") {
            let hashes = trimmed.prefix(while: { $0 == "#" }).count
            guard hashes <= 6 else { return nil }
            let rest = trimmed.dropFirst(hashes)
            guard rest.isEmpty || rest.first == " " else { return nil }
            var title = String(rest.trimming(" #"))
            title = stripInlineMarkup(title)
            guard !title.isEmpty else { return nil }
            return Heading(title: title, level: hashes, line: number, endLine: number)
        }
        let t = trimmed.trimmingTrailingSpaces()
        if t.count > 4, t.hasPrefix("**"), t.hasSuffix("**"), !t.dropFirst(2).dropLast(2).contains("*") {
            let title = String(t.dropFirst(2).dropLast(2)).trimming(" :")
            guard !title.isEmpty, title.count <= 80 else { return nil }
            return Heading(title: title, level: 7, line: number, endLine: number)
        }
        if t.hasPrefix("<h"), t.count > 8, let level = t.dropFirst(2).first?.wholeNumberValue, (1...6).contains(level) {
            guard let open = t.firstIndex(of: ">"), let close = t.firstRange(of: "</h")?.lowerBound, open < close else { return nil }
            let title = stripInlineMarkup(String(t[t.index(after: open)..<close]))
            guard !title.isEmpty else { return nil }
            return Heading(title: title, level: level, line: number, endLine: number)
        }
        return nil
    }

    static func stripInlineMarkup(_ text: String) -> String {
        var result = ""
        var inTag = false
        for c in text {
            if c == "<" { inTag = true; continue }
            if c == ">" && inTag { inTag = false; continue }
            if inTag { continue }
            if c == "*" || c == "_" || c == "`" { continue }
            result.append(c)
        }
        // `[text](url)` → text
        var out = ""
        var rest = Substring(result)
        while let open = rest.firstIndex(of: "[") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "]"), after[close...].dropFirst().first == "(",
                let paren = after[close...].firstIndex(of: ")")
            {
                out += after[..<close]
                rest = after[after.index(after: paren)...]
            } else {
                out += "["
                rest = after
            }
        }
        out += rest
        return out.trimming(" ")
    }

    /// URLs on a line: `[text](url)`, `<url>` and bare `http(s)://…`, each once.
    static func urls(in line: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var seen: Set<String> = []
        // Markdown links first, to keep their text.
        var rest = Substring(line)
        while let range = rest.utf8Range(of: "](") {
            let before = rest[..<range.lowerBound]
            let text = before.lastIndex(of: "[").map { String(before[before.index(after: $0)...]) } ?? ""
            let after = rest[range.upperBound...]
            let end = after.firstIndex(where: { $0 == ")" || $0 == " " || $0 == "\"" }) ?? after.endIndex
            let url = String(after[..<end])
            if url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("doi:"), seen.insert(url).inserted {
                result.append((url, stripInlineMarkup(text)))
            }
            rest = after[end...]
        }
        for scheme in ["https://", "http://"] {
            var search = Substring(line)
            while let range = search.utf8Range(of: scheme) {
                let tail = search[range.lowerBound...]
                let end = tail.firstIndex(where: { " \t)>]\"'`,|".contains($0) }) ?? tail.endIndex
                var url = String(tail[..<end])
                while let last = url.last, ".;:".contains(last) { url.removeLast() }
                // A bare URL that only repeats the start of a Markdown link's target is the link's text.
                if result.contains(where: { $0.0.hasPrefix(url) }) {
                    search = tail[end...]
                    continue
                }
                if seen.insert(url).inserted { result.append((url, "")) }
                search = tail[end...]
            }
        }
        // `doi:10.xxxx/…` and `arXiv:2402.00838` written as text.
        for word in line.split(whereSeparator: { " \t()[],;".contains($0) }) {
            let lower = word.lowercased()
            if lower.hasPrefix("arxiv:"), word.count > 6 {
                let url = "https://arxiv.org/abs/" + word.dropFirst(6)
                if seen.insert(url).inserted { result.append((url, String(word))) }
            } else if let doi = Optional(lower.hasPrefix("doi:") ? word.dropFirst(4) : word), doi.hasPrefix("10."), doi.contains("/"),
                doi.dropFirst(3).prefix(4).allSatisfy(\.isNumber)
            {
                var trimmed = doi
                while let last = trimmed.last, last == "." { trimmed = trimmed.dropLast() }
                let url = "https://doi.org/" + trimmed
                if !result.contains(where: { $0.0.hasSuffix(String(trimmed)) }), seen.insert(url).inserted { result.append((url, String(word))) }
            }
        }
        return result
    }

    static func kind(of url: String) -> LinkKind {
        let lower = url.lowercased()
        let host = lower.replacing("https://", with: "").replacing("http://", with: "")
        let parts = host.split(separator: "/")
        if host.hasPrefix("arxiv.org/") || host.hasPrefix("www.arxiv.org/") || host.hasPrefix("export.arxiv.org/") { return .arxiv }
        if host.hasPrefix("doi.org/") || host.hasPrefix("dx.doi.org/") || lower.hasPrefix("doi:") || host.hasPrefix("aclanthology.org/") { return .doi }
        if (host.hasPrefix("github.com/") || host.hasPrefix("www.github.com/")) && parts.count >= 3 { return .githubRepository }
        if (host.hasPrefix("gitlab.com/") || host.contains("gitlab.")) && parts.count >= 3 { return .gitlabRepository }
        if host.hasPrefix("huggingface.co/datasets/") || host.hasPrefix("hf.co/datasets/") { return parts.count >= 3 ? .huggingFaceDataset : .other }
        if lower.hasSuffix(".pdf") || host.contains("openreview.net/pdf") { return .pdf }
        if (host.hasPrefix("huggingface.co/") || host.hasPrefix("hf.co/")) && parts.count >= 3 && !["docs", "spaces", "blog", "papers", "collections"].contains(String(parts[1])) {
            return .huggingFaceModel
        }
        return .other
    }

    /// File extensions worth noticing when a card names a file.
    static let mentionedExtensions: Set<String> = [
        "py", "sh", "ipynb", "json", "jsonl", "yaml", "yml", "toml", "cfg", "parquet", "csv", "tsv", "txt", "pdf", "md",
    ]

    /// Names like `train_script.py` or `configs/data_config.json` on a line (not parts of URLs).
    static func fileNames(in line: String) -> [String] {
        // Blank out URLs first: their paths are not local file names.
        var text = ""
        var rest = Substring(line)
        while let range = rest.utf8Range(of: "://") {
            var start = range.lowerBound
            while start > rest.startIndex, rest[rest.index(before: start)].isLetter { start = rest.index(before: start) }
            text += rest[..<start]
            let tail = rest[range.upperBound...]
            let end = tail.firstIndex(where: { " \t)>]\"'`,|".contains($0) }) ?? tail.endIndex
            text += " "
            rest = tail[end...]
        }
        text += rest
        var result: [String] = []
        for token in text.split(whereSeparator: { !($0.isLetter || $0.isNumber || "_-./".contains($0)) }) {
            var word = token
            while let last = word.last, last == "." || last == "/" || last == "-" { word = word.dropLast() }
            guard let dot = word.lastIndex(of: "."), dot != word.startIndex else { continue }
            let ext = word[word.index(after: dot)...].lowercased()
            guard mentionedExtensions.contains(ext) else { continue }
            let stem = word[..<dot]
            guard stem.contains(where: { $0.isLetter }), !stem.hasPrefix("."), !word.contains("..") else { continue }
            let name = String(word)
            if !result.contains(name) { result.append(name) }
        }
        return result
    }
}

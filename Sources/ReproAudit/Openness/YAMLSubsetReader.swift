/// A small, strict reader for the YAML subset that Hugging Face model cards use in their front matter
/// and that `CITATION.cff` files are written in. Linear in the size of its input: every line and
/// every character of a flow collection is looked at a bounded number of times.
///
/// Supported: block mappings and sequences (including `- key: value` items), plain, single- and
/// double-quoted scalars (also over several lines), flow sequences and mappings (`[a, b]`, `{a: 1}`,
/// over several lines), literal and folded block scalars (`|`, `|-`, `|+`, `>`, `>-`, `>+`, with an
/// indentation digit) and comments. Plain scalars are typed as YAML 1.2's core schema does (null,
/// booleans, integers, floats, strings).
///
/// Rejected, each as a `Problem` naming the line: anchors, aliases and tags (`&a`, `*a`, `!!str`),
/// directives and document markers inside the front matter, tabs in indentation, duplicate keys,
/// unterminated quotes or flow collections, and indentation the subset cannot place. A problem discards
/// only the top-level entry it occurs in; the other entries are still read.
public struct YAMLSubsetReader: Sendable {
    /// Something outside the subset, at a 1-based line of the input.
    public struct Problem: Sendable, Equatable, Error {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// What was read: the top-level mapping, the line of each top-level key, and the problems.
    public struct Result: Sendable, Equatable {
        /// Always an object; entries with problems are left out.
        public var value: JSONValue
        /// 1-based line of each top-level key as written.
        public var keyLines: [String: Int]
        public var problems: [Problem]
    }

    /// Lines deeper than this many nested collections are rejected.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 64) {
        self.maximumDepth = maximumDepth
    }

    private struct Line {
        var number: Int
        var indent: Int
        /// The text after the indentation, with the line ending removed.
        var text: Substring
    }

    private final class State {
        var lines: [Line]
        var index = 0
        let maximumDepth: Int

        init(lines: [Line], maximumDepth: Int) {
            self.lines = lines
            self.maximumDepth = maximumDepth
        }
    }

    /// Reads `text`, whose first line is line `firstLine` of the enclosing file (so problems name the
    /// file's lines).
    public func read(_ text: String, firstLine: Int = 1) -> Result {
        var lines: [Line] = []
        var problems: [Problem] = []
        var number = firstLine
        for rawLine in TextLines.split(text) {
            var indent = 0
            var rest = rawLine
            var sawTab = false
            while let c = rest.first, c == " " || c == "\t" {
                if c == "\t" { sawTab = true }
                indent += 1
                rest = rest.dropFirst()
            }
            if sawTab && !rest.isEmpty && !rest.hasPrefix("#") {
                problems.append(Problem(line: number, message: "tab character in indentation"))
                // Keep the line so the entry it belongs to is discarded, not misread.
            }
            lines.append(Line(number: number, indent: indent, text: rest))
            number += 1
        }
        let state = State(lines: lines, maximumDepth: maximumDepth)
        var members: [(String, JSONValue)] = []
        var keyLines: [String: Int] = [:]
        let tabLines = Set(problems.map(\.line))

        while true {
            skipBlank(state)
            guard state.index < state.lines.count else { break }
            let line = state.lines[state.index]
            let start = state.index
            do {
                if line.indent != 0 {
                    throw Problem(line: line.number, message: "unexpected indentation at the top level")
                }
                if line.text.hasPrefix("---") || line.text.hasPrefix("...") || line.text.hasPrefix("%") {
                    throw Problem(line: line.number, message: "document markers and directives are not supported")
                }
                if line.text == "-" || line.text.hasPrefix("- ") {
                    throw Problem(line: line.number, message: "the front matter must be a mapping, not a list")
                }
                // `{}` is YAML's empty mapping: valid front matter that says nothing.
                if members.isEmpty, String((line.text.split(separator: "#", maxSplits: 1).first ?? "").filter { $0 != " " }) == "{}" {
                    state.index += 1
                    skipBlank(state)
                    guard state.index < state.lines.count else { break }
                    throw Problem(line: state.lines[state.index].number, message: "nothing may follow the empty mapping '{}'")
                }
                let (key, value) = try readMappingEntry(state, indent: 0, depth: 1)
                let end = state.index
                if let tab = state.lines[start..<end].first(where: { tabLines.contains($0.number) }) {
                    throw Problem(line: tab.number, message: "tab character in indentation")
                }
                if keyLines[key] != nil {
                    throw Problem(line: line.number, message: "duplicate key '\(key)'")
                }
                keyLines[key] = line.number
                members.append((key, value))
            } catch let problem as Problem {
                if !problems.contains(problem) { problems.append(problem) }
                // Skip the rest of this top-level entry (not what an unterminated value swallowed).
                state.index = start + 1
                while state.index < state.lines.count {
                    let next = state.lines[state.index]
                    if next.indent == 0 && !next.text.isEmpty && !next.text.hasPrefix("#") && !next.text.hasPrefix("- ") && next.text != "-" {
                        break
                    }
                    state.index += 1
                }
            } catch {
                state.index += 1
            }
        }
        problems.sort { $0.line < $1.line }
        return Result(value: .object(members), keyLines: keyLines, problems: problems)
    }

    // MARK: - Block structure

    private func isBlank(_ line: Line) -> Bool {
        line.text.isEmpty || line.text.hasPrefix("#")
    }

    private func skipBlank(_ state: State) {
        while state.index < state.lines.count && isBlank(state.lines[state.index]) { state.index += 1 }
    }

    private func isSequenceItem(_ text: Substring) -> Bool {
        text == "-" || text.hasPrefix("- ")
    }

    /// Reads the block node that starts at the next non-blank line, which must be indented more than
    /// `parentIndent` (or equal, for a sequence under a mapping key).
    private func readBlock(_ state: State, parentIndent: Int, allowSequenceAtParent: Bool, depth: Int) throws(Problem) -> JSONValue {
        skipBlank(state)
        guard state.index < state.lines.count else { return .null }
        let line = state.lines[state.index]
        if depth > state.maximumDepth {
            throw Problem(line: line.number, message: "nesting deeper than \(state.maximumDepth) levels")
        }
        if isSequenceItem(line.text) && (line.indent > parentIndent || (allowSequenceAtParent && line.indent == parentIndent)) {
            return try readSequence(state, indent: line.indent, depth: depth)
        }
        if line.indent > parentIndent {
            return try readMapping(state, indent: line.indent, depth: depth)
        }
        return .null
    }

    private func checkDepth(_ state: State, _ depth: Int) throws(Problem) {
        if depth > state.maximumDepth, state.index < state.lines.count {
            throw Problem(line: state.lines[state.index].number, message: "nesting deeper than \(state.maximumDepth) levels")
        }
    }

    private func readMapping(_ state: State, indent: Int, depth: Int) throws(Problem) -> JSONValue {
        try checkDepth(state, depth)
        var members: [(String, JSONValue)] = []
        var seen: Set<String> = []
        while true {
            skipBlank(state)
            guard state.index < state.lines.count else { break }
            let line = state.lines[state.index]
            if line.indent < indent { break }
            if line.indent > indent {
                throw Problem(line: line.number, message: "unexpected indentation")
            }
            if isSequenceItem(line.text) { break }
            let (key, value) = try readMappingEntry(state, indent: indent, depth: depth)
            if seen.contains(key) { throw Problem(line: line.number, message: "duplicate key '\(key)'") }
            seen.insert(key)
            members.append((key, value))
        }
        return .object(members)
    }

    private func readSequence(_ state: State, indent: Int, depth: Int) throws(Problem) -> JSONValue {
        try checkDepth(state, depth)
        var items: [JSONValue] = []
        while true {
            skipBlank(state)
            guard state.index < state.lines.count else { break }
            let line = state.lines[state.index]
            if line.indent < indent { break }
            if line.indent > indent {
                throw Problem(line: line.number, message: "unexpected indentation in a list")
            }
            guard isSequenceItem(line.text) else { break }
            var rest = line.text.dropFirst()
            var offset = 1
            while rest.first == " " {
                rest = rest.dropFirst()
                offset += 1
            }
            if rest.isEmpty || rest.hasPrefix("#") {
                state.index += 1
                items.append(try readBlock(state, parentIndent: indent, allowSequenceAtParent: false, depth: depth + 1))
                continue
            }
            // Re-read the item's content as if it started on its own line at its column: this handles
            // `- key: value` mappings and `- - nested` lists with the ordinary block rules.
            state.lines[state.index] = Line(number: line.number, indent: indent + offset, text: rest)
            if isSequenceItem(rest) {
                items.append(try readSequence(state, indent: indent + offset, depth: depth + 1))
            } else if try splitKey(rest, line: line.number) != nil {
                items.append(try readMapping(state, indent: indent + offset, depth: depth + 1))
            } else {
                items.append(try readValue(state, text: rest, indent: indent, depth: depth + 1))
            }
        }
        return .array(items)
    }

    /// Reads `key: value` at the current line (whose indentation is `indent`), and any lines the value
    /// continues on.
    private func readMappingEntry(_ state: State, indent: Int, depth: Int) throws(Problem) -> (String, JSONValue) {
        let line = state.lines[state.index]
        guard let (key, rest) = try splitKey(line.text, line: line.number) else {
            throw Problem(line: line.number, message: "expected 'key: value'")
        }
        let valueText = rest.drop(while: { $0 == " " })
        if valueText.isEmpty || valueText.hasPrefix("#") {
            state.index += 1
            return (key, try readBlock(state, parentIndent: indent, allowSequenceAtParent: true, depth: depth + 1))
        }
        return (key, try readValue(state, text: valueText, indent: indent, depth: depth + 1))
    }

    /// Splits `key: rest` when the text is a mapping entry; nil when it is not one.
    private func splitKey(_ text: Substring, line: Int) throws(Problem) -> (String, Substring)? {
        if let quote = text.first, quote == "\"" || quote == "'" {
            // A quoted key must close on this line and be followed by ':'.
            guard let (key, after) = try? scanQuotedOnLine(text, line: line) else { return nil }
            let trimmed = after.drop(while: { $0 == " " })
            guard trimmed.first == ":" else { return nil }
            let rest = trimmed.dropFirst()
            guard rest.isEmpty || rest.first == " " else { return nil }
            return (key, rest)
        }
        if let c = text.first, "[{&*!|>@`%".contains(c) { return nil }
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "#" && index > text.startIndex && text[text.index(before: index)] == " " { return nil }
            if c == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " {
                    let key = text[..<index].trimmingTrailingSpaces()
                    if key.isEmpty { throw Problem(line: line, message: "empty key") }
                    return (String(key), text[next...])
                }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Reads a value that starts with `text` on the current line, consuming the line and any
    /// continuation lines. `indent` is the indentation of the entry that owns the value.
    private func readValue(_ state: State, text: Substring, indent: Int, depth: Int) throws(Problem) -> JSONValue {
        let line = state.lines[state.index]
        guard let first = text.first else {
            state.index += 1
            return .null
        }
        switch first {
        case "&":
            throw Problem(line: line.number, message: "anchors (&name) are not supported")
        case "*":
            throw Problem(line: line.number, message: "aliases (*name) are not supported")
        case "!":
            throw Problem(line: line.number, message: "tags (!tag) are not supported")
        case "@", "`":
            throw Problem(line: line.number, message: "'\(first)' cannot start a plain value")
        case "|", ">":
            return .string(try readBlockScalar(state, header: text, indent: indent))
        case "[", "{":
            return try readFlow(state, text: text, depth: depth)
        case "\"", "'":
            return .string(try readQuoted(state, text: text, indent: indent))
        default:
            return try readPlain(state, text: text, indent: indent)
        }
    }

    private func readPlain(_ state: State, text: Substring, indent: Int) throws(Problem) -> JSONValue {
        let line = state.lines[state.index]
        var pieces = [stripComment(text)]
        if try splitKey(pieces[0], line: line.number) != nil {
            throw Problem(line: line.number, message: "a mapping value cannot hold ': ' here; quote it")
        }
        state.index += 1
        // Continuation lines of a multi-line plain scalar: more indented, not blank, not comments.
        while state.index < state.lines.count {
            let next = state.lines[state.index]
            if next.text.isEmpty { break }
            if next.indent <= indent || next.text.hasPrefix("#") { break }
            if try splitKey(next.text, line: next.number) != nil {
                throw Problem(line: next.number, message: "unexpected mapping entry after a plain value")
            }
            if isSequenceItem(next.text) {
                throw Problem(line: next.number, message: "unexpected list item after a plain value")
            }
            pieces.append(stripComment(next.text))
            state.index += 1
        }
        let joined = pieces.map { String($0.trimmingTrailingSpaces()) }.joined(separator: " ")
        if pieces.count == 1 { return typedScalar(Substring(joined)) }
        return .string(joined)
    }

    private func stripComment(_ text: Substring) -> Substring {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "#" && index > text.startIndex && (text[text.index(before: index)] == " " || text[text.index(before: index)] == "\t") {
                return text[..<index].trimmingTrailingSpaces()
            }
            index = text.index(after: index)
        }
        return text.trimmingTrailingSpaces()
    }

    /// YAML 1.2 core schema typing of a plain scalar.
    func typedScalar(_ text: Substring) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let s = String(text)
        if isDecimalInteger(text), let value = Int64(s.hasPrefix("+") ? String(s.dropFirst()) : s) { return .integer(value) }
        if s.hasPrefix("0x"), s.count > 2, let value = Int64(s.dropFirst(2), radix: 16) { return .integer(value) }
        if s.hasPrefix("0o"), s.count > 2, let value = Int64(s.dropFirst(2), radix: 8) { return .integer(value) }
        if isFloat(text), let value = Double(s) { return .double(value) }
        return .string(s)
    }

    private func isDecimalInteger(_ text: Substring) -> Bool {
        var rest = text
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        return !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private func isFloat(_ text: Substring) -> Bool {
        var rest = text
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        var digits = 0
        while let c = rest.first, c.isASCII, c.isNumber { digits += 1; rest = rest.dropFirst() }
        if rest.first == "." {
            rest = rest.dropFirst()
            while let c = rest.first, c.isASCII, c.isNumber { digits += 1; rest = rest.dropFirst() }
        }
        guard digits > 0 else { return false }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            guard !rest.isEmpty else { return false }
            while let c = rest.first, c.isASCII, c.isNumber { rest = rest.dropFirst() }
        }
        return rest.isEmpty
    }

    // MARK: - Block scalars

    private func readBlockScalar(_ state: State, header: Substring, indent: Int) throws(Problem) -> String {
        let line = state.lines[state.index]
        let folded = header.first == ">"
        var chomp: Character = " "
        var explicitIndent: Int?
        var rest = header.dropFirst()
        for _ in 0..<2 {
            if let c = rest.first, c == "-" || c == "+" {
                chomp = c
                rest = rest.dropFirst()
            } else if let c = rest.first, let digit = c.wholeNumberValue, digit > 0, c.isASCII {
                explicitIndent = digit
                rest = rest.dropFirst()
            }
        }
        let trailing = rest.drop(while: { $0 == " " })
        if !trailing.isEmpty && !trailing.hasPrefix("#") {
            throw Problem(line: line.number, message: "unexpected text after a block scalar indicator")
        }
        state.index += 1
        var contentIndent: Int? = explicitIndent.map { indent + $0 }
        var body: [Substring] = []
        var raw: [(indent: Int, text: Substring)] = []
        while state.index < state.lines.count {
            let next = state.lines[state.index]
            if next.text.isEmpty {
                raw.append((next.indent, ""))
                state.index += 1
                continue
            }
            if contentIndent == nil {
                if next.indent <= indent { break }
                contentIndent = next.indent
            }
            guard let ci = contentIndent, next.indent >= ci else {
                if next.indent > indent {
                    throw Problem(line: next.number, message: "block scalar line indented less than its first line")
                }
                break
            }
            raw.append((next.indent, next.text))
            state.index += 1
        }
        // Trailing blank lines belong to the scalar only for chomping purposes.
        var trailingBlank = 0
        while let last = raw.last, last.text.isEmpty {
            trailingBlank += 1
            raw.removeLast()
        }
        let ci = contentIndent ?? indent + 1
        for entry in raw {
            if entry.text.isEmpty {
                body.append("")
            } else {
                body.append(Substring(String(repeating: " ", count: entry.indent - ci)) + entry.text)
            }
        }
        var text: String
        if folded {
            // Folding: a single break between two ordinary lines becomes a space; n blank lines become
            // n newlines; breaks around more-indented lines are kept.
            text = ""
            var blanks = 0
            var previous: Substring?
            for piece in body {
                if piece.isEmpty {
                    blanks += 1
                    continue
                }
                if let prev = previous {
                    if blanks == 0 && prev.first != " " && piece.first != " " {
                        text += " "
                    } else if prev.first != " " && piece.first != " " {
                        text += String(repeating: "\n", count: blanks)
                    } else {
                        text += String(repeating: "\n", count: blanks + 1)
                    }
                } else {
                    text += String(repeating: "\n", count: blanks)
                }
                text += piece
                previous = piece
                blanks = 0
            }
            if previous == nil { text = "" }
        } else {
            text = body.joined(separator: "\n")
        }
        switch chomp {
        case "-": break
        case "+":
            if !body.isEmpty { text += "\n" }
            text += String(repeating: "\n", count: trailingBlank)
        default:
            if !body.isEmpty { text += "\n" }
        }
        return text
    }

    // MARK: - Quoted scalars

    /// A quoted scalar that must close on the same line; returns the value and the text after it.
    private func scanQuotedOnLine(_ text: Substring, line: Int) throws(Problem) -> (String, Substring) {
        var scanner = QuoteScanner(quote: text.first!)
        var rest = text.dropFirst()
        if let after = try scanner.consume(&rest, line: line) { return (scanner.value, after) }
        throw Problem(line: line, message: "unterminated quoted string")
    }

    private func readQuoted(_ state: State, text: Substring, indent: Int) throws(Problem) -> String {
        let first = state.lines[state.index]
        var scanner = QuoteScanner(quote: text.first!)
        var rest = text.dropFirst()
        var currentLine = first.number
        while true {
            if let after = try scanner.consume(&rest, line: currentLine) {
                let trailing = after.drop(while: { $0 == " " })
                if !trailing.isEmpty && !trailing.hasPrefix("#") {
                    throw Problem(line: currentLine, message: "unexpected text after a quoted string")
                }
                state.index += 1
                return scanner.value
            }
            state.index += 1
            // Fold onto the next line: blank lines are newlines, others a single space.
            var blankLines = 0
            while state.index < state.lines.count && state.lines[state.index].text.isEmpty {
                blankLines += 1
                state.index += 1
            }
            guard state.index < state.lines.count else {
                throw Problem(line: first.number, message: "unterminated quoted string")
            }
            let next = state.lines[state.index]
            if next.indent <= indent && next.text.first != scanner.quote {
                throw Problem(line: first.number, message: "unterminated quoted string")
            }
            scanner.lineBreak(blankLines: blankLines)
            rest = next.text
            currentLine = next.number
        }
    }

    private struct QuoteScanner {
        let quote: Character
        var value = ""
        /// True after a `\` line continuation: the break adds nothing.
        var escapedBreak = false

        init(quote: Character) { self.quote = quote }

        mutating func lineBreak(blankLines: Int) {
            // Trailing white space before a break is not part of the value.
            if !escapedBreak {
                while value.last == " " || value.last == "\t" { value.removeLast() }
                value += blankLines > 0 ? String(repeating: "\n", count: blankLines) : " "
            }
            escapedBreak = false
        }

        /// Consumes characters up to the closing quote; returns the text after it, or nil when the
        /// line ended first.
        mutating func consume(_ rest: inout Substring, line: Int) throws(Problem) -> Substring? {
            while let c = rest.first {
                rest = rest.dropFirst()
                if c == quote {
                    if quote == "'" && rest.first == "'" {
                        value.append("'")
                        rest = rest.dropFirst()
                        continue
                    }
                    return rest
                }
                if c == "\\" && quote == "\"" {
                    guard let e = rest.first else {
                        escapedBreak = true
                        return nil
                    }
                    rest = rest.dropFirst()
                    switch e {
                    case "n": value.append("\n")
                    case "t", "\t": value.append("\t")
                    case "r": value.append("\r")
                    case "0": value.append("\0")
                    case "a": value.append("\u{07}")
                    case "b": value.append("\u{08}")
                    case "e": value.append("\u{1B}")
                    case "f": value.append("\u{0C}")
                    case "v": value.append("\u{0B}")
                    case " ": value.append(" ")
                    case "/": value.append("/")
                    case "\\": value.append("\\")
                    case "\"": value.append("\"")
                    case "N": value.append("\u{85}")
                    case "_": value.append("\u{A0}")
                    case "L": value.append("\u{2028}")
                    case "P": value.append("\u{2029}")
                    case "x", "u", "U":
                        let count = e == "x" ? 2 : (e == "u" ? 4 : 8)
                        let hex = rest.prefix(count)
                        guard hex.count == count, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                            throw Problem(line: line, message: "invalid \\\(e) escape in a quoted string")
                        }
                        value.unicodeScalars.append(scalar)
                        rest = rest.dropFirst(count)
                    default:
                        throw Problem(line: line, message: "invalid escape '\\\(e)' in a quoted string")
                    }
                    continue
                }
                value.append(c)
            }
            return nil
        }
    }

    // MARK: - Flow collections

    private func readFlow(_ state: State, text: Substring, depth: Int) throws(Problem) -> JSONValue {
        let first = state.lines[state.index]
        // Gather lines until the brackets balance (outside quotes), dropping comments.
        var chars: [(Character, Int)] = []
        var balance = 0
        var inQuote: Character?
        var current = text
        var number = first.number
        var done = false
        while !done {
            var previous: Character = " "
            var index = current.startIndex
            while index < current.endIndex {
                let c = current[index]
                if let q = inQuote {
                    if c == "\\" && q == "\"" {
                        chars.append((c, number))
                        index = current.index(after: index)
                        if index < current.endIndex { chars.append((current[index], number)) }
                        if index < current.endIndex { index = current.index(after: index) }
                        previous = "x"
                        continue
                    }
                    if c == q { inQuote = nil }
                } else {
                    if c == "#" && (previous == " " || previous == "\t") { break }
                    if c == "\"" || c == "'" { inQuote = c }
                    if c == "[" || c == "{" { balance += 1 }
                    if c == "]" || c == "}" { balance -= 1 }
                }
                chars.append((c, number))
                previous = c
                index = current.index(after: index)
                if balance == 0 && inQuote == nil {
                    let trailing = current[index...].drop(while: { $0 == " " })
                    if !trailing.isEmpty && !trailing.hasPrefix("#") {
                        throw Problem(line: number, message: "unexpected text after a flow collection")
                    }
                    done = true
                    break
                }
            }
            state.index += 1
            if done { break }
            guard state.index < state.lines.count else {
                throw Problem(line: first.number, message: "unterminated flow collection")
            }
            chars.append((" ", number))
            current = state.lines[state.index].text
            number = state.lines[state.index].number
        }
        var parser = FlowParser(chars: chars, maximumDepth: state.maximumDepth, reader: self)
        let value = try parser.parseValue(depth: depth)
        parser.skipSpaces()
        if parser.position < chars.count {
            throw Problem(line: chars[parser.position].1, message: "unexpected text in a flow collection")
        }
        return value
    }

    private struct FlowParser {
        let chars: [(Character, Int)]
        let maximumDepth: Int
        let reader: YAMLSubsetReader
        var position = 0

        init(chars: [(Character, Int)], maximumDepth: Int, reader: YAMLSubsetReader) {
            self.chars = chars
            self.maximumDepth = maximumDepth
            self.reader = reader
        }

        var line: Int { position < chars.count ? chars[position].1 : (chars.last?.1 ?? 0) }

        mutating func skipSpaces() {
            while position < chars.count && (chars[position].0 == " " || chars[position].0 == "\t") { position += 1 }
        }

        mutating func parseValue(depth: Int) throws(Problem) -> JSONValue {
            skipSpaces()
            guard position < chars.count else { throw Problem(line: line, message: "unterminated flow collection") }
            if depth > maximumDepth { throw Problem(line: line, message: "nesting deeper than \(maximumDepth) levels") }
            switch chars[position].0 {
            case "[":
                position += 1
                var items: [JSONValue] = []
                while true {
                    skipSpaces()
                    guard position < chars.count else { throw Problem(line: line, message: "unterminated flow list") }
                    if chars[position].0 == "]" { position += 1; return .array(items) }
                    items.append(try parseValue(depth: depth + 1))
                    skipSpaces()
                    guard position < chars.count else { throw Problem(line: line, message: "unterminated flow list") }
                    if chars[position].0 == "," { position += 1; continue }
                    if chars[position].0 == "]" { position += 1; return .array(items) }
                    throw Problem(line: line, message: "expected ',' or ']' in a flow list")
                }
            case "{":
                position += 1
                var members: [(String, JSONValue)] = []
                var keys: Set<String> = []
                while true {
                    skipSpaces()
                    guard position < chars.count else { throw Problem(line: line, message: "unterminated flow mapping") }
                    if chars[position].0 == "}" { position += 1; return .object(members) }
                    let keyValue = try parseScalar(inKey: true)
                    let key: String
                    switch keyValue {
                    case .string(let s): key = s
                    case .null: key = ""
                    case .bool(let b): key = b ? "true" : "false"
                    case .integer(let i): key = String(i)
                    case .double(let d): key = String(d)
                    default: throw Problem(line: line, message: "unsupported key in a flow mapping")
                    }
                    if !keys.insert(key).inserted { throw Problem(line: line, message: "duplicate key '\(key)'") }
                    skipSpaces()
                    var value: JSONValue = .null
                    if position < chars.count && chars[position].0 == ":" {
                        position += 1
                        skipSpaces()
                        if position < chars.count && (chars[position].0 == "," || chars[position].0 == "}") {
                            value = .null
                        } else {
                            value = try parseValue(depth: depth + 1)
                        }
                    }
                    members.append((key, value))
                    skipSpaces()
                    guard position < chars.count else { throw Problem(line: line, message: "unterminated flow mapping") }
                    if chars[position].0 == "," { position += 1; continue }
                    if chars[position].0 == "}" { position += 1; return .object(members) }
                    throw Problem(line: line, message: "expected ',' or '}' in a flow mapping")
                }
            default:
                return try parseScalar(inKey: false)
            }
        }

        mutating func parseScalar(inKey: Bool) throws(Problem) -> JSONValue {
            skipSpaces()
            guard position < chars.count else { throw Problem(line: line, message: "unterminated flow collection") }
            let c = chars[position].0
            if c == "&" { throw Problem(line: line, message: "anchors (&name) are not supported") }
            if c == "*" { throw Problem(line: line, message: "aliases (*name) are not supported") }
            if c == "!" { throw Problem(line: line, message: "tags (!tag) are not supported") }
            if c == "\"" || c == "'" {
                // Find the closing quote first, then decode only the quoted characters: decoding "the
                // rest of the collection" for each scalar made a long flow list quadratic.
                var end = position + 1
                while end < chars.count {
                    let ch = chars[end].0
                    if c == "\"" && ch == "\\" { end += 2; continue }
                    if ch == c {
                        if c == "'" && end + 1 < chars.count && chars[end + 1].0 == "'" { end += 2; continue }
                        break
                    }
                    end += 1
                }
                guard end < chars.count else { throw Problem(line: line, message: "unterminated quoted string") }
                var scanner = QuoteScanner(quote: c)
                var text = Substring(String(chars[(position + 1)...end].map(\.0)))
                guard let after = try scanner.consume(&text, line: line), after.isEmpty else {
                    throw Problem(line: line, message: "unterminated quoted string")
                }
                position = end + 1
                return .string(scanner.value)
            }
            if c == "[" || c == "{" {
                throw Problem(line: line, message: "nested flow collections are not supported as keys")
            }
            var text = ""
            while position < chars.count {
                let ch = chars[position].0
                if ch == "," || ch == "]" || ch == "}" || ch == "[" || ch == "{" { break }
                if ch == ":" {
                    let next = position + 1 < chars.count ? chars[position + 1].0 : " "
                    if next == " " || next == "," || next == "]" || next == "}" { break }
                }
                text.append(ch)
                position += 1
            }
            return reader.typedScalar(Substring(text).trimmingTrailingSpaces())
        }
    }
}

/// The words of a command line after the subcommand, read one option at a time.
///
/// Accepts `--name value`, `--name=value`, boolean `--flag`, and `--` to end options. Anything left
/// when a command is done parsing is a usage error naming the word.
struct ArgumentReader {
    private(set) var words: [String]

    init(_ words: [String]) {
        self.words = words
    }

    /// Removes a boolean flag (any of `names`), returning whether it was present.
    mutating func flag(_ names: String...) -> Bool {
        var found = false
        words = words.filter { word in
            if names.contains(word) { found = true; return false }
            return true
        }
        return found
    }

    /// Removes `--name value` or `--name=value` and returns the value (the last one when repeated).
    mutating func option(_ names: String...) throws(UsageError) -> String? {
        var value: String?
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" { break }
            if names.contains(word) {
                guard index + 1 < words.count else { throw UsageError("\(word) needs a value") }
                value = words[index + 1]
                words.removeSubrange(index...(index + 1))
                continue
            }
            if let name = names.first(where: { word.hasPrefix($0 + "=") }) {
                value = String(word.dropFirst(name.count + 1))
                words.remove(at: index)
                continue
            }
            index += 1
        }
        return value
    }

    /// Every value of a repeatable option.
    mutating func options(_ name: String) throws(UsageError) -> [String] {
        var values: [String] = []
        while let value = try option(name) { values.insert(value, at: 0) }
        return values
    }

    /// An option parsed as a positive integer.
    mutating func integerOption(_ name: String, range: ClosedRange<Int> = 1...Int.max) throws(UsageError) -> Int? {
        guard let text = try option(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return value
    }

    /// The remaining positional words; fails on any unknown `-option`.
    mutating func positionals() throws(UsageError) -> [String] {
        var result: [String] = []
        var afterDoubleDash = false
        for word in words {
            if afterDoubleDash { result.append(word); continue }
            if word == "--" { afterDoubleDash = true; continue }
            if word.hasPrefix("-") && word != "-" {
                throw UsageError("unknown option \"\(word)\"")
            }
            result.append(word)
        }
        words = []
        return result
    }

    /// Fails when anything is left.
    func finish() throws(UsageError) {
        if let word = words.first {
            throw UsageError(word.hasPrefix("-") ? "unknown option \"\(word)\"" : "unexpected argument \"\(word)\"")
        }
    }
}

/// A command line that cannot be run as written: exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

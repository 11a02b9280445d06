extension Substring {
    /// The text without trailing spaces and tabs.
    func trimmingTrailingSpaces() -> Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }

    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}

extension String {
    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> String {
        String(Substring(self).trimming(set))
    }
}

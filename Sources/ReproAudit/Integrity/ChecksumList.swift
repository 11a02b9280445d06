/// A coreutils-style checksum list (`SHA256SUMS`, `sha256sums.txt`, `*.sha256`): file name → SHA-256.
///
/// Accepts GNU text (`<hex>  name`) and binary (`<hex> *name`) lines, BSD tags (`SHA256 (name) = <hex>`)
/// and a bare digest in `X.sha256` (which then names `X`). Lines it cannot read are counted, not fatal.
public struct ChecksumList: Sendable, Equatable {
    /// Names as written in the list (relative to the list's folder) → lower-case hex SHA-256.
    public var entries: [(name: String, sha256: String)]
    /// Lines that are neither blank, comments, nor checksum lines.
    public var unreadableLines: [Int]

    public static func == (lhs: ChecksumList, rhs: ChecksumList) -> Bool {
        lhs.entries.map(\.name) == rhs.entries.map(\.name) && lhs.entries.map(\.sha256) == rhs.entries.map(\.sha256)
            && lhs.unreadableLines == rhs.unreadableLines
    }

    /// True for file names reproaudit reads as checksum lists.
    public static func isChecksumListName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "sha256sums" || lower == "sha256sums.txt" || lower == "sha256sum.txt" || lower.hasSuffix(".sha256")
    }

    /// Parses `text`; `fileName` is the list's own name (for the bare-digest `X.sha256` form).
    public static func parse(_ text: String, fileName: String) -> ChecksumList {
        var entries: [(name: String, sha256: String)] = []
        var unreadable: [Int] = []
        for (index, line) in TextLines.split(text).enumerated() {
            let trimmed = line.trimmed
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("SHA256 ("), let close = trimmed.firstRange(of: ") = ") {
                let name = String(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 8)..<close.lowerBound])
                let digest = String(trimmed[close.upperBound...]).trimmed
                if Hex.isHex(digest, length: 64) {
                    entries.append((name, digest.lowercased()))
                    continue
                }
            }
            let digest = String(line.prefix(64))
            if Hex.isHex(digest, length: 64) {
                var rest = line.dropFirst(64)
                if rest.isEmpty, fileName.lowercased().hasSuffix(".sha256") {
                    entries.append((String(fileName.dropLast(7)), digest.lowercased()))
                    continue
                }
                if rest.first == " " || rest.first == "\t" {
                    rest = rest.dropFirst()
                    if rest.first == "*" || rest.first == " " { rest = rest.dropFirst() }
                    var name = String(rest)
                    if name.hasPrefix("./") { name.removeFirst(2) }
                    if !name.isEmpty {
                        entries.append((name, digest.lowercased()))
                        continue
                    }
                }
            }
            unreadable.append(index + 1)
        }
        return ChecksumList(entries: entries, unreadableLines: unreadable)
    }
}

import Foundation
import Testing
import ReproAudit

/// Holds the sources and the documentation to `FindingCode.catalogue`: every finding code the
/// sources write is catalogued, every catalogued code is still written somewhere, and the findings
/// table of docs/audit-record.md is the catalogue's own rendering.
@Suite struct FindingCodeCatalogueTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let beginMarker = "<!-- findings table: generated from FindingCode.catalogue (Sources/ReproAudit/Record/FindingCode.swift); REPROAUDIT_UPDATE_DOCS=1 swift test --filter FindingCodeCatalogueTests rewrites it -->"
    static let endMarker = "<!-- end of findings table -->"

    /// Finding codes as the sources write them: `code: "x"`, `code: c ? "x" : "y"`, `code == "x"`, `code != "x"`,
    /// `errorCode = "x"`, `("code", "x")`, Keras's `("x", Finding.Severity.…)`, and `"…-not-local"`.
    /// Replies of the control socket (`ControlServer.error(…, code:)`) are not findings.
    static func codesInSources() throws -> [String: String] {
        let patterns = [
            #"code: (?:[^"(),]*\? )?"([a-z0-9]+(?:-[a-z0-9]+)*)"(?: : "([a-z0-9]+(?:-[a-z0-9]+)*)")?"#,
            #"code [!=]= "([a-z0-9]+(?:-[a-z0-9]+)*)""#,
            #"[eE]rrorCode(?:: String)? = "([a-z0-9]+(?:-[a-z0-9]+)+)""#,
            #"\("code", "([a-z0-9]+(?:-[a-z0-9]+)+)"\)"#,
            #"\("([a-z0-9]+(?:-[a-z0-9]+)+)", Finding\.Severity\."#,
            #""([a-z0-9]+(?:-[a-z0-9]+)*-not-local)""#,
        ].map { try! NSRegularExpression(pattern: $0) }
        var found: [String: String] = [:]
        for folder in ["Sources/ReproAudit", "Sources/ReproAuditDaemon"] {
            let base = packageRoot.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(atPath: base.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            for file in files {
                let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.contains("ControlServer.error(") {
                    let line = String(line)
                    let range = NSRange(line.startIndex..., in: line)
                    for pattern in patterns {
                        for match in pattern.matches(in: line, range: range) {
                            for group in 1..<match.numberOfRanges {
                                guard let captured = Range(match.range(at: group), in: line) else { continue }
                                found[String(line[captured]), default: "\(folder)/\(file):\(number + 1)"] = found[String(line[captured])] ?? "\(folder)/\(file):\(number + 1)"
                            }
                        }
                    }
                }
            }
        }
        return found
    }

    @Test func everyCodeTheSourcesWriteIsCatalogued() throws {
        let codes = try Self.codesInSources()
        #expect(codes.count > 60, "the scan of the sources found the codes: \(codes.keys.sorted())")
        for (code, place) in codes.sorted(by: { $0.key < $1.key }) {
            #expect(FindingCode.named(code) != nil,
                    "\(place) writes the finding code \(code), which FindingCode.catalogue (Sources/ReproAudit/Record/FindingCode.swift) does not list: add it there with its severity and meaning, then regenerate docs/audit-record.md (REPROAUDIT_UPDATE_DOCS=1 swift test --filter FindingCodeCatalogueTests)")
        }
    }

    @Test func everyCataloguedCodeIsStillWritten() throws {
        let codes = try Self.codesInSources()
        for entry in FindingCode.catalogue where !entry.code.hasPrefix("<") {
            #expect(codes[entry.code] != nil, "FindingCode.catalogue lists \(entry.code), which no source writes any more: remove it (and regenerate the docs)")
        }
        #expect(Set(FindingCode.catalogue.map(\.code)).count == FindingCode.catalogue.count, "a code is listed twice")
    }

    @Test func theDocumentedTableIsTheCatalogue() throws {
        let url = Self.packageRoot.appendingPathComponent("docs/audit-record.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let begin = try #require(text.range(of: Self.beginMarker), "docs/audit-record.md lacks the marker line \(Self.beginMarker)")
        let end = try #require(text.range(of: Self.endMarker, range: begin.upperBound..<text.endIndex))
        let documented = String(text[begin.upperBound..<end.lowerBound])
        let generated = "\n" + FindingCode.markdownTable()
        if documented != generated, ProcessInfo.processInfo.environment["REPROAUDIT_UPDATE_DOCS"] == "1" {
            try (String(text[..<begin.upperBound]) + generated + String(text[end.lowerBound...])).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(documented == generated, "docs/audit-record.md's findings table is not FindingCode.catalogue's: REPROAUDIT_UPDATE_DOCS=1 swift test --filter FindingCodeCatalogueTests")
    }
}

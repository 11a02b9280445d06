import Testing
@testable import ReproAudit

/// The people's table: columns line up in a terminal whatever the names are written in.
@Suite struct TextTableTests {
    @Test func wideCharactersKeepColumnsAligned() {
        var table = TextTable(header: ["MODEL", "INTEGRITY", "PATH"])
        table.append([.init("日本語モデル"), .init("verified"), .init("/a")])
        table.append([.init("plain"), .init("mismatch"), .init("/b")])
        table.append([.init("café-e\u{301}"), .init("verified"), .init("/c")])
        let lines = table.render(color: false).split(separator: "\n").map(String.init)
        // The INTEGRITY column starts at the same terminal column on every line.
        let starts = lines.map { line -> Int in
            let prefix = line.prefix { $0 != "v" && $0 != "m" && $0 != "I" }
            return DisplayWidth.of(String(prefix))
        }
        #expect(Set(starts).count == 1, "\(lines)")
        #expect(DisplayWidth.of("日本語モデル") == 12)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }
}

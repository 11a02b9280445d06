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

/// The one renderer's rules, which every command's table follows.
@Suite struct TextTableRendererTests {
    @Test func streamedBatchesKeepTheirColumnsAndTheHeaderComesOnce() {
        var table = TextTable(header: ["A", "B", "C"])
        table.append(["x", "1", "end"])
        let first = table.takeLines(color: false)
        #expect(first == ["A  B  C", "x  1  end"])
        table.append(["日本", "2", "end"])
        let second = table.takeLines(color: false)
        #expect(second == ["日本  2  end"], "columns only grow; no second header")
        #expect(table.takeLines(color: false).isEmpty)
    }

    @Test func noTrailingSpacesAndControlCharactersShownAsQuestionMarks() {
        var table = TextTable(header: ["TIME", "MODEL", "INTEGRITY"])
        table.append(["t", "[daemon.start] x", ""])
        table.append(["t", "a\nb", "verified"])
        let lines = table.render(color: false).split(separator: "\n").map(String.init)
        #expect(lines[1] == "t     [daemon.start] x")
        #expect(lines[2] == "t     a?b               verified")
    }

    @Test func colourOnlyWhenAskedAndLongCellsOverflow() {
        var table = TextTable(header: ["NAME", "V"], maxColumnWidth: 4)
        table.append([.init("averylongname"), .init("mismatch", color: TextTable.color(forVerdict: "mismatch"))])
        table.append([.init("b"), .init("verified", color: .green)])
        let plain = table.render(color: false)
        #expect(!plain.contains("\u{1B}"))
        #expect(plain.split(separator: "\n")[2] == "b     verified", "the column stays 4 wide")
        let coloured = table.render(color: true)
        #expect(coloured.contains("\u{1B}[31mmismatch\u{1B}[0m"))
        #expect(coloured.hasPrefix("\u{1B}[1mNAME\u{1B}[0m"))
    }

    @Test func recordTablesTakeTheirCellsFromTheRecord() throws {
        let record = try JSONParser().parse(Array(#"{"time":"2026-11-28T12:00:00.123Z","event":"audit","host":"h","model":{"path":"/m/x","layout":"hf-cache","name":"org/x","revision":"0123456789ab"},"verdict":{"integrity":"verified","safety":"safe","openness":"unknown"},"checks":{"license":{"id":"mit"}}}"#.utf8))
        #expect(RecordTable.row(record, RecordTable.log).map(\.text) == ["2026-11-28T12:00:00Z", "org/x@01234567", "verified", "safe", "unknown", "mit"])
        #expect(RecordTable.row(record, RecordTable.scan).map(\.text) == ["org/x@01234567", "verified", "safe", "unknown", "mit", "/m/x"])
        let removed = try JSONParser().parse(Array(#"{"time":"t","event":"removed","model":{"path":"/m/y","name":"y"}}"#.utf8))
        #expect(RecordTable.row(removed, RecordTable.log).map(\.text) == ["t", "[removed] y", "", "", "", ""])
    }
}

import Testing
@testable import ReproAudit

/// Replays the committed seeds of the `json` fuzz target (Tests/Fuzz/json.swift) with the target's
/// own property: what the bounded parser accepts survives a write and a second parse unchanged.
@Suite struct JSONFuzzCorpusTests {
    @Test func seedsRoundTripThroughTheWriter() throws {
        let names = try FormatFixtures.names(in: "fuzz-corpus/json")
        #expect(!names.isEmpty)
        for name in names {
            let bytes = try FormatFixtures.bytes(folder: "fuzz-corpus/json", name)
            // Like the target: an input the parser refuses is fine; one it accepts must round-trip.
            guard let value = try? JSONParser(maximumDepth: 8).parse(bytes) else { continue }
            #expect(try JSONParser(maximumDepth: 8).parse(JSONWriter.bytes(value)) == value, "\(name)")
        }
    }
}

import Testing
@testable import ReproAudit
@testable import ReproAuditDaemon

/// Replays the committed seeds of the `control` fuzz target (Tests/Fuzz/control.swift) with the
/// target's property: a request the daemon accepts means the same after the CLI's encoding of it is
/// read back.
@Suite struct ControlRequestFuzzCorpusTests {
    static let folder = "fuzz-corpus/control"

    @Test func acceptedSeedsSurviveTheClientsEncoding() throws {
        let names = try FormatFixtures.names(in: Self.folder)
        var accepted = 0
        for name in names {
            let bytes = try FormatFixtures.bytes(folder: Self.folder, name)
            guard let value = try? JSONParser(maximumDepth: 8).parse(bytes),
                  let request = try? ControlRequest.parse(value) else { continue }
            accepted += 1
            let reread = try ControlRequest.parse(JSONParser(maximumDepth: 8).parse(JSONWriter.bytes(request.json)))
            #expect(reread == request, "\(name)")
        }
        #expect(accepted >= 8, "the seeds cover every operation")
    }

    @Test func aPathHoldingNULIsRefusedWithAReason() throws {
        let bytes = try FormatFixtures.bytes(folder: Self.folder, "rescan-nul-refused.json")
        let value = try JSONParser(maximumDepth: 8).parse(bytes)
        #expect(throws: ControlRequest.Malformed.self) { try ControlRequest.parse(value) }
    }

    @Test func nonUTF8PathsKeepTheirExactBytes() throws {
        let bytes = try FormatFixtures.bytes(folder: Self.folder, "rescan-bytes.json")
        let request = try ControlRequest.parse(JSONParser(maximumDepth: 8).parse(bytes))
        guard case .rescan(let paths, true) = request else { Issue.record("not a waiting rescan: \(request)"); return }
        #expect(paths.count == 2)
        #expect(Array(paths[1].bytes) == Array("/srv/models/".utf8) + [0xFF])
    }
}

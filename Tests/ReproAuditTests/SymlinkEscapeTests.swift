import Foundation
import Testing
@testable import ReproAudit

/// A symlink to `/`, to a parent folder or into `/proc` must not turn a scan into a walk of the
/// whole machine (every process's cwd and root under `/proc` included).
@Suite struct SymlinkEscapeTests {
    func scan(_ path: String) -> ScanRunner.Outcome { scanForTest([path]) }

    @Test(.timeLimit(.minutes(1))) func linkToRootInsideAModelIsALoop() throws {
        let dir = TemporaryDirectory("rootlink")
        dir.write("m/model.safetensors", safetensorsBytes())
        dir.symlink("m/root", to: "/")
        dir.symlink("m/parent", to: "../..")
        let outcome = scan(dir.url("m"))
        let record = try #require(outcome.records.first)
        #expect(outcome.records.count == 1)
        #expect(record.files.map(\.path) == [RawPath("model.safetensors")])
        #expect(record.findings.contains { $0.code == "symlink-loop" && $0.path == RawPath("root") })
        #expect(record.findings.contains { $0.code == "symlink-loop" && $0.path == RawPath("parent") })
    }

    @Test(.timeLimit(.minutes(1))) func linkToRootOrProcInAStoreIsNotWalked() throws {
        let dir = TemporaryDirectory("storelink")
        dir.write("store/m/model.safetensors", safetensorsBytes())
        dir.symlink("store/everything", to: "/")
        dir.symlink("store/processes", to: "/proc")
        let outcome = scan(dir.url("store"))
        #expect(outcome.records.map(\.model.path.name) == ["m"])
        #expect(outcome.problems.contains { $0.code == "symlink-loop" && $0.path?.name == "everything" })
        #expect(outcome.problems.contains { $0.code == "pseudo-file-system" && $0.path?.name == "processes" })
    }

    @Test(.timeLimit(.minutes(1))) func procInsideAModelIsNotWalked() throws {
        let dir = TemporaryDirectory("procinmodel")
        dir.write("m/model.safetensors", safetensorsBytes())
        dir.symlink("m/p", to: "/proc/self")
        let record = try #require(scan(dir.url("m")).records.first)
        #expect(record.files.count == 1)
        #expect(record.findings.contains { $0.code == "pseudo-file-system" && $0.path == RawPath("p") })
    }
}

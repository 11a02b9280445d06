import Foundation
@testable import ReproAudit

/// Shared helpers for the log tests: temporary folders, records built with the real types, running
/// the built `reproaudit` binary.
enum LogTestSupport {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "reproaudit-logtests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func record(
        _ name: String, path: RawPath? = nil, time: Int64, digest: String = String(repeating: "a", count: 64),
        integrity: IntegrityStatus = .verified, safety: SafetyStatus = .safe, licenseID: String? = "apache-2.0",
        findings: [Finding] = []
    ) -> AuditRecord {
        let model = ModelIdentity(
            path: path ?? RawPath("/srv/models/\(name)"), layout: .folder, name: name, revision: "rev-\(name)")
        let files = [WeightFileResult(
            path: "model.safetensors", size: 10, sha256: digest, expectedSHA256: digest, expectedFrom: .sha256sums,
            format: "safetensors", status: integrity)]
        let openness = OpennessReport(
            dataCard: .init(status: .present, evidence: [Evidence(path: "README.md", detail: "section 'Training data'")]),
            trainingCode: .init(status: .missing),
            license: .init(licenseClass: licenseID == nil ? .unknown : .open, id: licenseID,
                           evidence: [Evidence(path: "README.md", detail: "front matter license")]),
            components: [("model-parameters", .present), ("data-card", .present), ("training-code", .missing)],
            extraChecks: [("datasets", .init(status: .referenced, evidence: [Evidence(path: "README.md", detail: "datasets: c4")]))],
            openness: licenseID == nil ? .unknown : .openWeights, mofClass: nil, findings: [])
        return AuditRecord(
            time: Timestamp(millisecondsSinceEpoch: time), host: "test-host", trigger: .scan, model: model,
            integrity: integrity, safety: safety, files: files, serializationFindings: [], openness: openness,
            findings: findings, durationMilliseconds: 12, bytesHashed: 10)
    }

    static let base: Int64 = 1_795_910_341_000  // 2026-11-28T23:59:01Z

    static func write(_ lines: [[UInt8]], to path: String) {
        try! Data(lines.flatMap { $0 }).write(to: URL(fileURLWithPath: path))
    }

    static func append(_ bytes: [UInt8], to path: String) {
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(bytes))
        try? handle.close()
    }

    static func gzip(_ path: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-f", path]
        try! process.run()
        process.waitUntilExit()
    }

    /// `.build/debug/reproaudit` of this checkout.
    static var binary: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/reproaudit").path
    }

    struct Outcome {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static func run(_ arguments: [String]) -> Outcome {
        let result = try! ChildProcess.run(binary, arguments)
        return Outcome(status: result.status, stdout: result.stdout, stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    /// Reads every line of the log at `path`, returning the lines' bytes and the statistics.
    static func readAll(_ path: String, since: Timestamp? = nil) throws -> ([[UInt8]], LogReadStatistics) {
        var lines: [[UInt8]] = []
        let statistics = try AuditLogReader(path: RawPath(path)).read(since: since) { lines.append($0.copiedBytes) }
        return (lines, statistics)
    }
}

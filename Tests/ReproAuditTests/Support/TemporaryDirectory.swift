import Foundation
@testable import ReproAudit

/// A fresh folder under the system temp directory, removed when the test is done with it.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init(_ label: String = "test") {
        let base = NSTemporaryDirectory() + "reproaudit-\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    deinit {
        // Make everything removable again (tests chmod files to 000).
        _ = try? Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+rwx", path]).waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }

    var raw: RawPath { RawPath(path) }

    func url(_ relative: String) -> String { path + "/" + relative }

    /// Writes `bytes` at `relative`, creating folders.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) -> String {
        let full = url(relative)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        write(relative, Array(text.utf8))
    }

    func mkdir(_ relative: String) {
        try! FileManager.default.createDirectory(atPath: url(relative), withIntermediateDirectories: true)
    }

    func symlink(_ relative: String, to target: String) {
        let full = url(relative)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
    }
}

/// Deterministic pseudo-random bytes (xorshift), so tests make the same "weights" every run.
func pseudoRandomBytes(_ count: Int, seed: UInt64 = 0x9E3779B97F4A7C15) -> [UInt8] {
    var state = seed == 0 ? 1 : seed
    var out = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        out[index] = UInt8(truncatingIfNeeded: state)
    }
    return out
}

func sha256Hex(_ bytes: [UInt8]) -> String { MessageDigest.hex(.sha256, of: bytes) }

/// git's blob id: SHA-1 of `blob <len>\0` + content.
func gitBlobSHA1(_ bytes: [UInt8]) -> String {
    MessageDigest.hex(.sha1, of: Array("blob \(bytes.count)\0".utf8) + bytes)
}

/// A minimal valid safetensors file: one F32 tensor of `count` elements.
func safetensorsBytes(tensorElements count: Int = 4, seed: UInt64 = 7) -> [UInt8] {
    let header = #"{"weight":{"dtype":"F32","shape":[\#(count)],"data_offsets":[0,\#(count * 4)]}}"#
    var bytes: [UInt8] = []
    var length = UInt64(header.utf8.count)
    for _ in 0..<8 {
        bytes.append(UInt8(truncatingIfNeeded: length))
        length >>= 8
    }
    bytes += Array(header.utf8)
    bytes += pseudoRandomBytes(count * 4, seed: seed)
    return bytes
}

/// A one-shot scan of `paths` as `reproaudit scan` runs it (host "test").
func scanForTest(_ paths: [String], jobs: Int = 2) -> ScanRunner.Outcome {
    ScanRunner(options: AuditOptions(jobs: jobs, host: "test", trigger: .scan)).run(paths: paths.map { RawPath($0) })
}

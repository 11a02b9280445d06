import Foundation
import Testing
@testable import ReproAudit

/// Inputs that claim more than they hold, or more than reproaudit accepts: each must end in a typed
/// error or a bounded result, never in a large allocation or a crash.
@Suite struct FormatLimitTests {
    @Test func pickleStackDepthIsBounded() {
        var scanner = PickleScanner()
        scanner.maximumStackDepth = 1_000
        let deep = [UInt8](repeating: 0x5D, count: 5_000) + [0x2E]   // 5,000 EMPTY_LISTs
        let result = scanner.scan(bytes: deep)
        #expect(result.error?.kind == .limitExceeded)
        let marks = [UInt8](repeating: 0x28, count: 5_000) + [0x2E]
        #expect(scanner.scan(bytes: marks).error?.kind == .limitExceeded)
        let inspection = FormatInspector.inspect(relativePath: "deep.pkl", source: InMemoryBytes([0x80, 2] + [UInt8](repeating: 0x5D, count: 2_000_000)))
        #expect(inspection.safety == .unknown)
        #expect(inspection.findings.map(\.code) == ["inspection-limit"])
    }

    @Test func pickleLinesAreBounded() {
        var scanner = PickleScanner()
        scanner.maximumLineLength = 100
        let long = Array("c".utf8) + [UInt8](repeating: 0x61, count: 1_000)
        #expect(scanner.scan(bytes: long).error?.kind == .limitExceeded)
    }

    @Test func zipCommentsAndUnsupportedMembers() throws {
        var bytes = try FormatFixtures.bytes("torch-evil-stored.pt")
        // A 300-byte archive comment: the end record is found behind it.
        let comment = [UInt8](repeating: 0x50, count: 300)
        bytes[bytes.count - 2] = UInt8(comment.count & 0xFF)
        bytes[bytes.count - 1] = UInt8(comment.count >> 8)
        let commented = bytes + comment
        #expect(try ZipArchive(source: InMemoryBytes(commented)).entries.count == 5)
        #expect(FormatInspector.inspect(relativePath: "m.pt", source: InMemoryBytes(commented)).safety == .unsafe)

        // Mark data.pkl (the first central-directory entry) as encrypted, then as method 12 (bzip2).
        let original = try FormatFixtures.bytes("torch-benign-stored.pt")
        let archive = try ZipArchive(source: InMemoryBytes(original))
        let directory = Int(archive.entries[0].directoryOffset)
        var encrypted = original
        encrypted[directory + 8] |= 1
        // PyTorch's reader ignores the flag and loads the member in clear: it is scanned, and the
        // disagreement between readers is a parser differential (never safe).
        let locked = FormatInspector.inspect(relativePath: "m.pt", source: InMemoryBytes(encrypted))
        #expect(locked.safety == .unknown)
        #expect(locked.findings.contains { $0.code == "parser-differential" && $0.message.contains("encrypted") })
        var lockedEvil = try FormatFixtures.bytes("torch-evil-stored.pt")
        let evilDirectory = Int(try ZipArchive(source: InMemoryBytes(lockedEvil)).entries[0].directoryOffset)
        lockedEvil[evilDirectory + 8] |= 1
        #expect(FormatInspector.inspect(relativePath: "m.pt", source: InMemoryBytes(lockedEvil)).safety == .unsafe)
        var bzip = original
        bzip[directory + 10] = 12
        let other = FormatInspector.inspect(relativePath: "m.pt", source: InMemoryBytes(bzip))
        #expect(other.safety == .unknown)
        #expect(other.corruption == nil)
    }

    @Test func zipDirectoryClaimsAreBounded() throws {
        let original = try FormatFixtures.bytes("torch-benign-stored.pt")
        let eocd = original.count - 22
        var many = original
        many[eocd + 10] = 0xFE; many[eocd + 11] = 0xFF                  // 65,534 entries
        #expect(throws: FormatError.self) { try ZipArchive(source: InMemoryBytes(many)) }
        var past = original
        past[eocd + 16] = 0xFF; past[eocd + 17] = 0xFF; past[eocd + 18] = 0xFF // directory offset beyond the file
        #expect(throws: FormatError.self) { try ZipArchive(source: InMemoryBytes(past)) }
        let notZip = FormatInspector.inspect(relativePath: "m.pt", source: InMemoryBytes(Array("PK\u{3}\u{4}".utf8) + [UInt8](repeating: 0, count: 100)))
        #expect(notZip.corruption?.code == "corrupt-zip")
    }

    @Test func sparseGigabyteSafetensorsIsValidatedFromItsHeader() throws {
        var builder = SafetensorsBuilder()
        builder.add("w", "F32", [1 << 28])       // 1 GiB of data
        builder.extraData = -(1 << 30)            // written sparse below
        let header = builder.build()
        let path = RawPath(NSTemporaryDirectory()).appending("reproaudit-sparse-\(getpid()).safetensors")
        let fd = try FileDescriptor.open(path, [.readWrite, .create, .truncate])
        defer { _ = path.withCString { unlink($0) } }
        try fd.writeAll(header)
        try fd.truncate(to: Int64(header.count) + (1 << 30))
        let parsed = try SafetensorsHeader.parse(source: FileBytes(descriptor: fd, count: Int64(header.count) + (1 << 30)))
        #expect(parsed.tensors.first?.end == 1 << 30)
        let short = FormatInspector.inspect(relativePath: "w.safetensors", source: FileBytes(descriptor: fd, count: Int64(header.count) + (1 << 30) - 1))
        #expect(short.corruption?.code == "corrupt-safetensors")
        try fd.close()
    }
}

import Foundation
import Testing
@testable import ReproAudit

@Suite struct HostileTreeTests {
    func scan(_ path: String) -> ScanRunner.Outcome { scanForTest([path]) }

    @Test(.timeLimit(.minutes(1))) func fifoIsAFindingAndIsNeverOpened() throws {
        let dir = TemporaryDirectory("fifo")
        dir.write("m/model.safetensors", safetensorsBytes())
        #expect(mkfifo(dir.url("m/pytorch_model.bin"), 0o644) == 0)
        #expect(mkfifo(dir.url("m/notes.txt"), 0o644) == 0)
        let record = try #require(scan(dir.path).records.first)
        let fifo = try #require(record.files.first { $0.path == RawPath("pytorch_model.bin") })
        #expect(fifo.status == .unreadable)
        #expect(fifo.sha256 == nil)
        #expect(record.findings.contains { $0.code == "not-regular-file" && $0.path == RawPath("pytorch_model.bin") })
        #expect(record.findings.contains { $0.code == "not-regular-file" && $0.path == RawPath("notes.txt") })
        #expect(record.integrity == .error)
        #expect(record.safety == .unknown)
    }

    @Test(.timeLimit(.minutes(1))) func socketIsNotRegular() throws {
        let dir = TemporaryDirectory("sock")
        dir.write("m/model.safetensors", safetensorsBytes())
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let socketPath = dir.url("m/weights.pt")
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8)
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        let record = try #require(scan(dir.path).records.first)
        #expect(record.findings.contains { $0.code == "not-regular-file" && $0.path == RawPath("weights.pt") })
    }

    @Test(.timeLimit(.minutes(1))) func symlinkLoopsAndSelfLinksEndTheWalk() throws {
        let dir = TemporaryDirectory("loops")
        dir.write("m/model.safetensors", safetensorsBytes())
        dir.symlink("m/a.bin", to: "b.bin")
        dir.symlink("m/b.bin", to: "a.bin")
        dir.symlink("m/self.pt", to: "self.pt")
        dir.symlink("m/sub/up", to: "..")
        dir.symlink("store/cycle", to: "../store")
        let outcome = scan(dir.path)
        let record = try #require(outcome.records.first { $0.model.path.name == "m" })
        for name in ["a.bin", "b.bin", "self.pt"] {
            #expect(record.findings.contains { $0.code == "symlink-loop" && $0.path == RawPath(name) }, "\(name)")
            #expect(record.files.first { $0.path == RawPath(name) }?.status == .unreadable)
        }
        #expect(record.findings.contains { $0.code == "symlink-loop" && $0.path == RawPath("sub/up") })
        #expect(outcome.records.count == 1)
    }

    @Test func unreadableFileIsAFindingAndTheAuditGoesOn() throws {
        let dir = TemporaryDirectory("unreadable")
        dir.write("m/model.safetensors", safetensorsBytes())
        // /proc/self/mem is a regular file whose read at offset 0 fails with EIO: a real read error,
        // even for root (chmod 000 does not stop root).
        dir.symlink("m/broken.bin", to: "/proc/self/mem")
        dir.write("m/locked.bin", pseudoRandomBytes(10))
        chmod(dir.url("m/locked.bin"), 0)
        let record = try #require(scan(dir.path).records.first)
        #expect(record.files.first { $0.path == RawPath("broken.bin") }?.status == .unreadable)
        #expect(record.findings.contains { $0.code == "unreadable" && $0.path == RawPath("broken.bin") })
        #expect(record.files.first { $0.path == RawPath("model.safetensors") }?.sha256 == sha256Hex(safetensorsBytes()))
        #expect(record.integrity == .error)
        if getuid() != 0 {
            #expect(record.files.first { $0.path == RawPath("locked.bin") }?.status == .unreadable)
        }
    }

    @Test func fileVanishingBetweenDiscoveryAndHashingIsAFinding() throws {
        let dir = TemporaryDirectory("vanish")
        dir.write("m/model.safetensors", safetensorsBytes())
        dir.write("m/gone.bin", pseudoRandomBytes(1000))
        let discovery = ModelFinder().discover([dir.raw])
        try FileManager.default.removeItem(atPath: dir.url("m/gone.bin"))
        let (records, _) = Auditor(options: AuditOptions(jobs: 1, host: "test")).audit(discovery.models)
        let record = try #require(records.first)
        #expect(record.files.first { $0.path == RawPath("gone.bin") }?.status == .unreadable)
        #expect(record.findings.contains { $0.code == "vanished" && $0.path == RawPath("gone.bin") })
        #expect(record.files.first { $0.path == RawPath("model.safetensors") }?.status == .unverified)
    }

    @Test(.timeLimit(.minutes(1))) func fifoSwappedInAfterDiscoveryNeverHangs() throws {
        let dir = TemporaryDirectory("swap")
        dir.write("m/model.safetensors", safetensorsBytes())
        dir.write("m/swapped.bin", pseudoRandomBytes(1000))
        let discovery = ModelFinder().discover([dir.raw])
        try FileManager.default.removeItem(atPath: dir.url("m/swapped.bin"))
        #expect(mkfifo(dir.url("m/swapped.bin"), 0o644) == 0)
        let (records, _) = Auditor(options: AuditOptions(jobs: 2, host: "test")).audit(discovery.models)
        let record = try #require(records.first)
        #expect(record.files.first { $0.path == RawPath("swapped.bin") }?.status == .unreadable)
        #expect(record.findings.contains { $0.code == "not-regular-file" && $0.path == RawPath("swapped.bin") })
        #expect(record.files.first { $0.path == RawPath("model.safetensors") }?.status == .unverified)
    }

    @Test(.timeLimit(.minutes(1))) func specialFilesSwappedInAreNeverOpenedForReading() throws {
        let dir = TemporaryDirectory("never-opened")
        dir.write("m/model.safetensors", safetensorsBytes())
        dir.write("m/swapped.bin", pseudoRandomBytes(1000))
        let discovery = ModelFinder().discover([dir.raw])
        try FileManager.default.removeItem(atPath: dir.url("m/swapped.bin"))
        #expect(mkfifo(dir.url("m/swapped.bin"), 0o644) == 0)
        // inotify reports IN_OPEN for every open(2) except O_PATH ones: the FIFO must see none.
        let inotify = inotify_init1(Int32(IN_NONBLOCK))
        try #require(inotify >= 0)
        defer { close(inotify) }
        try #require(inotify_add_watch(inotify, dir.url("m"), UInt32(IN_OPEN)) >= 0)
        _ = Auditor(options: AuditOptions(jobs: 2, host: "test")).audit(discovery.models)
        var opened: [String] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
        var offset = 0
        while count > 0, offset + 16 <= count {
            let length = Int(buffer[offset + 12]) | Int(buffer[offset + 13]) << 8 | Int(buffer[offset + 14]) << 16 | Int(buffer[offset + 15]) << 24
            let name = buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
            opened.append(String(decoding: name, as: UTF8.self))
            offset += 16 + length
        }
        #expect(opened.contains("model.safetensors"), "the watch works: the weights were opened")
        #expect(!opened.contains("swapped.bin"), "the FIFO was opened: \(opened)")
    }

    @Test func fileChangingWhileHashedIsNotAMismatch() throws {
        let dir = TemporaryDirectory("changing")
        let path = dir.write("f.bin", pseudoRandomBytes(5000))
        let (fd, status) = try FileDescriptor.openRegularFileForReading(RawPath(path))
        defer { fd.closeIgnoringErrors() }
        var stale = status
        stale.size -= 1  // what it looked like before a writer appended
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
        defer { buffer.deallocate() }
        let result = FileHasher().hash(fd, before: stale, computeGitSHA1: false, buffer: buffer)
        #expect(result == .failure(.changedDuringRead))
        let fresh = FileHasher().hash(fd, before: status, computeGitSHA1: false, buffer: buffer)
        #expect((try? fresh.get())?.sha256 == sha256Hex(pseudoRandomBytes(5000)))
    }

    @Test func namesThatAreNotUTF8OrHoldNewlinesRoundTripThroughJSON() throws {
        let dir = TemporaryDirectory("names")
        dir.write("m/model.safetensors", safetensorsBytes())
        dir.write("m/line\nbreak.bin", pseudoRandomBytes(10))
        let latin1 = RawPath(dir.path + "/m/caf").bytes + [0xE9] + Array(".bin".utf8)
        let fd = try FileDescriptor.open(RawPath(bytes: latin1), [.writeOnly, .create])
        try fd.writeAll(pseudoRandomBytes(20))
        try fd.close()
        let record = try #require(scan(dir.path).records.first)
        let line = record.line
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")))
        let parsed = try JSONParser().parse(line.dropLast())
        let files = try #require(parsed["checks"]?["weights"]?["files"]?.arrayValue)
        let paths = files.compactMap { PathEncoding.path("path", in: $0) }
        #expect(paths.contains(RawPath(bytes: Array("caf".utf8) + [0xE9] + Array(".bin".utf8))))
        #expect(paths.contains(RawPath("line\nbreak.bin")))
        let encoded = try #require(files.first { $0["path_bytes"] != nil })
        #expect(encoded["path"]?.stringValue == "caf\u{FFFD}.bin")
        #expect(encoded["path_bytes"]?.stringValue == Base64.encode(Array("caf".utf8) + [0xE9] + Array(".bin".utf8)))
        // Python's json module must accept the line too.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import json,sys; json.loads(sys.stdin.buffer.read()); print('ok')"]
        let input = Pipe()
        let output = Pipe()
        python.standardInput = input
        python.standardOutput = output
        try python.run()
        input.fileHandleForWriting.write(Data(line))
        try input.fileHandleForWriting.close()
        python.waitUntilExit()
        #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "ok\n")
    }
}

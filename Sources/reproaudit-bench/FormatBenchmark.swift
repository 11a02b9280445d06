#if canImport(Glibc)
import Glibc
#endif
import ReproAudit

/// Measures the format parsers on data it builds itself: the cost of validating a 1 GiB safetensors
/// file beyond hashing (the header only: the file is sparse, its data zero), and the pickle scanner's
/// throughput on a large synthetic opcode stream, in memory and from a file.
enum FormatBenchmark {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// `value` with `digits` decimals, without Foundation.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        guard digits > 0 else { return String(scaled) }
        let whole = String(scaled / Int64(scale))
        var fraction = String(abs(scaled % Int64(scale)))
        while fraction.count < digits { fraction = "0" + fraction }
        return whole + "." + fraction
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// A safetensors header of 256 F16 tensors of 2 MiB each (1 GiB of data).
    static func safetensorsHeader() -> [UInt8] {
        var members: [(String, JSONValue)] = [("__metadata__", .object([("format", "pt")]))]
        let tensorBytes: Int64 = 2 << 20
        for index in 0..<512 {
            let begin = Int64(index) * tensorBytes
            members.append(("model.layers.\(index / 8).mlp.proj_\(index % 8).weight", .object([
                ("dtype", "F16"), ("shape", .array([.integer(1024), .integer(1024)])),
                ("data_offsets", .array([.integer(begin), .integer(begin + tensorBytes)])),
            ])))
        }
        var header = JSONWriter.bytes(.object(members))
        while header.count % 8 != 0 { header.append(0x20) }
        return littleEndian(UInt64(header.count)) + header
    }

    static func run(workDirectory: String) -> [String] {
        var lines: [String] = []
        let directory = RawPath(workDirectory)
        do {
            // 1. Safetensors: 1 GiB sparse file, header validated through pread.
            let path = directory.appending("bench-1gib.safetensors")
            let header = safetensorsHeader()
            let fd = try FileDescriptor.open(path, [.readWrite, .create, .truncate])
            try fd.writeAll(header)
            try fd.truncate(to: Int64(header.count) + (1 << 30))
            try fd.close()
            let (readFD, status) = try FileDescriptor.openRegularFileForReading(path)
            let source = FileBytes(descriptor: readFD, count: status.size)
            var samples: [Double] = []
            var tensors = 0
            for _ in 0..<200 {
                let start = now()
                let parsed = try SafetensorsHeader.parse(source: source)
                samples.append(now() - start)
                tensors = parsed.tensors.count
            }
            samples.sort()
            let inspectStart = now()
            let inspection = FormatInspector.inspect(relativePath: "bench.safetensors", source: source)
            let inspectTime = now() - inspectStart
            readFD.closeIgnoringErrors()
            _ = path.withCString { unlink($0) }
            lines.append("safetensors 1 GiB (\(tensors) tensors, \(header.count)-byte header): validate median \(fixed(samples[samples.count / 2] * 1e3, 3)) ms, "
                + "p90 \(fixed(samples[samples.count * 9 / 10] * 1e3, 3)) ms; inspect \(fixed(inspectTime * 1e3, 3)) ms (\(inspection.safety.rawValue))")

            // 2. Pickle: ≥ 256 MiB of BINUNICODE/BININT/APPENDS batches inside one list.
            var stream: [UInt8] = [0x80, 4, 0x5D, 0x94]
            stream.reserveCapacity(272 << 20)
            var batch: [UInt8] = [0x28]
            for index in 0..<500 {
                let name = Array("tensor_name_\(String(index + 1000))".utf8)
                batch += [0x58] + littleEndian(UInt32(name.count)) + name
                batch += [0x4A] + littleEndian(Int32(index))
                batch += [0x4B, UInt8(index & 0xFF), 0x86]
            }
            batch.append(0x65)
            while stream.count < 256 << 20 { stream += batch }
            stream.append(0x2E)
            let megabytes = Double(stream.count) / 1_048_576
            var best = Double.infinity
            var result = PickleScanner.Result()
            for _ in 0..<3 {
                let start = now()
                result = PickleScanner().scan(bytes: stream)
                best = min(best, now() - start)
            }
            lines.append("pickle scan in memory: \(fixed(megabytes, 0)) MiB in \(fixed(best, 3)) s = \(fixed(Double(stream.count) / best / 1e6, 0)) MB/s ("
                + (result.error.map { "error: \($0)" } ?? "clean, \(result.imports.count) imports") + ")")

            // The same stream with every string memoised, as the pickler writes real checkpoints.
            var memoised: [UInt8] = [0x80, 4, 0x5D, 0x94]
            memoised.reserveCapacity(272 << 20)
            var memoBatch: [UInt8] = [0x28]
            for index in 0..<500 {
                let name = Array("tensor_name_\(String(index + 1000))".utf8)
                memoBatch += [0x8C, UInt8(name.count)] + name + [0x94]
                memoBatch += [0x4A] + littleEndian(Int32(index)) + [0x4B, UInt8(index & 0xFF), 0x86, 0x94]
            }
            memoBatch.append(0x65)
            while memoised.count < 256 << 20 { memoised += memoBatch }
            memoised.append(0x2E)
            let memoStart = now()
            let memoResult = PickleScanner().scan(bytes: memoised)
            let memoTime = now() - memoStart
            lines.append("pickle scan in memory, memoised strings: \(fixed(Double(memoised.count) / 1_048_576, 0)) MiB in \(fixed(memoTime, 3)) s = \(fixed(Double(memoised.count) / memoTime / 1e6, 0)) MB/s ("
                + (memoResult.error.map { "error: \($0)" } ?? "clean") + ")")
            memoised = []

            let picklePath = directory.appending("bench-stream.pkl")
            let out = try FileDescriptor.open(picklePath, [.writeOnly, .create, .truncate])
            try out.writeAll(stream)
            try out.close()
            let (pickleFD, pickleStatus) = try FileDescriptor.openRegularFileForReading(picklePath)
            // Best of three for both, interleaved, so that load from other processes hits both alike.
            var elapsed = Double.infinity
            var opensslTime = Double.infinity
            var fileResult = PickleScanner.Result()
            for _ in 0..<3 {
                var fileStream = SourceRangeStream(source: FileBytes(descriptor: pickleFD, count: pickleStatus.size))
                let start = now()
                fileResult = PickleScanner().scan(&fileStream)
                elapsed = min(elapsed, now() - start)
                opensslTime = min(opensslTime, BenchProcess.run("/usr/bin/env", ["openssl", "dgst", "-sha256", picklePath.displayString]).seconds)
            }
            pickleFD.closeIgnoringErrors()
            _ = picklePath.withCString { unlink($0) }
            lines.append("pickle scan from file (page cache): \(fixed(megabytes, 0)) MiB in \(fixed(elapsed, 3)) s = \(fixed(Double(stream.count) / elapsed / 1e6, 0)) MB/s ("
                + (fileResult.error.map { "error: \($0)" } ?? "clean") + ")")
            lines.append("pickle scan vs openssl dgst -sha256, same file, same run: openssl \(fixed(opensslTime, 3)) s, scan \(fixed(elapsed, 3)) s, ratio (scan throughput / openssl) \(fixed(opensslTime / elapsed, 3))")
        } catch {
            lines.append("format benchmark failed: \(error)")
        }
        return lines
    }
}

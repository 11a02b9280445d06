import CZlib

/// The uncompressed bytes of one zip member, read in chunks: stored bytes straight from the file, or
/// deflated bytes through the system zlib (raw inflate). Output never exceeds the member's declared
/// size: more is a `corrupt-zip` error, so a zip bomb cannot make a reader hold or walk more than the
/// directory admitted. When every byte went through `read`, the CRC-32 is checked at the end.
public struct ZipMemberStream: ByteStream {
    private var raw: SourceRangeStream
    private let inflater: Inflater?
    public let entry: ZipArchive.Entry
    /// Uncompressed bytes produced so far.
    public private(set) var produced: UInt64 = 0
    private var finished = false
    private var crc: UInt = 0
    /// False once bytes were skipped without being read (the CRC then cannot be checked).
    private var crcTracked = true

    init(stored raw: SourceRangeStream, entry: ZipArchive.Entry) {
        self.raw = raw
        self.inflater = nil
        self.entry = entry
    }

    init(deflated raw: SourceRangeStream, entry: ZipArchive.Entry) throws(FormatError) {
        self.raw = raw
        self.entry = entry
        guard let inflater = Inflater() else {
            throw FormatError(.unsupported, code: ZipArchive.errorCode, "zlib could not be initialised", member: entry.name)
        }
        self.inflater = inflater
    }

    public mutating func read(into buffer: inout [UInt8], maximum: Int) throws(FormatError) -> Int {
        guard maximum > 0, !finished else { return 0 }
        guard let inflater else {
            let start = buffer.count
            let got = try raw.read(into: &buffer, maximum: maximum)
            produced += UInt64(got)
            updateCRC(buffer, from: start)
            if got == 0 {
                finished = true
                if produced < entry.uncompressedSize {
                    throw FormatError(code: ZipArchive.errorCode, "member '\(entry.name)' ends after \(produced) of \(entry.uncompressedSize) bytes", member: entry.name)
                }
                try checkCRC()
            }
            return got
        }
        let start = buffer.count
        // One byte beyond the declared size is requested so that overlong output is noticed.
        let remaining = entry.uncompressedSize - min(produced, entry.uncompressedSize)
        let cap = min(maximum, 1 << 24)
        let want = remaining >= UInt64(cap) ? cap : Int(remaining) + 1
        buffer.reserveCapacity(start + want)
        while buffer.count == start {
            if inflater.needsInput {
                var input: [UInt8] = []
                let got = try raw.read(into: &input, maximum: 256 << 10)
                inflater.supply(input)
                if got == 0 && !inflater.hasPendingInput && inflater.inputExhausted {
                    throw FormatError(code: ZipArchive.errorCode, "deflated member '\(entry.name)' ends before its end marker", member: entry.name)
                }
                if got == 0 { inflater.inputExhausted = true }
            }
            let status = inflater.inflate(into: &buffer, maximum: want)
            switch status {
            case .ok: break
            case .end:
                finished = true
            case .failed(let message):
                throw FormatError(code: ZipArchive.errorCode, "deflated member '\(entry.name)' is damaged: \(message)", member: entry.name)
            }
            if finished { break }
        }
        let got = buffer.count - start
        produced += UInt64(got)
        updateCRC(buffer, from: start)
        if produced > entry.uncompressedSize {
            throw FormatError(code: ZipArchive.errorCode, "member '\(entry.name)' inflates past its declared size of \(entry.uncompressedSize) bytes", member: entry.name)
        }
        if finished, produced < entry.uncompressedSize {
            throw FormatError(code: ZipArchive.errorCode, "member '\(entry.name)' inflates to \(produced) bytes, not the declared \(entry.uncompressedSize)", member: entry.name)
        }
        if finished { try checkCRC() }
        return got
    }

    private mutating func updateCRC(_ buffer: [UInt8], from start: Int) {
        guard crcTracked, buffer.count > start else { return }
        crc = buffer.withUnsafeBufferPointer { pointer in
            CZlib.crc32(crc, pointer.baseAddress! + start, UInt32(buffer.count - start))
        }
    }

    private func checkCRC() throws(FormatError) {
        guard crcTracked, UInt32(truncatingIfNeeded: crc) != entry.crc32 else { return }
        throw FormatError(code: ZipArchive.errorCode, "member '\(entry.name)' fails its CRC-32 check (stored 0x\(String(entry.crc32, radix: 16)), computed 0x\(String(UInt32(truncatingIfNeeded: crc), radix: 16)))", member: entry.name)
    }

    /// Reads the member to its end (checking its size and CRC-32) without keeping the bytes.
    public mutating func drain() throws(FormatError) {
        var scratch: [UInt8] = []
        while true {
            scratch.removeAll(keepingCapacity: true)
            if try read(into: &scratch, maximum: 1 << 20) == 0 { return }
        }
    }

    public mutating func skip(_ count: UInt64) throws(FormatError) -> UInt64 {
        if inflater == nil {
            let skipped = try raw.skip(count)
            produced += skipped
            if skipped > 0 { crcTracked = false }
            return skipped
        }
        var skipped: UInt64 = 0
        var scratch: [UInt8] = []
        while skipped < count {
            scratch.removeAll(keepingCapacity: true)
            let got = try read(into: &scratch, maximum: Int(min(count - skipped, 1 << 20)))
            if got == 0 { break }
            skipped += UInt64(got)
        }
        return skipped
    }
}

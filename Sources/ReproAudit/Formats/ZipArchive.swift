/// The central directory of a zip archive (PyTorch checkpoints, `.keras`, `.npz`), validated against
/// the file, with streaming access to stored and deflated members.
///
/// The end-of-central-directory record is searched for only in the last 65,557 bytes (its size plus
/// the longest comment); ZIP64 records are followed; the central directory must lie inside the file
/// before the end record and hold no more entries than its size allows; each entry's local header is
/// checked when the member is opened. Members are read as `ByteStream`s, so a zip bomb costs one
/// chunk of memory: inflated output is handed over in chunks and never exceeds the declared size.
public struct ZipArchive: Sendable {
    /// One central-directory entry.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var method: UInt16
        public var flags: UInt16
        public var crc32: UInt32
        public var compressedSize: UInt64
        public var uncompressedSize: UInt64
        public var localHeaderOffset: UInt64
        /// Offset of the entry in the central directory, for error messages.
        public var directoryOffset: Int64

        public var isEncrypted: Bool { flags & 1 != 0 }
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    static let errorCode = "corrupt-zip"
    /// Largest central directory read (PyTorch archives of thousands of tensors need a few hundred KB).
    public static let maximumDirectorySize: UInt64 = 64 << 20

    public let source: any ByteSource
    public let entries: [Entry]

    /// Reads and validates the central directory of the archive behind `source`.
    public init(source: any ByteSource) throws(FormatError) {
        self.source = source
        let size = source.count
        guard size >= 22 else {
            throw FormatError(code: Self.errorCode, "file of \(size) bytes is too short for a zip archive", offset: 0)
        }
        let tailLength = Int(min(size, 22 + 65_535))
        let tailStart = size - Int64(tailLength)
        let tail = try Self.read(source, at: tailStart, count: tailLength)
        var found: Int?
        var index = tail.count - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 0x05, tail[index + 3] == 0x06 {
                let commentLength = Int(LittleEndian.uint16(tail, index + 20))
                if index + 22 + commentLength <= tail.count { found = index; break }
            }
            index -= 1
        }
        guard let eocd = found else {
            throw FormatError(code: Self.errorCode, "no end-of-central-directory record in the last \(tailLength) bytes (truncated?)", offset: size)
        }
        let eocdOffset = tailStart + Int64(eocd)
        var entryCount = UInt64(LittleEndian.uint16(tail, eocd + 10))
        var directorySize = UInt64(LittleEndian.uint32(tail, eocd + 12))
        var directoryOffset = UInt64(LittleEndian.uint32(tail, eocd + 16))
        var directoryEnd = UInt64(eocdOffset)
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record points at the ZIP64 end record.
            guard eocdOffset >= 20 else {
                throw FormatError(code: Self.errorCode, "ZIP64 fields without a ZIP64 locator", offset: eocdOffset)
            }
            let locator = try Self.read(source, at: eocdOffset - 20, count: 20)
            guard locator.count == 20, LittleEndian.uint32(locator, 0) == 0x0706_4B50 else {
                throw FormatError(code: Self.errorCode, "ZIP64 fields without a ZIP64 locator", offset: eocdOffset - 20)
            }
            let recordOffset = LittleEndian.uint64(locator, 8)
            guard eocdOffset - 20 >= 56, recordOffset <= UInt64(eocdOffset - 20 - 56) else {
                throw FormatError(code: Self.errorCode, "ZIP64 end record offset \(recordOffset) is not before its locator", offset: eocdOffset - 20)
            }
            let record = try Self.read(source, at: Int64(recordOffset), count: 56)
            guard record.count == 56, LittleEndian.uint32(record, 0) == 0x0606_4B50 else {
                throw FormatError(code: Self.errorCode, "no ZIP64 end record where the locator points", offset: Int64(recordOffset))
            }
            entryCount = LittleEndian.uint64(record, 32)
            directorySize = LittleEndian.uint64(record, 40)
            directoryOffset = LittleEndian.uint64(record, 48)
            directoryEnd = recordOffset
        }
        guard directoryOffset <= directoryEnd, directorySize <= directoryEnd - directoryOffset else {
            throw FormatError(code: Self.errorCode, "central directory [\(directoryOffset), +\(directorySize)) does not lie before the end record", offset: eocdOffset)
        }
        guard directorySize <= Self.maximumDirectorySize else {
            throw FormatError(.limitExceeded, code: Self.errorCode, "central directory of \(directorySize) bytes exceeds the \(Self.maximumDirectorySize)-byte limit", offset: Int64(directoryOffset))
        }
        guard entryCount <= directorySize / 46 else {
            throw FormatError(code: Self.errorCode, "\(entryCount) entries cannot fit in a central directory of \(directorySize) bytes", offset: eocdOffset)
        }
        let directory = try Self.read(source, at: Int64(directoryOffset), count: Int(directorySize))
        guard directory.count == Int(directorySize) else {
            throw FormatError(code: Self.errorCode, "central directory runs past the end of the file", offset: Int64(directoryOffset))
        }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(entryCount))
        var position = 0
        for _ in 0..<entryCount {
            let at = Int64(directoryOffset) + Int64(position)
            guard position + 46 <= directory.count, LittleEndian.uint32(directory, position) == 0x0201_4B50 else {
                throw FormatError(code: Self.errorCode, "bad central directory entry signature", offset: at)
            }
            let nameLength = Int(LittleEndian.uint16(directory, position + 28))
            let extraLength = Int(LittleEndian.uint16(directory, position + 30))
            let commentLength = Int(LittleEndian.uint16(directory, position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else {
                throw FormatError(code: Self.errorCode, "central directory entry runs past the directory", offset: at)
            }
            var entry = Entry(
                name: String(decoding: directory[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self),
                method: LittleEndian.uint16(directory, position + 10),
                flags: LittleEndian.uint16(directory, position + 8),
                crc32: LittleEndian.uint32(directory, position + 16),
                compressedSize: UInt64(LittleEndian.uint32(directory, position + 20)),
                uncompressedSize: UInt64(LittleEndian.uint32(directory, position + 24)),
                localHeaderOffset: UInt64(LittleEndian.uint32(directory, position + 42)),
                directoryOffset: at)
            // ZIP64 extended information: the fields that overflowed, in this order.
            if entry.uncompressedSize == 0xFFFF_FFFF || entry.compressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF {
                var extra = position + 46 + nameLength
                let extraEnd = extra + extraLength
                while extra + 4 <= extraEnd {
                    let id = LittleEndian.uint16(directory, extra)
                    let length = Int(LittleEndian.uint16(directory, extra + 2))
                    guard extra + 4 + length <= extraEnd else { break }
                    if id == 0x0001 {
                        var field = extra + 4
                        let fieldEnd = field + length
                        func next64() -> UInt64? {
                            guard field + 8 <= fieldEnd else { return nil }
                            defer { field += 8 }
                            return LittleEndian.uint64(directory, field)
                        }
                        if entry.uncompressedSize == 0xFFFF_FFFF, let value = next64() { entry.uncompressedSize = value }
                        if entry.compressedSize == 0xFFFF_FFFF, let value = next64() { entry.compressedSize = value }
                        if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next64() { entry.localHeaderOffset = value }
                    }
                    extra += 4 + length
                }
            }
            guard entry.localHeaderOffset <= directoryOffset,
                  entry.compressedSize <= directoryOffset - entry.localHeaderOffset else {
                throw FormatError(code: Self.errorCode, "member '\(entry.name)' [\(entry.localHeaderOffset), +\(entry.compressedSize)) does not lie before the central directory", offset: at)
            }
            entries.append(entry)
            position = next
        }
        self.entries = entries
    }

    private static func read(_ source: any ByteSource, at offset: Int64, count: Int) throws(FormatError) -> [UInt8] {
        do { return try source.read(at: offset, count: count) } catch {
            throw FormatError.io(error, code: errorCode, offset: offset)
        }
    }

    /// The first entry named `name`.
    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// The name in the member's local header when it differs from the central directory's (a parser
    /// differential: readers that walk local headers see another member than those that read the
    /// directory), else nil.
    public func localNameMismatch(of entry: Entry) throws(FormatError) -> String? {
        let at = Int64(entry.localHeaderOffset)
        let header = try Self.read(source, at: at, count: 30)
        guard header.count == 30, LittleEndian.uint32(header, 0) == 0x0403_4B50 else { return nil }
        let localName = try Self.read(source, at: at + 30, count: Int(LittleEndian.uint16(header, 26)))
        return localName.elementsEqual(entry.name.utf8) ? nil : String(decoding: localName, as: UTF8.self)
    }

    /// Checks the member's local header and returns the absolute offset of its data. The local name
    /// may differ from the directory's (see `localNameMismatch`): like PyTorch's reader, the
    /// directory's entry is followed.
    public func dataOffset(of entry: Entry) throws(FormatError) -> Int64 {
        let at = Int64(entry.localHeaderOffset)
        let header = try Self.read(source, at: at, count: 30)
        guard header.count == 30, LittleEndian.uint32(header, 0) == 0x0403_4B50 else {
            throw FormatError(code: Self.errorCode, "member '\(entry.name)' has no local header where the directory points", offset: at, member: entry.name)
        }
        let nameLength = Int64(LittleEndian.uint16(header, 26))
        let extraLength = Int64(LittleEndian.uint16(header, 28))
        let start = at + 30 + nameLength + extraLength
        guard UInt64(start) <= UInt64(source.count), entry.compressedSize <= UInt64(source.count - start) else {
            throw FormatError(code: Self.errorCode, "member '\(entry.name)' data runs past the end of the file", offset: at, member: entry.name)
        }
        return start
    }

    /// The member's uncompressed bytes as a stream: stored members are read directly, deflated ones
    /// inflated through zlib. Encrypted members (unless `ignoringEncryption`, as PyTorch's reader
    /// does) and other methods are `unsupported`.
    public func stream(for entry: Entry, ignoringEncryption: Bool = false) throws(FormatError) -> ZipMemberStream {
        if entry.isEncrypted && !ignoringEncryption {
            throw FormatError(.unsupported, code: Self.errorCode, "member '\(entry.name)' is encrypted", member: entry.name)
        }
        let start = try dataOffset(of: entry)
        let raw = SourceRangeStream(source: source, start: start, end: start + Int64(entry.compressedSize), errorCode: Self.errorCode)
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw FormatError(code: Self.errorCode, "stored member '\(entry.name)' has compressed size \(entry.compressedSize) ≠ size \(entry.uncompressedSize)", offset: Int64(entry.localHeaderOffset), member: entry.name)
            }
            return ZipMemberStream(stored: raw, entry: entry)
        case 8:
            return try ZipMemberStream(deflated: raw, entry: entry)
        default:
            throw FormatError(.unsupported, code: Self.errorCode, "member '\(entry.name)' uses compression method \(entry.method)", member: entry.name)
        }
    }

    /// The first `count` bytes of a member (to recognise what it holds), nil when it cannot be read.
    public func head(of entry: Entry, count: Int) -> [UInt8]? {
        guard var stream = try? stream(for: entry, ignoringEncryption: true) else { return nil }
        var bytes: [UInt8] = []
        while bytes.count < count, let got = try? stream.read(into: &bytes, maximum: count - bytes.count), got > 0 {}
        return bytes
    }

    /// Reads a whole member of at most `limit` bytes (a `config.json`).
    public func contents(of entry: Entry, limit: Int) throws(FormatError) -> [UInt8] {
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw FormatError(.limitExceeded, code: Self.errorCode, "member '\(entry.name)' of \(entry.uncompressedSize) bytes exceeds the \(limit)-byte limit", member: entry.name)
        }
        var stream = try stream(for: entry)
        var bytes: [UInt8] = []
        while try stream.read(into: &bytes, maximum: 1 << 20) > 0 {}
        return bytes
    }
}

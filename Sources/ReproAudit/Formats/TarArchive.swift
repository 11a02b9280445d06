/// The members of a POSIX tar archive (the oldest `torch.save` format: members `sys_info`, `pickle`,
/// `storages`, `tensors`), walked header by header without reading member data.
///
/// Bounded: at most `maximumMembers` headers are read, each member's size must fit in the file, and
/// only regular files are listed. GNU long names and pax headers are skipped as members of their own.
public struct TarArchive: Sendable {
    /// One regular-file member.
    public struct Member: Sendable, Equatable {
        public var name: String
        /// Absolute offset of the member's data.
        public var dataOffset: Int64
        public var size: Int64
    }

    static let errorCode = "corrupt-tar"
    public static let maximumMembers = 4096

    public let members: [Member]

    /// True when `prefix` (at least 263 bytes of the file) holds a ustar header.
    public static func isTar(prefix: [UInt8]) -> Bool {
        prefix.count >= 263 && prefix[257..<262].elementsEqual("ustar".utf8)
    }

    public init(source: some ByteSource) throws(FormatError) {
        var members: [Member] = []
        var offset: Int64 = 0
        var headers = 0
        while offset + 512 <= source.count {
            headers += 1
            guard headers <= Self.maximumMembers else {
                throw FormatError(.limitExceeded, code: Self.errorCode, "more than \(Self.maximumMembers) tar members", offset: offset)
            }
            let header: [UInt8]
            do { header = try source.read(at: offset, count: 512) } catch { throw FormatError.io(error, code: Self.errorCode, offset: offset) }
            if header.allSatisfy({ $0 == 0 }) { break }
            guard header.count == 512, header[257..<262].elementsEqual("ustar".utf8) else {
                throw FormatError(code: Self.errorCode, "no tar header where one should start", offset: offset)
            }
            let nameBytes = header[0..<100].prefix { $0 != 0 }
            var size: Int64 = 0
            for byte in header[124..<136] where byte >= 0x30 && byte <= 0x37 {
                size = size * 8 + Int64(byte - 0x30)
                guard size <= source.count else {
                    throw FormatError(code: Self.errorCode, "tar member size runs past the end of the file", offset: offset + 124)
                }
            }
            let dataOffset = offset + 512
            guard size <= source.count - dataOffset else {
                throw FormatError(code: Self.errorCode, "tar member '\(String(decoding: nameBytes, as: UTF8.self))' runs past the end of the file (truncated?)", offset: offset)
            }
            let type = header[156]
            if type == 0 || type == UInt8(ascii: "0") {
                members.append(Member(name: String(decoding: nameBytes, as: UTF8.self), dataOffset: dataOffset, size: size))
            }
            offset = dataOffset + (size + 511) / 512 * 512
        }
        self.members = members
    }
}

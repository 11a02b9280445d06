/// The bytes `start..<end` of a `ByteSource` as a stream (a raw pickle file, a stored zip member).
public struct SourceRangeStream: ByteStream {
    public let source: any ByteSource
    public private(set) var position: Int64
    public let end: Int64
    let errorCode: String

    public init(source: any ByteSource, start: Int64 = 0, end: Int64? = nil, errorCode: String = "corrupt-pickle") {
        self.source = source
        self.position = max(0, start)
        self.end = min(end ?? source.count, source.count)
        self.errorCode = errorCode
    }

    public mutating func read(into buffer: inout [UInt8], maximum: Int) throws(FormatError) -> Int {
        let want = Int(min(Int64(maximum), max(0, end - position)))
        guard want > 0 else { return 0 }
        let bytes: [UInt8]
        do { bytes = try source.read(at: position, count: want) } catch {
            throw FormatError.io(error, code: errorCode, offset: position)
        }
        buffer.append(contentsOf: bytes)
        position += Int64(bytes.count)
        return bytes.count
    }

    public mutating func skip(_ count: UInt64) throws(FormatError) -> UInt64 {
        let skipped = min(count, UInt64(max(0, end - position)))
        position += Int64(skipped)
        return skipped
    }
}

import CZlib

/// One zlib inflate stream with its `z_stream` pinned on the heap.
///
/// zlib keeps a pointer back to the `z_stream` it was initialised with and checks it on every call;
/// a `z_stream` stored inline in a Swift object and passed as `&stream` has no stable address the
/// language promises. Every inflating reader (raw deflate in zip members, gzip'd rotated logs) goes
/// through this one owner of the stream's memory and lifetime.
final class ZlibInflateStream {
    /// What the compressed bytes are wrapped in.
    enum Wrapping {
        /// Raw deflate (zip members): window bits -15.
        case raw
        /// A gzip or zlib header, detected automatically: window bits 15 + 32.
        case gzipOrZlib

        var windowBits: Int32 { self == .raw ? -15 : 15 + 32 }
    }

    /// zlib's status when the stream could not start.
    struct StartFailure: Error {
        var status: Int32
    }

    let stream: UnsafeMutablePointer<z_stream>

    init(_ wrapping: Wrapping) throws(StartFailure) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, wrapping.windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw StartFailure(status: status)
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// `inflate(stream, flush)`: zlib's status.
    func inflate(_ flush: Int32 = Z_NO_FLUSH) -> Int32 { CZlib.inflate(stream, flush) }

    /// Starts the next member of a concatenated stream with the same settings.
    func reset() { inflateReset(stream) }

    /// zlib's message for the last error, or `error N`.
    func message(for status: Int32) -> String { stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)" }
}

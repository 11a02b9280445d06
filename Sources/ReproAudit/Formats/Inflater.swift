import CZlib

/// A zlib raw-inflate stream (`inflateInit2` with window bits -15) owning its `z_stream`.
final class Inflater {
    enum Status {
        case ok, end
        case failed(String)
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = []
    private var inputPosition = 0
    var inputExhausted = false

    init?() {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    var needsInput: Bool { inputPosition >= input.count }
    var hasPendingInput: Bool { inputPosition < input.count }

    func supply(_ bytes: [UInt8]) {
        input = bytes
        inputPosition = 0
    }

    /// Inflates into new bytes appended to `buffer`, at most `maximum` of them.
    func inflate(into buffer: inout [UInt8], maximum: Int) -> Status {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: maximum))
        let available = input.count - inputPosition
        let result: Int32 = input.withUnsafeMutableBufferPointer { inputBuffer in
            buffer.withUnsafeMutableBufferPointer { outputBuffer in
                stream.pointee.next_in = available > 0 ? inputBuffer.baseAddress! + inputPosition : nil
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = outputBuffer.baseAddress! + start
                stream.pointee.avail_out = UInt32(maximum)
                return CZlib.inflate(stream, Z_NO_FLUSH)
            }
        }
        let consumed = available - Int(stream.pointee.avail_in)
        inputPosition += consumed
        let produced = maximum - Int(stream.pointee.avail_out)
        buffer.removeLast(maximum - produced)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch result {
        case Z_STREAM_END: return .end
        case Z_OK: return .ok
        case Z_BUF_ERROR:
            // No progress possible: more input is needed (or the input ended early).
            return inputExhausted && needsInput ? .failed("unexpected end of the compressed data") : .ok
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(result)"
            return .failed(message)
        }
    }
}

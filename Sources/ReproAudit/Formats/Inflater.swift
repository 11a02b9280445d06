import CZlib

/// Raw inflate (zip members) into growing byte arrays, over a `ZlibInflateStream`.
final class Inflater {
    enum Status {
        case ok, end
        case failed(String)
    }

    private let zlib: ZlibInflateStream
    private var stream: UnsafeMutablePointer<z_stream> { zlib.stream }
    private var input: [UInt8] = []
    private var inputPosition = 0
    var inputExhausted = false

    init?() {
        guard let zlib = try? ZlibInflateStream(.raw) else { return nil }
        self.zlib = zlib
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
                return zlib.inflate()
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
            return .failed(zlib.message(for: result))
        }
    }
}

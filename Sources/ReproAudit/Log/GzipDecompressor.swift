import CZlib

/// Streams the uncompressed bytes of a gzip file (rotated logs such as `audit.jsonl.3.gz`) through the
/// system zlib, in constant memory. Concatenated gzip members are read one after another.
public final class GzipDecompressor {
    private let zlib: ZlibInflateStream
    private var stream: UnsafeMutablePointer<z_stream> { zlib.stream }
    private let descriptor: FileDescriptor
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    private var inputEnded = false
    private var finished = false
    /// Compressed bytes read from the file so far.
    public private(set) var compressedBytesRead: Int64 = 0

    /// Starts inflating `descriptor` (which stays owned by the caller) with automatic gzip/zlib detection.
    public init(descriptor: FileDescriptor, chunkSize: Int = 1 << 20) throws(AuditLogError) {
        self.descriptor = descriptor
        inputCapacity = chunkSize
        do {
            zlib = try ZlibInflateStream(.gzipOrZlib)
        } catch {
            throw AuditLogError("log \(descriptor.path.displayString): zlib could not start (error \(error.status))")
        }
        input = .allocate(capacity: chunkSize)
    }

    deinit {
        input.deallocate()
    }

    /// Reads the next compressed chunk into zlib's input; sets `inputEnded` at the end of the file.
    private func refill() throws(AuditLogError) {
        let count: Int
        do {
            count = try descriptor.read(into: UnsafeMutableRawBufferPointer(start: input, count: inputCapacity))
        } catch {
            throw AuditLogError(path: descriptor.path, error)
        }
        compressedBytesRead += Int64(count)
        if count == 0 { inputEnded = true }
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(count)
    }

    /// Fills `buffer` with uncompressed bytes; 0 means the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(AuditLogError) -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        let out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.pointee.next_out = out
        stream.pointee.avail_out = UInt32(clamping: buffer.count)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputEnded {
                try refill()
            }
            let produced = buffer.count - Int(stream.pointee.avail_out)
            let status = zlib.inflate()
            if status == Z_STREAM_END {
                // Another gzip member may follow; otherwise this is the end.
                if stream.pointee.avail_in == 0 && inputEnded {
                    finished = true
                    break
                }
                if stream.pointee.avail_in == 0 {
                    // Peek for more input before deciding.
                    try refill()
                    if inputEnded {
                        finished = true
                        break
                    }
                }
                zlib.reset()
                continue
            }
            if status == Z_BUF_ERROR && stream.pointee.avail_in == 0 && inputEnded {
                throw AuditLogError("log \(descriptor.path.displayString): the gzip stream is truncated")
            }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                let reason = zlib.message(for: status)
                throw AuditLogError("log \(descriptor.path.displayString): not valid gzip data (\(reason))")
            }
            if status == Z_BUF_ERROR && buffer.count - Int(stream.pointee.avail_out) == produced && stream.pointee.avail_in > 0 {
                throw AuditLogError("log \(descriptor.path.displayString): zlib made no progress")
            }
        }
        return buffer.count - Int(stream.pointee.avail_out)
    }
}

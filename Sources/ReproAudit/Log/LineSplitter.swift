#if canImport(Glibc)
import Glibc
#endif

/// Splits a stream of chunks into newline-terminated lines in one reusable buffer, carrying a partial
/// line from one chunk to the next. Memory stays bounded: a line longer than `maximumLineLength` is
/// dropped (and counted) instead of growing the buffer without limit.
final class LineSplitter {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private let chunkSize: Int
    private let maximumLineLength: Int
    /// Dropping bytes up to the next newline: a line that grew too long, or the partial line a seek landed in.
    private var discarding = false
    /// Lines dropped because they were longer than `maximumLineLength`.
    private(set) var overlongLines = 0

    init(chunkSize: Int, maximumLineLength: Int) {
        self.chunkSize = chunkSize
        self.maximumLineLength = max(maximumLineLength, chunkSize)
        capacity = chunkSize * 2
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// Forgets any partial line; with `discardingFirstLine`, bytes up to the first newline are dropped.
    func reset(discardingFirstLine: Bool = false) {
        start = 0
        end = 0
        discarding = discardingFirstLine
    }

    /// Bytes of an unfinished line waiting for its newline.
    var pendingCount: Int { end - start }

    /// Lets `fill` write up to `chunkSize` bytes after the pending ones; returns what it wrote.
    func fill<E: Error>(_ fill: (UnsafeMutableRawBufferPointer) throws(E) -> Int) throws(E) -> Int {
        if start > 0 {
            if end > start { memmove(storage, storage + start, end - start) }
            end -= start
            start = 0
        }
        if capacity - end < chunkSize {
            if end >= maximumLineLength {
                // Too long to be a record: drop it and everything up to the next newline.
                overlongLines += 1
                end = 0
                discarding = true
            } else {
                let newCapacity = max(capacity * 2, end + chunkSize)
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
                bigger.update(from: storage, count: end)
                storage.deallocate()
                storage = bigger
                capacity = newCapacity
            }
        }
        let count = try fill(UnsafeMutableRawBufferPointer(start: storage + end, count: min(chunkSize, capacity - end)))
        end += count
        return count
    }

    /// Calls `body` with each complete line (without its newline) and keeps the unfinished rest.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        while start < end {
            guard let found = memchr(storage + start, 0x0A, end - start) else {
                if discarding { start = end }
                return
            }
            let newline = found.assumingMemoryBound(to: UInt8.self) - storage
            if discarding {
                discarding = false
            } else {
                body(UnsafeBufferPointer(start: storage + start, count: newline - start))
            }
            start = newline + 1
        }
    }

    /// Hands out the unfinished last line (a file that does not end in a newline), then forgets it.
    func finish(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if start < end && !discarding {
            body(UnsafeBufferPointer(start: storage + start, count: end - start))
        }
        reset()
    }
}

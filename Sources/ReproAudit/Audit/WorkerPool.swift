import Dispatch

/// Runs a list of blocking jobs on a fixed number of threads, largest first, and waits for them.
///
/// Hashing is blocking I/O plus CPU; a fixed pool of threads (one per core by default) keeps both
/// cores busy without oversubscribing them, which Swift's cooperative pool must not be used for.
public enum WorkerPool {
    /// Calls `work(index, workerBuffer)` for every index in `0..<count` on `threads` threads.
    /// Each thread owns one buffer of `bufferSize` bytes for its whole life.
    public static func run(count: Int, threads: Int, bufferSize: Int, work: @escaping @Sendable (Int, UnsafeMutableRawBufferPointer) -> Void) {
        guard count > 0 else { return }
        let next = Locked(0)
        let group = DispatchGroup()
        let workers = max(1, min(threads, count))
        for _ in 0..<workers {
            group.enter()
            SystemThread.detach(stackSize: 1 << 20) {
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 4096)
                defer {
                    buffer.deallocate()
                    group.leave()
                }
                while true {
                    let index: Int = next.withLock { value in
                        defer { value += 1 }
                        return value
                    }
                    if index >= count { return }
                    work(index, buffer)
                }
            }
        }
        group.wait()
    }
}

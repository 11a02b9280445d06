#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex, for the few places where state is shared between threads outside an actor
/// (the hashing pool, buffered output).
public final class Mutex: @unchecked Sendable {
    private var raw = pthread_mutex_t()

    public init() {
        pthread_mutex_init(&raw, nil)
    }

    deinit {
        pthread_mutex_destroy(&raw)
    }

    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&raw)
        defer { pthread_mutex_unlock(&raw) }
        return try body()
    }
}

/// A value protected by a `Mutex`.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex = Mutex()

    public init(_ value: Value) {
        self.value = value
    }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try mutex.withLock { try body(&value) }
    }

    public var current: Value { mutex.withLock { value } }
}

import Synchronization

/// A lock guarding state that is kept in several stored properties (the daemon's state, buffered
/// output), for the few places where state is shared between threads outside an actor. Built on the
/// standard library's `Synchronization.Mutex`, which owns its memory (no `pthread_mutex_t` stored
/// inline and passed by address).
public final class Lock: Sendable {
    private let mutex = Mutex(())

    public init() {}

    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try mutex.withLock { _ in try body() }
    }
}

/// A value protected by a `Synchronization.Mutex`. Only `Sendable` values may be wrapped, so a
/// non-Sendable value cannot be smuggled across threads by wrapping it (the old wrapper was
/// `@unchecked Sendable` whatever it held).
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) {
        mutex = Mutex(value)
    }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try mutex.withLock { value in try body(&value) }
    }

    public var current: Value { mutex.withLock { $0 } }
}

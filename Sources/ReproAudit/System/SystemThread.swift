#if canImport(Glibc)
import Glibc
#endif

/// A detached POSIX thread with a chosen stack size, for blocking work (hashing, an audit batch).
///
/// Used instead of Foundation's `Thread` so that the daemon and the command line do not load
/// Foundation and ICU at all: that saves start-up time (dynamic linking) and resident memory.
public enum SystemThread {
    /// Starts `body` on a new detached thread with a stack of `stackSize` bytes.
    /// A failure to create the thread is fatal: it only happens when the process is out of resources.
    public static func detach(stackSize: Int, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, max(stackSize, Int(PTHREAD_STACK_MIN)))
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { raw in
            let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
            body.run()
            return nil
        }, box)
        if result != 0 {
            Unmanaged<Body>.fromOpaque(box).release()
            fatalError("pthread_create: \(String(cString: strerror(result)))")
        }
    }

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The process's arguments as the kernel passed them: bytes, not `String`s, so a path that is
/// not UTF-8 reaches the command exactly (`CommandLine.arguments` would replace such bytes).
public enum ProcessArguments {
    /// `argv[1...]`, each word's bytes without the terminating NUL.
    public static var current: [[UInt8]] {
        var words: [[UInt8]] = []
        let argv = CommandLine.unsafeArgv
        for index in 1..<Int(CommandLine.argc) {
            guard let word = argv[index] else { continue }
            let length = strlen(word)
            words.append(word.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) })
        }
        return words
    }
}

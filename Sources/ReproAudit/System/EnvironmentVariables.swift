#if canImport(Glibc)
import Glibc
#endif

/// The process environment (`environ`), read without Foundation's `ProcessInfo`.
public enum EnvironmentVariables {
    /// Every `NAME=value` pair; for a name given twice the first one wins, as `getenv` does.
    public static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
            }
            pointer += 1
        }
        return result
    }
}

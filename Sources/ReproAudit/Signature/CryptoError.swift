import CLibCrypto

/// A libcrypto operation that failed, with the reason OpenSSL gave (its error queue), so a message can
/// say what was wrong with a key, certificate or signature rather than just "failed".
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done: "read PEM public key", "verify certificate chain"…
    public var operation: String
    /// OpenSSL's reason string(s), or a reason of ours when OpenSSL had none.
    public var reason: String

    public init(operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    /// The failure of `operation`, with the reasons drained from OpenSSL's thread-local error queue.
    static func fromQueue(_ operation: String, fallback: String = "failed") -> CryptoError {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if reasons.count < 4 { reasons.append(text) }
        }
        return CryptoError(operation: operation, reason: reasons.isEmpty ? fallback : reasons.joined(separator: "; "))
    }

    /// Empties OpenSSL's error queue (after an expected failure whose reason is not needed).
    static func clearQueue() { ERR_clear_error() }

    public var description: String { "\(operation): \(reason)" }
}

import CLibCrypto

/// An incremental message digest computed by OpenSSL's libcrypto through the EVP interface.
///
/// EVP picks the fastest implementation for this CPU (SHA-NI, AVX2), which is why reproaudit
/// hashes through libcrypto rather than in Swift. Not thread-safe: one per hashing job.
public final class MessageDigest {
    /// The digest algorithms reproaudit uses.
    public enum Algorithm: Sendable {
        /// SHA-256: what the Hub, Ollama and SHA256SUMS files publish for content.
        case sha256
        /// SHA-1: git blob ids of small files in a Hugging Face cache.
        case sha1
        /// SHA-384: ECDSA P-384 signatures.
        case sha384
        /// BLAKE2b-512: Model Signing bundles with `hash_type` `blake2`.
        case blake2b512

        var evp: OpaquePointer? {
            switch self {
            case .sha256: return EVP_sha256()
            case .sha1: return EVP_sha1()
            case .sha384: return EVP_sha384()
            case .blake2b512: return EVP_blake2b512()
            }
        }
    }

    private let context: OpaquePointer

    public init(_ algorithm: Algorithm) {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        self.context = context
        guard EVP_DigestInit_ex(context, algorithm.evp, nil) == 1 else { fatalError("EVP_DigestInit_ex failed") }
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Feeds `bytes` into the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Finishes the digest and returns it as lower-case hex. The object cannot be used afterwards.
    public func finalizeHex() -> String {
        Hex.encode(finalize())
    }

    /// Finishes the digest and returns its bytes. The object cannot be used afterwards.
    public func finalize() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &output, &length)
        return Array(output[..<Int(length)])
    }

    /// The digest of `bytes` in one call.
    public static func bytes(_ algorithm: Algorithm, of bytes: [UInt8]) -> [UInt8] {
        let digest = MessageDigest(algorithm)
        digest.update(bytes)
        return digest.finalize()
    }

    /// The hex digest of `bytes` in one call.
    public static func hex(_ algorithm: Algorithm, of bytes: [UInt8]) -> String {
        let digest = MessageDigest(algorithm)
        digest.update(bytes)
        return digest.finalizeHex()
    }
}

/// Lower-case hexadecimal encoding of digests.
public enum Hex {
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `text` is exactly `length` hex digits (either case).
    public static func isHex(_ text: some StringProtocol, length: Int) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte)
        }
    }
}

extension Hex {
    /// The bytes of a hex string (either case), or nil when it is not an even number of hex digits.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: return byte - 48
            case 97...102: return byte - 87
            case 65...70: return byte - 55
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}

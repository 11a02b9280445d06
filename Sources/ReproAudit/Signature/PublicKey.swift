import CLibCrypto

/// A public key held by libcrypto (`EVP_PKEY`): ECDSA P-256/P-384 or Ed25519, the key types the
/// OpenSSF Model Signing format and Sigstore use. Verifies signatures; never signs.
public final class PublicKey: @unchecked Sendable {
    /// The algorithms a Model Signing or Sigstore key may have.
    public enum Kind: String, Sendable {
        case ecdsaP256 = "ecdsa-p256"
        case ecdsaP384 = "ecdsa-p384"
        case ed25519
        case rsa
    }

    let pointer: OpaquePointer
    public let kind: Kind
    /// DER SubjectPublicKeyInfo: what the key's SHA-256 (`publicKey.hint`) is computed over.
    public let subjectPublicKeyInfo: [UInt8]

    /// Takes ownership of `pointer`.
    init(owning pointer: OpaquePointer) throws(CryptoError) {
        self.pointer = pointer
        switch EVP_PKEY_get_base_id(pointer) {
        case EVP_PKEY_ED25519: kind = .ed25519
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS: kind = .rsa
        case EVP_PKEY_EC:
            switch EVP_PKEY_get_bits(pointer) {
            case 256: kind = .ecdsaP256
            case 384: kind = .ecdsaP384
            default:
                EVP_PKEY_free(pointer)
                throw CryptoError(operation: "read public key", reason: "elliptic curve of \(EVP_PKEY_get_bits(pointer)) bits is not P-256 or P-384")
            }
        default:
            EVP_PKEY_free(pointer)
            throw CryptoError(operation: "read public key", reason: "unsupported key type \(EVP_PKEY_get_base_id(pointer))")
        }
        var der: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_PUBKEY(pointer, &der)
        if length > 0, let der {
            subjectPublicKeyInfo = Array(UnsafeBufferPointer(start: der, count: Int(length)))
            CRYPTO_free(der, #fileID, #line)
        } else {
            subjectPublicKeyInfo = []
        }
    }

    deinit { EVP_PKEY_free(pointer) }

    /// A key from PEM text (`-----BEGIN PUBLIC KEY-----`).
    public convenience init(pem: [UInt8]) throws(CryptoError) {
        let key: OpaquePointer? = pem.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PUBKEY(bio, nil, nil, nil)
        }
        guard let key else { throw CryptoError.fromQueue("read PEM public key", fallback: "not a PEM public key") }
        try self.init(owning: key)
    }

    /// A key from DER SubjectPublicKeyInfo (as Sigstore's trusted root holds them).
    public convenience init(der: [UInt8]) throws(CryptoError) {
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key else { throw CryptoError.fromQueue("read DER public key", fallback: "not a DER SubjectPublicKeyInfo") }
        try self.init(owning: key)
    }

    /// Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo: how reproaudit names a key (`signer`).
    public var sha256Hex: String { MessageDigest.hex(.sha256, of: subjectPublicKeyInfo) }

    /// Lower-case hex SHA-256 of the key's PEM text: the `publicKey.hint` of v1.1 bundles.
    public var pemSHA256Hex: String { MessageDigest.hex(.sha256, of: Array(PEM.encode(label: "PUBLIC KEY", der: subjectPublicKeyInfo).utf8)) }

    /// The digest ECDSA signatures with this key use: SHA-384 for P-384, else SHA-256.
    public var defaultDigest: MessageDigest.Algorithm { kind == .ecdsaP384 ? .sha384 : .sha256 }

    /// Verifies `signature` over `message`: ECDSA with SHA-256 (P-256) or SHA-384 (P-384), pure
    /// Ed25519, RSA with SHA-256. Returns normally only when the signature is valid.
    public func verify(signature: [UInt8], message: [UInt8], digest: MessageDigest.Algorithm? = nil) throws(CryptoError) {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError(operation: "verify signature", reason: "out of memory") }
        defer { EVP_MD_CTX_free(context) }
        let md: OpaquePointer?
        switch kind {
        case .ed25519: md = nil
        case .ecdsaP384: md = digest == .sha256 ? EVP_sha256() : EVP_sha384()
        case .ecdsaP256, .rsa: md = digest == .sha384 ? EVP_sha384() : EVP_sha256()
        }
        guard EVP_DigestVerifyInit(context, nil, md, nil, pointer) == 1 else {
            throw CryptoError.fromQueue("verify signature")
        }
        let result = signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { msg in
                EVP_DigestVerify(context, sig.baseAddress, sig.count, msg.baseAddress, msg.count)
            }
        }
        guard result == 1 else {
            throw CryptoError.fromQueue("verify signature", fallback: "signature does not match the \(kind.rawValue) key")
        }
    }

    /// True when both hold the same key.
    public func sameKey(as other: PublicKey) -> Bool { subjectPublicKeyInfo == other.subjectPublicKeyInfo }
}

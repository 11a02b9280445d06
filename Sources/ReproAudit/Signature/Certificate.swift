import CLibCrypto
#if canImport(Glibc)
import Glibc
#endif

/// An X.509 certificate held by libcrypto: validity, public key, subject alternative names, extensions
/// by OID and extended key usage, as the `certificate` and keyless `sigstore` methods check them.
public final class Certificate: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The certificate's DER encoding.
    public let der: [UInt8]

    /// Takes ownership of `pointer`.
    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509(pointer, &out)
        if length > 0, let out {
            der = Array(UnsafeBufferPointer(start: out, count: Int(length)))
            CRYPTO_free(out, #fileID, #line)
        } else {
            der = []
        }
    }

    deinit { X509_free(pointer) }

    /// A certificate from DER bytes; trailing bytes are an error.
    public convenience init(der: [UInt8]) throws(CryptoError) {
        var consumed = 0
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let result = d2i_X509(nil, &cursor, buffer.count)
            if let cursor, let base = buffer.baseAddress { consumed = cursor - base }
            return result
        }
        guard let parsed else { throw CryptoError.fromQueue("read DER certificate", fallback: "not a DER X.509 certificate") }
        guard consumed == der.count else {
            X509_free(parsed)
            throw CryptoError(operation: "read DER certificate", reason: "\(der.count - consumed) bytes after the certificate")
        }
        self.init(owning: parsed)
    }

    /// Every certificate in PEM text (`-----BEGIN CERTIFICATE-----` blocks), in order; at least one.
    public static func pemChain(_ pem: [UInt8]) throws(CryptoError) -> [Certificate] {
        var certificates: [Certificate] = []
        let failed: Bool = pem.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return true }
            defer { BIO_free(bio) }
            while certificates.count < 64, let next = PEM_read_bio_X509(bio, nil, nil, nil) {
                certificates.append(Certificate(owning: next))
            }
            return false
        }
        // The loop ends on "no start line" once the text is used up; that is not an error.
        CryptoError.clearQueue()
        guard !failed, !certificates.isEmpty else {
            throw CryptoError(operation: "read PEM certificates", reason: "no -----BEGIN CERTIFICATE----- block")
        }
        return certificates
    }

    /// The subject as one line (`/O=sigstore.dev/CN=sigstore-intermediate`).
    public var subject: String { Self.nameLine(X509_get_subject_name(pointer)) }
    public var issuer: String { Self.nameLine(X509_get_issuer_name(pointer)) }

    static func nameLine(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        var buffer = [CChar](repeating: 0, count: 512)
        X509_NAME_oneline(name, &buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Start of validity, seconds since the epoch.
    public var notBefore: Int64? { Self.seconds(X509_get0_notBefore(pointer)) }
    /// End of validity, seconds since the epoch.
    public var notAfter: Int64? { Self.seconds(X509_get0_notAfter(pointer)) }

    static func seconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Int64(timegm(&parts))
    }

    /// True when the certificate is valid at `time` (seconds since the epoch).
    public func isValid(at time: Int64) -> Bool {
        guard let start = notBefore, let end = notAfter else { return false }
        return start <= time && time <= end
    }

    /// The subject public key.
    public func publicKey() throws(CryptoError) -> PublicKey {
        guard let key = X509_get_pubkey(pointer) else { throw CryptoError.fromQueue("read certificate public key") }
        return try PublicKey(owning: key)
    }

    /// E-mail addresses, URIs and DNS names of the subject alternative name extension, in order.
    public var subjectAlternativeNames: [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { reproaudit_GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<reproaudit_sk_GENERAL_NAME_num(names) {
            guard let name = reproaudit_sk_GENERAL_NAME_value(names, index) else { continue }
            var data: UnsafePointer<UInt8>? = nil
            var length: Int32 = 0
            _ = reproaudit_GENERAL_NAME_string(name, &data, &length)
            if let data, length > 0 { result.append(String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)) }
        }
        return result
    }

    /// The raw value (the OCTET STRING's contents) of the extension with the dotted `oid`, or nil.
    public func extensionValue(oid: String) -> [UInt8]? {
        guard let object = OBJ_txt2obj(oid, 1) else { return nil }
        defer { ASN1_OBJECT_free(object) }
        let index = X509_get_ext_by_OBJ(pointer, object, -1)
        guard index >= 0, let ext = X509_get_ext(pointer, index), let data = X509_EXTENSION_get_data(ext) else { return nil }
        let length = Int(ASN1_STRING_length(data))
        guard let bytes = ASN1_STRING_get0_data(data) else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }

    /// True when the extended key usage extension lists code signing.
    public var hasCodeSigningUsage: Bool { reproaudit_X509_has_code_signing(pointer) == 1 }

    /// True when `issuer`'s key verifies this certificate's signature.
    public func isSigned(by issuer: Certificate) -> Bool {
        guard let key = X509_get0_pubkey(issuer.pointer) else { return false }
        let result = X509_verify(pointer, key) == 1
        CryptoError.clearQueue()
        return result
    }

    /// The certificate as PEM text.
    public var pem: String { PEM.encode(label: "CERTIFICATE", der: der) }
}

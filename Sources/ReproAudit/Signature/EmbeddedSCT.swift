import CLibCrypto

/// A signed certificate timestamp embedded in a (Fulcio) certificate, RFC 6962 §3.2: the CT log's
/// promise to publish the precertificate. Verified by rebuilding the precertificate entry (the TBS
/// without the SCT extension, and the issuer's key hash) and checking the log's signature over it.
public struct EmbeddedSCT: Sendable, Equatable {
    public var logID: [UInt8]
    /// Milliseconds since the epoch.
    public var timestamp: UInt64
    public var extensions: [UInt8]
    public var signature: [UInt8]

    /// The SCTs of `certificate`'s precertificate SCT list extension (empty when there is none).
    public static func embedded(in certificate: Certificate) -> [EmbeddedSCT] {
        guard let raw = X509_get_ext_d2i(certificate.pointer, NID_ct_precert_scts, nil, nil) else {
            CryptoError.clearQueue()
            return []
        }
        let list = OpaquePointer(raw)
        defer { reproaudit_SCT_LIST_free(list) }
        var result: [EmbeddedSCT] = []
        for index in 0..<reproaudit_sk_SCT_num(list) {
            guard let sct = reproaudit_sk_SCT_value(list, index), SCT_get_version(sct) == SCT_VERSION_V1 else { continue }
            var pointer: UnsafeMutablePointer<UInt8>? = nil
            let idLength = SCT_get0_log_id(sct, &pointer)
            let logID = pointer.map { Array(UnsafeBufferPointer(start: $0, count: idLength)) } ?? []
            pointer = nil
            let extensionsLength = SCT_get0_extensions(sct, &pointer)
            let extensions = pointer.map { Array(UnsafeBufferPointer(start: $0, count: extensionsLength)) } ?? []
            pointer = nil
            let signatureLength = SCT_get0_signature(sct, &pointer)
            let signature = pointer.map { Array(UnsafeBufferPointer(start: $0, count: signatureLength)) } ?? []
            result.append(EmbeddedSCT(logID: logID, timestamp: SCT_get_timestamp(sct), extensions: extensions, signature: signature))
        }
        return result
    }

    /// The bytes the CT log signed for `certificate` issued by `issuer` (RFC 6962 `digitally-signed`
    /// struct of a `precert_entry`).
    public func signedBytes(certificate: Certificate, issuer: Certificate) throws(CryptoError) -> [UInt8] {
        guard let copy = X509_dup(certificate.pointer) else { throw CryptoError.fromQueue("copy certificate") }
        defer { X509_free(copy) }
        let index = X509_get_ext_by_NID(copy, NID_ct_precert_scts, -1)
        if index >= 0, let removed = X509_delete_ext(copy, index) { X509_EXTENSION_free(removed) }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_re_X509_tbs(copy, &out)
        guard length > 0, let out else { throw CryptoError.fromQueue("encode precertificate") }
        let tbs = Array(UnsafeBufferPointer(start: out, count: Int(length)))
        CRYPTO_free(out, #fileID, #line)
        let issuerKeyHash = MessageDigest.bytes(.sha256, of: try issuer.publicKey().subjectPublicKeyInfo)
        var bytes: [UInt8] = [0, 0]  // version v1, signature type certificate_timestamp
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: timestamp >> UInt64(shift))) }
        bytes += [0, 1]  // entry type precert_entry
        bytes += issuerKeyHash
        bytes += [UInt8(truncatingIfNeeded: tbs.count >> 16), UInt8(truncatingIfNeeded: tbs.count >> 8), UInt8(truncatingIfNeeded: tbs.count)]
        bytes += tbs
        bytes += [UInt8(truncatingIfNeeded: extensions.count >> 8), UInt8(truncatingIfNeeded: extensions.count)]
        bytes += extensions
        return bytes
    }
}

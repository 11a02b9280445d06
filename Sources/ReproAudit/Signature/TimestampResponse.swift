import CLibCrypto

/// An RFC 3161 time-stamp response over a signature, verified with libcrypto's TS API against the
/// timestamp authorities of the trusted root: a time the signature provably existed, independent of
/// the transparency log.
public enum TimestampResponse {
    /// The verified generation time (seconds since the epoch) of the DER response `der` over `data`,
    /// signed by a certificate chaining to one of `authorities`.
    public static func verifiedTime(_ der: [UInt8], over data: [UInt8], authorities: [SigstoreTrustedRoot.Authority]) throws(CryptoError) -> Int64 {
        let operation = "verify RFC 3161 timestamp"
        let response: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_TS_RESP(nil, &cursor, buffer.count)
        }
        guard let response else { throw CryptoError.fromQueue(operation, fallback: "not a DER time-stamp response") }
        defer { TS_RESP_free(response) }
        guard let info = TS_RESP_get_tst_info(response), let generalized = TS_TST_INFO_get_time(info),
              let time = Certificate.seconds(generalized) else {
            throw CryptoError(operation: operation, reason: "the response has no time-stamp token")
        }
        var lastFailure = CryptoError(operation: operation, reason: "no timestamp authority in the trusted root")
        for authority in authorities where authority.isValid(at: time) {
            guard let context = TS_VERIFY_CTX_new(), let store = X509_STORE_new(), let certificates = reproaudit_sk_X509_new() else {
                throw CryptoError(operation: operation, reason: "out of memory")
            }
            defer { TS_VERIFY_CTX_free(context) }  // frees the store, the certificates and the data BIO
            for certificate in authority.chain {
                X509_STORE_add_cert(store, certificate.pointer)
                X509_up_ref(certificate.pointer)
                _ = reproaudit_sk_X509_push(certificates, certificate.pointer)
            }
            X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), time_t(time))
            X509_STORE_set_flags(store, UInt(X509_V_FLAG_PARTIAL_CHAIN))
            _ = TS_VERIFY_CTX_set_store(context, store)
            _ = TS_VERIFY_CTX_set_certs(context, certificates)
            let bio = data.withUnsafeBytes { raw -> OpaquePointer? in
                guard let memory = BIO_new(BIO_s_mem()) else { return nil }
                BIO_write(memory, raw.baseAddress, Int32(raw.count))
                return memory
            }
            _ = TS_VERIFY_CTX_set_data(context, bio)
            _ = TS_VERIFY_CTX_set_flags(context, Int32(TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_DATA))
            if TS_RESP_verify_response(context, response) == 1 {
                CryptoError.clearQueue()
                return time
            }
            lastFailure = CryptoError.fromQueue(operation)
        }
        throw lastFailure
    }
}

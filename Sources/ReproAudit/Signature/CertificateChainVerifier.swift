import CLibCrypto

/// Verifies that a certificate chains to trusted roots with libcrypto's `X509_STORE`, at a given
/// time, and tells "no path to a trusted root" (the signer is unknown) from a chain that is broken
/// (a bad signature, an expired link): the two trust outcomes differ.
public enum CertificateChainVerifier {
    /// The result of one chain verification.
    public enum Outcome: Sendable {
        /// The chain reached a trusted certificate; the chain built, leaf first.
        case trusted([Certificate])
        /// Every link is sound but none reaches a trusted certificate.
        case noPathToTrustedRoot(String)
        /// A signature, validity period or constraint of the chain is wrong.
        case broken(String)
    }

    /// Verifies `leaf` with `intermediates` (untrusted, as they ride in a bundle) against `trusted`
    /// at `time` (seconds since the epoch). Every certificate in `trusted` is a trust anchor, root
    /// or intermediate (Sigstore's trusted root lists Fulcio's intermediates with its roots).
    public static func verify(leaf: Certificate, intermediates: [Certificate], trusted: [Certificate], at time: Int64) -> Outcome {
        // A link inside the bundle's own chain that does not verify is a broken chain, not an unknown one.
        var chain = [leaf] + intermediates
        for index in 0..<(chain.count - 1) where !chain[index].isSigned(by: chain[index + 1]) {
            return .broken("certificate \(chain[index].subject) is not signed by \(chain[index + 1].subject), the next certificate in the bundle")
        }
        guard !trusted.isEmpty, let store = X509_STORE_new() else { return .noPathToTrustedRoot("no trusted certificates configured") }
        defer { X509_STORE_free(store) }
        for certificate in trusted { X509_STORE_add_cert(store, certificate.pointer) }
        guard let untrusted = reproaudit_sk_X509_new(), let context = X509_STORE_CTX_new() else {
            return .broken("out of memory")
        }
        defer {
            reproaudit_sk_X509_free(untrusted)
            X509_STORE_CTX_free(context)
        }
        for certificate in intermediates { _ = reproaudit_sk_X509_push(untrusted, certificate.pointer) }
        guard X509_STORE_CTX_init(context, store, leaf.pointer, untrusted) == 1 else {
            return .broken(CryptoError.fromQueue("verify certificate chain").reason)
        }
        let parameters = X509_STORE_CTX_get0_param(context)
        X509_VERIFY_PARAM_set_time(parameters, time_t(time))
        X509_VERIFY_PARAM_set_flags(parameters, UInt(X509_V_FLAG_PARTIAL_CHAIN))
        let result = X509_verify_cert(context)
        CryptoError.clearQueue()
        if result == 1 {
            chain = []
            if let built = X509_STORE_CTX_get0_chain(context) {
                for index in 0..<reproaudit_sk_X509_num(built) {
                    if let certificate = reproaudit_sk_X509_value(built, index) {
                        X509_up_ref(certificate)
                        chain.append(Certificate(owning: certificate))
                    }
                }
            }
            return .trusted(chain)
        }
        let code = X509_STORE_CTX_get_error(context)
        let depth = X509_STORE_CTX_get_error_depth(context)
        let reason = String(cString: X509_verify_cert_error_string(Int(code)))
        switch code {
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
             X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
            return .noPathToTrustedRoot("\(reason) (certificate at depth \(depth))")
        default:
            return .broken("\(reason) (certificate at depth \(depth))")
        }
    }
}

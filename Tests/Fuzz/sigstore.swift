// Fuzz target "sigstore" (Tests/Fuzz/run.sh sigstore): the Sigstore bundle parser (JSON, base64, DSSE,
// tlog entries), the Model Signing manifest parser, and DER certificate / key / SCT reading through libcrypto.
func fuzzSigstore(_ input: [UInt8]) {
    if let bundle = try? SigstoreBundle.parse(input) {
        _ = try? SignedManifest.parse(payload: bundle.envelope.payload)
        if case .certificate(let der) = bundle.material, let certificate = try? Certificate(der: der) {
            _ = EmbeddedSCT.embedded(in: certificate)
            _ = certificate.subjectAlternativeNames
        }
        for entry in bundle.transparencyLogEntries {
            if let text = entry.inclusionProof?.checkpoint { _ = try? SignedCheckpoint.parse(text) }
        }
    }
    _ = try? SignedManifest.parse(payload: input)
    _ = try? Certificate(der: input)
    _ = try? PublicKey(der: input)
}

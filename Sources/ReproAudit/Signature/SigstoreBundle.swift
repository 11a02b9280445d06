/// A Sigstore bundle (`model.sig`), parsed from untrusted bytes: the verification material that says
/// how it was signed (public key, X.509 chain, or a Fulcio certificate with Rekor entries) and the
/// DSSE envelope. Parsing checks shape and bounds only; `SignatureVerifier` decides trust.
public struct SigstoreBundle: Sendable, Equatable {
    /// What the bundle offers to verify its signature with.
    public enum Material: Sendable, Equatable {
        /// A public key: up to v1.0.1 the whole PEM key (`rawBytes`), from v1.1 only a `hint`.
        /// Either way it only selects among configured keys; it is never trusted itself.
        case publicKey(pem: [UInt8]?, hint: String?)
        /// A certificate chain, leaf first (the `certificate` method).
        case certificateChain([[UInt8]])
        /// A single (Fulcio) certificate, DER (keyless `sigstore`).
        case certificate([UInt8])
    }

    /// Largest bundle read: real ones are a few KiB, a manifest of a huge model a few MiB.
    public static let maximumSize = 64 << 20

    public var mediaType: String
    public var material: Material
    public var transparencyLogEntries: [TransparencyLogEntry]
    /// DER RFC 3161 time-stamp responses over the signature.
    public var timestamps: [[UInt8]]
    public var envelope: DSSEEnvelope

    /// Parses a bundle: JSON, base64 fields, bounds. Never trusts anything in it.
    public static func parse(_ bytes: [UInt8]) throws(BundleError) -> SigstoreBundle {
        guard bytes.count <= maximumSize else { throw BundleError("", "bundle larger than \(maximumSize) bytes") }
        let json: JSONValue
        do {
            json = try JSONParser(maximumDepth: 32).parse(bytes)
        } catch {
            throw BundleError("", "not JSON: \(error)")
        }
        guard case .object = json else { throw BundleError("", "expected a JSON object, found \(json.typeName)") }
        let root = BundleFields(json, path: "")
        let mediaType = try root.string("mediaType")
        guard mediaType.hasPrefix("application/vnd.dev.sigstore.bundle") else {
            throw BundleError("mediaType", "\(mediaType) is not a Sigstore bundle media type")
        }
        let fields = try root.object("verificationMaterial")
        let material: Material
        if let key = try fields.optionalObject("publicKey") {
            let pem = key.value["rawBytes"] == nil ? nil : try key.base64("rawBytes", limit: 16384)
            let hint = try key.optionalString("hint")
            guard pem != nil || hint != nil else { throw BundleError(key.path, "neither rawBytes nor hint") }
            material = .publicKey(pem: pem, hint: hint)
        } else if let chain = try fields.optionalObject("x509CertificateChain") {
            var certificates: [[UInt8]] = []
            for item in try chain.array("certificates", limit: 10) { certificates.append(try item.base64("rawBytes", limit: 65536)) }
            guard !certificates.isEmpty else { throw BundleError(chain.name("certificates"), "empty chain") }
            material = .certificateChain(certificates)
        } else if let certificate = try fields.optionalObject("certificate") {
            material = .certificate(try certificate.base64("rawBytes", limit: 65536))
        } else {
            throw BundleError(fields.path, "no publicKey, x509CertificateChain or certificate")
        }
        var entries: [TransparencyLogEntry] = []
        for item in try fields.optionalArray("tlogEntries", limit: 16) { entries.append(try TransparencyLogEntry.parse(item)) }
        var timestamps: [[UInt8]] = []
        if let data = try fields.optionalObject("timestampVerificationData") {
            for item in try data.optionalArray("rfc3161Timestamps", limit: 16) { timestamps.append(try item.base64("signedTimestamp", limit: 65536)) }
        }
        guard root.value["messageSignature"] == nil else {
            throw BundleError("messageSignature", "a message signature, not a DSSE envelope: not a Model Signing bundle")
        }
        let envelope = try DSSEEnvelope.parse(try root.object("dsseEnvelope"))
        return SigstoreBundle(mediaType: mediaType, material: material, transparencyLogEntries: entries,
                              timestamps: timestamps, envelope: envelope)
    }
}

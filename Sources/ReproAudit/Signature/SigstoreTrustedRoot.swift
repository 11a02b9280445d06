/// A Sigstore trusted root (`trusted_root.json`, media type `application/vnd.dev.sigstore.trustedroot+json`):
/// the keys of the Rekor transparency logs and CT logs, the Fulcio certificate authorities and the
/// timestamp authorities that keyless signatures are checked against, each with its validity window.
/// Read from a file, never fetched: verification stays offline.
public struct SigstoreTrustedRoot: Sendable {
    /// A log (Rekor or a CT log) and its key.
    public struct Log: Sendable {
        public var baseURL: String
        /// The key id bundles name the log by: SHA-256 of the DER public key.
        public var keyID: [UInt8]
        public var key: PublicKey
        public var validFrom: Int64?
        public var validUntil: Int64?

        /// True when the key was in use at `time` (seconds).
        public func isValid(at time: Int64) -> Bool {
            (validFrom.map { $0 <= time } ?? true) && (validUntil.map { time <= $0 } ?? true)
        }
    }

    /// A certificate authority (Fulcio) or timestamp authority and its chain.
    public struct Authority: Sendable {
        public var uri: String
        /// Leaf-most first, as the trusted root lists them (intermediate, then root).
        public var chain: [Certificate]
        public var validFrom: Int64?
        public var validUntil: Int64?

        public func isValid(at time: Int64) -> Bool {
            (validFrom.map { $0 <= time } ?? true) && (validUntil.map { time <= $0 } ?? true)
        }
    }

    public var transparencyLogs: [Log]
    public var certificateAuthorities: [Authority]
    public var certificateTransparencyLogs: [Log]
    public var timestampAuthorities: [Authority]

    /// The Sigstore public-good trusted root reproaudit ships (see `PublicGoodTrustedRoot`).
    public static func publicGood() throws(BundleError) -> SigstoreTrustedRoot {
        try parse(Array(PublicGoodTrustedRoot.json.utf8))
    }

    public static func parse(_ bytes: [UInt8]) throws(BundleError) -> SigstoreTrustedRoot {
        let json: JSONValue
        do {
            json = try JSONParser(maximumDepth: 32).parse(bytes)
        } catch {
            throw BundleError("", "not JSON: \(error)")
        }
        guard case .object = json else { throw BundleError("", "expected a trusted root object") }
        let root = BundleFields(json, path: "")
        let mediaType = try root.string("mediaType")
        guard mediaType.hasPrefix("application/vnd.dev.sigstore.trustedroot") else {
            throw BundleError("mediaType", "\(mediaType) is not a Sigstore trusted root")
        }
        return SigstoreTrustedRoot(
            transparencyLogs: try root.optionalArray("tlogs", limit: 64).map { item throws(BundleError) in try log(item) },
            certificateAuthorities: try root.optionalArray("certificateAuthorities", limit: 64).map { item throws(BundleError) in try authority(item) },
            certificateTransparencyLogs: try root.optionalArray("ctlogs", limit: 64).map { item throws(BundleError) in try log(item) },
            timestampAuthorities: try root.optionalArray("timestampAuthorities", limit: 64).map { item throws(BundleError) in try authority(item) })
    }

    private static func validity(_ fields: BundleFields?) throws(BundleError) -> (Int64?, Int64?) {
        guard let fields else { return (nil, nil) }
        func seconds(_ key: String) throws(BundleError) -> Int64? {
            guard let text = try fields.optionalString(key) else { return nil }
            guard let time = Timestamp(rfc3339: text) else { throw BundleError(fields.name(key), "\(text) is not an RFC 3339 time") }
            return time.millisecondsSinceEpoch.floorDivided(by: 1000)
        }
        return (try seconds("start"), try seconds("end"))
    }

    private static func log(_ fields: BundleFields) throws(BundleError) -> Log {
        let keyFields = try fields.object("publicKey")
        let der = try keyFields.base64("rawBytes", limit: 16384)
        let key: PublicKey
        do {
            key = try PublicKey(der: der)
        } catch {
            throw BundleError(keyFields.name("rawBytes"), error.description)
        }
        let (from, until) = try validity(try keyFields.optionalObject("validFor"))
        return Log(baseURL: try fields.optionalString("baseUrl") ?? "", keyID: try fields.object("logId").base64("keyId", limit: 64),
                   key: key, validFrom: from, validUntil: until)
    }

    private static func authority(_ fields: BundleFields) throws(BundleError) -> Authority {
        var chain: [Certificate] = []
        for item in try fields.object("certChain").array("certificates", limit: 10) {
            let der = try item.base64("rawBytes", limit: 65536)
            do {
                chain.append(try Certificate(der: der))
            } catch {
                throw BundleError(item.name("rawBytes"), error.description)
            }
        }
        guard !chain.isEmpty else { throw BundleError(fields.name("certChain"), "empty chain") }
        let (from, until) = try validity(try fields.optionalObject("validFor"))
        return Authority(uri: try fields.optionalString("uri") ?? "", chain: chain, validFrom: from, validUntil: until)
    }
}

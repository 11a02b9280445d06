/// `checks.signature` of an audit record: what the model's `model.sig` established (status, method,
/// signer, when) and how the files compare with it, per shard for `shards` bundles.
public struct SignatureReport: Sendable, Equatable {
    /// One signed byte range of a file and whether its digest matched.
    public struct Shard: Sendable, Equatable {
        public var path: RawPath
        public var start: Int64
        public var end: Int64
        public var status: IntegrityStatus
    }

    public var status: SignatureVerification.Status
    /// The bundle, relative to the model; nil when unsigned.
    public var bundle: RawPath?
    public var method: SignatureVerification.Method?
    public var signer: String?
    public var issuer: String?
    /// Seconds since the epoch (Rekor integratedTime), or nil.
    public var signedAt: Int64?
    /// `files` or `shards`, with the hash type (`files/sha256`).
    public var serialization: String?
    public var filesSigned: Int
    public var ignored: [String]
    public var evidence: [String]
    public var shards: [Shard]
    public var bundleSHA256: String?

    public init(status: SignatureVerification.Status, bundle: RawPath? = nil, method: SignatureVerification.Method? = nil,
                signer: String? = nil, issuer: String? = nil, signedAt: Int64? = nil, serialization: String? = nil,
                filesSigned: Int = 0, ignored: [String] = [], evidence: [String] = [], shards: [Shard] = [], bundleSHA256: String? = nil) {
        self.status = status
        self.bundle = bundle
        self.method = method
        self.signer = signer
        self.issuer = issuer
        self.signedAt = signedAt
        self.serialization = serialization
        self.filesSigned = filesSigned
        self.ignored = ignored
        self.evidence = evidence
        self.shards = shards
        self.bundleSHA256 = bundleSHA256
    }

    /// The record's `checks.signature` object.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("status", .string(status.rawValue))]
        if let bundle { members += PathEncoding.members("bundle", bundle) } else { members.append(("bundle", .null)) }
        members += [
            ("method", JSONValue(method?.rawValue)),
            ("signer", JSONValue(signer)),
            ("issuer", JSONValue(issuer)),
            ("signed_at", signedAt.map { .string(Timestamp(millisecondsSinceEpoch: $0 * 1000).rfc3339) } ?? .null),
            ("serialization", JSONValue(serialization)),
            ("files_signed", .integer(Int64(filesSigned))),
            ("ignored", .array(ignored.map(JSONValue.string))),
            ("bundle_sha256", JSONValue(bundleSHA256)),
            ("evidence", .array(evidence.map(JSONValue.string))),
        ]
        if !shards.isEmpty {
            members.append(("shards", .array(shards.map { shard in
                .object(PathEncoding.members("path", shard.path) + [
                    ("start", .integer(shard.start)), ("end", .integer(shard.end)), ("status", .string(shard.status.rawValue)),
                ])
            })))
        }
        return .object(members)
    }

    /// Reads `checks.signature` back from a logged record.
    public init?(json: JSONValue) {
        guard let status = json["status"]?.stringValue.flatMap(SignatureVerification.Status.init(rawValue:)) else { return nil }
        self.init(status: status,
                  bundle: PathEncoding.path("bundle", in: json),
                  method: json["method"]?.stringValue.flatMap(SignatureVerification.Method.init(rawValue:)),
                  signer: json["signer"]?.stringValue, issuer: json["issuer"]?.stringValue,
                  signedAt: json["signed_at"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }.map { $0.millisecondsSinceEpoch / 1000 },
                  serialization: json["serialization"]?.stringValue,
                  filesSigned: json["files_signed"]?.intValue ?? 0,
                  ignored: json["ignored"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                  evidence: json["evidence"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                  bundleSHA256: json["bundle_sha256"]?.stringValue)
    }
}

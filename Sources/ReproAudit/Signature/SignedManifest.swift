/// What a Model Signing statement (the DSSE payload: an in-toto Statement v1) says was signed: each
/// file's or shard's digest, how they were computed, and what was ignored. Read from every predicate
/// version the reference has published: v0.2 (`https://model_signing/Digests/v0.1`, digests in the
/// subjects) and v1.0 (`https://model_signing/signature/v1.0`, resources + serialization, with
/// `ignore_paths` from v1.1 on).
public struct SignedManifest: Sendable, Equatable {
    public enum Method: String, Sendable {
        case files, shards
    }

    /// One signed file, or one byte range of a file (`shards`).
    public struct Resource: Sendable, Equatable {
        /// Relative path inside the model, `/`-separated; `.` for a single-file model.
        public var path: String
        /// Byte range `start..<end`, for shards.
        public var range: Range<Int64>?
        /// `sha256`, `blake2b`… as the resource names it.
        public var algorithm: String
        /// Lower-case hex digest.
        public var digest: String
    }

    public static let predicateV1 = "https://model_signing/signature/v1.0"
    public static let predicateV02 = "https://model_signing/Digests/v0.1"
    public static let maximumResources = 1_000_000

    /// `v1.0` or `v0.2`: which predicate shape the bundle used.
    public var predicateVersion: String
    /// `subject[0].name`: the model's (folder's or file's) name at signing.
    public var modelName: String
    public var method: Method
    /// `hash_type` of the serialization: `sha256`, `blake2`, `blake3`…
    public var hashType: String
    public var shardSize: Int64?
    public var allowSymlinks: Bool
    /// Paths the signer ignored, when the predicate lists them (v1.1.0+), else nil.
    public var ignorePaths: [String]?
    public var resources: [Resource]

    /// The digest `hash_type` names, or nil when libcrypto has none (`blake3`).
    public var digestAlgorithm: MessageDigest.Algorithm? {
        switch hashType {
        case "sha256": return .sha256
        case "blake2", "blake2b": return .blake2b512
        default: return nil
        }
    }

    /// A single-file signature: the only resource is `.`, the file named `modelName`.
    public var isSingleFile: Bool { resources.count == 1 && resources[0].path == "." }

    /// Reads the statement; `BundleError` for any shape the reference would reject, including a
    /// subject digest that does not match the resources (a manifest edited after hashing).
    public static func parse(payload: [UInt8]) throws(BundleError) -> SignedManifest {
        let json: JSONValue
        do {
            json = try JSONParser(maximumDepth: 32).parse(payload)
        } catch {
            throw BundleError("payload", "not JSON: \(error)")
        }
        guard case .object = json else { throw BundleError("payload", "expected an in-toto statement object") }
        let statement = BundleFields(json, path: "payload")
        let type = try statement.string("_type")
        guard type == "https://in-toto.io/Statement/v1" else { throw BundleError(statement.name("_type"), "\(type) is not an in-toto Statement v1") }
        let predicateType = try statement.string("predicateType")
        let subjects = try statement.array("subject", limit: maximumResources)
        switch predicateType {
        case predicateV1: return try parseV1(statement, subjects: subjects)
        case predicateV02: return try parseV02(subjects)
        default: throw BundleError(statement.name("predicateType"), "\(predicateType) is not a Model Signing predicate")
        }
    }

    private static func parseV1(_ statement: BundleFields, subjects: [BundleFields]) throws(BundleError) -> SignedManifest {
        guard subjects.count == 1 else { throw BundleError(statement.name("subject"), "expected one subject, found \(subjects.count)") }
        let modelName = try subjects[0].string("name")
        let rootDigest = try subjects[0].object("digest").string("sha256").lowercased()
        let predicate = try statement.object("predicate")
        let serialization = try predicate.object("serialization")
        let methodName = try serialization.string("method")
        guard let method = Method(rawValue: methodName) else {
            throw BundleError(serialization.name("method"), "unknown serialization method \(methodName)")
        }
        var shardSize: Int64?
        if method == .shards {
            shardSize = try serialization.int64("shard_size")
            guard shardSize! > 0 else { throw BundleError(serialization.name("shard_size"), "must be positive") }
        }
        var ignorePaths: [String]?
        if serialization.value["ignore_paths"] != nil {
            ignorePaths = []
            for item in try serialization.array("ignore_paths", limit: 10_000) {
                guard let path = item.value.stringValue else { throw BundleError(item.path, "expected a string") }
                ignorePaths!.append(path)
            }
        }
        let rootHasher = MessageDigest(.sha256)
        var resources: [Resource] = []
        for item in try predicate.array("resources", limit: maximumResources) {
            let name = try item.string("name")
            let algorithm = try item.string("algorithm")
            let digest = try item.string("digest").lowercased()
            guard let raw = Hex.decode(digest), !raw.isEmpty else { throw BundleError(item.name("digest"), "not a hex digest") }
            rootHasher.update(raw)
            resources.append(try resource(name: name, algorithm: algorithm, digest: digest, method: method, field: item.name("name")))
        }
        guard rootHasher.finalizeHex() == rootDigest else {
            throw BundleError(statement.name("subject[0].digest.sha256"), "does not match the digests of the resources (the manifest was edited)")
        }
        return SignedManifest(predicateVersion: "v1.0", modelName: modelName, method: method, hashType: try serialization.string("hash_type"),
                              shardSize: shardSize, allowSymlinks: try serialization.bool("allow_symlinks") ?? false,
                              ignorePaths: ignorePaths, resources: resources)
    }

    private static func parseV02(_ subjects: [BundleFields]) throws(BundleError) -> SignedManifest {
        var resources: [Resource] = []
        for subject in subjects {
            let digest = try subject.object("digest").string("sha256").lowercased()
            guard Hex.isHex(digest, length: 64) else { throw BundleError(subject.name("digest.sha256"), "not a SHA-256 hex digest") }
            resources.append(try resource(name: try subject.string("name"), algorithm: "sha256", digest: digest, method: .files, field: subject.name("name")))
        }
        return SignedManifest(predicateVersion: "v0.2", modelName: "", method: .files, hashType: "sha256", shardSize: nil,
                              allowSymlinks: false, ignorePaths: nil, resources: resources)
    }

    private static func resource(name: String, algorithm: String, digest: String, method: Method, field: String) throws(BundleError) -> Resource {
        var path = name
        var range: Range<Int64>?
        if method == .shards {
            // `path:start:end`; the path itself may hold colons.
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3, let start = Int64(parts[parts.count - 2]), let end = Int64(parts[parts.count - 1]), start >= 0, start <= end else {
                throw BundleError(field, "\(name) is not path:start:end")
            }
            path = parts.dropLast(2).joined(separator: ":")
            range = start..<end
        }
        guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw BundleError(field, "\(name) is not a relative path inside the model")
        }
        return Resource(path: path, range: range, algorithm: algorithm, digest: digest)
    }
}

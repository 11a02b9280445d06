/// Whom reproaudit trusts to sign models: public keys (`key` method), certificate roots
/// (`certificate`), Sigstore identities with a trusted root (keyless), whether a trusted signature is
/// required, and paths the verifier ignores. The `signatures` config key and `scan --signers FILE`
/// hold the same JSON object. Every key, chain and root is read when the policy is loaded: an
/// unreadable or malformed one is an error naming the file, never a silent "untrusted".
public struct TrustPolicy: Sendable, Equatable {
    /// A Sigstore identity: the certificate's subject alternative name and the OIDC issuer.
    public struct Identity: Sendable, Equatable {
        public var identity: String
        public var issuer: String
    }

    /// A public key from the policy and the file it came from.
    public struct ConfiguredKey: Sendable {
        public var path: RawPath
        public var key: PublicKey
    }

    /// Which models must carry a trusted signature.
    public enum Requirement: Sendable, Equatable {
        case none, all
        /// Models at or under these paths.
        case paths([RawPath])
    }

    public var keys: [ConfiguredKey] = []
    public var certificateRoots: [Certificate] = []
    public var identities: [Identity] = []
    /// The Sigstore trusted root: the shipped public-good one unless the policy names a file.
    public var trustedRoot: SigstoreTrustedRoot?
    public var require: Requirement = .none
    /// Paths (relative to each model) always ignored, like the reference verifier's `--ignore-paths`.
    public var ignorePaths: [String] = []
    /// Paths ignored only in models under a given folder (`require` entries with `ignore_paths`).
    public var ignorePathsUnder: [(RawPath, [String])] = []
    /// The JSON the policy was read from (for equality and `status`).
    public var source: JSONValue = .null

    public init() {}

    public static func == (a: TrustPolicy, b: TrustPolicy) -> Bool {
        a.source == b.source && a.ignorePaths == b.ignorePaths
    }

    /// True when the policy requires a trusted signature of the model at `path`.
    public func requiresSignature(_ path: RawPath) -> Bool {
        switch require {
        case .none: return false
        case .all: return true
        case .paths(let roots): return roots.contains { path.relative(to: $0) != nil }
        }
    }

    /// The ignore paths that apply to the model at `path`.
    public func ignorePaths(for path: RawPath) -> [String] {
        ignorePaths + ignorePathsUnder.filter { path.relative(to: $0.0) != nil }.flatMap(\.1)
    }

    /// Reads a policy file (`scan --signers FILE`).
    public static func load(_ file: RawPath) throws(TrustPolicyError) -> TrustPolicy {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(file, limit: 1 << 20)
        } catch {
            throw TrustPolicyError(file: file, message: error.reason)
        }
        let value: JSONValue
        do {
            value = try JSONParser(maximumDepth: 16).parse(bytes)
        } catch {
            throw TrustPolicyError(file: file, message: error.description)
        }
        return try parse(value, file: file)
    }

    static let keysAllowed = ["keys", "certificate_chains", "sigstore", "require", "ignore_paths"]

    /// Checks the policy object `value`; `file` names where it was written in errors. Relative
    /// paths are taken from the working directory, like other config paths.
    public static func parse(_ value: JSONValue, file: RawPath) throws(TrustPolicyError) -> TrustPolicy {
        func fail(_ message: String) -> TrustPolicyError { TrustPolicyError(file: file, message: message) }
        guard let members = value.objectValue else { throw fail("the trust policy must be a JSON object, not \(value.typeName)") }
        var policy = TrustPolicy()
        policy.source = value
        func paths(_ item: JSONValue, _ key: String) throws(TrustPolicyError) -> [RawPath] {
            guard let items = item.arrayValue else { throw fail("\"\(key)\" must be an array of paths, not \(item.typeName)") }
            var result: [RawPath] = []
            for entry in items {
                guard let text = entry.stringValue, !text.isEmpty else { throw fail("\"\(key)\" must hold only non-empty strings (paths)") }
                result.append(FileSystem.absolute(RawPath(text)))
            }
            return result
        }
        func strings(_ item: JSONValue, _ key: String) throws(TrustPolicyError) -> [String] {
            guard let items = item.arrayValue else { throw fail("\"\(key)\" must be an array of strings, not \(item.typeName)") }
            var result: [String] = []
            for entry in items {
                guard let text = entry.stringValue, !text.isEmpty else { throw fail("\"\(key)\" must hold only non-empty strings") }
                result.append(text)
            }
            return result
        }
        func read(_ path: RawPath, _ what: String) throws(TrustPolicyError) -> [UInt8] {
            do {
                return try FileSystem.readSmallFile(path, limit: 1 << 20)
            } catch {
                throw fail("\(what) \(path.displayString): \(error.reason)")
            }
        }
        var trustedRootPath: RawPath?
        for (key, item) in members {
            switch key {
            case "keys":
                for path in try paths(item, key) {
                    do {
                        policy.keys.append(ConfiguredKey(path: path, key: try PublicKey(pem: try read(path, "key"))))
                    } catch let error as TrustPolicyError {
                        throw error
                    } catch {
                        throw fail("key \(path.displayString): \(error)")
                    }
                }
            case "certificate_chains":
                for path in try paths(item, key) {
                    let bytes = try read(path, "certificate chain")
                    do {
                        policy.certificateRoots += try Certificate.pemChain(bytes)
                    } catch {
                        throw fail("certificate chain \(path.displayString): \(error)")
                    }
                }
            case "sigstore":
                guard let object = item.objectValue else { throw fail("\"sigstore\" must be an object, not \(item.typeName)") }
                for (name, member) in object {
                    switch name {
                    case "trusted_root":
                        if !member.isNull {
                            guard let text = member.stringValue, !text.isEmpty else { throw fail("\"sigstore.trusted_root\" must be a path or null") }
                            trustedRootPath = FileSystem.absolute(RawPath(text))
                        }
                    case "identities":
                        guard let items = member.arrayValue else { throw fail("\"sigstore.identities\" must be an array") }
                        for entry in items {
                            guard let identity = entry["identity"]?.stringValue, !identity.isEmpty,
                                  let issuer = entry["issuer"]?.stringValue, !issuer.isEmpty else {
                                throw fail("each of \"sigstore.identities\" must be {\"identity\": \"…\", \"issuer\": \"…\"}")
                            }
                            policy.identities.append(Identity(identity: identity, issuer: issuer))
                        }
                    default:
                        throw fail("unknown key \"sigstore.\(name)\" (expected trusted_root, identities)")
                    }
                }
            case "require":
                switch item {
                case .bool(let flag): policy.require = flag ? .all : .none
                case .array(let entries):
                    var roots: [RawPath] = []
                    for entry in entries {
                        if let text = entry.stringValue, !text.isEmpty {
                            roots.append(FileSystem.absolute(RawPath(text)))
                        } else if let text = entry["path"]?.stringValue, !text.isEmpty {
                            let root = FileSystem.absolute(RawPath(text))
                            roots.append(root)
                            if let ignored = entry["ignore_paths"] { policy.ignorePathsUnder.append((root, try strings(ignored, "require[].ignore_paths"))) }
                        } else {
                            throw fail("\"require\" entries must be paths or {\"path\": …, \"ignore_paths\": […]}")
                        }
                    }
                    policy.require = .paths(roots)
                default:
                    throw fail("\"require\" must be true, false or a list of paths, not \(item.typeName)")
                }
            case "ignore_paths":
                policy.ignorePaths = try strings(item, key)
            default:
                throw fail("unknown key \"\(key)\" (expected one of \(keysAllowed.joined(separator: ", ")))")
            }
        }
        if let trustedRootPath {
            do {
                policy.trustedRoot = try SigstoreTrustedRoot.parse(try read(trustedRootPath, "trusted root"))
            } catch let error as TrustPolicyError {
                throw error
            } catch {
                throw fail("trusted root \(trustedRootPath.displayString): \(error)")
            }
        } else {
            do {
                policy.trustedRoot = try SigstoreTrustedRoot.publicGood()
            } catch {
                throw fail("the shipped Sigstore trusted root does not load: \(error)")
            }
        }
        return policy
    }
}

/// A trust policy that cannot be used: which file, what is wrong (exit status 2).
public struct TrustPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: RawPath
    public var message: String

    public init(file: RawPath, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "trust policy \(file.displayString): \(message)" }
}

extension TrustPolicy {
    /// No configured signer, the shipped trusted root: bundles verify at best as `untrusted`.
    public static let unconfigured: TrustPolicy = {
        var policy = TrustPolicy()
        policy.trustedRoot = try? SigstoreTrustedRoot.publicGood()
        return policy
    }()
}

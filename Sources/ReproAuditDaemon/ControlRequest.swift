import ReproAudit

/// One request on the control socket, shared by the CLI (which writes it) and the daemon (which
/// reads it), so both agree on the wire format: one JSON object on one line.
///
/// Paths travel with the record format's convention: a path that is valid UTF-8 is a JSON string;
/// one that is not is `{"path": "<lossy text>", "path_bytes": "<base64 of the exact bytes>"}` (for
/// `accept`, `model` plus a sibling `model_bytes`). A path holding a NUL byte is refused.
public enum ControlRequest: Sendable, Equatable {
    case status
    /// Re-audit `paths` (all roots when empty), re-hashing every file; `wait`: reply when done.
    case rescan(paths: [RawPath], wait: Bool)
    /// Cancel the waiting or running rescan request `id`, or all of them (nil).
    case cancel(id: Int?)
    /// Make the last audit's digests of `model` (a path or a name) its baseline. `claimedUser` is
    /// what the client says (`SUDO_USER`); the daemon records the kernel's word as `user`.
    case accept(model: RawPath, claimedUser: String?)
    /// Re-read the configuration and reply once it is in force (root and the daemon's own user only).
    case reload

    /// The request as JSON (without the newline).
    public var json: JSONValue {
        switch self {
        case .status:
            return .object([("op", "status")])
        case .rescan(let paths, let wait):
            return .object([("op", "rescan"), ("paths", .array(paths.map(Self.pathValue))), ("wait", .bool(wait))])
        case .cancel(let id):
            return .object([("op", "cancel"), ("id", id.map { .integer(Int64($0)) } ?? .null), ("all", .bool(id == nil))])
        case .accept(let model, let user):
            return .object([("op", "accept")] + PathEncoding.members("model", model) + [("user", JSONValue(user))])
        case .reload:
            return .object([("op", "reload")])
        }
    }

    static func pathValue(_ path: RawPath) -> JSONValue {
        path.isValidUTF8 ? .string(path.displayString) : .object(PathEncoding.members("path", path))
    }

    /// Why a request cannot be read.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a request; the message of a `Malformed` error is what the client is told.
    public static func parse(_ value: JSONValue) throws(Malformed) -> ControlRequest {
        switch value["op"]?.stringValue {
        case "status":
            return .status
        case "rescan":
            var paths: [RawPath] = []
            if let given = value["paths"], !given.isNull {
                guard let items = given.arrayValue else { throw Malformed(description: "\"paths\" must be an array of paths") }
                for item in items {
                    let path: RawPath?
                    if let text = item.stringValue { path = RawPath(text) } else { path = PathEncoding.path("path", in: item) }
                    guard let path, !path.isEmpty else { throw Malformed(description: "\"paths\" must hold paths (strings, or {\"path\", \"path_bytes\"} objects)") }
                    try refuseNUL(path)
                    paths.append(path)
                }
            }
            return .rescan(paths: paths, wait: value["wait"]?.boolValue ?? false)
        case "cancel":
            if value["all"]?.boolValue == true { return .cancel(id: nil) }
            guard let id = value["id"]?.intValue else { throw Malformed(description: "\"cancel\" needs an \"id\" (a request id) or \"all\": true") }
            return .cancel(id: id)
        case "reload":
            return .reload
        case "accept":
            guard let model = PathEncoding.path("model", in: value), !model.isEmpty else {
                throw Malformed(description: "\"accept\" needs a \"model\" (a path or a name)")
            }
            try refuseNUL(model)
            return .accept(model: model, claimedUser: value["user"]?.stringValue)
        default:
            throw Malformed(description: "unknown op \"\(value["op"]?.stringValue ?? "")\" (rescan, cancel, status, accept or reload)")
        }
    }

    static func refuseNUL(_ path: RawPath) throws(Malformed) {
        if path.bytes.contains(0) { throw Malformed(description: "a path holds a NUL byte, which no file name can: refused") }
    }

    /// Requests that change or cost something (everything but `status`) count against the per-user rate limit.
    public var isRateLimited: Bool {
        if case .status = self { return false }
        return true
    }
}

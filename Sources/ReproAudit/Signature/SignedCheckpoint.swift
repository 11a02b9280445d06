/// A transparency log checkpoint in signed-note form (`origin\nsize\nbase64 root\n…\n\n— name sig\n`):
/// the tree size and root hash a log committed to, signed with its key.
public struct SignedCheckpoint: Sendable, Equatable {
    public var origin: String
    public var treeSize: Int64
    public var rootHash: [UInt8]
    /// The note body the signatures are over (everything up to and including the body's last newline).
    public var body: [UInt8]
    /// (name, 4-byte key hint, signature) per signature line.
    public var signatures: [(name: String, keyHint: [UInt8], signature: [UInt8])]

    public static func == (a: SignedCheckpoint, b: SignedCheckpoint) -> Bool {
        a.body == b.body && a.signatures.count == b.signatures.count
            && zip(a.signatures, b.signatures).allSatisfy { $0.name == $1.name && $0.keyHint == $1.keyHint && $0.signature == $1.signature }
    }

    public static func parse(_ text: String) throws(BundleError) -> SignedCheckpoint {
        let field = "inclusionProof.checkpoint"
        let bytes = Array(text.utf8)
        guard bytes.count <= 65536 else { throw BundleError(field, "longer than 64 KiB") }
        // The body ends at the first blank line.
        var split: Int?
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 10 && bytes[index + 1] == 10 { split = index + 1; break }
            index += 1
        }
        guard let split else { throw BundleError(field, "no blank line between the note and its signatures") }
        let body = Array(bytes[..<split])
        let lines = String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, let size = Int64(lines[1]), let root = Base64.decode(String(lines[2])), root.count == 32 else {
            throw BundleError(field, "the note does not start with origin, tree size and base64 root hash")
        }
        var signatures: [(name: String, keyHint: [UInt8], signature: [UInt8])] = []
        let dash = "\u{2014} "
        for line in String(decoding: bytes[(split + 1)...], as: UTF8.self).split(separator: "\n") {
            guard line.hasPrefix(dash) else { throw BundleError(field, "signature line does not start with an em dash") }
            let parts = line.dropFirst(dash.count).split(separator: " ")
            guard parts.count == 2, let raw = Base64.decode(String(parts[1])), raw.count > 4 else {
                throw BundleError(field, "signature line is not `— name base64`")
            }
            signatures.append((String(parts[0]), Array(raw.prefix(4)), Array(raw.dropFirst(4))))
        }
        guard !signatures.isEmpty else { throw BundleError(field, "no signature") }
        return SignedCheckpoint(origin: String(lines[0]), treeSize: size, rootHash: root, body: body, signatures: signatures)
    }

    /// True when one of the signatures whose key hint is the first 4 bytes of `keyID` verifies with `key`.
    public func isSigned(by key: PublicKey, keyID: [UInt8]) -> Bool {
        signatures.contains { entry in
            guard entry.keyHint == Array(keyID.prefix(4)) else { return false }
            do {
                try key.verify(signature: entry.signature, message: body)
                return true
            } catch {
                return false
            }
        }
    }
}

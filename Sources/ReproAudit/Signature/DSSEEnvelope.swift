/// A DSSE envelope (Dead Simple Signing Envelope): a payload, its type, and signatures over the
/// pre-authentication encoding of both, as Sigstore bundles carry the Model Signing statement.
public struct DSSEEnvelope: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public var signature: [UInt8]
        public var keyID: String?
    }

    public var payload: [UInt8]
    public var payloadType: String
    public var signatures: [Signature]

    /// The in-toto payload type every Model Signing bundle uses.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// The bytes a DSSE signature is over: `DSSEv1 <len(type)> <type> <len(payload)> <payload>`.
    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = Array("DSSEv1 \(payloadType.utf8.count) ".utf8)
        out += Array(payloadType.utf8)
        out += Array(" \(payload.count) ".utf8)
        out += payload
        return out
    }

    /// The bytes model_signing v0.2 signed: its PAE put Python's `repr` of the payload bytes into a
    /// string (`DSSEV1 28 application/vnd.in-toto+json 123 b'{\\n…'`). The reference verifier still
    /// accepts it for old bundles, and so does reproaudit.
    public static func compatibilityEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        Array("DSSEV1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8) + pythonBytesRepr(payload)
    }

    /// Python's `repr(bytes)`: `b'…'` (or `b"…"` when only single quotes occur), `\\xNN` escapes.
    static func pythonBytesRepr(_ bytes: [UInt8]) -> [UInt8] {
        let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var out: [UInt8] = [UInt8(ascii: "b"), quote]
        for byte in bytes {
            switch byte {
            case quote, UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 9: out += Array("\\t".utf8)
            case 10: out += Array("\\n".utf8)
            case 13: out += Array("\\r".utf8)
            case 0x20..<0x7f: out.append(byte)
            default: out += Array("\\x".utf8) + Array(Hex.encode([byte]).utf8)
            }
        }
        out.append(quote)
        return out
    }

    /// `preAuthenticationEncoding` of this envelope.
    public var signedBytes: [UInt8] { Self.preAuthenticationEncoding(payloadType: payloadType, payload: payload) }

    static func parse(_ fields: BundleFields) throws(BundleError) -> DSSEEnvelope {
        let payload = try fields.base64("payload", limit: 64 << 20)
        let payloadType = try fields.string("payloadType")
        var signatures: [Signature] = []
        for item in try fields.array("signatures", limit: 16) {
            let signature = try item.base64("sig", limit: 4096)
            guard !signature.isEmpty else { throw BundleError(item.name("sig"), "empty signature") }
            signatures.append(Signature(signature: signature, keyID: try item.optionalString("keyid")))
        }
        guard !signatures.isEmpty else { throw BundleError(fields.name("signatures"), "no signature") }
        return DSSEEnvelope(payload: payload, payloadType: payloadType, signatures: signatures)
    }
}

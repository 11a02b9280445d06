/// PEM text of DER bytes as OpenSSL and Python's `cryptography` write it (64-column base64 lines),
/// so digests over PEM (a v1.1 key `hint`) and PEM comparisons (a Rekor entry's `verifier`) match.
public enum PEM {
    public static func encode(label: String, der: [UInt8]) -> String {
        var text = "-----BEGIN \(label)-----\n"
        let encoded = Array(Base64.encode(der).utf8)
        var index = 0
        while index < encoded.count {
            text += String(decoding: encoded[index..<min(index + 64, encoded.count)], as: UTF8.self) + "\n"
            index += 64
        }
        return text + "-----END \(label)-----\n"
    }
}

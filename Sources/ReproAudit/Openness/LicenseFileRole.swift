/// What a licence file covers, judged from its name as issue #10 decides: `*MODEL*LICEN[CS]E*` the
/// model; `LICENSE-CODE*` / `CODE_LICENSE*` the code; `DATA_LICENSE*` the data; `USE_POLICY*` (and
/// `*ACCEPTABLE_USE*`) is a use policy; `THIRD_PARTY*` / `NOTICE*` are not the model's terms. A plain
/// `LICENSE` / `LICENCE` / `COPYING` / `*_LICENSE` covers the model unless a model licence exists, then
/// the code (DeepSeek and ChatGLM ship an Apache `LICENSE` for the code next to their model licence).
public enum LicenseFileRole: String, Sendable, Equatable, CaseIterable {
    case model
    case code
    case data
    case usePolicy = "use-policy"
    /// `LICENSE`, `LICENCE.txt`, `COPYING`, `Qwen_LICENSE`: the model's unless a model licence exists.
    case plain

    /// The role the name gives, or nil when the file is not a licence of this model (not a licence
    /// name, or a third-party notice).
    public static func of(_ path: RawPath) -> LicenseFileRole? {
        let name = normalizedName(path.name)
        if name.hasPrefix("THIRD_PARTY") || name.hasPrefix("THIRDPARTY") || name.hasPrefix("NOTICE") { return nil }
        if name.hasPrefix("USE_POLICY") || name.has("ACCEPTABLE_USE") || name.hasPrefix("USAGE_POLICY") { return .usePolicy }
        let isLicence = name.has("LICENSE") || name.has("LICENCE")
        if !isLicence {
            return name.hasPrefix("COPYING") ? .plain : nil
        }
        // Pictures and archives of a licence are not read (`wantsText` leaves them out too).
        if ["PDF", "PNG", "JPG", "JPEG", "GIF", "WEBP", "DOCX", "DOC", "ODT", "ZIP", "GZ", "BIN", "SAFETENSORS", "PY"].contains(
            path.lowercasedExtension.uppercased()) { return nil }
        if name.has("MODEL") || name.has("WEIGHT") { return .model }
        if name.has("CODE") || name.has("SOFTWARE") { return .code }
        if name.has("DATA") { return .data }
        return .plain
    }

    /// Upper-case, with `-`, `.` and spaces turned into `_`.
    static func normalizedName(_ name: String) -> String {
        String(name.uppercased().map { $0 == "-" || $0 == "." || $0 == " " ? "_" : $0 })
    }

    /// What each file covers once all names are known: plain files cover the model unless a file
    /// named as the model's licence exists.
    public static func coverage(_ paths: [RawPath]) -> [(path: RawPath, covers: LicenseFileRole)] {
        let roles = paths.compactMap { path in of(path).map { (path, $0) } }
        let hasModelLicence = roles.contains { $0.1 == .model }
        return roles.map { ($0.0, $0.1 == .plain ? (hasModelLicence ? .code : .model) : $0.1) }
    }
}

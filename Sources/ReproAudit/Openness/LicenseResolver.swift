/// Decides a model's licence from every place it is stated — card front matter (`license`, or
/// `license_name`/`license_link` with `other`), GGUF `general.license*`, Ollama licence layers and the
/// text of licence files — and reports disagreements. The strictest recognised source decides.
public enum LicenseResolver {
    /// One statement of the licence.
    struct Source {
        enum Kind { case tag, text }
        var kind: Kind
        var path: RawPath?
        /// Where in the source: "front matter license: apache-2.0 (line 4)".
        var location: String
        var licenseClass: LicenseClass
        /// Comparison key (family and version), nil when unrecognised.
        var key: String?
        var id: String?
        var name: String?
        var spdx: String?
        var clauses: [(LicenseTextRecognizer.Clause, String)] = []
    }

    /// The licence check and the findings it raises.
    public static func resolve(card: ModelCard?, content: ModelContent) -> (OpennessReport.License, [Finding]) {
        var sources: [Source] = []
        var findings: [Finding] = []

        if let card {
            sources += cardSources(card)
        }
        sources += ggufSources(content)

        for layer in content.ollamaLayers where layer.mediaType.hasSuffix(".license") {
            guard let text = layer.text else { continue }
            sources.append(textSource(text, path: layer.path, what: "Ollama licence layer"))
        }
        for path in content.texts.keys.sorted() where isLicenseFile(path) {
            sources.append(textSource(content.texts[path]!, path: path, what: "licence file"))
        }

        var evidence: [Evidence] = sources.map { source in
            var detail = source.location
            if source.licenseClass != .unknown || source.key != nil {
                detail += " → " + (source.name ?? source.id ?? "?")
                if let spdx = source.spdx { detail += " (SPDX \(spdx))" }
                detail += ", \(source.licenseClass.rawValue)"
            }
            return Evidence(path: source.path, detail: detail)
        }
        for source in sources {
            for (clause, sentence) in source.clauses {
                evidence.append(Evidence(path: source.path, detail: "\(LicenseTextRecognizer.describe(clause)): \"\(sentence)\""))
            }
        }

        let known = sources.filter { $0.licenseClass != .unknown }
        guard !sources.isEmpty else {
            findings.append(Finding(code: "no-license", severity: .warning,
                                    message: "No licence found: no license in the card's front matter or metadata, and no LICENSE file. Without a licence nothing may be reused."))
            return (OpennessReport.License(licenseClass: .unknown, id: nil), findings)
        }

        for source in sources where source.licenseClass == .unknown {
            let message: String
            switch source.kind {
            case .tag: message = "The licence \(source.location) is not one the auditor can classify; read its terms before use."
            case .text: message = "The \(source.location) is not a licence text the auditor recognises; read it before use."
            }
            findings.append(Finding(code: "unrecognized-license", severity: .info, message: message, path: source.path))
        }

        guard let decider = known.max(by: { $0.licenseClass < $1.licenseClass }) else {
            let tag = sources.first { $0.kind == .tag }
            let license = OpennessReport.License(licenseClass: .unknown, id: tag?.id, name: tag?.name, evidence: evidence)
            return (license, findings)
        }
        // `max(by:)` returns the last of equal elements; prefer the first source of the strictest class.
        let strictest = known.first { $0.licenseClass == decider.licenseClass }!

        // A text with restricting clauses but no known family (an acceptable-use policy shipped next to
        // the licence, say) adds to a licence at least as strict; it only disagrees with laxer ones.
        let strictestFamily = known.filter { $0.key != "custom" }.map(\.licenseClass).max()
        let compared = known.filter { source in
            guard source.key == "custom", let family = strictestFamily else { return true }
            return source.licenseClass > family
        }
        let distinct = uniqueKeys(compared)
        if distinct.count > 1 {
            let listed = compared.map { "\($0.location) → \($0.name ?? $0.id ?? "?") (\($0.licenseClass.rawValue))" }.joined(separator: "; ")
            findings.append(Finding(
                code: "license-mismatch", severity: .warning,
                message: "The licence statements disagree: \(listed). The stricter, \(strictest.name ?? strictest.id ?? "?"), decides.",
                path: known.first { $0.kind == .text }?.path ?? strictest.path))
        }

        let name = strictest.name
        switch strictest.licenseClass {
        case .restricted:
            findings.append(Finding(code: "restricted-license", severity: .warning,
                                    message: "\(name ?? strictest.id ?? "The licence") limits use (\(restrictionSummary(strictest))); the weights are not under open terms.",
                                    path: strictest.path))
        case .nonCommercial:
            findings.append(Finding(code: "non-commercial-license", severity: .warning,
                                    message: "\(name ?? strictest.id ?? "The licence") forbids commercial use; the weights are not under open terms.",
                                    path: strictest.path))
        case .open, .unknown:
            break
        }
        let license = OpennessReport.License(licenseClass: strictest.licenseClass, id: strictest.id?.lowercased(), name: name, evidence: evidence)
        return (license, findings)
    }

    static func restrictionSummary(_ source: Source) -> String {
        if !source.clauses.isEmpty {
            return source.clauses.map { LicenseTextRecognizer.describe($0.0) }.joined(separator: ", ")
        }
        switch source.key ?? "" {
        case let key where key.hasPrefix("llama"): return "700 million monthly-active-user cap, acceptable-use policy"
        case "gemma": return "prohibited-use policy"
        case let key where key.contains("rail"): return "use restrictions passed on to every user"
        case "tongyi-qianwen": return "100 million monthly-active-user cap"
        case "deepseek": return "use restrictions"
        default: return "use restrictions"
        }
    }

    /// Keys that name different licences, ignoring a family id (`gpl`) next to one of its versions.
    static func uniqueKeys(_ sources: [Source]) -> [String] {
        var keys: [String] = []
        for key in sources.compactMap(\.key) where !keys.contains(key) {
            if let i = keys.firstIndex(where: { key.hasPrefix($0 + "-") || $0.hasPrefix(key + "-") }) {
                if key.count > keys[i].count { keys[i] = key }
                continue
            }
            keys.append(key)
        }
        return keys
    }

    /// `LICENSE*`, `LICENCE*`, `COPYING*`, `*.license` (any case).
    public static func isLicenseFile(_ path: RawPath) -> Bool {
        let name = path.name.lowercased()
        return name.hasPrefix("license") || name.hasPrefix("licence") || name.hasPrefix("copying") || name.hasSuffix(".license")
    }

    static func textSource(_ text: String, path: RawPath, what: String) -> Source {
        let location = "\(what) \(path.displayString)"
        guard let recognition = LicenseTextRecognizer.recognize(text) else {
            return Source(kind: .text, path: path, location: location, licenseClass: .unknown, key: nil, id: nil, name: nil)
        }
        return Source(kind: .text, path: path, location: "\(location) (\"\(recognition.evidence)\")", licenseClass: recognition.licenseClass,
                      key: recognition.key, id: recognition.id, name: recognition.name,
                      spdx: recognition.key.hasPrefix("modified-") ? nil : recognition.entry?.spdx, clauses: recognition.clauses)
    }

    static func tagSource(id rawID: String, name licenseName: String?, link: String?, path: RawPath?, location: String) -> Source {
        let id = rawID.lowercased().trimming(" ")
        if id == "other" || id == "unknown" || LicenseCatalog.entry(forID: id) == nil {
            if let licenseName, let entry = LicenseCatalog.entry(forName: licenseName) {
                return Source(kind: .tag, path: path, location: location, licenseClass: entry.licenseClass, key: entry.key,
                              id: entry.id == "other" ? id : entry.id, name: entry.name, spdx: entry.spdx)
            }
            var name = licenseName
            if let link, name == nil { name = link }
            return Source(kind: .tag, path: path, location: location, licenseClass: .unknown, key: nil, id: id, name: name)
        }
        let entry = LicenseCatalog.entry(forID: id)!
        return Source(kind: .tag, path: path, location: location, licenseClass: entry.licenseClass, key: entry.key,
                      id: entry.id, name: entry.name, spdx: entry.spdx)
    }

    static func cardSources(_ card: ModelCard) -> [Source] {
        let line = card.keyLines["license"].map { " (line \($0))" } ?? ""
        let licenseName = card["license_name"]?.stringValue
        let link = card["license_link"]?.stringValue
        var ids: [String] = []
        switch card["license"] {
        case .string(let s)?: ids = [s]
        case .array(let items)?: ids = items.compactMap(\.stringValue)
        default:
            if let licenseName {
                let nameLine = card.keyLines["license_name"].map { " (line \($0))" } ?? ""
                return [tagSource(id: "other", name: licenseName, link: link, path: card.path,
                                  location: "front matter license_name: \(licenseName)\(nameLine)")]
            }
            return []
        }
        return ids.map { id in
            var location = "front matter license: \(id)\(line)"
            if id.lowercased() == "other" || id.lowercased() == "unknown" {
                if let licenseName { location += ", license_name: \(licenseName)" }
                if let link { location += ", license_link: \(link)" }
            }
            return tagSource(id: id, name: licenseName, link: link, path: card.path, location: location)
        }
    }

    static func ggufSources(_ content: ModelContent) -> [Source] {
        let path = content.ggufMetadataPath
        var license: String?
        var name: String?
        var link: String?
        for (key, value) in content.ggufMetadata {
            switch key {
            case "general.license": license = value.stringValue
            case "general.license.name": name = value.stringValue
            case "general.license.link": link = value.stringValue
            default: break
            }
        }
        guard license != nil || name != nil else { return [] }
        var location = "GGUF general.license: \(license ?? "(none)")"
        if let name { location += ", general.license.name: \(name)" }
        if let link { location += ", general.license.link: \(link)" }
        return [tagSource(id: license ?? "other", name: name, link: link, path: path, location: location)]
    }
}

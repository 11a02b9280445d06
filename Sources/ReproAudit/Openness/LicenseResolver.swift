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
        /// Sentences a standard permissive text does not have (`license-modified`).
        var extraText: [String] = []
        /// For an unrecognised text, its first distinctive line.
        var firstLine: String?
        /// What a licence file covers (nil for tags, sections and layers).
        var covers: LicenseFileRole?
    }

    /// The licence check and the findings it raises.
    public static func resolve(card: ModelCard?, content: ModelContent) -> (OpennessReport.License, [Finding]) {
        var sources: [Source] = []
        var findings: [Finding] = []

        if let card {
            sources += cardSources(card)
            sources += cardSectionSources(card)
        }
        sources += ggufSources(content)

        for layer in content.ollamaLayers where layer.mediaType.hasSuffix(".license") {
            guard let text = layer.text else { continue }
            sources.append(textSource(text, path: layer.path, what: "Ollama licence layer"))
        }
        // Licence files: what each covers (issue #10). Code and data licences are recorded and shown,
        // but only the model's licence and use policies decide the model's class.
        let licencePaths = Array(content.texts.keys) + Array(content.unsupportedTexts.keys)
        var files: [OpennessReport.LicenseFile] = []
        var coverEvidence: [Evidence] = []
        for (path, covers) in LicenseFileRole.coverage(licencePaths.sorted()) {
            guard let text = content.texts[path] else {
                let encoding = content.unsupportedTexts[path] ?? "?"
                files.append(OpennessReport.LicenseFile(path: path, covers: covers.rawValue, id: nil, licenseClass: .unknown))
                coverEvidence.append(Evidence(path: path, detail: "licence file \(path.displayString) covers the \(covers.rawValue); \(encoding) text, not read"))
                continue
            }
            var source = textSource(text, path: path, what: covers == .usePolicy ? "use policy" : "licence file")
            if covers == .usePolicy {
                // A use policy restricts whatever it is: alone it makes the class `restricted`.
                source.licenseClass = max(source.licenseClass, .restricted)
                source.key = "use-policy"
                if source.name == nil || source.name?.hasPrefix("custom licence") == true { source.name = "use policy \(path.displayString)" }
            }
            source.covers = covers
            files.append(OpennessReport.LicenseFile(path: path, covers: covers.rawValue, id: source.id, licenseClass: source.licenseClass))
            switch covers {
            case .model, .usePolicy, .plain: sources.append(source)
            case .code, .data:
                var detail = "licence file \(path.displayString) covers the \(covers.rawValue)"
                if source.key != nil { detail += " → \(source.name ?? source.id ?? "?"), \(source.licenseClass.rawValue)" }
                coverEvidence.append(Evidence(path: path, detail: detail))
            }
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
        evidence += coverEvidence
        for source in sources {
            for (clause, sentence) in source.clauses {
                evidence.append(Evidence(path: source.path, detail: "\(LicenseTextRecognizer.describe(clause)): \"\(sentence)\""))
            }
        }

        let known = sources.filter { $0.licenseClass != .unknown }
        guard !sources.isEmpty else {
            var message = "No licence found: no license in the card's front matter or metadata, and no LICENSE file. Without a licence nothing may be reused."
            if !files.isEmpty {
                message = "No licence of the model found: the licence files there cover only \(Set(files.map(\.covers)).sorted().joined(separator: " and ")). Without a licence for the model nothing may be reused."
            }
            findings.append(Finding(code: "no-license", severity: .warning, message: message))
            return (OpennessReport.License(licenseClass: .unknown, id: nil, evidence: evidence, files: files), findings)
        }

        for source in sources where source.licenseClass == .unknown {
            switch source.kind {
            case .tag:
                findings.append(Finding(code: "license-unrecognised", severity: .info,
                                        message: "The licence \(source.location) is not one the auditor can classify; read its terms before use.",
                                        path: source.path))
            case .text:
                let quoted = source.firstLine.map { " It begins: \"\($0)\"." } ?? ""
                findings.append(Finding(code: "license-unrecognised", severity: .warning,
                                        message: "The \(source.location) is not a licence text the auditor recognises; its class stays unknown.\(quoted) Read it before use.",
                                        path: source.path, details: source.firstLine.map { [("first_line", .string($0))] } ?? []))
            }
        }
        for source in sources {
            guard let extra = source.extraText.first else { continue }
            findings.append(Finding(
                code: "license-modified", severity: .warning,
                message: "\(source.path?.displayString ?? "The licence text") is \(source.name ?? "a standard licence") with text of its own: \"\(extra)\"\(source.extraText.count > 1 ? " (and \(source.extraText.count - 1) more)" : ""). The class stays \(source.licenseClass.rawValue); read the added terms.",
                path: source.path))
        }

        guard let decider = known.max(by: { $0.licenseClass < $1.licenseClass }) else {
            let tag = sources.first { $0.kind == .tag }
            let license = OpennessReport.License(licenseClass: .unknown, id: tag?.id, name: tag?.name, evidence: evidence, files: files)
            return (license, findings)
        }
        // `max(by:)` returns the last of equal elements; prefer the first source of the strictest class,
        // and a licence over a use policy of the same class (the licence names the terms).
        let strictestClass = decider.licenseClass
        let strictest = known.first { $0.licenseClass == strictestClass && $0.key != "use-policy" }
            ?? known.first { $0.licenseClass == strictestClass }!
        // The licence the id and name come from: a use policy restricts a licence, it is not one.
        let named = strictest.key == "use-policy" ? (known.filter { $0.key != "use-policy" }.max { $0.licenseClass < $1.licenseClass } ?? strictest) : strictest

        // A text with restricting clauses but no known family (an acceptable-use policy shipped next to
        // the licence, say) adds to a licence at least as strict; it only disagrees with laxer ones.
        let strictestFamily = known.filter { $0.key != "custom" && $0.key != "use-policy" }.map(\.licenseClass).max()
        let compared = known.filter { source in
            if source.key == "use-policy" { return false }
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

        // An open tag over a model licence text the auditor cannot read stays unknown: the text may say anything.
        var licenseClass = strictestClass
        if licenseClass == .open, let unread = sources.first(where: { $0.kind == .text && $0.licenseClass == .unknown }) {
            licenseClass = .unknown
            evidence.append(Evidence(path: unread.path, detail: "\(unread.location) is not recognised: the class stays unknown whatever the tags say"))
        }

        let name = named.name
        switch licenseClass {
        case .restricted:
            let what = strictest.key == "use-policy" ? "The use policy \(strictest.path?.displayString ?? "")" : (name ?? strictest.id ?? "The licence")
            findings.append(Finding(code: "restricted-license", severity: .warning,
                                    message: "\(what) limits use (\(restrictionSummary(strictest))); the weights are not under open terms.",
                                    path: strictest.path))
        case .nonCommercial:
            findings.append(Finding(code: "non-commercial-license", severity: .warning,
                                    message: "\(name ?? strictest.id ?? "The licence") forbids commercial use; the weights are not under open terms.",
                                    path: strictest.path))
        case .open, .unknown:
            break
        }
        let license = OpennessReport.License(licenseClass: licenseClass, id: named.id?.lowercased(), name: name, evidence: evidence, files: files)
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
        case "falcon": return "acceptable-use policy"
        case "baichuan": return "commercial use above a user count needs a licence from Baichuan"
        case "stability-community": return "commercial use above US$1M annual revenue needs an enterprise licence"
        case "ai2-impact": return "use-based restrictions and reporting duties"
        case "apple-ascl": return "a personal licence under Apple's terms, not OSI-approved"
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

    /// Licence files by any of the names `LicenseFileRole` knows (`LICENSE*`, `LICENCE*`, `COPYING*`,
    /// `MODEL_LICENSE*`, `LICENSE-CODE*`, `USE_POLICY*`, `*.license`…), any case.
    public static func isLicenseFile(_ path: RawPath) -> Bool {
        LicenseFileRole.of(path) != nil
    }

    static func textSource(_ text: String, path: RawPath, what: String) -> Source {
        let location = "\(what) \(path.displayString)"
        guard let recognition = LicenseTextRecognizer.recognize(text) else {
            var source = Source(kind: .text, path: path, location: location, licenseClass: .unknown, key: nil, id: nil, name: nil)
            source.firstLine = LicenseTextRecognizer.firstDistinctiveLine(text)
            return source
        }
        return Source(kind: .text, path: path, location: "\(location) (\"\(recognition.evidence)\")", licenseClass: recognition.licenseClass,
                      key: recognition.key, id: recognition.id, name: recognition.name,
                      spdx: recognition.key.hasPrefix("modified-") ? nil : recognition.entry?.spdx, clauses: recognition.clauses,
                      extraText: recognition.extraText)
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

    /// Headings of a card's licence section.
    static func isLicenceHeading(_ title: String) -> Bool {
        let t = title.lowercased()
        return t.has("license") || t.has("licence") || t.has("licensing") || t.has("terms of use") || t == "terms"
    }

    /// The licence a card's "## License" section states: the whole text of a licence pasted there, or
    /// the licences its sentences and links name (the strictest, when it names several: a section
    /// that gives the code's licence and the weights' names both).
    static func cardSectionSources(_ card: ModelCard) -> [Source] {
        for heading in card.headings where isLicenceHeading(heading.title) {
            let lines = card.sectionText(heading)
            let text = lines.map(\.text).joined(separator: "\n")
            guard !text.trimming(" \n\t").isEmpty else { continue }
            let location = "card section '\(heading.title)' (line \(heading.line))"
            if let recognition = LicenseTextRecognizer.recognize(text), recognition.entry != nil {
                return [Source(kind: .text, path: card.path, location: "\(location) (\"\(recognition.evidence)\")", licenseClass: recognition.licenseClass,
                               key: recognition.key, id: recognition.id, name: recognition.name,
                               spdx: recognition.key.hasPrefix("modified-") ? nil : recognition.entry?.spdx, clauses: recognition.clauses)]
            }
            let mentions = LicenseMentions.find(in: text)
            guard let strictest = mentions.max(by: { $0.entry.licenseClass < $1.entry.licenseClass }) else { continue }
            let chosen = mentions.first { $0.entry.licenseClass == strictest.entry.licenseClass }!
            let also = mentions.count > 1 ? "; also names " + mentions.filter { $0.entry.key != chosen.entry.key }.map(\.entry.name).joined(separator: ", ") : ""
            return [Source(kind: .tag, path: card.path, location: "\(location) names \"\(chosen.mention)\"\(also)",
                           licenseClass: chosen.entry.licenseClass, key: chosen.entry.key, id: chosen.entry.id, name: chosen.entry.name,
                           spdx: chosen.entry.spdx)]
        }
        return []
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

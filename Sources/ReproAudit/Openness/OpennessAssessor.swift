

/// Judges a model's openness from its local files, as `spec/openness.md` says: evidence for each
/// Model Openness Framework component, the licence, the Open Source AI Definition verdict, the MOF
/// class, and findings (open-washing, restricted licences, parts that are only referenced).
///
/// The auditor gathers a `ModelContent` — reading into `texts` the files `wantsText(_:)` asks for,
/// up to `maximumTextSize` bytes each — and calls `assess(_:)`, a pure function of that value.
public enum OpennessAssessor {
    /// Largest text file the auditor should read for the openness checks.
    public static let maximumTextSize: Int = 1 << 20

    /// Whether the auditor should read this file (relative to the model) into `ModelContent.texts`:
    /// cards, data cards, licence texts, model and training configurations.
    public static func wantsText(_ relativePath: RawPath) -> Bool {
        let components = relativePath.components
        guard let last = components.last, components.count <= 3 else { return false }
        // Nothing inside hidden folders (.git, .cache, .huggingface).
        if components.contains(where: { $0.bytes.first == UInt8(ascii: ".") }) { return false }
        let name = last.displayString.lowercased()
        let ext = relativePath.lowercasedExtension
        if LicenseResolver.isLicenseFile(relativePath) {
            // LICENSE, LICENSE.txt, LICENSE-MODEL, LICENSE.Apache-2.0 …, but not a PDF or an image of it.
            return !["pdf", "png", "jpg", "jpeg", "gif", "webp", "docx", "doc", "odt", "zip", "gz", "bin", "safetensors"].contains(ext)
        }
        if components.count == 1 {
            if cardNames.contains(name) || ["data_card.md", "datacard.md", "data-card.md", "citation.cff"].contains(name) { return true }
            if name.hasPrefix("datasheet") && name.hasSuffix(".md") { return true }
        }
        if ["config.json", "generation_config.json", "params.json", "data_config.json", "training_args.json", "model_index.json",
            "adapter_config.json", "hparams.yaml"].contains(name)
        {
            return true
        }
        if ext == "yaml" || ext == "yml" { return true }
        // Training configurations written as JSON (DeepSpeed, trainer and optimiser settings).
        if ext == "json" && ["train", "finetune", "deepspeed", "ds_config", "optim"].contains(where: name.contains) { return true }
        return false
    }

    /// The openness part of the audit record for one model.
    public static func assess(_ content: ModelContent) -> OpennessReport {
        var findings: [Finding] = []
        let (card, unreadableCard) = primaryCard(content)
        if let (path, encoding) = unreadableCard {
            findings.append(Finding(
                code: "card-encoding-unsupported", severity: .warning,
                message: "\(path.displayString) is \(encoding) text, which the auditor does not read; save it as UTF-8 for its front matter and sections to count.",
                path: path, details: [("encoding", .string(encoding))]))
        }
        for (path, encoding) in content.unsupportedTexts.sorted(by: { $0.key < $1.key }) where path != unreadableCard?.0 {
            findings.append(Finding(
                code: "text-encoding-unsupported", severity: .info,
                message: "\(path.displayString) is \(encoding) text, which the auditor does not read; save it as UTF-8 for it to count as evidence.",
                path: path, details: [("encoding", .string(encoding))]))
        }
        if let card {
            for problem in card.problems {
                findings.append(Finding(
                    code: "malformed-card", severity: .warning,
                    message: "\(card.path.displayString) line \(problem.line): \(problem.message); that front matter entry was skipped, the rest of the card was read.",
                    path: card.path, details: [("line", .integer(Int64(problem.line)))]))
            }
        }

        let (license, licenseFindings) = LicenseResolver.resolve(card: card, content: content)
        findings += licenseFindings

        let evidence = ComponentEvidence(content: content, card: card)
        var statuses: [OpennessComponent: ComponentStatus] = [:]
        var components: [(String, ComponentStatus)] = []
        for component in OpennessComponent.allCases {
            var status = evidence.status(component)
            // The record's components are present / referenced / missing: a data card section that names
            // no data does not count as a data card.
            if status == .partial { status = .missing }
            statuses[component] = status
            components.append((component.rawValue, status))
        }

        let dataCardStatus = evidence.status(.dataCard)
        let dataCard = OpennessReport.Check(status: dataCardStatus, evidence: evidence.evidence(.dataCard))
        let trainingCode = OpennessReport.Check(status: statuses[.trainingCode]!, evidence: evidence.evidence(.trainingCode))

        // Verdict (spec/openness.md).
        let hasDataInformation = [ComponentStatus.present, .referenced].contains(dataCardStatus)
            || [ComponentStatus.present, .referenced].contains(statuses[.datasets]!)
        let hasTrainingCode = [ComponentStatus.present, .referenced].contains(statuses[.trainingCode]!)
        let openness: OpennessVerdict
        switch license.licenseClass {
        case .unknown: openness = .unknown
        case .restricted, .nonCommercial: openness = .restricted
        case .open: openness = hasDataInformation && hasTrainingCode ? .openSource : .openWeights
        }
        let mofClass = MOFClassifier.classify(statuses, licenseClass: license.licenseClass)

        if let claim = openSourceClaim(card: card, content: content), openness != .openSource {
            var lacking: [String] = []
            switch openness {
            case .restricted: lacking.append("its licence (\(license.id ?? license.name ?? "?"), \(license.licenseClass.rawValue)) limits use")
            case .unknown: lacking.append("no licence was found")
            default:
                if !hasDataInformation { lacking.append("no data information") }
                if !hasTrainingCode { lacking.append("no training code") }
            }
            findings.append(Finding(
                code: "open-washing", severity: .warning,
                message: "The \(claim.source) calls the model \"\(claim.phrase)\" (\(claim.location)), but the evidence says \(openness.rawValue): \(lacking.joined(separator: ", ")).",
                path: claim.path))
        }

        if let card, card.keyLines.keys.contains(where: { $0.hasPrefix("extra_gated_") }) || card["gated"]?.boolValue == true {
            findings.append(Finding(code: "gated-model", severity: .info,
                                    message: "The model is gated: its terms must be accepted on the Hub before download.",
                                    path: card.path))
        }

        for component in OpennessComponent.allCases where statuses[component] == .referenced {
            let where_ = evidence.evidence(component).first
            findings.append(Finding(
                code: component.notLocalFindingCode, severity: .info,
                message: "\(component.mofName) is only referenced (\(where_?.detail ?? "elsewhere")); the local copy alone does not hold it.",
                path: where_?.path))
        }

        var extraChecks: [(String, OpennessReport.Check)] = []
        func check(_ name: String, _ parts: [OpennessComponent], identifiers: [String] = []) {
            let status = parts.map { statuses[$0]! }.max() ?? .missing
            extraChecks.append((name, OpennessReport.Check(status: status, evidence: parts.flatMap { evidence.evidence($0) },
                                                           identifiers: identifiers)))
        }
        check("model_card", [.modelCard])
        check("model_architecture", [.modelArchitecture])
        check("model_metadata", [.modelMetadata])
        check("intermediate_parameters", [.intermediateParameters])
        check("datasets", [.datasets], identifiers: evidence.datasetIDs)
        check("preprocessing_code", [.dataPreprocessingCode])
        check("inference_code", [.inferenceCode])
        check("evaluation", [.evaluationCode, .evaluationData, .evaluationResults])
        check("reports", [.technicalReport, .researchPaper])

        return OpennessReport(dataCard: dataCard, trainingCode: trainingCode, license: license, components: components,
                              extraChecks: extraChecks, openness: openness, mofClass: mofClass, findings: findings)
    }

    /// Names of model cards at the model's root, lower-cased, in the order one is chosen: the Hub's
    /// `README.md`, then `MODEL_CARD.md`, `ModelCard.md`, `model-card.md`.
    static let cardNames = ["readme.md", "readme", "model_card.md", "modelcard.md", "model-card.md"]

    /// The first card at the model's root by `cardNames`, or the path and encoding of one the auditor
    /// cannot read (UTF-16) when that one comes first.
    static func primaryCard(_ content: ModelContent) -> (card: ModelCard?, unreadable: (RawPath, String)?) {
        let candidates = (Array(content.texts.keys) + Array(content.unsupportedTexts.keys)).filter { $0.components.count == 1 }.sorted()
        for wanted in cardNames {
            if let path = candidates.first(where: { $0.name.lowercased() == wanted }) {
                if let text = content.texts[path] { return (ModelCard(path: path, text: text), nil) }
                if let encoding = content.unsupportedTexts[path] { return (nil, (path, encoding)) }
            }
        }
        return (nil, nil)
    }

    struct Claim {
        var source: String
        var phrase: String
        var location: String
        var path: RawPath?
    }

    /// Words after "open source" that make it about something other than the model.
    static let unrelatedAfterClaim = ["library", "libraries", "tool", "tools", "toolkit", "framework", "frameworks", "software",
                                      "community", "communities", "project", "projects", "ecosystem", "package", "packages",
                                      "implementation", "implementations", "code", "contributors", "initiative", "initiatives",
                                      "alternatives", "developers", "datasets", "dataset"]

    /// A sentence calling the model "open source", "open-source" or "fully open", in the card (front
    /// matter or prose) or GGUF `general.description`.
    static func openSourceClaim(card: ModelCard?, content: ModelContent) -> Claim? {
        if let card {
            for (number, text) in card.proseLines {
                if let phrase = claimPhrase(in: text) {
                    return Claim(source: "model card", phrase: phrase, location: "line \(number)", path: card.path)
                }
            }
            for key in ["description", "model_description", "summary", "pretty_name"] {
                if let text = card[key]?.stringValue, let phrase = claimPhrase(in: text) {
                    return Claim(source: "model card", phrase: phrase, location: "front matter \(key)", path: card.path)
                }
            }
        }
        for (key, value) in content.ggufMetadata where key == "general.description" || key == "general.name" {
            if let text = value.stringValue, let phrase = claimPhrase(in: text) {
                let path = content.ggufMetadataPath
                return Claim(source: "GGUF metadata", phrase: phrase, location: key, path: path)
            }
        }
        return nil
    }

    static func claimPhrase(in text: String) -> String? {
        let lower = LicenseTextRecognizer.normalize(text)
        for phrase in ["open source", "open-source", "opensource", "fully open", "fully-open", "completely open", "truly open"] {
            var search = lower[...]
            while let range = search.utf8Range(of: phrase) {
                search = lower[range.upperBound...]
                let before = range.lowerBound == lower.startIndex ? " " : lower[lower.index(before: range.lowerBound)]
                if before.isLetter { continue }
                let rest = lower[range.upperBound...]
                if let first = rest.first, first.isLetter { continue }
                let nextWord = rest.drop(while: { $0 == " " || $0 == "-" }).prefix(while: { $0.isLetter })
                if unrelatedAfterClaim.contains(String(nextWord)) { continue }
                // "open source licence" is a claim about the model's terms: keep it.
                return phrase
            }
        }
        return nil
    }
}

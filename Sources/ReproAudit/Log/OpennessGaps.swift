/// What a model lacks to be `open-source` (OSAID 1.0) and to reach each Model Openness Framework
/// class, judged from a record's `components`, `checks` and `checks.license.class` as
/// `../shared/spec/openness.md` describes. It lists evidence only; it never certifies.
public enum OpennessGaps {
    /// One target (`open-source`, `MOF Class III`…) and what stands between the model and it.
    public struct Gap: Sendable, Equatable {
        public var target: String
        /// Missing pieces, for people; empty when the target is met.
        public var missing: [String]
        /// Pieces that count only because the card points elsewhere (`referenced`).
        public var referencedOnly: [String]

        public var isMet: Bool { missing.isEmpty }
    }

    /// A MOF component: its kebab-case key in `components`, its MOF name, and the class that requires it.
    public struct Component: Sendable {
        public var key: String
        public var name: String
        public var mofClass: Int
    }

    /// Required components of the MOF (lfai/model_openness_tool `mof.settings.yml`), Class III first.
    /// The technical report may be replaced by the research paper.
    public static let mofComponents: [Component] = [
        Component(key: "model-architecture", name: "model architecture", mofClass: 3),
        Component(key: "model-parameters", name: "model parameters (final)", mofClass: 3),
        Component(key: "model-card", name: "model card", mofClass: 3),
        Component(key: "data-card", name: "data card", mofClass: 3),
        Component(key: "evaluation-results", name: "evaluation results", mofClass: 3),
        Component(key: "technical-report", name: "technical report (or research paper)", mofClass: 3),
        Component(key: "training-code", name: "training code", mofClass: 2),
        Component(key: "inference-code", name: "inference code", mofClass: 2),
        Component(key: "evaluation-code", name: "evaluation code", mofClass: 2),
        Component(key: "evaluation-data", name: "evaluation data", mofClass: 2),
        Component(key: "datasets", name: "datasets", mofClass: 1),
        Component(key: "data-preprocessing-code", name: "data preprocessing code", mofClass: 1),
        Component(key: "model-parameters-intermediate", name: "model parameters (intermediate)", mofClass: 1),
        Component(key: "research-paper", name: "research paper", mofClass: 1),
    ]

    /// `Model parameters (Final)` → `model-parameters-final`.
    public static func normalizedKey(_ name: String) -> String {
        var key = ""
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                key.append(character)
            } else if !key.isEmpty && key.last != "-" {
                key.append("-")
            }
        }
        while key.hasSuffix("-") { key.removeLast() }
        return key
    }

    /// Component statuses of a record: `components`, completed from `checks` where they say more.
    public static func componentStatuses(_ record: JSONValue) -> [String: String] {
        var statuses: [String: String] = [:]
        for (name, value) in record["components"]?.objectValue ?? [] {
            guard let status = value.stringValue else { continue }
            var key = normalizedKey(name)
            if key == "model-parameters-final" { key = "model-parameters" }
            statuses[key] = status
        }
        let checks = record["checks"]
        if statuses["data-card"] == nil, let status = checks?["data_card"]?["status"]?.stringValue { statuses["data-card"] = status }
        if statuses["training-code"] == nil, let status = checks?["training_code"]?["status"]?.stringValue { statuses["training-code"] = status }
        if statuses["datasets"] == nil, let status = checks?["datasets"]?["status"]?.stringValue { statuses["datasets"] = status }
        if statuses["model-parameters"] == nil, let files = checks?["weights"]?["files"]?.arrayValue {
            statuses["model-parameters"] = files.isEmpty ? "missing" : "present"
        }
        return statuses
    }

    static func isEvidenced(_ status: String?) -> Bool {
        status == "present" || status == "partial" || status == "referenced"
    }

    /// The gaps for `open-source`, then MOF Class III, II and I (cumulative).
    public static func assess(_ record: JSONValue) -> [Gap] {
        let statuses = componentStatuses(record)
        let licenseClass = record["checks"]?["license"]?["class"]?.stringValue ?? "unknown"
        let licenseGap: String? = licenseClass == "open" ? nil
            : "an open licence (OSI-approved or open data licence; this one is \(licenseClass))"

        var openSource = Gap(target: "open-source", missing: [], referencedOnly: [])
        if let licenseGap { openSource.missing.append(licenseGap) }
        if !isEvidenced(statuses["model-parameters"]) { openSource.missing.append("model parameters") }
        let dataInformation = [statuses["data-card"], statuses["datasets"]]
        if !dataInformation.contains(where: isEvidenced) {
            openSource.missing.append("data information (a data card or the datasets)")
        } else if !dataInformation.contains(where: { $0 == "present" || $0 == "partial" }) {
            openSource.referencedOnly.append("data information")
        }
        if !isEvidenced(statuses["training-code"]) {
            openSource.missing.append("training code")
        } else if statuses["training-code"] == "referenced" {
            openSource.referencedOnly.append("training code")
        }

        var gaps = [openSource]
        var missing: [String] = licenseGap.map { [$0] } ?? []
        var referenced: [String] = []
        for mofClass in [3, 2, 1] {
            for component in mofComponents where component.mofClass == mofClass {
                var status = statuses[component.key]
                if component.key == "technical-report", !isEvidenced(status) { status = statuses["research-paper"] }
                if !isEvidenced(status) {
                    let judged = status == nil ? " (not judged by the auditor)" : ""
                    missing.append(component.name + judged)
                } else if status == "referenced" {
                    referenced.append(component.name)
                }
            }
            let roman = mofClass == 3 ? "III" : mofClass == 2 ? "II" : "I"
            gaps.append(Gap(target: "MOF Class \(roman)", missing: missing, referencedOnly: referenced))
        }
        return gaps
    }
}

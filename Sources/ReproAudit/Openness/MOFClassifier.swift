/// The Model Openness Framework's classification (arXiv:2403.13784, and the classifier of
/// `lfai/model_openness_tool`): classes are cumulative — Class II needs everything Class III needs,
/// Class I everything Class II needs — and a class holds when each of its required components is
/// included under an open licence. A research paper may stand in for the technical report. A component
/// without a licence of its own takes the model's licence, which is what the auditor can see.
///
/// "Included" means evidenced as `present` or `referenced`: the MOF judges what a release makes
/// available, not what one download holds. The MOF tool's "conditional pass" for Class III (open
/// parameters alone) is not applied: the spec asks for every required component.
public enum MOFClassifier {
    /// `"I"`, `"II"`, `"III"` or nil when not even Class III holds.
    public static func classify(_ components: [OpennessComponent: ComponentStatus], licenseClass: LicenseClass) -> String? {
        guard licenseClass == .open else { return nil }
        func included(_ component: OpennessComponent) -> Bool {
            let status = components[component] ?? .missing
            if status == .present || status == .referenced { return true }
            if component == .technicalReport {
                let paper = components[.researchPaper] ?? .missing
                return paper == .present || paper == .referenced
            }
            return false
        }
        var result: String?
        for (level, name) in [(3, "III"), (2, "II"), (1, "I")] {
            let required = OpennessComponent.allCases.filter { ($0.requiredFromClass ?? 0) >= level }
            guard required.allSatisfy(included) else { break }
            result = name
        }
        return result
    }

    /// The required components a class lacks (for messages); `level` is 3, 2 or 1.
    public static func missing(for level: Int, _ components: [OpennessComponent: ComponentStatus]) -> [OpennessComponent] {
        OpennessComponent.allCases.filter { component in
            guard let from = component.requiredFromClass, from >= level else { return false }
            let status = components[component] ?? .missing
            if status == .present || status == .referenced { return false }
            if component == .technicalReport, let paper = components[.researchPaper], paper == .present || paper == .referenced { return false }
            return true
        }
    }
}



/// A Model Openness Framework component the auditor judges from local files, in the MOF's order.
/// The raw value is the name written under `components` in the audit record.
public enum OpennessComponent: String, Sendable, CaseIterable, Comparable {
    case modelArchitecture = "model-architecture"
    /// MOF "Model parameters (Final)".
    case modelParameters = "model-parameters"
    /// MOF "Model parameters (Intermediate)".
    case intermediateParameters = "model-parameters-intermediate"
    case modelMetadata = "model-metadata"
    case modelCard = "model-card"
    case dataCard = "data-card"
    case datasets = "datasets"
    case dataPreprocessingCode = "data-preprocessing-code"
    case trainingCode = "training-code"
    case inferenceCode = "inference-code"
    case evaluationCode = "evaluation-code"
    case evaluationData = "evaluation-data"
    case evaluationResults = "evaluation-results"
    case technicalReport = "technical-report"
    case researchPaper = "research-paper"

    /// The MOF's own name for the component.
    public var mofName: String {
        switch self {
        case .modelArchitecture: "Model architecture"
        case .modelParameters: "Model parameters (Final)"
        case .intermediateParameters: "Model parameters (Intermediate)"
        case .modelMetadata: "Model metadata"
        case .modelCard: "Model card"
        case .dataCard: "Data card"
        case .datasets: "Datasets"
        case .dataPreprocessingCode: "Data preprocessing code"
        case .trainingCode: "Training code"
        case .inferenceCode: "Inference code"
        case .evaluationCode: "Evaluation code"
        case .evaluationData: "Evaluation data"
        case .evaluationResults: "Evaluation results"
        case .technicalReport: "Technical report"
        case .researchPaper: "Research paper"
        }
    }

    /// The lowest MOF class (3, 2 or 1) that requires the component, or nil when no class requires it
    /// (model metadata is optional in the MOF).
    public var requiredFromClass: Int? {
        switch self {
        case .modelArchitecture, .modelParameters, .modelCard, .dataCard, .evaluationResults, .technicalReport: 3
        case .trainingCode, .inferenceCode, .evaluationCode, .evaluationData: 2
        case .datasets, .dataPreprocessingCode, .intermediateParameters, .researchPaper: 1
        case .modelMetadata: nil
        }
    }

    /// Snake-case name for people and for finding codes (`training_code`).
    public var checkName: String { rawValue.replacing("-", with: "_") }

    /// The code of the info finding raised when the component is only referenced.
    public var notLocalFindingCode: String {
        switch self {
        case .datasets: "data-not-local"
        case .modelParameters: "model-parameters-not-local"
        case .intermediateParameters: "intermediate-parameters-not-local"
        default: "\(rawValue)-not-local"
        }
    }

    public static func < (lhs: OpennessComponent, rhs: OpennessComponent) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

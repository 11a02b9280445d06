import Foundation
import Testing
@testable import ReproAudit

/// Builds `ModelContent` values from the folders under `Fixtures/openness/`, the way the auditor
/// would: every file is listed, and the ones `OpennessAssessor.wantsText` asks for are read.
enum OpennessFixtures {
    static var root: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/openness")
    }

    static func text(_ relative: String) -> String {
        let url = root.appendingPathComponent(relative)
        guard let data = try? Data(contentsOf: url), case .text(let text) = TextDecoding.decode(Array(data)) else { return "" }
        return text
    }

    /// The folder `name`, plus `weights` (relative path → size) that stand for weight files too large
    /// to keep in the repository, plus `extraFiles` listed without content.
    static func content(_ name: String, weights: [String: Int64] = [:], extraFiles: [String] = [],
                        ggufMetadata: [(String, JSONValue)] = [], ollamaLayers: [ModelContent.OllamaLayer] = []) -> ModelContent {
        var files: [ModelContent.File] = []
        var texts: [RawPath: String] = [:]
        let folder = root.appendingPathComponent(name)
        if let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey]) {
            for case let url as URL in enumerator {
                let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
                guard values?.isRegularFile == true else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
                let path = RawPath(relative)
                files.append(ModelContent.File(path: path, size: Int64(values?.fileSize ?? 0), isWeight: false))
                if OpennessAssessor.wantsText(path), (values?.fileSize ?? 0) <= OpennessAssessor.maximumTextSize {
                    if let data = try? Data(contentsOf: url), case .text(let text) = TextDecoding.decode(Array(data)) { texts[path] = text }
                }
            }
        }
        for (path, size) in weights.sorted(by: { $0.key < $1.key }) {
            files.append(ModelContent.File(path: RawPath(path), size: size, isWeight: true))
        }
        for path in extraFiles {
            files.append(ModelContent.File(path: RawPath(path), size: 1024, isWeight: false))
        }
        files.sort { $0.path < $1.path }
        return ModelContent(identity: ModelIdentity(path: RawPath("/models/\(name)"), layout: .folder, name: name, revision: nil), files: files, texts: texts,
                            ggufMetadata: ggufMetadata, ollamaLayers: ollamaLayers)
    }
}

extension OpennessReport {
    func status(_ component: OpennessComponent) -> ComponentStatus? {
        components.first { $0.0 == component.rawValue }?.1
    }

    /// Component name → status, for comparing whole maps.
    var componentMap: [String: ComponentStatus] {
        Dictionary(uniqueKeysWithValues: components.map { ($0.0, $0.1) })
    }

    var findingCodes: [String] { findings.map(\.code) }

    func extra(_ name: String) -> Check? { extraChecks.first { $0.0 == name }?.1 }
}

/// Shorthand for a full component map in tests.
func components(
    architecture: ComponentStatus, parameters: ComponentStatus, intermediate: ComponentStatus, metadata: ComponentStatus,
    card: ComponentStatus, dataCard: ComponentStatus, datasets: ComponentStatus, preprocessing: ComponentStatus,
    training: ComponentStatus, inference: ComponentStatus, evalCode: ComponentStatus, evalData: ComponentStatus,
    evalResults: ComponentStatus, report: ComponentStatus, paper: ComponentStatus
) -> [String: ComponentStatus] {
    [
        "model-architecture": architecture, "model-parameters": parameters, "model-parameters-intermediate": intermediate,
        "model-metadata": metadata, "model-card": card, "data-card": dataCard, "datasets": datasets,
        "data-preprocessing-code": preprocessing, "training-code": training, "inference-code": inference,
        "evaluation-code": evalCode, "evaluation-data": evalData, "evaluation-results": evalResults,
        "technical-report": report, "research-paper": paper,
    ]
}

/// Reads what the openness checks need from a model: the file list, the small text files the
/// assessor asks for, and the text of Ollama licence, template and parameter layers.
enum ContentGatherer {
    static func gather(_ model: DiscoveredModel, ggufMetadata: [(String, JSONValue)]) -> ModelContent {
        var files: [ModelContent.File] = []
        var texts: [RawPath: String] = [:]
        var unsupported: [RawPath: String] = [:]
        for file in model.files {
            files.append(ModelContent.File(path: file.relativePath, size: file.status?.size ?? 0, isWeight: file.isWeight))
            guard file.problem == nil, file.status?.isRegular == true, model.identity.layout != .ollama,
                  OpennessAssessor.wantsText(file.relativePath),
                  let bytes = try? FileSystem.readSmallFile(file.location, limit: OpennessAssessor.maximumTextSize) else { continue }
            switch TextDecoding.decode(bytes) {
            case .text(let text): texts[file.relativePath] = text
            case .unsupported(let encoding): unsupported[file.relativePath] = encoding
            }
        }
        var layers: [ModelContent.OllamaLayer] = []
        for file in model.files {
            guard let mediaType = model.ollamaLayerTypes[file.relativePath] else { continue }
            let text = (try? FileSystem.readSmallFile(file.location, limit: OpennessAssessor.maximumTextSize)).flatMap { bytes -> String? in
                if case .text(let text) = TextDecoding.decode(bytes) { return text }
                return nil
            }
            layers.append(ModelContent.OllamaLayer(mediaType: mediaType, path: file.relativePath, text: text))
        }
        return ModelContent(identity: model.identity, files: files, texts: texts, unsupportedTexts: unsupported, ggufMetadata: ggufMetadata, ollamaLayers: layers)
    }
}

/// Reads what the openness checks need from a model: the file list, the small text files the
/// assessor asks for, and the text of Ollama licence, template and parameter layers.
enum ContentGatherer {
    static func gather(_ model: DiscoveredModel, ggufMetadata: [(String, JSONValue)]) -> ModelContent {
        var files: [ModelContent.File] = []
        var texts: [RawPath: String] = [:]
        for file in model.files {
            files.append(ModelContent.File(path: file.relativePath, size: file.status?.size ?? 0, isWeight: file.isWeight))
            guard file.problem == nil, file.status?.isRegular == true, model.identity.layout != .ollama,
                  OpennessAssessor.wantsText(file.relativePath),
                  let bytes = try? FileSystem.readSmallFile(file.location, limit: OpennessAssessor.maximumTextSize) else { continue }
            texts[file.relativePath] = String(decoding: bytes, as: UTF8.self)
        }
        var layers: [ModelContent.OllamaLayer] = []
        for file in model.files {
            guard let mediaType = model.ollamaLayerTypes[file.relativePath] else { continue }
            let text = (try? FileSystem.readSmallFile(file.location, limit: OpennessAssessor.maximumTextSize)).map { String(decoding: $0, as: UTF8.self) }
            layers.append(ModelContent.OllamaLayer(mediaType: mediaType, path: file.relativePath, text: text))
        }
        return ModelContent(identity: model.identity, files: files, texts: texts, ggufMetadata: ggufMetadata, ollamaLayers: layers)
    }
}

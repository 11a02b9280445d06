

/// Gathers, for each Model Openness Framework component, what the local files show: `present` (in
/// the local copy), `referenced` (the card or metadata points to it elsewhere) or `missing`, with the
/// file and line or key each conclusion rests on.
struct ComponentEvidence {
    private(set) var present: [OpennessComponent: [Evidence]] = [:]
    private(set) var referenced: [OpennessComponent: [Evidence]] = [:]
    /// A data card section that exists but names no dataset and links nowhere.
    private(set) var partialDataCard: [Evidence] = []
    /// Dataset ids named by the front matter or GGUF metadata, in order, without repeats.
    private(set) var datasetIDs: [String] = []

    let content: ModelContent
    let card: ModelCard?
    private let localNames: Set<String>
    private let localPaths: Set<String>

    init(content: ModelContent, card: ModelCard?) {
        self.content = content
        self.card = card
        localPaths = Set(content.files.map { $0.path.displayString.lowercased() })
        localNames = Set(content.files.map { $0.path.name.lowercased() })
        collect()
    }

    func status(_ component: OpennessComponent) -> ComponentStatus {
        if present[component] != nil { return .present }
        if component == .dataCard && !partialDataCard.isEmpty { return .partial }
        if referenced[component] != nil { return .referenced }
        return .missing
    }

    func evidence(_ component: OpennessComponent) -> [Evidence] {
        var result = present[component] ?? []
        if component == .dataCard { result += partialDataCard }
        result += referenced[component] ?? []
        return result
    }

    /// Evidence already recorded, to skip repeats.
    private var seen: Set<String> = []
    /// Entries kept per component and status, so a card with thousands of links keeps records small.
    static let maximumEvidence = 12

    private mutating func add(_ component: OpennessComponent, _ status: ComponentStatus, _ path: RawPath?, _ detail: String) {
        let key = "\(component.rawValue)\u{0}\(status.rawValue)\u{0}\(path?.displayString ?? "")\u{0}\(detail)"
        guard seen.insert(key).inserted else { return }
        let evidence = Evidence(path: path, detail: detail)
        switch status {
        case .present:
            if (present[component]?.count ?? 0) < Self.maximumEvidence { present[component, default: []].append(evidence) }
        case .partial:
            if partialDataCard.count < Self.maximumEvidence { partialDataCard.append(evidence) }
        case .referenced:
            if (referenced[component]?.count ?? 0) < Self.maximumEvidence { referenced[component, default: []].append(evidence) }
        case .missing:
            break
        }
    }

    /// True when a file named `name` (a bare name or a relative path) is in the local copy.
    func isLocal(_ name: String) -> Bool {
        let lower = name.lowercased().trimming("./")
        if lower.has("/") { return localPaths.contains(lower) || localPaths.contains { $0.hasSuffix("/" + lower) } }
        return localNames.contains(lower)
    }

    // MARK: - Name patterns

    static let codeExtensions: Set<String> = ["py", "sh", "ipynb"]
    static let dataExtensions: Set<String> = ["parquet", "arrow", "jsonl", "csv", "tsv", "tfrecord", "gz", "zst"]

    static func hasPrefix(_ name: String, _ prefixes: [String]) -> Bool { prefixes.contains { name.hasPrefix($0) } }

    static func isTrainingScript(_ path: String) -> Bool {
        let name = path.pathLastComponent.lowercased()
        let ext = name.pathExtensionPart
        guard codeExtensions.contains(ext) else { return false }
        if hasPrefix(name, ["train", "finetune", "fine_tune", "fine-tune", "pretrain", "pre_train", "sft", "dpo_train", "rlhf"]) { return true }
        if name.hasPrefix("run_") {
            return !["infer", "eval", "generat", "predict", "serve", "demo"].contains { name.contains($0) }
        }
        return false
    }

    static func isPreprocessingScript(_ path: String) -> Bool {
        let lower = path.lowercased()
        let name = lower.pathLastComponent
        guard codeExtensions.contains(name.pathExtensionPart) else { return false }
        if hasPrefix(name, ["preprocess", "pre_process", "prepare_data", "prepare_dataset", "tokenize", "dedup", "clean_data",
                            "build_dataset", "make_dataset", "data_prep", "filter_data", "download_data"]) { return true }
        return lower.hasPrefix("data/") || lower.has("/data/")
    }

    static func isInferenceScript(_ path: String) -> Bool {
        let name = path.pathLastComponent.lowercased()
        guard codeExtensions.contains(name.pathExtensionPart) else { return false }
        return hasPrefix(name, ["inference", "infer", "generate", "generation", "predict", "run_inference", "run_generation", "sample", "chat", "handler", "pipeline"])
    }

    static func isEvaluationScript(_ path: String) -> Bool {
        let lower = path.lowercased()
        let name = lower.pathLastComponent
        guard codeExtensions.contains(name.pathExtensionPart) else { return false }
        if hasPrefix(name, ["eval", "evaluate", "evaluation", "benchmark", "run_eval"]) { return true }
        return lower.hasPrefix("eval") && lower.has("/")
    }

    static func isArchitectureCode(_ path: String) -> Bool {
        let name = path.pathLastComponent.lowercased()
        return name.hasSuffix(".py") && (name.hasPrefix("modeling_") || name == "model.py" || name.hasPrefix("architecture"))
    }

    static func isIntermediateCheckpointDirectory(_ component: String) -> Bool {
        let lower = component.lowercased()
        for prefix in ["checkpoint-", "checkpoint_", "global_step", "step", "iter_", "ckpt-", "ckpt_"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            if let first = rest.first, first.isNumber { return true }
        }
        return false
    }

    /// Libraries whose open code implements and runs the model.
    static let openLibraries: [String: String] = [
        "transformers": "Apache-2.0", "sentence-transformers": "Apache-2.0", "diffusers": "Apache-2.0", "timm": "Apache-2.0",
        "peft": "Apache-2.0", "open_clip": "MIT", "open-clip": "MIT", "llama.cpp": "MIT", "gguf": "MIT", "mlx": "MIT",
        "keras": "Apache-2.0", "flair": "MIT", "spacy": "MIT", "fastai": "Apache-2.0", "espnet": "Apache-2.0",
        "speechbrain": "Apache-2.0", "nemo": "Apache-2.0", "paddlenlp": "Apache-2.0", "stable-baselines3": "MIT",
        "fairseq": "MIT", "allennlp": "Apache-2.0", "vllm": "Apache-2.0", "onnx": "Apache-2.0", "adapter-transformers": "Apache-2.0",
        "setfit": "Apache-2.0", "span-marker": "Apache-2.0", "pyannote-audio": "MIT", "asteroid": "MIT", "nanotron": "Apache-2.0",
        "olmo": "Apache-2.0", "hf_olmo": "Apache-2.0", "gpt-neox": "Apache-2.0", "megatron-lm": "BSD-3-Clause",
    ]

    // MARK: - Heading classes

    static func isDataHeading(_ title: String) -> Bool {
        let t = title.lowercased()
        if t.has("evaluation") || t.has("benchmark") { return false }
        return ["training data", "training dataset", "pretraining data", "pre-training data", "dataset", "data source",
                "training corpus", "data card", "datasheet", "data mix", "data overview"].contains { t.has($0) } || t == "data"
    }

    static func isPreprocessingHeading(_ title: String) -> Bool {
        let t = title.lowercased()
        return ["preprocessing", "pre-processing", "data processing", "data filtering", "data curation", "deduplication", "data pipeline"].contains { t.has($0) }
    }

    static func isTrainingHeading(_ title: String) -> Bool {
        let t = title.lowercased()
        if isDataHeading(title) { return false }
        return ["training", "fine-tuning", "finetuning", "fine tuning", "pretraining", "pre-training", "reproduc"].contains { t.has($0) }
    }

    static func isEvaluationHeading(_ title: String) -> Bool {
        let t = title.lowercased()
        return ["evaluation", "results", "benchmark", "performance", "eval "].contains { t.has($0) } || t == "eval"
    }

    static func isCitationHeading(_ title: String) -> Bool {
        let t = title.lowercased()
        return ["citation", "cite", "paper", "bibtex", "reference", "publication"].contains { t.has($0) }
    }

    // MARK: - Collection

    private mutating func collect() {
        collectFiles()
        collectTexts()
        collectGGUF()
        collectOllama()
        if let card { collectCard(card) }
    }

    private mutating func collectFiles() {
        let weights = content.files.filter(\.isWeight)
        if !weights.isEmpty {
            let names = weights.prefix(3).map(\.path.displayString).joined(separator: ", ")
            let more = weights.count > 3 ? " and \(weights.count - 3) more" : ""
            add(.modelParameters, .present, weights[0].path, "\(weights.count) weight file\(weights.count == 1 ? "" : "s"): \(names)\(more)")
        }
        var checkpointDirs: [String] = []
        var dataFiles: [RawPath] = []
        var evalDataFiles: [RawPath] = []
        for file in content.files {
            let path = file.path.displayString
            let lower = path.lowercased()
            let name = file.path.name.lowercased()
            let directories = file.path.components.dropLast().map(\.displayString)
            if let dir = directories.first(where: Self.isIntermediateCheckpointDirectory), !checkpointDirs.contains(dir) {
                checkpointDirs.append(dir)
            }
            if Self.isTrainingScript(path) { add(.trainingCode, .present, file.path, "training script \(path)") }
            if name == "training_args.json" || name == "training_args.bin" {
                add(.trainingCode, .present, file.path, name == "training_args.bin"
                    ? "training_args.bin: the Trainer's training arguments (a pickle; its safety is judged with the weights)"
                    : "training_args.json: the training arguments")
            }
            if Self.isPreprocessingScript(path) { add(.dataPreprocessingCode, .present, file.path, "preprocessing script \(path)") }
            if Self.isInferenceScript(path) { add(.inferenceCode, .present, file.path, "inference script \(path)") }
            if Self.isEvaluationScript(path) { add(.evaluationCode, .present, file.path, "evaluation code \(path)") }
            if Self.isArchitectureCode(path) { add(.modelArchitecture, .present, file.path, "model code \(path)") }
            if ["config.json", "generation_config.json", "params.json", "model_index.json", "adapter_config.json", "hparams.yaml",
                "trainer_state.json", "optimizer.pt", "scheduler.pt"].contains(name)
            {
                add(.modelMetadata, .present, file.path, name)
            }
            if ["datacard.md", "data_card.md", "data-card.md"].contains(name) || (name.hasPrefix("datasheet") && name.hasSuffix(".md")) {
                add(.dataCard, .present, file.path, "data card \(path)")
            }
            if name == "data_config.json" { add(.dataCard, .present, file.path, "data_config.json describes the training data") }
            if ["readme.md", "model_card.md", "modelcard.md"].contains(lower) {
                // judged with the card below
            }
            if lower.hasSuffix(".pdf") {
                add(.technicalReport, .present, file.path, "document \(path)")
                if name.contains("paper") { add(.researchPaper, .present, file.path, "paper \(path)") }
            }
            if ["eval_results.json", "all_results.json", "results.json", "test_results.json"].contains(name) {
                add(.evaluationResults, .present, file.path, "evaluation results \(path)")
            }
            if !file.isWeight && Self.dataExtensions.contains(file.path.lowercasedExtension) {
                if directories.contains(where: { $0.lowercased().hasPrefix("eval") }) { evalDataFiles.append(file.path) } else { dataFiles.append(file.path) }
            }
        }
        if !checkpointDirs.isEmpty {
            let shown = checkpointDirs.prefix(3).joined(separator: ", ")
            add(.intermediateParameters, .present, RawPath(checkpointDirs[0]), "\(checkpointDirs.count) checkpoint folder\(checkpointDirs.count == 1 ? "" : "s"): \(shown)")
        }
        if !dataFiles.isEmpty {
            add(.datasets, .present, dataFiles[0], "\(dataFiles.count) data file\(dataFiles.count == 1 ? "" : "s") shipped: \(dataFiles.prefix(3).map(\.displayString).joined(separator: ", "))")
        }
        if !evalDataFiles.isEmpty {
            add(.evaluationData, .present, evalDataFiles[0], "\(evalDataFiles.count) evaluation data file\(evalDataFiles.count == 1 ? "" : "s")")
        }
    }

    /// Configuration texts: `config.json` architectures, training configs with optimiser fields.
    private mutating func collectTexts() {
        for path in content.texts.keys.sorted() {
            let text = content.texts[path]!
            let name = path.name.lowercased()
            let ext = path.lowercasedExtension
            if name == "config.json", let json = try? JSONParser().parse(text) {
                if let architectures = json["architectures"]?.arrayValue?.compactMap(\.stringValue), !architectures.isEmpty {
                    let list = architectures.joined(separator: ", ")
                    add(.modelArchitecture, .referenced, path, "config.json architectures: \(list) (implemented in the open transformers library)")
                    add(.inferenceCode, .referenced, path, "config.json architectures: \(list) (run with the open transformers library)")
                } else if let type = json["model_type"]?.stringValue {
                    add(.modelArchitecture, .referenced, path, "config.json model_type: \(type)")
                }
            }
            if name == "citation.cff" {
                let cff = YAMLSubsetReader().read(text).value
                let preferred = cff["preferred-citation"]
                let doi = preferred?["doi"]?.stringValue ?? cff["doi"]?.stringValue
                let url = preferred?["url"]?.stringValue
                if let doi {
                    add(.researchPaper, .referenced, path, "CITATION.cff doi: \(doi)")
                } else if let url, preferred?["type"]?.stringValue == "article" || url.contains("arxiv.org") {
                    add(.researchPaper, .referenced, path, "CITATION.cff preferred-citation: \(url)")
                }
            }
            if name == "model_index.json", let json = try? JSONParser().parse(text), json["_diffusers_version"] != nil {
                add(.modelArchitecture, .referenced, path, "model_index.json: a diffusers pipeline (open diffusers library)")
                add(.inferenceCode, .referenced, path, "model_index.json: runs with the open diffusers library")
            }
            if ["yaml", "yml", "json"].contains(ext) && !["config.json", "generation_config.json", "tokenizer_config.json", "model_index.json"].contains(name) {
                let fields = Self.trainingFields(in: text)
                if fields.count >= 2 {
                    add(.trainingCode, .present, path, "training configuration \(path.displayString) (\(fields.prefix(4).joined(separator: ", ")))")
                }
            }
        }
    }

    static let trainingFieldNames = ["optimizer", "learning_rate", "lr", "lr_scheduler", "lr_scheduler_type", "weight_decay", "warmup_steps",
                                     "warmup_ratio", "max_steps", "num_train_epochs", "gradient_accumulation_steps", "adam_beta1", "train_batch_size",
                                     "per_device_train_batch_size", "global_batch_size", "max_duration", "scheduler"]

    /// Optimiser/schedule keys of a training configuration (`"learning_rate":`, `lr: 3e-4`).
    static func trainingFields(in text: String) -> [String] {
        var found: [String] = []
        for raw in TextLines.split(text) {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" || $0 == "-" || $0 == "{" || $0 == "," })
            for field in trainingFieldNames where !found.contains(field) {
                if line.hasPrefix("\"\(field)\"") || line.hasPrefix("\(field):") || line.hasPrefix("\(field) :") {
                    found.append(field)
                }
            }
        }
        return found
    }

    private mutating func collectGGUF() {
        guard !content.ggufMetadata.isEmpty else { return }
        let path = content.ggufMetadataPath
        add(.modelMetadata, .present, path, "GGUF general.* metadata (\(content.ggufMetadata.count) keys)")
        // general.dataset.N.name / .repo_url / .url: one entry per N, named by its name when it has one.
        var datasetsByIndex: [(index: String, label: String, isName: Bool)] = []
        for (key, value) in content.ggufMetadata {
            let text = value.stringValue
            switch key {
            case "general.architecture":
                add(.modelArchitecture, .referenced, path, "GGUF general.architecture: \(text ?? "?") (implemented in the open llama.cpp)")
                add(.inferenceCode, .referenced, path, "GGUF file: runs with the open llama.cpp")
            case "general.description":
                if let text, !text.isEmpty { add(.modelCard, .present, path, "GGUF general.description") }
            case "general.source.url", "general.source.huggingface.repository", "general.url", "general.repo_url", "general.source.repo_url":
                if let text, !text.isEmpty { add(.modelCard, .referenced, path, "GGUF \(key): \(text)") }
            case "general.doi", "general.source.doi":
                if let text, !text.isEmpty { add(.researchPaper, .referenced, path, "GGUF \(key): \(text)") }
            default:
                let parts = key.split(separator: ".")
                if parts.count == 4, parts[0] == "general", parts[1] == "dataset", parts[2].allSatisfy(\.isNumber),
                    ["name", "repo_url", "url"].contains(parts[3]), let text, !text.isEmpty
                {
                    let index = String(parts[2])
                    let isName = parts[3] == "name"
                    if let i = datasetsByIndex.firstIndex(where: { $0.index == index }) {
                        if isName && !datasetsByIndex[i].isName { datasetsByIndex[i] = (index, text, true) }
                    } else {
                        datasetsByIndex.append((index, text, isName))
                    }
                }
            }
        }
        let datasetNames = datasetsByIndex.map(\.label)
        for name in datasetNames where !datasetIDs.contains(name) { datasetIDs.append(name) }
        if !datasetNames.isEmpty {
            add(.dataCard, .present, path, "GGUF general.dataset.* names \(datasetNames.count) dataset\(datasetNames.count == 1 ? "" : "s")")
            add(.datasets, .referenced, path, "GGUF general.dataset.*: \(datasetNames.prefix(5).joined(separator: ", "))")
        }
    }

    private mutating func collectOllama() {
        for layer in content.ollamaLayers {
            if layer.mediaType.hasSuffix(".params") { add(.modelMetadata, .present, layer.path, "Ollama params layer") }
        }
        if !content.ollamaLayers.isEmpty, content.ggufMetadata.isEmpty, content.files.contains(where: \.isWeight) {
            add(.inferenceCode, .referenced, nil, "Ollama model: runs with the open Ollama runtime (llama.cpp)")
        }
    }

    // MARK: - The card

    private mutating func collectCard(_ card: ModelCard) {
        let path = card.path
        let hasBody = card.bodyLines.contains { !$0.trimming(" \t").isEmpty }
        if card.hasFrontMatter || hasBody {
            add(.modelCard, .present, path, card.hasFrontMatter ? "model card with front matter" : "model card")
        }
        collectFrontMatter(card)
        collectSections(card)
        collectLinks(card)
        collectMentions(card)
        collectProse(card)
    }

    private func line(_ card: ModelCard, _ key: String) -> String {
        card.keyLines[key].map { " (line \($0))" } ?? ""
    }

    private mutating func collectFrontMatter(_ card: ModelCard) {
        let path = card.path
        let datasets = card.strings("datasets")
        for name in datasets where !datasetIDs.contains(name) { datasetIDs.append(name) }
        if !datasets.isEmpty {
            add(.dataCard, .present, path, "front matter lists \(datasets.count) dataset\(datasets.count == 1 ? "" : "s")\(line(card, "datasets"))")
            add(.datasets, .referenced, path, "front matter datasets: \(datasets.prefix(6).joined(separator: ", "))\(datasets.count > 6 ? ", …" : "")\(line(card, "datasets"))")
        }
        if let library = card["library_name"]?.stringValue {
            let key = library.lowercased()
            if let licence = Self.openLibraries[key] {
                add(.inferenceCode, .referenced, path, "front matter library_name: \(library) (open library, \(licence))\(line(card, "library_name"))")
                add(.modelArchitecture, .referenced, path, "front matter library_name: \(library) implements the architecture\(line(card, "library_name"))")
            }
        }
        for tag in card.strings("tags") where tag.lowercased().hasPrefix("arxiv:") {
            add(.researchPaper, .referenced, path, "front matter tag \(tag)\(line(card, "tags"))")
        }
        for tag in card.strings("tags") where tag.lowercased().hasPrefix("doi:") {
            add(.researchPaper, .referenced, path, "front matter tag \(tag)\(line(card, "tags"))")
        }
        if let index = card["model-index"]?.arrayValue {
            var datasetNames: [String] = []
            var metrics = 0
            for model in index {
                for result in model["results"]?.arrayValue ?? [] {
                    if let dataset = result["dataset"] {
                        let name = dataset["name"]?.stringValue ?? dataset["type"]?.stringValue
                        if let name, !datasetNames.contains(name) { datasetNames.append(name) }
                    }
                    for metric in result["metrics"]?.arrayValue ?? [] where metric["value"] != nil && metric["value"]?.isNull == false {
                        metrics += 1
                    }
                }
            }
            if metrics > 0 {
                add(.evaluationResults, .present, path, "front matter model-index: \(metrics) metric value\(metrics == 1 ? "" : "s")\(line(card, "model-index"))")
            }
            if !datasetNames.isEmpty {
                add(.evaluationData, .referenced, path, "front matter model-index datasets: \(datasetNames.prefix(5).joined(separator: ", "))\(line(card, "model-index"))")
            }
        }
    }

    static let benchmarks = ["mmlu", "hellaswag", "arc-c", "arc-e", "arc challenge", "arc easy", "piqa", "winogrande", "triviaqa",
                             "gsm8k", "humaneval", "mbpp", "boolq", "lambada", "sciq", "openbookqa", "truthfulqa", "big-bench", "bbh",
                             "agieval", "copa", "siqa", "natural questions", "squad", "glue", "superglue", "sts benchmark", "mteb",
                             "ms coco", "drop", "math", "commonsenseqa", "logiqa", "wsc", "ifeval", "gpqa", "musr"]

    private mutating func collectSections(_ card: ModelCard) {
        let path = card.path
        for (i, heading) in card.headings.enumerated() {
            // The heading's own lines, up to the next heading of any level (sub-sections are judged
            // under their own titles).
            let ownEnd = i + 1 < card.headings.count ? min(heading.endLine, card.headings[i + 1].line - 1) : heading.endLine
            let body = card.sectionText(heading).filter { $0.line <= ownEnd }
            let title = heading.title
            if Self.isDataHeading(title) {
                let hasLink = body.contains { $0.text.has("http://") || $0.text.has("https://") || $0.text.has("](") }
                let hasTable = body.filter { $0.text.trimming(" ").hasPrefix("|") }.count >= 3
                let words = body.reduce(0) { $0 + $1.text.split(separator: " ").count }
                if hasLink || hasTable {
                    var what: [String] = []
                    if hasTable { what.append("a table") }
                    if hasLink { what.append("links") }
                    add(.dataCard, .present, path, "section '\(title)' (line \(heading.line)) with \(what.joined(separator: " and "))")
                } else if words > 0 {
                    add(.dataCard, .partial, path, "section '\(title)' (line \(heading.line)) describes the data in general terms only; no dataset is named or linked")
                }
            }
            if Self.isPreprocessingHeading(title) && !Self.isEvaluationHeading(title) {
                let words = body.reduce(0) { $0 + $1.text.split(separator: " ").count }
                if words > 0 {
                    add(.dataCard, .partial, path, "section '\(title)' (line \(heading.line)) describes data preprocessing")
                }
            }
            if Self.isEvaluationHeading(title) {
                var numbers = 0
                for entry in body {
                    let trimmed = entry.text.trimming(" ")
                    guard trimmed.hasPrefix("|") || trimmed.hasPrefix("-") || trimmed.hasPrefix("*") else { continue }
                    if Self.containsMeasurement(trimmed) { numbers += 1 }
                }
                if numbers > 0 {
                    add(.evaluationResults, .present, path, "section '\(title)' (line \(heading.line)) reports \(numbers) result line\(numbers == 1 ? "" : "s")")
                }
                let lowerBody = body.map { $0.text.lowercased() }.joined(separator: " ")
                let named = Self.benchmarks.filter { Self.containsWord(lowerBody, $0) }
                if !named.isEmpty {
                    add(.evaluationData, .referenced, path, "section '\(title)' (line \(heading.line)) names public benchmarks: \(named.prefix(6).joined(separator: ", "))")
                }
            }
        }
    }

    /// A table cell or list item holding a score (`66.7`, `45%`, `0.812`).
    static func containsMeasurement(_ line: String) -> Bool {
        for token in line.split(whereSeparator: { $0 == "|" || $0 == " " || $0 == "*" || $0 == "(" || $0 == ")" || $0 == "," }) {
            var t = token
            if t.hasSuffix("%") { t = t.dropLast() }
            if t.has("."), t.first?.isNumber == true, Double(t) != nil { return true }
            if token.hasSuffix("%"), Double(t) != nil { return true }
        }
        return false
    }

    static func containsWord(_ text: String, _ word: String) -> Bool {
        var search = text[...]
        while let range = search.utf8Range(of: word) {
            let before = range.lowerBound == text.startIndex ? " " : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? " " : text[range.upperBound]
            if !before.isLetter && !before.isNumber && !after.isLetter && !after.isNumber { return true }
            search = text[range.upperBound...]
        }
        return false
    }

    static let trainingCodePhrases = ["training code", "training script", "train script", "training recipe", "code used to train",
                                      "training and evaluation code", "training codebase", "pretraining code", "pre-training code",
                                      "fine-tuning code", "finetuning code", "training repository", "code for training", "training framework",
                                      "trained using the", "trained with the", "training library"]
    static let preprocessingPhrases = ["preprocessing code", "data processing code", "data pipeline", "toolkit", "data curation",
                                       "preprocess", "dedup", "filtering pipeline", "tokenization script", "data processing"]
    static let evaluationCodePhrases = ["evaluation code", "evaluation harness", "eval harness", "lm-evaluation-harness", "evaluation suite",
                                        "evaluation framework", "evaluation scripts", "evaluated using", "evaluated with"]

    private mutating func collectLinks(_ card: ModelCard) {
        let path = card.path
        for link in card.links {
            let section = link.section ?? ""
            let lineText = card.paragraph(at: link.line).lowercased()
            let context = lineText + " " + link.text.lowercased()
            let place = "line \(link.line)" + (section.isEmpty ? "" : ", section '\(section)'")
            switch link.kind {
            case .arxiv, .doi:
                // Papers linked from a data section describe the datasets, not the model.
                if Self.isDataHeading(section) {
                    add(.datasets, .referenced, path, "dataset paper \(link.url) (\(place))")
                    continue
                }
                // Papers linked from an evaluation section describe the benchmarks.
                if Self.isEvaluationHeading(section) {
                    add(.evaluationData, .referenced, path, "benchmark paper \(link.url) (\(place))")
                    continue
                }
                add(.researchPaper, .referenced, path, "\(link.kind == .arxiv ? "arXiv" : "DOI") link \(link.url) (\(place))")
                if context.has("technical report") || context.has("tech report") {
                    add(.technicalReport, .referenced, path, "technical report \(link.url) (\(place))")
                }
            case .pdf:
                add(.technicalReport, .referenced, path, "PDF \(link.url) (\(place))")
            case .huggingFaceDataset:
                if Self.isEvaluationHeading(section) {
                    add(.evaluationData, .referenced, path, "dataset page \(link.url) (\(place))")
                } else {
                    add(.datasets, .referenced, path, "dataset page \(link.url) (\(place))")
                }
            case .githubRepository, .gitlabRepository:
                let isRepo = "repository \(link.url) (\(place))"
                let words = lineText.replacing(link.url.lowercased(), with: " ") + " " + link.text.lowercased()
                let namesCode = ["repo", "code", "script", "config", "recipe"].contains(where: { words.has($0) })
                let tokens = Set(words.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init))
                let aboutTraining = !tokens.isDisjoint(with: ["train", "training", "pretraining", "pre-training", "fine-tuning", "finetuning", "fine-tune", "finetune"])
                if Self.isTrainingHeading(section) || Self.trainingCodePhrases.contains(where: { context.has($0) })
                    || (aboutTraining && namesCode)
                {
                    if !Self.isEvaluationHeading(section) || context.has("train") {
                        add(.trainingCode, .referenced, path, "training code: \(isRepo)")
                    }
                }
                if Self.isPreprocessingHeading(section) || (Self.isDataHeading(section) && Self.preprocessingPhrases.contains(where: { context.has($0) }))
                    || context.has("preprocessing code") || context.has("data processing code")
                {
                    add(.dataPreprocessingCode, .referenced, path, "preprocessing code: \(isRepo)")
                }
                if Self.evaluationCodePhrases.contains(where: { context.has($0) }) || (Self.isEvaluationHeading(section) && (context.has("code") || context.has("eval"))) {
                    add(.evaluationCode, .referenced, path, "evaluation code: \(isRepo)")
                }
                if context.has("reference implementation") || context.has("inference engine") || (words.has("inference") && namesCode) {
                    add(.inferenceCode, .referenced, path, "inference code: \(isRepo)")
                }
                if Self.isDataHeading(section) && !Self.preprocessingPhrases.contains(where: { context.has($0) }) {
                    add(.datasets, .referenced, path, "data source \(link.url) (\(place))")
                }
            case .huggingFaceModel, .other:
                if Self.isDataHeading(section) && !Self.isPreprocessingHeading(section) {
                    add(.datasets, .referenced, path, "data source \(link.url) (\(place))")
                }
                if context.has("datasheet") || context.has("data card") {
                    add(.dataCard, .referenced, path, "data card \(link.url) (\(place))")
                }
                if context.has("technical report") || context.has("tech report") {
                    add(.technicalReport, .referenced, path, "technical report \(link.url) (\(place))")
                }
                if Self.isEvaluationHeading(section) && (context.has("leaderboard") || context.has("results") || context.has("benchmark")) {
                    add(.evaluationResults, .referenced, path, "results \(link.url) (\(place))")
                }
            }
        }
    }

    private mutating func collectMentions(_ card: ModelCard) {
        let path = card.path
        for mention in card.fileMentions {
            let local = isLocal(mention.name)
            let status: ComponentStatus = local ? .present : .referenced
            let detail = local ? "names \(mention.name) (line \(mention.line)), present locally"
                : "names \(mention.name) (line \(mention.line)), not present locally"
            if Self.isTrainingScript(mention.name) { add(.trainingCode, status, local ? RawPath(mention.name) : path, detail) }
            else if Self.isPreprocessingScript(mention.name) { add(.dataPreprocessingCode, status, local ? RawPath(mention.name) : path, detail) }
            else if Self.isEvaluationScript(mention.name) { add(.evaluationCode, status, local ? RawPath(mention.name) : path, detail) }
            else if Self.isInferenceScript(mention.name) && !local { add(.inferenceCode, .referenced, path, detail) }
            let name = mention.name.lowercased().pathLastComponent
            if name == "data_config.json" && !local { add(.dataCard, .referenced, path, detail) }
            if name == "training_args.json" && !local { add(.trainingCode, .referenced, path, detail) }
        }
    }

    private mutating func collectProse(_ card: ModelCard) {
        let path = card.path
        var sawLibraryImport = false
        for (number, text) in card.bodyLines.enumerated().map({ (card.bodyFirstLine + $0.offset, $0.element) })
            where !card.placeholderLines.contains(number)
        {
            let lower = text.lowercased()
            if lower.has("intermediate checkpoint") || lower.has("revision=\"step") || lower.has("revision='step")
                || (lower.has("checkpoints") && lower.has("branch"))
            {
                add(.intermediateParameters, .referenced, path, "line \(number): intermediate checkpoints published as revisions")
            }
            if !sawLibraryImport, card["library_name"] == nil,
                lower.has("from transformers import") || lower.has("from sentence_transformers import") || lower.has("from diffusers import")
            {
                sawLibraryImport = true
                add(.inferenceCode, .referenced, path, "line \(number): usage example with an open library")
            }
            if lower.has("eprint") || lower.has("arxiv.org/abs") || lower.has("journal={arxiv") || lower.has("arxiv preprint") {
                if let heading = card.section(at: number), Self.isCitationHeading(heading.title) {
                    add(.researchPaper, .referenced, path, "citation (line \(number), section '\(heading.title)')")
                }
            }
        }
    }
}

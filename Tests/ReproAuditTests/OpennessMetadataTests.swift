import Testing
@testable import ReproAudit

/// GGUF files and Ollama manifests: the licence and evidence come from metadata and layers.
@Suite struct OpennessMetadataTests {
    static let identity = ModelIdentity(path: "/models/x.gguf", layout: .gguf, name: nil, revision: nil)

    static func gguf(_ name: String, _ metadata: [(String, JSONValue)]) -> ModelContent {
        ModelContent(identity: identity, files: [ModelContent.File(path: RawPath(name), size: 4_683_074_240, isWeight: true)],
                     texts: [:], ggufMetadata: metadata)
    }

    @Test func ggufWithGeneralLicense() {
        let content = Self.gguf("Qwen2.5-7B-Instruct-Q4_K_M.gguf", [
            ("general.architecture", "qwen2"), ("general.type", "model"), ("general.name", "Qwen2.5 7B Instruct"),
            ("general.finetune", "Instruct"), ("general.basename", "Qwen2.5"), ("general.size_label", "7B"),
            ("general.license", "apache-2.0"),
            ("general.license.link", "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE"),
            ("general.base_model.count", 1), ("general.base_model.0.name", "Qwen2.5 7B"),
            ("general.base_model.0.organization", "Qwen"), ("general.base_model.0.repo_url", "https://huggingface.co/Qwen/Qwen2.5-7B"),
            ("general.tags", ["chat", "text-generation"]), ("general.languages", ["en"]),
        ])
        let report = OpennessAssessor.assess(content)
        #expect(report.license.licenseClass == .open)
        #expect(report.license.id == "apache-2.0")
        #expect(report.license.evidence.first == Evidence(
            path: "Qwen2.5-7B-Instruct-Q4_K_M.gguf",
            detail: "GGUF general.license: apache-2.0, general.license.link: https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE → Apache License 2.0 (SPDX Apache-2.0), open"))
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .missing,
            dataCard: .missing, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .missing, evalResults: .missing, report: .missing, paper: .missing))
        #expect(report.openness == .openWeights)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["model-architecture-not-local", "inference-code-not-local"])
    }

    @Test func ggufWithoutLicense() {
        let report = OpennessAssessor.assess(Self.gguf("mistral-7b-v0.1.Q4_K_M.gguf", [
            ("general.architecture", "llama"), ("general.name", "mistralai_mistral-7b-v0.1"),
        ]))
        #expect(report.license.licenseClass == .unknown)
        #expect(report.license.id == nil)
        #expect(report.license.evidence.isEmpty)
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .missing,
            dataCard: .missing, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .missing, evalResults: .missing, report: .missing, paper: .missing))
        #expect(report.openness == .unknown)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["no-license", "model-architecture-not-local", "inference-code-not-local"])
        #expect(report.findings[0].severity == .warning)
    }

    @Test func ggufDatasetsAndDescriptionFeedTheSameEvidence() {
        let report = OpennessAssessor.assess(Self.gguf("hermes-7b.Q8_0.gguf", [
            ("general.architecture", "mistral"), ("general.name", "Hermes 7B"),
            ("general.description", "A fully open fine-tune of Mistral 7B."),
            ("general.license", "mit"),
            ("general.dataset.count", 2),
            ("general.dataset.0.name", "OpenHermes 2.5"), ("general.dataset.0.repo_url", "https://huggingface.co/datasets/teknium/OpenHermes-2.5"),
            ("general.dataset.1.name", "UltraFeedback"),
        ]))
        #expect(report.license.licenseClass == .open)
        #expect(report.license.id == "mit")
        #expect(report.dataCard.status == .present)
        #expect(report.dataCard.evidence == [Evidence(path: "hermes-7b.Q8_0.gguf", detail: "GGUF general.dataset.* names 2 datasets")])
        #expect(report.status(.datasets) == .referenced)
        #expect(report.extra("datasets")?.evidence.first?.detail == "GGUF general.dataset.*: OpenHermes 2.5, UltraFeedback")
        #expect(report.status(.modelCard) == .present)
        #expect(report.trainingCode.status == .missing)
        #expect(report.openness == .openWeights)
        // The description says "fully open" but there is no training code.
        #expect(report.findingCodes == ["open-washing", "model-architecture-not-local", "data-not-local", "inference-code-not-local"])
        #expect(report.findings[0].message.contains("general.description"))
        #expect(report.findings[0].message.contains("no training code"))
    }

    static let llama32License = """
        LLAMA 3.2 COMMUNITY LICENSE AGREEMENT
        Llama 3.2 Version Release Date: September 25, 2024

        "Agreement" means the terms and conditions for use, reproduction, distribution and modification of the Llama Materials set forth herein.

        2. Additional Commercial Terms. If, on the Llama 3.2 version release date, the monthly active users of the products or services made available by or for Licensee, or Licensee's affiliates, is greater than 700 million monthly active users in the preceding calendar month, you must request a license from Meta.
        """

    @Test func ollamaManifestWithLicenceLayer() {
        let blob = "../../../../blobs/sha256-dde5aa3fc5ffc17176b5e8bdc82f587b24b2678c6c66101bf7da77af9f7ccdff"
        let licenseBlob = "../../../../blobs/sha256-fcc5a6bec9daf9b561a68827b67ab6088e1dba9d1fa2a50d7bbcc8384e0a265d"
        let content = ModelContent(
            identity: ModelIdentity(path: "/usr/share/ollama/.ollama/models/manifests/registry.ollama.ai/library/llama3.2/3b", layout: .ollama,
                                    name: "library/llama3.2:3b", revision: nil),
            files: [ModelContent.File(path: RawPath(blob), size: 2_019_377_376, isWeight: true)],
            texts: [:],
            ggufMetadata: [("general.architecture", "llama"), ("general.name", "Llama 3.2 3B Instruct")],
            ollamaLayers: [
                .init(mediaType: "application/vnd.ollama.image.template", path: "../../../../blobs/sha256-966de95ca8a6", text: "<|start_header_id|>"),
                .init(mediaType: "application/vnd.ollama.image.license", path: RawPath(licenseBlob), text: Self.llama32License),
                .init(mediaType: "application/vnd.ollama.image.params", path: "../../../../blobs/sha256-56bb8bd477a5", text: #"{"stop":["<|eot_id|>"]}"#),
            ])
        let report = OpennessAssessor.assess(content)
        #expect(report.license.licenseClass == .restricted)
        #expect(report.license.id == "llama3.2")
        #expect(report.license.evidence.first?.path == RawPath(licenseBlob))
        #expect(report.license.evidence.first?.detail.hasPrefix("Ollama licence layer") == true)
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .missing,
            dataCard: .missing, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .missing, evalResults: .missing, report: .missing, paper: .missing))
        #expect(report.extra("model_metadata")?.evidence.map(\.detail) == ["GGUF general.* metadata (2 keys)", "Ollama params layer"])
        #expect(report.openness == .restricted)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["restricted-license", "model-architecture-not-local", "inference-code-not-local"])
        #expect(report.findings[0].path == RawPath(licenseBlob))
    }

    static let phi3MITLicense = """
        Microsoft.
        Copyright (c) Microsoft Corporation.

        MIT License

        Permission is hereby granted, free of charge, to any person obtaining a copy
        of this software and associated documentation files (the "Software"), to deal
        in the Software without restriction, including without limitation the rights
        to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
        copies of the Software, and to permit persons to whom the Software is
        furnished to do so, subject to the following conditions:

        The above copyright notice and this permission notice shall be included in all
        copies or substantial portions of the Software.
        """

    /// In an Ollama store the GGUF is an extension-less blob: evidence from its `general.*` metadata must
    /// still name it (it was `null`, so "which file said apache-2.0?" had no answer).
    @Test func ollamaGGUFMetadataEvidenceNamesTheModelBlob() {
        let modelBlob = RawPath("../../../../blobs/sha256-6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa")
        let licenseBlob = RawPath("../../../../blobs/sha256-4fa551d4f938f68b8c1e6afa9d28befb70e3f33f75d0753248d530364aeea40f")
        let content = ModelContent(
            identity: ModelIdentity(path: "/usr/share/ollama/.ollama/models/manifests/registry.ollama.ai/library/phi3/mini", layout: .ollama,
                                    name: "library/phi3:mini", revision: nil),
            files: [ModelContent.File(path: modelBlob, size: 2_176_177_120, isWeight: true)],
            texts: [:],
            ggufMetadata: [("general.architecture", "phi3"), ("general.name", "Phi3"), ("general.license", "mit")],
            ollamaLayers: [.init(mediaType: "application/vnd.ollama.image.license", path: licenseBlob, text: Self.phi3MITLicense)])
        #expect(content.ggufMetadataPath == modelBlob)
        let report = OpennessAssessor.assess(content)
        #expect(report.license.licenseClass == .open)
        #expect(report.license.id == "mit")
        #expect(report.license.evidence.map(\.path) == [modelBlob, licenseBlob])
        #expect(report.license.evidence.first?.detail.hasPrefix("GGUF general.license: mit") == true)
        #expect(report.extra("model_metadata")?.evidence.first?.path == modelBlob)
        #expect(report.findings.first { $0.code == "model-architecture-not-local" }?.path == modelBlob)
    }

    @Test func usePolicyLayerNextToTheLicenceIsNoMismatch() {
        let policy = "Llama 3.2 Acceptable Use Policy\n\nMeta is committed to promoting safe and fair use of its tools and features, including Llama 3.2.\n\nProhibited Uses\n\nWe want everyone to use Llama 3.2 safely and responsibly. You agree you will not use, or allow others to use, Llama 3.2 to violate the law."
        let content = ModelContent(
            identity: Self.identity, files: [ModelContent.File(path: "blobs/model", size: 10, isWeight: true)], texts: [:],
            ollamaLayers: [
                .init(mediaType: "application/vnd.ollama.image.license", path: "blobs/license", text: Self.llama32License),
                .init(mediaType: "application/vnd.ollama.image.license", path: "blobs/policy", text: policy),
            ])
        let report = OpennessAssessor.assess(content)
        #expect(report.license.id == "llama3.2")
        #expect(report.license.licenseClass == .restricted)
        #expect(report.license.evidence.map(\.path) == ["blobs/license", "blobs/policy", "blobs/license", "blobs/policy"])
        #expect(!report.findingCodes.contains("license-mismatch"))
        #expect(report.findingCodes.first == "restricted-license")

        // The same policy next to an open licence tag does disagree with it.
        let tagged = ModelContent(
            identity: Self.identity, files: [ModelContent.File(path: "model.safetensors", size: 10, isWeight: true)],
            texts: ["README.md": "---\nlicense: apache-2.0\n---\n# M\n", "LICENSE": policy])
        let strict = OpennessAssessor.assess(tagged)
        #expect(strict.license.licenseClass == .restricted)
        #expect(strict.license.id == "other")
        #expect(strict.findingCodes.prefix(2) == ["license-mismatch", "restricted-license"])
    }

    @Test func stricterTagDecidesAgainstAnOpenText() {
        let content = ModelContent(
            identity: Self.identity, files: [ModelContent.File(path: "model.safetensors", size: 10, isWeight: true)],
            texts: ["README.md": "---\nlicense: cc-by-nc-4.0\n---\n# M\n", "LICENSE": OpennessFixtures.text("licenses/apache-2.0.txt")])
        let report = OpennessAssessor.assess(content)
        #expect(report.license.licenseClass == .nonCommercial)
        #expect(report.license.id == "cc-by-nc-4.0")
        #expect(report.findingCodes.prefix(2) == ["license-mismatch", "non-commercial-license"])
        #expect(report.openness == .restricted)
    }

    @Test func otherWithLicenseNameAndMatchingText() {
        let deepseek = """
            DEEPSEEK LICENSE AGREEMENT

            Version 1.0, 23 October 2023

            Attachment A - Use Restrictions
            You agree not to use the Model or Derivatives of the Model:
            - In any way that violates any applicable national or international law or regulation;
            """
        let content = ModelContent(
            identity: Self.identity, files: [ModelContent.File(path: "model.safetensors", size: 10, isWeight: true)],
            texts: ["README.md": "---\nlicense: other\nlicense_name: deepseek\nlicense_link: LICENSE\n---\n# DeepSeek LLM\n", "LICENSE": deepseek])
        let report = OpennessAssessor.assess(content)
        #expect(report.license.licenseClass == .restricted)
        #expect(report.license.id == "other")
        #expect(report.license.name == "DeepSeek License Agreement")
        #expect(!report.findingCodes.contains("license-mismatch"))
        #expect(report.findingCodes.first == "restricted-license")
    }

    @Test func otherWithoutRecognisableTextIsUnknown() {
        let content = ModelContent(
            identity: Self.identity, files: [ModelContent.File(path: "model.safetensors", size: 10, isWeight: true)],
            texts: ["README.md": "---\nlicense: other\nlicense_name: acme-model-license\n---\n# Acme\n",
                    "LICENSE.txt": "You may use this model as Acme sees fit."])
        let report = OpennessAssessor.assess(content)
        #expect(report.license.licenseClass == .unknown)
        #expect(report.license.id == "other")
        #expect(report.license.name == "acme-model-license")
        #expect(report.openness == .unknown)
        #expect(report.findingCodes.prefix(2) == ["license-unrecognised", "license-unrecognised"])
        #expect(!report.findingCodes.contains("no-license"))
    }

    @Test func trainingConfigAndCitationFile() {
        let content = ModelContent(
            identity: Self.identity,
            files: ["model.safetensors", "ds_config_zero3.json", "CITATION.cff", "README.md"].map { ModelContent.File(path: RawPath($0), size: 10, isWeight: $0.hasSuffix(".safetensors")) },
            texts: ["README.md": "---\nlicense: apache-2.0\ndatasets: [c4]\n---\n# M\n",
                    "ds_config_zero3.json": "{\n  \"optimizer\": {\"type\": \"AdamW\"},\n  \"scheduler\": {\"type\": \"WarmupLR\"},\n  \"train_batch_size\": 256\n}",
                    "CITATION.cff": "cff-version: 1.2.0\ntitle: M\npreferred-citation:\n  type: article\n  title: \"M: a model\"\n  doi: 10.48550/arXiv.2401.00001\n"])
        let report = OpennessAssessor.assess(content)
        #expect(report.trainingCode.status == .present)
        #expect(report.trainingCode.evidence.first?.detail == "training configuration ds_config_zero3.json (optimizer, scheduler, train_batch_size)")
        #expect(report.status(.researchPaper) == .referenced)
        #expect(report.extra("reports")?.evidence.first?.detail == "CITATION.cff doi: 10.48550/arXiv.2401.00001")
        #expect(report.openness == .openSource)
    }

    @Test func localFilesAreEvidence() {
        let files = [
            "model.safetensors", "checkpoint-1000/model.safetensors", "train.py", "scripts/preprocess_data.py", "inference.py",
            "eval/run_eval.py", "modeling_tiny.py", "training_args.bin", "technical_report.pdf", "DATA_CARD.md", "data/train.parquet",
            "README.md", "config.json",
        ]
        let content = ModelContent(
            identity: Self.identity,
            files: files.map { ModelContent.File(path: RawPath($0), size: 10, isWeight: $0.hasSuffix(".safetensors")) },
            texts: ["README.md": "---\nlicense: mit\n---\n# Tiny\n\nA tiny fully open model. See our [paper](https://arxiv.org/abs/2401.00001).\n\n## Evaluation\n\n| Task | Score |\n|---|---|\n| HellaSwag | 41.2 |\n",
                    "DATA_CARD.md": "# Data card\n", "config.json": #"{"architectures":["TinyForCausalLM"]}"#])
        let report = OpennessAssessor.assess(content)
        #expect(report.componentMap == components(
            architecture: .present, parameters: .present, intermediate: .present, metadata: .present, card: .present,
            dataCard: .present, datasets: .present, preprocessing: .present, training: .present, inference: .present,
            evalCode: .present, evalData: .referenced, evalResults: .present, report: .present, paper: .referenced))
        #expect(report.trainingCode.evidence.map(\.detail).contains { $0.hasPrefix("training_args.bin") })
        #expect(report.openness == .openSource)
        #expect(report.mofClass == "I")
        #expect(!report.findingCodes.contains("open-washing"))
        #expect(report.findingCodes == ["evaluation-data-not-local", "research-paper-not-local"])
    }
}

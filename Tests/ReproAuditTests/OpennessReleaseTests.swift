import Testing
@testable import ReproAudit

/// Cards and folders modelled on real releases; each test pins the licence, every component, the
/// verdicts and the findings.
@Suite struct OpennessReleaseTests {
    static let shards: [String: Int64] = [
        "model-00001-of-00004.safetensors": 4_976_698_672, "model-00002-of-00004.safetensors": 4_999_802_720,
        "model-00003-of-00004.safetensors": 4_915_916_176, "model-00004-of-00004.safetensors": 1_168_138_808,
    ]

    @Test func llama31GatedRestrictedWithoutDataCard() {
        let report = OpennessAssessor.assess(OpennessFixtures.content("llama3.1-8b", weights: Self.shards, extraFiles: ["tokenizer.json", "USE_POLICY.md"]))
        #expect(report.license.licenseClass == .restricted)
        #expect(report.license.id == "llama3.1")
        #expect(report.license.evidence.contains { $0.path == "LICENSE" && $0.detail.contains("700 million monthly active users") })
        #expect(report.license.evidence.first?.detail == "front matter license: llama3.1 (line 12) → Llama 3.1 Community License Agreement, restricted")
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .present,
            dataCard: .present, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .referenced, evalResults: .present, report: .missing, paper: .missing))
        // The "Training Data" section describes the data in prose ("publicly available sources"): data
        // information present (issue #10), which changes nothing for a restricted licence.
        #expect(report.dataCard.status == .present)
        #expect(report.dataCard.evidence.first?.detail.contains("section 'Training Data' (line 68)") == true)
        #expect(report.trainingCode.status == .missing)
        #expect(report.openness == .restricted)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["restricted-license", "gated-model", "model-architecture-not-local", "inference-code-not-local", "evaluation-data-not-local"])
        #expect(report.findings[0].severity == .warning)
        // "supporting the open source community" is not a claim about the model.
        #expect(!report.findingCodes.contains("open-washing"))
    }

    @Test func gemma2TermsOfUse() {
        let report = OpennessAssessor.assess(OpennessFixtures.content("gemma-2-9b", weights: Self.shards))
        #expect(report.license.licenseClass == .restricted)
        #expect(report.license.id == "gemma")
        #expect(report.license.name == "Gemma Terms of Use")
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .present,
            dataCard: .present, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .referenced, evalResults: .present, report: .missing, paper: .missing))
        #expect(report.dataCard.status == .present)
        #expect(report.dataCard.evidence.map(\.detail).contains { $0.hasPrefix("section 'Data Preprocessing'") })
        // "Training was done using JAX" names a library, not the training code.
        #expect(report.trainingCode.status == .missing)
        // Papers behind the benchmark names are evaluation data, not the model's paper.
        #expect(report.extra("evaluation")?.evidence.contains { $0.detail.hasPrefix("benchmark paper https://arxiv.org/abs/2009.03300") } == true)
        #expect(report.openness == .restricted)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["restricted-license", "gated-model", "model-architecture-not-local", "inference-code-not-local", "evaluation-data-not-local"])
    }

    @Test func mistral7BApacheWithoutDataInformation() {
        let report = OpennessAssessor.assess(OpennessFixtures.content(
            "mistral-7b", weights: ["model-00001-of-00002.safetensors": 9_942_981_696, "model-00002-of-00002.safetensors": 4_540_516_344],
            extraFiles: ["tokenizer.model", "tokenizer.json", "special_tokens_map.json"]))
        #expect(report.license.licenseClass == .open)
        #expect(report.license.id == "apache-2.0")
        #expect(report.license.evidence.first?.detail.contains("SPDX Apache-2.0") == true)
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .present,
            dataCard: .missing, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .missing, evalResults: .missing, report: .missing, paper: .referenced))
        #expect(report.dataCard.status == .missing)
        #expect(report.trainingCode.status == .missing)
        #expect(report.openness == .openWeights)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["model-architecture-not-local", "inference-code-not-local", "research-paper-not-local"])
    }

    @Test func olmo7BIsOpenSourceAndClassI() {
        let report = OpennessAssessor.assess(OpennessFixtures.content("olmo-7b", weights: ["model.safetensors": 27_552_427_568]))
        #expect(report.license.licenseClass == .open)
        #expect(report.license.id == "apache-2.0")
        #expect(report.license.evidence.map(\.path) == ["README.md", "LICENSE"])
        #expect(!report.findingCodes.contains("license-mismatch"))
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .referenced, metadata: .present, card: .present,
            dataCard: .present, datasets: .referenced, preprocessing: .referenced, training: .referenced, inference: .referenced,
            evalCode: .referenced, evalData: .referenced, evalResults: .present, report: .missing, paper: .referenced))
        #expect(report.dataCard.status == .present)
        #expect(report.dataCard.evidence.first?.detail == "front matter lists 1 dataset (line 3)")
        #expect(report.trainingCode.status == .referenced)
        #expect(report.trainingCode.evidence.first?.detail == "training code: repository https://github.com/allenai/OLMo (line 44, section 'Model Sources')")
        #expect(report.openness == .openSource)
        // Every Class I component is released; the paper stands in for the technical report.
        #expect(report.mofClass == "I")
        // "fully open" is true here: no open-washing.
        #expect(report.findingCodes == [
            "model-architecture-not-local", "intermediate-parameters-not-local", "data-not-local", "data-preprocessing-code-not-local",
            "training-code-not-local", "inference-code-not-local", "evaluation-code-not-local", "evaluation-data-not-local", "research-paper-not-local",
        ])
        #expect(report.findings.allSatisfy { $0.severity == .info })
    }

    @Test func pythiaIsClassIMaterial() {
        let report = OpennessAssessor.assess(OpennessFixtures.content(
            "pythia-160m", weights: ["model.safetensors": 324_662_984, "pytorch_model.bin": 324_696_829], extraFiles: ["tokenizer.json"]))
        #expect(report.license.licenseClass == .open)
        #expect(report.license.id == "apache-2.0")
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .referenced, metadata: .present, card: .present,
            dataCard: .present, datasets: .referenced, preprocessing: .referenced, training: .referenced, inference: .referenced,
            evalCode: .referenced, evalData: .referenced, evalResults: .present, report: .missing, paper: .referenced))
        #expect(report.trainingCode.evidence.map(\.detail).contains { $0.contains("https://github.com/EleutherAI/gpt-neox") && $0.contains("section 'Training procedure'") })
        #expect(report.extra("intermediate_parameters")?.evidence.first?.detail == "line 19: intermediate checkpoints published as revisions")
        #expect(report.extra("preprocessing_code")?.evidence.first?.detail.contains("https://github.com/EleutherAI/pythia") == true)
        #expect(report.extra("model_parameters") == nil)
        #expect(report.openness == .openSource)
        #expect(report.mofClass == "I")
        #expect(report.findingCodes == [
            "model-architecture-not-local", "intermediate-parameters-not-local", "data-not-local", "data-preprocessing-code-not-local",
            "training-code-not-local", "inference-code-not-local", "evaluation-code-not-local", "evaluation-data-not-local", "research-paper-not-local",
        ])
    }

    @Test func miniLMNamesItsTrainingScriptWithoutShippingIt() {
        let report = OpennessAssessor.assess(OpennessFixtures.content(
            "all-minilm-l6-v2", weights: ["model.safetensors": 90_868_376, "pytorch_model.bin": 90_888_945, "onnx/model.onnx": 90_405_214],
            extraFiles: ["modules.json", "sentence_bert_config.json", "tokenizer.json", "vocab.txt", "1_Pooling/config.json"]))
        #expect(report.license.licenseClass == .open)
        #expect(report.license.id == "apache-2.0")
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .present,
            dataCard: .present, datasets: .referenced, preprocessing: .missing, training: .referenced, inference: .referenced,
            evalCode: .missing, evalData: .missing, evalResults: .referenced, report: .missing, paper: .missing))
        #expect(report.dataCard.status == .present)
        let dataCard = report.dataCard.evidence.map(\.detail)
        #expect(dataCard.contains("front matter lists 21 datasets (line 10)"))
        #expect(dataCard.contains("section 'Training data' (line 92) with a table and links"))
        #expect(dataCard.contains("data_config.json describes the training data"))
        #expect(report.trainingCode.status == .referenced)
        #expect(report.trainingCode.evidence == [Evidence(path: "README.md", detail: "names train_script.py (line 90), not present locally")])
        // Papers in the training data table are the datasets' papers, not the model's.
        #expect(report.status(.researchPaper) == .missing)
        #expect(report.openness == .openSource)
        // No technical report or paper: not even Class III.
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["model-architecture-not-local", "data-not-local", "training-code-not-local", "inference-code-not-local", "evaluation-results-not-local"])
        let training = report.findings.first { $0.code == "training-code-not-local" }
        #expect(training?.severity == .info)
        #expect(training?.path == "README.md")
        #expect(training?.message.contains("train_script.py") == true)
    }

    @Test func miniLMWithTheTrainingScriptShipped() {
        let report = OpennessAssessor.assess(OpennessFixtures.content(
            "all-minilm-l6-v2", weights: ["model.safetensors": 90_868_376], extraFiles: ["train_script.py"]))
        #expect(report.trainingCode.status == .present)
        #expect(report.trainingCode.evidence.first == Evidence(path: "train_script.py", detail: "training script train_script.py"))
        #expect(!report.findingCodes.contains("training-code-not-local"))
    }

    @Test func ccByNCResearchModel() {
        let report = OpennessAssessor.assess(OpennessFixtures.content("nllb-200-600m", weights: ["pytorch_model.bin": 2_460_457_927]))
        #expect(report.license.licenseClass == .nonCommercial)
        #expect(report.license.id == "cc-by-nc-4.0")
        #expect(report.license.evidence.contains { $0.path == "LICENSE" && $0.detail.contains("(SPDX CC-BY-NC-4.0), non-commercial") })
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .present,
            dataCard: .present, datasets: .referenced, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .missing, evalResults: .missing, report: .missing, paper: .referenced))
        #expect(report.openness == .restricted)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["non-commercial-license", "open-washing", "model-architecture-not-local", "data-not-local", "inference-code-not-local", "research-paper-not-local"])
        let washing = report.findings.first { $0.code == "open-washing" }
        #expect(washing?.severity == .warning)
        #expect(washing?.message.contains("line 30") == true)
        #expect(washing?.path == "README.md")
    }

    @Test func openRAILDiffusionModel() {
        let report = OpennessAssessor.assess(OpennessFixtures.content(
            "sd-v1-5", weights: ["v1-5-pruned-emaonly.safetensors": 4_265_146_304, "unet/diffusion_pytorch_model.safetensors": 3_438_167_536],
            extraFiles: ["scheduler/scheduler_config.json"]))
        #expect(report.license.licenseClass == .restricted)
        #expect(report.license.id == "creativeml-openrail-m")
        #expect(report.license.evidence.contains { $0.detail.hasPrefix("field-of-use restrictions: \"attachment a use restrictions you agree not to use") })
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .present,
            dataCard: .present, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .missing, evalResults: .missing, report: .missing, paper: .referenced))
        #expect(report.dataCard.status == .present)
        #expect(report.extra("model_metadata")?.evidence.map(\.path) == ["model_index.json", "unet/config.json"])
        #expect(report.openness == .restricted)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["restricted-license", "gated-model", "model-architecture-not-local", "inference-code-not-local", "research-paper-not-local"])
        #expect(report.findings[0].message.contains("CreativeML Open RAIL-M"))
    }

    @Test func mitTagWithAMonthlyActiveUserClause() {
        let report = OpennessAssessor.assess(OpennessFixtures.content("modified-mit", weights: ["model.safetensors": 1000]))
        #expect(report.license.licenseClass == .restricted)
        #expect(report.license.id == "other")
        #expect(report.license.name == "MIT License, modified (monthly-active-user cap)")
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .present,
            dataCard: .missing, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .referenced, evalResults: .present, report: .missing, paper: .missing))
        #expect(report.openness == .restricted)
        #expect(report.mofClass == nil)
        #expect(report.findingCodes == ["license-mismatch", "restricted-license", "open-washing", "model-architecture-not-local", "inference-code-not-local", "evaluation-data-not-local"])
        let mismatch = report.findings[0]
        #expect(mismatch.severity == .warning)
        #expect(mismatch.path == "LICENSE")
        #expect(mismatch.message.contains("front matter license: mit"))
        #expect(mismatch.message.hasSuffix("The stricter, MIT License, modified (monthly-active-user cap), decides."))
        #expect(report.license.evidence.contains { $0.detail.contains("100 million monthly active users") })
    }

    @Test func malformedFrontMatterIsReportedAndTheRestRead() {
        let report = OpennessAssessor.assess(OpennessFixtures.content("malformed", weights: ["model.safetensors": 1000]))
        #expect(report.findingCodes == ["malformed-card", "malformed-card", "data-not-local"])
        #expect(report.findings[0].message.hasPrefix("README.md line 3: anchors"))
        #expect(report.findings[1].message.hasPrefix("README.md line 7: unterminated"))
        #expect(report.findings[0].path == "README.md")
        #expect(report.findings[0].details.first?.1 == .integer(3))
        #expect(report.license.licenseClass == .open)
        #expect(report.license.id == "apache-2.0")
        #expect(report.componentMap == components(
            architecture: .missing, parameters: .present, intermediate: .missing, metadata: .missing, card: .present,
            dataCard: .present, datasets: .referenced, preprocessing: .missing, training: .missing, inference: .missing,
            evalCode: .missing, evalData: .missing, evalResults: .missing, report: .missing, paper: .missing))
        #expect(report.openness == .openWeights)
        #expect(report.mofClass == nil)
    }
}

@Suite struct OpennessTemplateCardTests {
    /// The Hub's default card: headings with "[More Information Needed]" and HTML comments say nothing.
    @Test func hubTemplateCardEvidencesNothing() {
        let report = OpennessAssessor.assess(OpennessFixtures.content("hf-template", weights: ["model.safetensors": 1000], extraFiles: ["config.json"]))
        #expect(report.license.id == "apache-2.0")
        #expect(report.dataCard.status == .missing)
        #expect(report.dataCard.evidence.isEmpty)
        #expect(report.componentMap == components(
            architecture: .referenced, parameters: .present, intermediate: .missing, metadata: .present, card: .present,
            dataCard: .missing, datasets: .missing, preprocessing: .missing, training: .missing, inference: .referenced,
            evalCode: .missing, evalData: .missing, evalResults: .missing, report: .missing, paper: .missing))
        #expect(report.openness == .openWeights)
        #expect(report.findingCodes == ["model-architecture-not-local", "inference-code-not-local"])
    }
}

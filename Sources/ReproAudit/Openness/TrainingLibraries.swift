/// Open training libraries a card may name as what the model was trained with, each with its
/// repository (the README's openness section prints this table). A card sentence saying this model
/// was (pre)trained with a pretraining library references its training code; a fine-tuning library
/// (TRL, axolotl, DeepSpeed-Chat…) runs someone's recipe, so it counts only with a link to the config
/// or recipe used, else an `info` finding says which is missing.
public enum TrainingLibraries {
    public enum Kind: String, Sendable { case pretraining, fineTuning = "fine-tuning" }

    public struct Library: Sendable {
        public var name: String
        /// Lower-case spellings cards use (`gpt-neox`, `gpt neox`).
        public var spellings: [String]
        public var repository: String
        public var kind: Kind
    }

    public static let table: [Library] = [
        Library(name: "GPT-NeoX", spellings: ["gpt-neox", "gpt neox", "gptneox"], repository: "https://github.com/EleutherAI/gpt-neox", kind: .pretraining),
        Library(name: "Megatron-DeepSpeed", spellings: ["megatron-deepspeed", "megatron deepspeed"], repository: "https://github.com/microsoft/Megatron-DeepSpeed", kind: .pretraining),
        Library(name: "Megatron-LM", spellings: ["megatron-lm", "megatron lm", "megatron-core", "megatron core"], repository: "https://github.com/NVIDIA/Megatron-LM", kind: .pretraining),
        Library(name: "OLMo-core", spellings: ["olmo-core", "olmo core"], repository: "https://github.com/allenai/OLMo-core", kind: .pretraining),
        Library(name: "OLMo", spellings: ["olmo codebase", "olmo repository", "olmo training code", "allenai/olmo"], repository: "https://github.com/allenai/OLMo", kind: .pretraining),
        Library(name: "LLM Foundry", spellings: ["llm-foundry", "llm foundry", "llmfoundry"], repository: "https://github.com/mosaicml/llm-foundry", kind: .pretraining),
        Library(name: "Composer", spellings: ["mosaicml composer"], repository: "https://github.com/mosaicml/composer", kind: .pretraining),
        Library(name: "nanotron", spellings: ["nanotron"], repository: "https://github.com/huggingface/nanotron", kind: .pretraining),
        Library(name: "torchtitan", spellings: ["torchtitan"], repository: "https://github.com/pytorch/torchtitan", kind: .pretraining),
        Library(name: "Levanter", spellings: ["levanter"], repository: "https://github.com/stanford-crfm/levanter", kind: .pretraining),
        Library(name: "MaxText", spellings: ["maxtext"], repository: "https://github.com/AI-Hypercomputer/maxtext", kind: .pretraining),
        Library(name: "NeMo", spellings: ["nemo framework", "nvidia nemo", "nemo megatron"], repository: "https://github.com/NVIDIA/NeMo", kind: .pretraining),
        Library(name: "LitGPT", spellings: ["litgpt", "lit-gpt"], repository: "https://github.com/Lightning-AI/litgpt", kind: .pretraining),
        Library(name: "EasyLM", spellings: ["easylm"], repository: "https://github.com/young-geng/EasyLM", kind: .pretraining),
        Library(name: "metaseq", spellings: ["metaseq"], repository: "https://github.com/facebookresearch/metaseq", kind: .pretraining),
        Library(name: "T5X", spellings: ["t5x"], repository: "https://github.com/google-research/t5x", kind: .pretraining),
        Library(name: "fairseq", spellings: ["fairseq"], repository: "https://github.com/facebookresearch/fairseq", kind: .pretraining),
        Library(name: "TRL", spellings: ["trl"], repository: "https://github.com/huggingface/trl", kind: .fineTuning),
        Library(name: "axolotl", spellings: ["axolotl"], repository: "https://github.com/axolotl-ai-cloud/axolotl", kind: .fineTuning),
        Library(name: "DeepSpeed-Chat", spellings: ["deepspeed-chat", "deepspeed chat"], repository: "https://github.com/deepspeedai/DeepSpeedExamples/tree/master/applications/DeepSpeed-Chat", kind: .fineTuning),
        Library(name: "LLaMA-Factory", spellings: ["llama-factory", "llama factory", "llamafactory"], repository: "https://github.com/hiyouga/LLaMA-Factory", kind: .fineTuning),
        Library(name: "torchtune", spellings: ["torchtune"], repository: "https://github.com/pytorch/torchtune", kind: .fineTuning),
        Library(name: "Unsloth", spellings: ["unsloth"], repository: "https://github.com/unslothai/unsloth", kind: .fineTuning),
        Library(name: "open-instruct", spellings: ["open-instruct", "open instruct"], repository: "https://github.com/allenai/open-instruct", kind: .fineTuning),
        Library(name: "alignment-handbook", spellings: ["alignment-handbook", "alignment handbook"], repository: "https://github.com/huggingface/alignment-handbook", kind: .fineTuning),
    ]

    /// Libraries `lower` (a lower-cased sentence) names, by spelling or by a link to the repository.
    static func named(in lower: String) -> [Library] {
        table.filter { library in
            let repo = library.repository.lowercased().replacing("https://", with: "")
            if lower.has(repo) { return true }
            return library.spellings.contains { ComponentEvidence.containsWord(lower, $0) }
        }
    }

    /// True when a sentence says the model was (pre)trained or fine-tuned (not that it can be).
    static func saysTrainedWith(_ lower: String) -> Bool {
        ["trained with", "trained using", "trained on the", "trained by", "pretrained with", "pre-trained with", "pretrained using",
         "pre-trained using", "fine-tuned with", "finetuned with", "fine-tuned using", "finetuned using", "training was done with",
         "training was performed with", "training was done using", "training was performed using", "was trained", "were trained",
         "trained in", "training code", "training framework", "training library", "codebase", "we used", "we use", "built with",
         "trained the model", "training of this model", "for training", "used to train", "trained via", "trained through",
         "has been trained", "is trained"].contains { lower.has($0) }
    }

    /// A link in the paragraph that points at a configuration or recipe (a YAML/JSON file, a
    /// `recipes/`, `configs/`, `examples/` or `scripts/` folder, or link text saying so).
    static func recipeLink(in paragraph: String, links: [ModelCard.Link]) -> ModelCard.Link? {
        links.first { link in
            let url = link.url.lowercased()
            let text = link.text.lowercased()
            return [".yaml", ".yml", ".json", ".toml", "/recipes", "/recipe", "/configs", "/config", "/examples/", "/scripts/", "/train"].contains { url.has($0) }
                || ["recipe", "config", "training script", "training code"].contains { text.has($0) }
        }
    }
}

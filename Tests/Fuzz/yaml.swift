// Fuzz target "yaml" (Tests/Fuzz/run.sh yaml): the YAML subset reader (model card front matter,
// CITATION.cff) and the model card reader around it. run.sh gives each input 2 seconds: the reader
// must stay linear.
func fuzzYAML(_ input: [UInt8]) {
    guard case .text(let text) = TextDecoding.decode(input) else { return }
    _ = YAMLSubsetReader().read(text)
    _ = ModelCard(path: RawPath("README.md"), text: "---\n" + text + "\n---\n# Card\n")
}

// Fuzz target "tar" (Tests/Fuzz/run.sh tar): legacy tar checkpoints, format detection of `.bin` files
// of unknown kind, and the chat template files outside GGUF.
func fuzzTar(_ input: [UInt8]) {
    let bytes = InMemoryBytes(input)
    _ = FormatInspector.inspectPyTorchTar("model.pt", bytes)
    _ = FormatInspector.inspect(relativePath: "weights.bin", source: bytes)
    _ = ChatTemplateFileCheck.findings(bytes: input, path: "tokenizer_config.json")
}

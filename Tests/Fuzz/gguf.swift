// Fuzz target "gguf" (Tests/Fuzz/run.sh gguf): the GGUF reader and the chat-template check.
func fuzzGGUF(_ input: [UInt8]) {
    let bytes = InMemoryBytes(input)
    _ = FormatInspector.inspect(relativePath: "model.gguf", source: bytes)
}

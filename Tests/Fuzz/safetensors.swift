// Fuzz target "safetensors" (Tests/Fuzz/run.sh safetensors): the safetensors header parser and its inspection.
func fuzzSafetensors(_ input: [UInt8]) {
    let bytes = InMemoryBytes(input)
    _ = try? SafetensorsHeader.parse(source: bytes)
    _ = FormatInspector.inspect(relativePath: "model.safetensors", source: bytes)
}

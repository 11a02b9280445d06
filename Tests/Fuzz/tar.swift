// libFuzzer target: legacy tar checkpoints, format detection of unnamed `.bin` files, and the chat
// template files outside GGUF.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTar(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let raw = Array(UnsafeBufferPointer(start: data, count: size))
    let bytes = InMemoryBytes(raw)
    _ = FormatInspector.inspectPyTorchTar("model.pt", bytes)
    _ = FormatInspector.inspect(relativePath: "weights.bin", source: bytes)
    _ = ChatTemplateFileCheck.findings(bytes: raw, path: "tokenizer_config.json")
    return 0
}

// libFuzzer target: the GGUF reader and the chat-template check.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = InMemoryBytes(Array(UnsafeBufferPointer(start: data, count: size)))
    _ = FormatInspector.inspect(relativePath: "model.gguf", source: bytes)
    return 0
}

// libFuzzer target: the safetensors header parser and its inspection.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = InMemoryBytes(Array(UnsafeBufferPointer(start: data, count: size)))
    _ = try? SafetensorsHeader.parse(source: bytes)
    _ = FormatInspector.inspect(relativePath: "model.safetensors", source: bytes)
    return 0
}

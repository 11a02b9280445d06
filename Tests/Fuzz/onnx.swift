// libFuzzer target: the ONNX protobuf walk.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = InMemoryBytes(Array(UnsafeBufferPointer(start: data, count: size)))
    _ = FormatInspector.inspectONNX("sub/model.onnx", bytes)
    return 0
}

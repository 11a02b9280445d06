// Fuzz target "onnx" (Tests/Fuzz/run.sh onnx): the ONNX protobuf walk.
func fuzzONNX(_ input: [UInt8]) {
    let bytes = InMemoryBytes(input)
    _ = FormatInspector.inspectONNX("sub/model.onnx", bytes)
}

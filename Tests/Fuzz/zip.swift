// libFuzzer target: the zip reader with PyTorch, Keras and NumPy archive inspection.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZip(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = InMemoryBytes(Array(UnsafeBufferPointer(start: data, count: size)))
    _ = FormatInspector.inspectPyTorchZip("model.pt", bytes)
    _ = FormatInspector.inspectKeras("model.keras", bytes)
    _ = FormatInspector.inspectNumPyZip("a.npz", bytes)
    return 0
}

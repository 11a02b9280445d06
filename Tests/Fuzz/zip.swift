// Fuzz target "zip" (Tests/Fuzz/run.sh zip): the zip reader with PyTorch, Keras and NumPy archive inspection.
func fuzzZip(_ input: [UInt8]) {
    let bytes = InMemoryBytes(input)
    _ = FormatInspector.inspectPyTorchZip("model.pt", bytes)
    _ = FormatInspector.inspectKeras("model.keras", bytes)
    _ = FormatInspector.inspectNumPyZip("a.npz", bytes)
}

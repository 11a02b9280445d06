// Fuzz target "numpy" (Tests/Fuzz/run.sh numpy): the .npy header parser (and the pickle scan of object arrays).
func fuzzNumPy(_ input: [UInt8]) {
    let bytes = InMemoryBytes(input)
    _ = FormatInspector.inspectNumPy("a.npy", bytes)
}

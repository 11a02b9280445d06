// Fuzz target "hdf5" (Tests/Fuzz/run.sh hdf5): the HDF5 model-config search.
func fuzzHDF5(_ input: [UInt8]) {
    let bytes = InMemoryBytes(input)
    _ = FormatInspector.inspectHDF5("model.h5", bytes)
}

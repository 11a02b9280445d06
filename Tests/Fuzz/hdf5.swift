// libFuzzer target: the HDF5 model-config search.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHDF5(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = InMemoryBytes(Array(UnsafeBufferPointer(start: data, count: size)))
    _ = FormatInspector.inspectHDF5("model.h5", bytes)
    return 0
}

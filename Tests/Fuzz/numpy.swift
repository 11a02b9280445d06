// libFuzzer target: the .npy header parser (and the pickle scan of object arrays).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumPy(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = InMemoryBytes(Array(UnsafeBufferPointer(start: data, count: size)))
    _ = FormatInspector.inspectNumPy("a.npy", bytes)
    return 0
}

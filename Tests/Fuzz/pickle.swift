// libFuzzer target: the pickle opcode scanner, whole and in 7-byte chunks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPickle(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = PickleScanner().scan(bytes: bytes)
    var scanner = PickleScanner()
    scanner.chunkSize = 7
    let chunked = scanner.scan(bytes: bytes)
    if whole != chunked { fatalError("chunking changed the scan result") }
    _ = FormatInspector.inspect(relativePath: "data.pkl", source: InMemoryBytes(bytes))
    return 0
}

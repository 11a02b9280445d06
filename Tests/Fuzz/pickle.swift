// Fuzz target "pickle" (Tests/Fuzz/run.sh pickle): the pickle opcode scanner, whole and in 7-byte chunks.
func fuzzPickle(_ input: [UInt8]) {
    let bytes = input
    let whole = PickleScanner().scan(bytes: bytes)
    var scanner = PickleScanner()
    scanner.chunkSize = 7
    let chunked = scanner.scan(bytes: bytes)
    if whole != chunked { fatalError("chunking changed the scan result") }
    _ = FormatInspector.inspect(relativePath: "data.pkl", source: InMemoryBytes(bytes))
}

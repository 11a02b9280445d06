// Fuzz target "json" (Tests/Fuzz/run.sh json): the bounded JSON parser that reads control-socket
// requests (depth 8), configurations and audit log lines; what it accepts must survive a write and
// a second parse unchanged.
func fuzzJSON(_ input: [UInt8]) {
    guard let value = try? JSONParser(maximumDepth: 8).parse(input) else { return }
    let written = JSONWriter.bytes(value)
    guard let again = try? JSONParser(maximumDepth: 8).parse(written) else { fatalError("the writer's output does not parse") }
    if again != value { fatalError("a value changed through write and parse") }
}

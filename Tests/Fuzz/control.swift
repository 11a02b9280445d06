// Fuzz target "control" (Tests/Fuzz/run.sh control): a control-socket line as the daemon reads it
// (the bounded JSON parser, then `ControlRequest.parse`). Whatever is accepted must mean the same
// after the CLI's own encoding of it is read back: the two sides agree on the wire format.
func fuzzControlRequest(_ input: [UInt8]) {
    guard let value = try? JSONParser(maximumDepth: 8).parse(input),
          let request = try? ControlRequest.parse(value) else { return }
    let written = JSONWriter.bytes(request.json)
    guard let again = try? JSONParser(maximumDepth: 8).parse(written) else { fatalError("the request's encoding does not parse") }
    guard let reread = try? ControlRequest.parse(again) else { fatalError("the request's encoding is refused") }
    if reread != request { fatalError("a request changed through encode and parse") }
}

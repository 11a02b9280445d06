// libFuzzer target: the YAML subset reader (model card front matter, CITATION.cff) and the model card
// reader around it. run.sh gives each input 2 seconds: the reader must stay linear.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard case .text(let text) = TextDecoding.decode(bytes) else { return 0 }
    _ = YAMLSubsetReader().read(text)
    _ = ModelCard(path: RawPath("README.md"), text: "---\n" + text + "\n---\n# Card\n")
    return 0
}

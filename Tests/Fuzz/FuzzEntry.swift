// The one libFuzzer entry point of Tests/Fuzz. run.sh compiles the ReproAudit sources and every
// target into one binary (one slow sanitizer build instead of one per target) and names the target
// to run in REPROAUDIT_FUZZ_TARGET.
#if canImport(Glibc)
import Glibc
#endif

let fuzzTargets: [String: @Sendable ([UInt8]) -> Void] = [
    "safetensors": fuzzSafetensors, "gguf": fuzzGGUF, "pickle": fuzzPickle, "zip": fuzzZip,
    "numpy": fuzzNumPy, "onnx": fuzzONNX, "hdf5": fuzzHDF5, "json": fuzzJSON, "sigstore": fuzzSigstore, "yaml": fuzzYAML, "tar": fuzzTar,
    "control": fuzzControlRequest,
]

let selectedFuzzTarget: @Sendable ([UInt8]) -> Void = {
    let name = getenv("REPROAUDIT_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = fuzzTargets[name] else {
        fatalError("REPROAUDIT_FUZZ_TARGET must be one of \(fuzzTargets.keys.sorted().joined(separator: ", ")), not \"\(name)\"")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selectedFuzzTarget(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

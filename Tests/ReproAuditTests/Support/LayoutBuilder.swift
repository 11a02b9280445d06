import Foundation
@testable import ReproAudit

/// Builds real store layouts on disk, as the tools that make them lay them out.
struct LayoutBuilder {
    let root: TemporaryDirectory

    /// A Hugging Face hub cache repo under `hub/`: blobs named by content, snapshot symlinks, refs/main.
    /// Returns the snapshot folder's path.
    @discardableResult
    func huggingFaceRepo(_ repo: String, commit: String = String(repeating: "a1", count: 20), files: [String: [UInt8]],
                         hub: String = "hub", refs: [String] = ["main"]) -> String {
        let folder = "\(hub)/models--" + repo.replacingOccurrences(of: "/", with: "--")
        for (name, bytes) in files {
            let blob = WeightFileKind.isWeight(RawPath(name)) ? sha256Hex(bytes) : gitBlobSHA1(bytes)
            root.write("\(folder)/blobs/\(blob)", bytes)
            let depth = name.split(separator: "/").count - 1
            root.symlink("\(folder)/snapshots/\(commit)/\(name)", to: String(repeating: "../", count: depth + 2) + "blobs/\(blob)")
        }
        for ref in refs { root.write("\(folder)/refs/\(ref)", commit) }
        return root.url("\(folder)/snapshots/\(commit)")
    }

    /// An Ollama store under `ollama/models`; returns the manifest path.
    @discardableResult
    func ollamaModel(_ name: String, tag: String, layers: [(mediaType: String, bytes: [UInt8])], writeBlobs: Bool = true) -> String {
        var entries: [String] = []
        for layer in layers {
            let digest = sha256Hex(layer.bytes)
            if writeBlobs { root.write("ollama/models/blobs/sha256-\(digest)", layer.bytes) }
            entries.append(#"{"mediaType":"\#(layer.mediaType)","digest":"sha256:\#(digest)","size":\#(layer.bytes.count)}"#)
        }
        let config = Array(#"{"model_format":"gguf"}"#.utf8)
        let configDigest = sha256Hex(config)
        root.write("ollama/models/blobs/sha256-\(configDigest)", config)
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:\#(configDigest)","size":\#(config.count)},"layers":[\#(entries.joined(separator: ","))]}"#
        return root.write("ollama/models/manifests/registry.ollama.ai/library/\(name)/\(tag)", manifest)
    }
}

/// A GGUF v3 header with the given string metadata and no tensors.
func ggufBytes(metadata: [(String, String)]) -> [UInt8] {
    var bytes = Array("GGUF".utf8)
    func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += Array(s.utf8) }
    u32(3)
    u64(0)
    u64(UInt64(metadata.count))
    for (key, value) in metadata {
        string(key)
        u32(8)  // GGUF_TYPE_STRING
        string(value)
    }
    return bytes
}

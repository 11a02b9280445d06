/// Which files are model weights, by extension.
public enum WeightFileKind {
    /// Extensions of files that hold parameters (or pickled objects loaded with them).
    public static let extensions: Set<String> = [
        "safetensors", "gguf", "bin", "pt", "pth", "ckpt", "onnx", "h5", "keras", "pkl", "pickle", "joblib", "dill",
        "npy", "npz", "msgpack", "onnx_data", "jit", "hdf5", "tflite", "pb", "mlmodel",
    ]

    /// True when `name` looks like a weight file.
    public static func isWeight(_ name: RawPath) -> Bool {
        let lower = name.name.lowercased()
        if lower.hasSuffix(".onnx.data") { return true }
        // TensorFlow checkpoint shards (`variables.data-00000-of-00001`).
        if lower.contains(".data-"), lower.contains("-of-") { return true }
        return extensions.contains(name.lowercasedExtension)
    }

    /// True for a `.gguf` file.
    public static func isGGUF(_ name: RawPath) -> Bool {
        name.lowercasedExtension == "gguf"
    }

    /// Files that mark a folder as a model even when its weights sit in subfolders (diffusers pipelines,
    /// sentence-transformers).
    public static let markerFiles: Set<String> = ["config.json", "model_index.json", "modules.json", "params.json", "adapter_config.json"]

    /// Names of in-progress downloads and locks.
    public static func isInProgressMarker(_ name: String) -> Bool {
        name.hasSuffix(".incomplete") || name.hasSuffix(".part") || name.hasSuffix(".tmp") || name.hasSuffix(".lock")
            || name.hasSuffix(".partial") || name.contains("-partial")
    }
}

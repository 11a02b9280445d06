/// Decides what a pickled global means for safety: `safe` (on the list of constructors a weights file
/// needs), `dangerous` (runs commands, evaluates code, opens files or sockets, loads further pickles) or
/// `unknown` (anything else).
///
/// Unknown globals make a file `unsafe` too, with a `warning` finding rather than a `critical` one: any
/// callable REDUCE can invoke may run code, and PyTorch's own `weights_only` loader refuses them as well.
/// Only globals on the safe list leave a pickle `safe`. An unresolved STACK_GLOBAL (`?.?`) is dangerous,
/// since hiding the name is what an attacker would do.
public enum PickleImportPolicy {
    public enum Verdict: String, Sendable, Equatable {
        case safe, unknown, dangerous
    }

    /// Exact `module.name` globals that only build tensors, containers and plain values.
    public static let safeGlobals: Set<String> = [
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
        "torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_nested_tensor",
        "torch._utils._rebuild_qtensor", "torch._utils._rebuild_device_tensor_from_numpy",
        "torch._utils._rebuild_meta_tensor_no_storage", "torch._utils._rebuild_wrapper_subclass",
        "torch._utils._rebuild_device_tensor_from_cpu_tensor",
        "torch._tensor._rebuild_from_type_v2", "torch._utils._rebuild_from_type_v2",
        "torch.device", "torch.Size", "torch.storage.UntypedStorage", "torch.storage.TypedStorage",
        "torch.float16", "torch.float32", "torch.float64", "torch.bfloat16", "torch.half", "torch.float",
        "torch.double", "torch.int8", "torch.uint8", "torch.int16", "torch.int32", "torch.int64", "torch.long",
        "torch.int", "torch.short", "torch.bool", "torch.complex64", "torch.complex128", "torch.cfloat",
        "torch.cdouble", "torch.float8_e4m3fn", "torch.float8_e5m2", "torch.float8_e4m3fnuz",
        "torch.float8_e5m2fnuz", "torch.uint16", "torch.uint32", "torch.uint64", "torch.qint8", "torch.quint8",
        "torch.qint32", "torch.quint4x2", "torch.per_tensor_affine", "torch.per_channel_affine",
        "torch.contiguous_format", "torch.channels_last", "torch.preserve_format", "torch.strided",
        "torch.sparse_coo",
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
        "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer", "numpy.dtype", "numpy.ndarray",
        "_codecs.encode",
        "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.slice", "builtins.complex",
        "builtins.bytes", "builtins.int", "builtins.float", "builtins.bool", "builtins.str", "builtins.list",
        "builtins.dict", "builtins.tuple", "builtins.range",
        "__builtin__.set", "__builtin__.frozenset", "__builtin__.bytearray", "__builtin__.slice",
        "__builtin__.complex",
    ]

    /// Modules every global of which is dangerous.
    public static let dangerousModules: [String] = [
        "os", "posix", "nt", "subprocess", "_posixsubprocess", "runpy", "importlib", "socket", "shutil", "pty",
        "webbrowser", "sys", "pickle", "_pickle", "dill", "cloudpickle", "marshal", "code", "codeop",
        "ctypes", "multiprocessing", "asyncio", "urllib", "http", "ftplib", "telnetlib", "smtplib",
        "requests", "httpx", "pdb", "bdb", "timeit", "trace", "profile", "cProfile", "pydoc", "tempfile",
        "signal", "threading", "_thread", "types", "platform", "glob", "pathlib", "io", "_io", "zipimport",
        "numpy.testing", "torch.hub", "torch.serialization", "torch._C", "torch.jit", "torch.ops",
        "torch.utils.cpp_extension", "pip", "setuptools", "distutils", "venv", "ensurepip",
    ]

    /// Individual dangerous globals in otherwise unlisted modules.
    public static let dangerousGlobals: Set<String> = [
        "builtins.eval", "builtins.exec", "builtins.compile", "builtins.open", "builtins.getattr",
        "builtins.setattr", "builtins.delattr", "builtins.__import__", "builtins.apply", "builtins.execfile",
        "builtins.input", "builtins.breakpoint", "builtins.globals", "builtins.locals", "builtins.vars",
        "builtins.memoryview", "builtins.object", "builtins.type", "builtins.super", "builtins.help",
        "builtins.exit", "builtins.quit",
        "operator.attrgetter", "operator.methodcaller", "operator.itemgetter", "functools.partial",
        "functools.reduce", "torch.load", "torch.storage._load_from_bytes", "torch.save",
        "torch._utils._rebuild_from_type", "numpy.load", "numpy.lib.npyio.load", "numpy.fromfile",
        "joblib.load", "joblib.numpy_pickle.load", "pandas.read_pickle",
    ]

    /// The verdict for the global `module.name`.
    public static func classify(module: String, name: String) -> Verdict {
        if module == "?" { return .dangerous }
        let normalizedModule = module == "__builtin__" ? "builtins" : module
        let qualified = "\(normalizedModule).\(name)"
        if safeGlobals.contains("\(module).\(name)") || safeGlobals.contains(qualified) { return .safe }
        if dangerousGlobals.contains(qualified) { return .dangerous }
        for dangerous in dangerousModules where normalizedModule == dangerous || normalizedModule.hasPrefix(dangerous + ".") {
            return .dangerous
        }
        // Dunder names reach the object model (e.g. `builtins.__import__`, `x.__getattribute__`).
        if name.hasPrefix("__") || name.contains(".__") { return .dangerous }
        // Storage classes: torch.FloatStorage, torch.cuda.HalfStorage, …
        if (normalizedModule == "torch" || normalizedModule == "torch.cuda"), name.hasSuffix("Storage"),
           name.allSatisfy({ $0.isLetter || $0.isNumber }) {
            return .safe
        }
        return .unknown
    }
}

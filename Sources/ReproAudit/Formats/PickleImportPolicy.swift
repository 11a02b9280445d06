/// Decides what a pickled global means for safety, in three levels:
///
/// - `dangerous`: a callable that runs commands, evaluates or compiles code, imports modules, opens
///   files or sockets, loads further pickles, or reaches such things through attribute lookups
///   (`getattr`, `operator.attrgetter`, a `Class.method` name, a dunder name). The file is `unsafe`
///   (`unsafe-pickle`, critical).
/// - `safe`: the curated allow-list of data types and constructors real checkpoints use: stdlib
///   containers and values, NumPy arrays and scalars, PyTorch storages, tensors, dtypes and parameters,
///   classes of scikit-learn, joblib, omegaconf, Lightning, transformers and tokenizers, and the
///   site's own `pickle_allow` names.
/// - `unknown`: anything else. The file's safety is `unknown` with an `unknown-pickle-import` warning:
///   such a global may be harmless (a site's own class) but was not proven so, and PyTorch's
///   `torch.load(weights_only=True)` refuses it.
///
/// An unresolved STACK_GLOBAL (`?.?`) is dangerous, since hiding the name is what an attacker would do.
/// `version` names this policy in records (`checks.serialization.policy`), so a verdict can be traced
/// to the rules that gave it.
public struct PickleImportPolicy: Sendable, Equatable {
    public enum Verdict: String, Sendable, Equatable {
        case safe, unknown, dangerous
    }

    /// The version string written to `checks.serialization.policy`.
    public static let version = "reproaudit-pickle-policy/2"

    /// A site's own `module.name` globals, treated as safe (configuration key `pickle_allow`).
    public var allowed: Set<String>

    public init(allowed: Set<String> = []) {
        self.allowed = allowed
    }

    /// Why `entry` cannot be added to the allow-list (`pickle_allow`, `scan --pickle-allow`), or nil when
    /// it can: it must be one `module.name` global without spaces, and not one that runs code.
    public static func allowEntryProblem(_ entry: String) -> String? {
        guard let dot = entry.lastIndex(of: "."), dot != entry.startIndex, entry.index(after: dot) != entry.endIndex,
              !entry.contains(where: { $0.isWhitespace }) else {
            return "\"\(entry)\" is not a \"module.name\" global such as \"mylab.models.Config\""
        }
        if classify(module: String(entry[..<dot]), name: String(entry[entry.index(after: dot)...])) == .dangerous {
            return "cannot allow \(entry): it is on the list of globals that run code"
        }
        return nil
    }

    /// True inside a TorchScript archive, whose own `__torch__.*` classes and `torch.jit._pickle.*`
    /// helpers only rebuild the scripted module (its code is judged separately).
    public var torchScript = false

    /// This policy for the pickles of a TorchScript archive.
    public var forTorchScript: PickleImportPolicy {
        var policy = self
        policy.torchScript = true
        return policy
    }

    /// The policy without site additions.
    public static let standard = PickleImportPolicy()

    /// The verdict of the standard policy for the global `module.name`.
    public static func classify(module: String, name: String) -> Verdict {
        standard.classify(module: module, name: name)
    }

    /// Exact `module.name` globals that only build tensors, containers and plain values.
    public static let safeGlobals: Set<String> = [
        "collections.OrderedDict", "collections.defaultdict", "collections.Counter", "collections.deque",
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
        "torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_nested_tensor",
        "torch._utils._rebuild_qtensor", "torch._utils._rebuild_device_tensor_from_numpy",
        "torch._utils._rebuild_meta_tensor_no_storage", "torch._utils._rebuild_wrapper_subclass",
        "torch._utils._rebuild_device_tensor_from_cpu_tensor", "torch._utils._rebuild_sparse_csr_tensor",
        "torch._tensor._rebuild_from_type_v2", "torch._utils._rebuild_from_type_v2",
        "torch.device", "torch.Size", "torch.Tensor", "torch.storage.UntypedStorage", "torch.storage.TypedStorage",
        "torch.storage._TypedStorage", "torch.nn.parameter.Parameter", "torch.nn.parameter.Buffer",
        "torch.torch_version.TorchVersion", "torch.serialization._get_layout", "torch.memory_format",
        "torch.float16", "torch.float32", "torch.float64", "torch.bfloat16", "torch.half", "torch.float",
        "torch.double", "torch.int8", "torch.uint8", "torch.int16", "torch.int32", "torch.int64", "torch.long",
        "torch.int", "torch.short", "torch.bool", "torch.complex64", "torch.complex128", "torch.cfloat",
        "torch.cdouble", "torch.float8_e4m3fn", "torch.float8_e5m2", "torch.float8_e4m3fnuz",
        "torch.float8_e5m2fnuz", "torch.uint16", "torch.uint32", "torch.uint64", "torch.qint8", "torch.quint8",
        "torch.qint32", "torch.quint4x2", "torch.per_tensor_affine", "torch.per_channel_affine",
        "torch.contiguous_format", "torch.channels_last", "torch.preserve_format", "torch.strided",
        "torch.sparse_coo", "torch.sparse_csr",
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
        "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer", "numpy.dtype", "numpy.ndarray",
        "numpy.ma.core._mareconstruct", "numpy.ma.core.MaskedArray",
        "numpy.random._pickle.__randomstate_ctor", "numpy.random._pickle.__bit_generator_ctor",
        "numpy.random._pickle.__generator_ctor", "numpy.random.mtrand.RandomState", "numpy.random._mt19937.MT19937",
        "numpy.random._pcg64.PCG64", "numpy.random._generator.Generator",
        "_codecs.encode", "copyreg._reconstructor", "copy_reg._reconstructor", "copyreg.__newobj__",
        "copy_reg.__newobj__", "copyreg.__newobj_ex__",
        "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.slice", "builtins.complex",
        "builtins.bytes", "builtins.int", "builtins.float", "builtins.bool", "builtins.str", "builtins.list",
        "builtins.dict", "builtins.tuple", "builtins.range", "builtins.len", "builtins.object",
        "builtins.long", "builtins.unicode", "builtins.xrange", "builtins.basestring", "builtins.reversed",
        "builtins.NoneType", "builtins.Ellipsis", "builtins.NotImplemented",
        "typing.Any", "typing.Optional", "typing.Union", "typing.List", "typing.Dict", "typing.Tuple",
        "decimal.Decimal", "fractions.Fraction", "datetime.datetime", "datetime.date", "datetime.time",
        "datetime.timedelta", "datetime.timezone", "uuid.UUID", "re._compile", "argparse.Namespace",
        "pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath", "pathlib.PurePath", "pathlib.PurePosixPath",
        "pathlib.PureWindowsPath", "array.array", "array._array_reconstructor",
        "joblib.numpy_pickle.NumpyArrayWrapper", "joblib.numpy_pickle.NDArrayWrapper",
        "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper",
        "tokenizers.Tokenizer", "tokenizers.AddedToken",
    ]

    /// Packages whose classes (a CamelCase name, no dots, no dunders) are data on load: constructed with
    /// `__new__`/`__setstate__`, never called with attacker arguments to run anything.
    public static let safeClassPackages: [String] = [
        "sklearn", "joblib", "omegaconf", "pytorch_lightning", "lightning", "lightning_fabric", "transformers",
        "tokenizers", "torch.nn.modules", "numpy", "scipy.sparse", "pandas.core", "xgboost.sklearn",
        "lightgbm.sklearn", "catboost.core", "sentence_transformers", "peft",
    ]

    /// Modules every global of which is dangerous.
    public static let dangerousModules: [String] = [
        "os", "posix", "nt", "subprocess", "_posixsubprocess", "runpy", "importlib", "socket", "_socket", "shutil",
        "pty", "webbrowser", "sys", "pickle", "_pickle", "dill", "cloudpickle", "marshal", "code", "codeop",
        "ctypes", "_ctypes", "multiprocessing", "asyncio", "urllib", "urllib2", "httplib", "http", "ftplib",
        "telnetlib", "smtplib", "poplib", "imaplib", "nntplib", "xmlrpc", "requests", "httpx", "aiohttp", "urllib3",
        "pdb", "bdb", "timeit", "trace", "profile", "cProfile", "pydoc", "tempfile", "signal", "threading",
        "_thread", "thread", "types", "platform", "glob", "io", "_io", "zipimport", "pkgutil", "doctest",
        "idlelib", "lib2to3", "ensurepip", "distutils", "setuptools", "pip", "venv", "_osx_support",
        "_aix_support", "_pyrepl", "test", "commands", "popen2", "imp", "shelve", "dbm",
        "sqlite3", "tarfile", "zipfile", "gzip", "bz2", "lzma", "fileinput", "linecache", "tokenize", "ast",
        "inspect", "gc", "atexit", "site", "sysconfig", "operator", "_operator", "functools",
        "numpy.testing", "numpy.f2py", "numpy.distutils", "numpy.lib.npyio", "numpy.load", "torch.hub",
        "torch.serialization", "torch._C", "torch.jit", "torch.ops", "torch.utils.cpp_extension",
        "torch.utils.bottleneck", "torch.utils.collect_env", "torch.utils.data.datapipes", "torch.utils._config_module",
        "torch._dynamo", "torch._inductor", "torch.fx", "torch.package", "torch.distributed", "torch.testing",
        "torch.backends", "keras.src.saving", "tensorflow", "jinja2", "mako", "yaml", "jsonpickle", "joblib.parallel",
        "logging.handlers", "ssl", "socketserver", "wsgiref", "selectors", "select", "mmap", "resource", "fcntl",
        "termios", "tty", "pwd", "grp", "crypt", "cgi", "cgitb", "smtpd", "mailbox", "email",
        // Sub-interpreters, and the scanners themselves (a pickle that switches off the loader's guard).
        "_interpreters", "_xxsubinterpreters", "interpreters", "torch.compile", "fickling", "picklescan", "modelscan",
        "modelaudit", "saferpickle", "model_unpickler",
    ]

    /// Individual dangerous globals in otherwise unlisted modules.
    public static let dangerousGlobals: Set<String> = [
        "builtins.eval", "builtins.exec", "builtins.compile", "builtins.open", "builtins.getattr",
        "builtins.setattr", "builtins.delattr", "builtins.__import__", "builtins.apply", "builtins.execfile",
        "builtins.input", "builtins.raw_input", "builtins.breakpoint", "builtins.globals", "builtins.locals",
        "builtins.vars", "builtins.memoryview", "builtins.type", "builtins.super", "builtins.help",
        "builtins.exit", "builtins.quit", "builtins.file", "builtins.reload", "builtins.dir", "builtins.classmethod",
        "builtins.staticmethod", "builtins.property", "builtins.map", "builtins.filter", "builtins.next",
        "builtins.iter", "builtins.hasattr", "builtins.print",
        "torch.load", "torch.storage._load_from_bytes", "torch.save", "torch._utils._rebuild_from_type",
        "torch.from_file", "torch._load_global_deps", "numpy.load", "numpy.fromfile", "numpy.save", "numpy.loadtxt",
        "numpy.genfromtxt", "numpy.memmap", "joblib.load", "joblib.dump", "joblib.numpy_pickle.load",
        "pandas.read_pickle", "pandas.read_csv", "pandas.io.pickle.read_pickle", "logging.FileHandler",
        "logging.config.fileConfig", "logging.config.dictConfig", "logging.config.listen",
        "logging.handlers.SocketHandler", "uuid._get_command_stdout", "uuid._popen",
    ]

    /// Beginnings of the `_`-separated words of function names that run things (`run_cprofile`,
    /// `_read_cmd_output`, `pipe_pager`), dangerous in any module not on the allow-list.
    static let dangerousWordPrefixes = ["system", "popen", "spawn", "exec", "eval", "run", "command", "cmd",
                                        "shell", "pager", "compile", "import", "urlopen", "load", "getattr"]

    /// The verdict for the global `module.name`.
    public func classify(module: String, name: String) -> Verdict {
        if module == "?" { return .dangerous }
        let normalizedModule = Self.normalized(module)
        let qualified = "\(normalizedModule).\(name)"
        if Self.safeGlobals.contains("\(module).\(name)") || Self.safeGlobals.contains(qualified)
            || allowed.contains("\(module).\(name)") || allowed.contains(qualified) {
            return .safe
        }
        if torchScript, Self.within(normalizedModule, "__torch__") || normalizedModule == "torch.jit._pickle" { return .safe }
        if Self.dangerousGlobals.contains(qualified) { return .dangerous }
        for dangerous in Self.dangerousModules where Self.within(normalizedModule, dangerous) {
            return .dangerous
        }
        // Dunder names reach the object model (`x.__getattribute__`, `cls.__subclasses__`); a dotted name
        // reaches a method through its class (`trace.Trace.run`, `code.InteractiveInterpreter.runcode`).
        if name.hasPrefix("__") || name.contains(".") { return .dangerous }
        // `__future__` feature objects are inert.
        if normalizedModule == "__future__" { return .safe }
        // Storage classes: torch.FloatStorage, torch.cuda.HalfStorage, …
        if (normalizedModule == "torch" || normalizedModule == "torch.cuda"), name.hasSuffix("Storage"),
           name.allSatisfy({ $0.isLetter || $0.isNumber }) {
            return .safe
        }
        let lowered = name.lowercased()
        let isClassName = name.first?.isUppercase == true
        if !isClassName, lowered.split(separator: "_").contains(where: { word in Self.dangerousWordPrefixes.contains { word.hasPrefix($0) } }) {
            return .dangerous
        }
        if Self.safeClassPackages.contains(where: { Self.within(normalizedModule, $0) }) {
            if isClassName, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return .safe }
            // NumPy scalar types and dtypes (`numpy.float32`, `numpy.dtypes.Float32DType`).
            if normalizedModule == "numpy" || normalizedModule == "numpy.dtypes", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                return .safe
            }
            // SciPy sparse matrices and arrays (`scipy.sparse._csr.csr_matrix`).
            if normalizedModule.hasPrefix("scipy.sparse"), name.hasSuffix("_matrix") || name.hasSuffix("_array") { return .safe }
        }
        return .unknown
    }

    /// Python 2 module names as Python 3 unpicklers map them (`__builtin__` → `builtins`).
    static func normalized(_ module: String) -> String {
        switch module {
        case "__builtin__", "exceptions": return "builtins"
        case "copy_reg": return "copyreg"
        default: return module
        }
    }

    /// True when `module` is `package` or inside it.
    static func within(_ module: String, _ package: String) -> Bool {
        module == package || (module.hasPrefix(package) && module.utf8.count > package.utf8.count
            && module.utf8[module.utf8.index(module.utf8.startIndex, offsetBy: package.utf8.count)] == UInt8(ascii: "."))
    }
}

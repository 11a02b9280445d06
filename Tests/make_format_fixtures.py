#!/usr/bin/env python3
"""Writes the format fixtures under ReproAuditTests/Fixtures/formats/ (run from Tests/).

Pickles of protocols 0-5 with benign and malicious globals, PyTorch-style zips (stored and deflated),
a legacy PyTorch file (five pickles then raw storage bytes), a .keras zip with a Lambda layer, and .npy/.npz
files with object dtype. torch is not needed: a stand-in `torch` module provides the globals the
real checkpoints import, so the pickles name the same globals real ones do. Nothing here is unpickled
by the tests; the malicious pickles are never loaded.
"""
import collections, io, os, pickle, struct, sys, types, zipfile, json
import numpy as np

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ReproAuditTests", "Fixtures", "formats")
os.makedirs(out, exist_ok=True)

# Stand-in torch modules so pickle writes torch._utils._rebuild_tensor_v2 and torch.FloatStorage globals.
torch = types.ModuleType("torch"); utils = types.ModuleType("torch._utils")
def _rebuild_tensor_v2(*args): pass
_rebuild_tensor_v2.__module__ = "torch._utils"
utils._rebuild_tensor_v2 = _rebuild_tensor_v2
class FloatStorage: pass
FloatStorage.__module__ = "torch"
torch.FloatStorage = FloatStorage; torch._utils = utils
sys.modules["torch"] = torch; sys.modules["torch._utils"] = utils

class Tensor:
    def __init__(self, key): self.key = key
    def __reduce__(self):
        return (_rebuild_tensor_v2, ((FloatStorage, self.key), 0, (2, 2), (2, 1), False, collections.OrderedDict()))

class Evil:
    def __reduce__(self): return (os.system, ("echo pwned",))

class EvilEval:
    def __reduce__(self): return (eval, ("1+1",))

def benign():
    return collections.OrderedDict([("layer.weight", Tensor("0")), ("layer.bias", Tensor("1")), ("step", 3), ("names", ["a", "b"])])

def put(z, name, data):
    """Adds a member with a fixed timestamp, so regenerated archives are byte-identical."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = z.compression
    z.writestr(info, data)

def write(name, data):
    with open(os.path.join(out, name), "wb") as f: f.write(data)

for protocol in range(6):
    write(f"benign-p{protocol}.pkl", pickle.dumps(benign(), protocol=protocol))
    write(f"evil-system-p{protocol}.pkl", pickle.dumps({"model": benign(), "x": Evil()}, protocol=protocol))
    write(f"evil-eval-p{protocol}.pkl", pickle.dumps([EvilEval()], protocol=protocol))

class Unknown:
    def __init__(self): self.v = 1
write("unknown-import.pkl", pickle.dumps({"cfg": Unknown()}, protocol=2).replace(b"__main__", b"mylib.cfg"))

# PyTorch zip layout: archive/data.pkl, archive/data/0, archive/version.
class PersistentPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, tuple) and len(obj) == 2 and obj[0] is FloatStorage:
            return ("storage", FloatStorage, obj[1], "cpu", 4)
        return None

def torch_pickle(payload):
    buf = io.BytesIO(); PersistentPickler(buf, protocol=2).dump(payload); return buf.getvalue()

for compression, tag in [(zipfile.ZIP_STORED, "stored"), (zipfile.ZIP_DEFLATED, "deflated")]:
    for kind, payload in [("benign", benign()), ("evil", {"m": benign(), "x": Evil()})]:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression) as z:
            put(z, "archive/data.pkl", torch_pickle(payload))
            put(z, "archive/byteorder", "little")
            put(z, "archive/data/0", b"\0" * 16)
            put(z, "archive/data/1", b"\0" * 16)
            put(z, "archive/version", "3\n")
        write(f"torch-{kind}-{tag}.pt", buf.getvalue())

# Legacy PyTorch: magic number, protocol, sys_info, the object, storage keys, then raw storages.
def legacy(payload):
    buf = io.BytesIO()
    for obj in (0x1950a86a20f9469cfc6c, 1001, {"protocol_version": 1001, "little_endian": True}):
        pickle.dump(obj, buf, protocol=2)
    PersistentPickler(buf, protocol=2).dump(payload)
    pickle.dump(["0", "1"], buf, protocol=2)
    for _ in range(2):
        buf.write(struct.pack("<q", 4) + b"\0" * 16)
    return buf.getvalue()
write("legacy-benign.bin", legacy(benign()))
write("legacy-evil.bin", legacy({"m": benign(), "x": Evil()}))

# Keras v3 archive with and without a Lambda layer.
def keras(layers):
    config = {"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "layers": layers}}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        put(z, "metadata.json", json.dumps({"keras_version": "3.3.3"}))
        put(z, "config.json", json.dumps(config))
        put(z, "model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 32)
    return buf.getvalue()
dense = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 4}}
lam = {"module": "keras.layers", "class_name": "Lambda", "config": {"name": "sneaky", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAA="}}}}
write("model-lambda.keras", keras([dense, lam]))
write("model-plain.keras", keras([dense]))

# NumPy: plain, object dtype (benign and malicious payload), and an npz holding both.
def npy(array):
    buf = io.BytesIO(); np.save(buf, array, allow_pickle=True); return buf.getvalue()
write("plain.npy", npy(np.arange(12, dtype="<f4").reshape(3, 4)))
write("object.npy", npy(np.array([{"a": 1}, [1, 2]], dtype=object)))
write("object-evil.npy", npy(np.array([Evil()], dtype=object)))
buf = io.BytesIO(); np.savez_compressed(buf, w=np.ones(3), o=np.array([Evil()], dtype=object))
write("mixed.npz", buf.getvalue())
buf = io.BytesIO(); np.savez(buf, w=np.ones(3, dtype="<f8"))
write("plain.npz", buf.getvalue())
# joblib: array bytes are written between opcodes, right after the NumpyArrayWrapper's BUILD.
try:
    import joblib
    buf = io.BytesIO(); joblib.dump({"coef": np.arange(64, dtype="<f8")}, buf)
    write("arrays.joblib", buf.getvalue())
except ImportError:
    pass

# --- Issue 9: real-world shapes, parser differentials and new coverage ---
import tarfile, zlib

# Memo expansion bomb: five levels of lists holding the same list 100 times (10^10 objects reached,
# a few KB on disk). pickle memoises the shared list, so each level is 100 BINGETs.
level = [0] * 100
for _ in range(4):
    level = [level] * 100
write("expansion-bomb.pkl", pickle.dumps(level, protocol=2))
# Strings that look like code in an otherwise inert pickle.
write("code-strings.pkl", pickle.dumps({"note": "os.system('rm -rf /')", "eval": "__import__('os')"}, protocol=4))
# Python 2 style: protocol 0 with copy_reg._reconstructor(cls, object, None) and __builtin__ names.
class Estimator:
    def __init__(self): self.coef = [1.5, 2.5]
Estimator.__module__ = "sklearn.linear_model._base"; Estimator.__qualname__ = Estimator.__name__ = "LinearRegression"
sys.modules.setdefault("sklearn", types.ModuleType("sklearn")); sys.modules.setdefault("sklearn.linear_model", types.ModuleType("sklearn.linear_model"))
base = types.ModuleType("sklearn.linear_model._base"); base.LinearRegression = Estimator; sys.modules["sklearn.linear_model._base"] = base
class Py2Object:  # protocol 0 of an old-style-free class uses copy_reg._reconstructor
    pass
write("python2-estimator-p0.pkl", pickle.dumps({"model": Estimator(), "n": 10**20}, protocol=0))
# Raw protocol-0 pickle saved under a .bin name (an old torch.save with pickle_protocol=0).
write("protocol0-evil.bin", pickle.dumps({"x": Evil()}, protocol=0))
# dill.dump writes pickles (dill.load is pickle's loader with more types): protocol 0, judged like any pickle.
try:
    import dill
    write("protocol0-evil.dill", dill.dumps(Evil(), protocol=0))
    write("protocol0-benign.dill", dill.dumps(["a", "b", "c"], protocol=0))
except ImportError:
    print("dill not installed: protocol0-*.dill not rewritten")

# Legacy tar torch.save: sys_info, pickle, storages, tensors.
def tar_checkpoint(payload):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in [("sys_info", pickle.dumps({"protocol_version": 1001}, protocol=2)),
                           ("pickle", torch_pickle(payload)),
                           ("storages", pickle.dumps(0, protocol=2)),
                           ("tensors", pickle.dumps(0, protocol=2))]:
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 0
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()
write("tar-benign.pt", tar_checkpoint(benign()))
write("tar-evil.pt", tar_checkpoint({"m": benign(), "x": Evil()}))

# A zip whose evil pickle sits in a member not named .pkl, next to a benign data.pkl.
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    put(z, "archive/data.pkl", torch_pickle(benign()))
    put(z, "archive/extra", pickle.dumps(Evil(), protocol=2))
    put(z, "archive/version", "3\n")
write("torch-hidden-member.pt", buf.getvalue())
# Local header name differs from the central directory's (same length, so offsets hold).
good = open(os.path.join(out, "torch-benign-stored.pt"), "rb").read()
local = good.index(b"archive/data.pkl")
write("torch-local-name.pt", good[:local] + b"archive/data.pkx" + good[local + 16:])

# TorchScript-like archive whose code reads a file.
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    put(z, "m/data.pkl", pickle.dumps({"a": 1}, protocol=2).replace(b"}", b"}", 1))
    put(z, "m/constants.pkl", pickle.dumps((), protocol=2))
    put(z, "m/code/__torch__.py", "def forward(self):\n  return torch.ops.aten.from_file(\"/etc/shadow\")\n")
write("torchscript-from-file.pt", buf.getvalue())

# Keras 3 archives: a custom object from a user package, and a function from os.
custom = {"module": "mylab.layers", "class_name": "Gate", "config": {"name": "g"}, "registered_name": "MyLab>Gate"}
write("model-custom.keras", keras([dense, custom]))
osfn = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 1,
        "activation": {"module": "os", "class_name": "function", "config": "system", "registered_name": "function"}}}
write("model-os-function.keras", keras([osfn]))

# Compressed joblib (zlib) is valid and not inspected.
write("compressed.joblib", zlib.compress(pickle.dumps({"coef": [1, 2, 3]}, protocol=4)))
# TFLite flatbuffer header (file identifier TFL3 at offset 4).
write("model.tflite", b"\x1c\x00\x00\x00TFL3" + b"\x00" * 56)
print("wrote issue-9 fixtures")
print("wrote fixtures to", out)

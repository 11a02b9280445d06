#!/bin/sh
# Writes Tests/ReproAuditTests/Fixtures/signing/: small models signed with model_signing (PyPI
# `model-signing`, methods `key` and `certificate`, offline) and keys/certificates made with openssl,
# plus broken variants. Private keys live only in a temporary folder; only public material is kept.
#   pip install model-signing pyopenssl && Tests/make_signing_fixtures.sh
set -eu
out=$(cd "$(dirname "$0")" && pwd)/ReproAuditTests/Fixtures/signing
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out/trust"

# Keys: ECDSA P-256 (signs the key fixtures), another P-256 key nobody signed with, Ed25519 public key.
openssl ecparam -name prime256v1 -genkey -noout -out "$work/signer.key"
openssl pkey -in "$work/signer.key" -pubout -out "$out/trust/signer.pub.pem"
openssl ecparam -name prime256v1 -genkey -noout -out "$work/other.key"
openssl pkey -in "$work/other.key" -pubout -out "$out/trust/other.pub.pem"

# A CA: root -> intermediate -> leaf with the code-signing usage; an expired leaf; another root.
cat > "$work/ext.cnf" <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectAltName = email:release@example.com
CNF
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/root.key" -subj "/CN=reproaudit test root" \
    -days 7300 -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$out/trust/root.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/other-root.key" -subj "/CN=another root" \
    -days 7300 -addext "basicConstraints=critical,CA:TRUE" -out "$out/trust/other-root.pem"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/int.key" -subj "/CN=reproaudit test intermediate" -out "$work/int.csr"
openssl x509 -req -in "$work/int.csr" -CA "$out/trust/root.pem" -CAkey "$work/root.key" -CAserial "$work/root.srl" -CAcreateserial -days 7000 \
    -extfile "$work/ext.cnf" -extensions ca -out "$work/int.pem"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/leaf.key" -subj "/CN=release signer" -out "$work/leaf.csr"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/int.pem" -CAkey "$work/int.key" -CAserial "$work/int.srl" -CAcreateserial -days 3650 \
    -extfile "$work/ext.cnf" -extensions leaf -out "$work/leaf.pem"
# An expired leaf: `openssl ca` can set dates in the past.
mkdir -p "$work/ca" && : > "$work/ca/index.txt" && echo 1000 > "$work/ca/serial"
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $work/ca
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
CNF
openssl req -new -key "$work/leaf.key" -subj "/CN=expired signer" -out "$work/expired.csr"
openssl ca -batch -config "$work/ca.cnf" -cert "$work/int.pem" -keyfile "$work/int.key" -in "$work/expired.csr" \
    -startdate 20200101000000Z -enddate 20200201000000Z -extfile "$work/ext.cnf" -extensions leaf -notext -out "$work/expired.pem" 2>/dev/null

model() {  # model NAME: two small files
    mkdir -p "$out/$1"
    printf 'weights of %s\n' "$1" > "$out/$1/model.safetensors.bin-not-really"
    printf '{"model_type": "test"}\n' > "$out/$1/config.json"
}
model key-p256
python3 -m model_signing sign key --private_key "$work/signer.key" --signature "$out/key-p256/model.sig" "$out/key-p256" >/dev/null
model certificate
python3 -m model_signing sign certificate --private_key "$work/leaf.key" --signing_certificate "$work/leaf.pem" \
    --certificate_chain "$work/int.pem" --signature "$out/certificate/model.sig" "$out/certificate" >/dev/null
model certificate-expired
python3 -m model_signing sign certificate --private_key "$work/leaf.key" --signing_certificate "$work/expired.pem" \
    --certificate_chain "$work/int.pem" --signature "$out/certificate-expired/model.sig" "$out/certificate-expired" >/dev/null

# Shards (BLAKE2b, 8-byte shards) and BLAKE2b files, through the library API.
model shards-blake2
model files-blake2
python3 - "$work/signer.key" "$out" <<'PY'
import pathlib, sys
from model_signing import hashing, signing
key, out = sys.argv[1], pathlib.Path(sys.argv[2])
for name, config in [("shards-blake2", hashing.Config().use_shard_serialization(hashing_algorithm="blake2", shard_size=8)),
                     ("files-blake2", hashing.Config().use_file_serialization(hashing_algorithm="blake2"))]:
    config.set_ignored_paths(paths=["model.sig"])
    signing.Config().use_elliptic_key_signer(private_key=key).set_hashing_config(config).sign(out / name, out / name / "model.sig")
PY

# Broken variants of key-p256: each a copy with one thing wrong.
variant() { cp -r "$out/key-p256" "$out/$1"; }
variant tampered-file && printf 'X' | dd of="$out/tampered-file/config.json" bs=1 seek=3 conv=notrunc 2>/dev/null
variant missing-file && rm "$out/missing-file/config.json"
variant added-file && printf 'not signed\n' > "$out/added-file/extra.txt"
variant bad-signature && python3 - "$out/bad-signature/model.sig" <<'PY'
import base64, json, sys
bundle = json.load(open(sys.argv[1]))
sig = bytearray(base64.b64decode(bundle["dsseEnvelope"]["signatures"][0]["sig"]))
sig[-5] ^= 1
bundle["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
json.dump(bundle, open(sys.argv[1], "w"))
PY
variant edited-manifest && python3 - "$out/edited-manifest/model.sig" <<'PY'
import base64, hashlib, json, sys
# The manifest edited consistently (root digest recomputed) but not re-signed.
bundle = json.load(open(sys.argv[1]))
statement = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))
resource = statement["predicate"]["resources"][0]
resource["digest"] = hashlib.sha256(b"something else").hexdigest()
root = hashlib.sha256(b"".join(bytes.fromhex(r["digest"]) for r in statement["predicate"]["resources"])).hexdigest()
statement["subject"][0]["digest"]["sha256"] = root
bundle["dsseEnvelope"]["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
json.dump(bundle, open(sys.argv[1], "w"))
PY
# Flipped byte in a shard.
cp -r "$out/shards-blake2" "$out/shards-tampered" && printf 'Z' | dd of="$out/shards-tampered/model.safetensors.bin-not-really" bs=1 seek=9 conv=notrunc 2>/dev/null
echo "wrote $out"

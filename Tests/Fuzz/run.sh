#!/bin/sh
# Builds and runs one libFuzzer target: Tests/Fuzz/run.sh PARSER SECONDS
# PARSER is one of: safetensors gguf pickle zip numpy onnx hdf5 tar.
# The target is compiled with the ReproAudit sources (minus nothing: they are all pure Swift plus the
# CZlib/CLibCrypto system modules) under -sanitize=fuzzer,address. New inputs go to
# fuzz-out/PARSER (ignored by git); the committed seeds in
# Tests/ReproAuditTests/Fixtures/fuzz-corpus/PARSER are read but not written.
set -eu
parser=${1:?usage: run.sh PARSER SECONDS}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/fuzz-out/$parser"
mkdir -p "$out/corpus" "$out/artifacts"
binary="$out/fuzz-$parser"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name ReproAuditFuzz \
    -I "$root/Sources/CZlib" -I "$root/Sources/CLibCrypto" -lz -lcrypto \
    $(find "$root/Sources/ReproAudit" -name '*.swift' | sort) \
    "$root/Tests/Fuzz/$parser.swift" -o "$binary"
exec "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -artifact_prefix="$out/artifacts/" "$out/corpus" "$root/Tests/ReproAuditTests/Fixtures/fuzz-corpus/$parser"

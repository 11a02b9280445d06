#!/bin/sh
# Fuzzes reproaudit's parsers with libFuzzer (coverage-guided, with AddressSanitizer).
#
#   Tests/Fuzz/run.sh TARGET [SECONDS]    one target, SECONDS (default 60) of fuzzing
#   Tests/Fuzz/run.sh all [SECONDS]       every target in turn: the smoke run before a release
#
# TARGET is one of: safetensors gguf pickle zip numpy onnx hdf5 json sigstore yaml tar control (see FuzzEntry.swift). Each input
# may take 10 seconds, a yaml input 2: the model card reader must stay linear.
# The ReproAudit sources and every target are compiled once into fuzz-out/reproaudit-fuzz with
# -sanitize=fuzzer,address (several minutes; rebuilt only when a source changed). New inputs go to
# fuzz-out/TARGET/corpus, crashes to fuzz-out/TARGET/artifacts (fuzz-out is ignored by git); the
# committed seeds in Tests/ReproAuditTests/Fixtures/fuzz-corpus/TARGET are read, never written
# (`swift test` replays them). A crash: add the artifact to the seeds, fix, and `swift test`.
set -eu
target=${1:?usage: run.sh TARGET|all [SECONDS]}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
targets="safetensors gguf pickle zip numpy onnx hdf5 json sigstore yaml tar control"
out="$root/fuzz-out"
binary="$out/reproaudit-fuzz"
mkdir -p "$out"

# The daemon's request parser is compiled into the same module: its `import ReproAudit` is dropped
# from a copy (the library's sources are compiled alongside, not imported).
daemon_sources="ControlRequest.swift"
mkdir -p "$out/daemon-sources"
for name in $daemon_sources; do
    sed '/^import ReproAudit$/d' "$root/Sources/ReproAuditDaemon/$name" > "$out/daemon-sources/$name.tmp"
    cmp -s "$out/daemon-sources/$name.tmp" "$out/daemon-sources/$name" || mv "$out/daemon-sources/$name.tmp" "$out/daemon-sources/$name"
    rm -f "$out/daemon-sources/$name.tmp"
done
sources=$(find "$root/Sources/ReproAudit" "$root/Tests/Fuzz" "$out/daemon-sources" -name '*.swift' | sort)
if [ ! -x "$binary" ] || [ -n "$(find "$root/Sources/ReproAudit" "$root/Sources/ReproAuditDaemon" "$root/Tests/Fuzz" -newer "$binary" -name '*.swift' | head -1)" ]; then
    echo "run.sh: building $binary (several minutes)" >&2
    # shellcheck disable=SC2086
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
        -module-name ReproAuditFuzz \
        -I "$root/Sources/CZlib" -I "$root/Sources/CLibCrypto" -I "$root/Sources/CLinux" -lz -lcrypto \
        $sources -o "$binary"
fi

fuzz() {
    name=$1
    case " $targets " in *" $name "*) ;; *) echo "run.sh: unknown target $name (one of: $targets)" >&2; return 2 ;; esac
    mkdir -p "$out/$name/corpus" "$out/$name/artifacts"
    seeds="$root/Tests/ReproAuditTests/Fixtures/fuzz-corpus/$name"
    [ -d "$seeds" ] || seeds=""
    timeout=10
    [ "$name" = yaml ] && timeout=2
    echo "run.sh: fuzzing $name for $seconds s" >&2
    # shellcheck disable=SC2086
    REPROAUDIT_FUZZ_TARGET=$name "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout="$timeout" \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/$name/artifacts/" "$out/$name/corpus" $seeds
}

if [ "$target" = all ]; then
    failed=""
    for name in $targets; do fuzz "$name" || failed="$failed $name"; done
    if [ -n "$failed" ]; then echo "run.sh: crashes in:$failed (see fuzz-out/*/artifacts)" >&2; exit 1; fi
    echo "run.sh: every target ran $seconds s without a crash" >&2
else
    fuzz "$target"
fi

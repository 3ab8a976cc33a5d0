#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 60), then reports
# executions, coverage and crashes per target. Not part of CI: run it by hand.
#
#   fuzz/run.sh                 # every target, 60 s each
#   fuzz/run.sh 300 fold tag    # two targets, 5 minutes each
#
# Environment: SANITIZER=address|none (default address), JOBS=N parallel fuzzing processes per
# target (default 1), FUZZ_TOOLCHAIN=nightly|stable to force a toolchain.
#
# New interesting inputs go to fuzz/work/corpus/TARGET (not committed); the committed seeds in
# fuzz/corpus/TARGET are only read. Crashes are saved in fuzz/artifacts/TARGET and fuzzing goes
# on after them. Exit status: 0 no crash, 1 some target crashed, 2 setup failed.
set -uo pipefail

seconds=${1:-60}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2

all_targets=(fold sentences gazetteer jsonl csv tag)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
case $seconds in
'' | *[!0-9]*)
    echo "usage: fuzz/run.sh [SECONDS] [TARGET...]   (targets: ${all_targets[*]})" >&2
    exit 2
    ;;
esac

# cargo-fuzz, from crates.io, when missing.
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked || exit 2
fi

# libFuzzer needs nightly-only rustc flags (-Zsanitizer, -Cpasses=sancov). Use a nightly
# toolchain when rustup has one; otherwise let the stable compiler accept them.
toolchain=${FUZZ_TOOLCHAIN:-}
if [ -z "$toolchain" ]; then
    if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
        toolchain=nightly
    else
        toolchain=stable
    fi
fi
if [ "$toolchain" = nightly ]; then
    fuzz=(cargo +nightly fuzz)
    version=$(rustc +nightly --version)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
    version="$(rustc --version), RUSTC_BOOTSTRAP=1"
fi
sanitizer=${SANITIZER:-address}
jobs=${JOBS:-1}
echo "== toolchain: $toolchain ($version), sanitizer: $sanitizer, $seconds s per target"

# One build for all targets: release with debug assertions (overflow checks on).
build=("${fuzz[@]}" build --release --debug-assertions --sanitizer "$sanitizer")
if ! "${build[@]}"; then
    echo "fuzz build failed" >&2
    exit 2
fi

triple=$(rustc -vV | sed -n 's/^host: //p')
logs="$here/work/logs"
mkdir -p "$logs"
crashed=0
summary=()
for target in "${targets[@]}"; do
    work="$here/work/corpus/$target"
    seeds="$here/corpus/$target"
    artifacts="$here/artifacts/$target"
    mkdir -p "$work" "$seeds" "$artifacts"
    before=$(find "$artifacts" -type f | wc -l)
    log="$logs/$target.log"
    touch "$log.start"
    echo "== $target: fuzzing for $seconds s (log: ${log#"$root"/})"
    # Fork mode keeps going after a crash, so one run finds more than the first bug.
    "${fuzz[@]}" run --release --debug-assertions --sanitizer "$sanitizer" "$target" \
        "$work" "$seeds" -- \
        -max_total_time="$seconds" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1
    status=$?
    after=$(find "$artifacts" -type f | wc -l)
    new=$((after - before))
    # Fork mode's status lines: "#EXECS: cov: N ft: N corp: N exec/s: N oom/timeout/crash: a/b/c ..."
    stats=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)
    execs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<<"$stats")
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$stats")
    eps=$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<<"$stats")
    otc=$(sed -nE 's/.* oom\/timeout\/crash: ([0-9]+\/[0-9]+\/[0-9]+).*/\1/p' <<<"$stats")
    line="$target: ${execs:-?} executions, ${eps:-?} exec/s, coverage ${cov:-?}, oom/timeout/crash ${otc:-?}, new artifacts $new"
    if [ "$status" -ne 0 ] && [ -z "$stats" ]; then
        line="$target: libFuzzer exited with $status before reporting (see ${log#"$root"/})"
        crashed=1
    fi
    crashes=${otc##*/}
    if [ "$new" -gt 0 ] || [ "${crashes:-0}" -gt 0 ]; then
        crashed=1
    fi
    summary+=("$line")
    echo "   $line"
    # Replay the newest artifacts once to show what failed.
    bin="$here/target/$triple/release/$target"
    find "$artifacts" -type f -newer "$log.start" 2>/dev/null | head -3 | while read -r a; do
        echo "     artifact: ${a#"$root"/}"
        "$bin" "$a" 2>&1 | grep -m1 -A2 'panicked at' | sed 's/^/       /'
    done
done

echo
echo "== summary ($seconds s per target, toolchain $toolchain, sanitizer $sanitizer)"
printf '%s\n' "${summary[@]}"
if [ "$crashed" -ne 0 ]; then
    echo
    echo "Crashes are in fuzz/artifacts/TARGET. Reproduce one with"
    echo "  ${fuzz[*]} run TARGET fuzz/artifacts/TARGET/crash-…"
    echo "and minimize it with"
    echo "  ${fuzz[*]} tmin TARGET fuzz/artifacts/TARGET/crash-…"
    echo "then add the minimized input as a test in tests/regressions.rs."
fi
exit "$crashed"

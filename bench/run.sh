#!/usr/bin/env bash
# Benchmark comention against FlashText, spaCy's PhraseMatcher and a bare aho-corasick DFA scan;
# writes bench/REPORT.md.
#
#   bash bench/run.sh             # the full benchmark (5 to 20 minutes on 2 cores, by machine)
#   bash bench/run.sh --quick     # small corpora, one run each: a few minutes
#   options: --keep-data (keep the large generated corpora), --no-criterion, --report PATH
#
# Needs: Rust (cargo), Python 3.9+ with venv, GNU time at /usr/bin/time; perf for the profile
# (optional). Uses ../shared/data (BBC News, PETRARCH) when present, else generated text.
# Generated data, the virtual environment and raw results go to bench/data/ (git-ignored) or
# $BENCH_DATA.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${BENCH_DATA:-bench/data}
mkdir -p "$DATA"
export BENCH_DATA=$(cd "$DATA" && pwd)

if [ ! -x /usr/bin/time ]; then
    echo "bench: needs GNU time at /usr/bin/time (Debian/Ubuntu: apt-get install time)" >&2
    exit 1
fi

VENV=${BENCH_VENV:-$BENCH_DATA/venv}
if [ ! -x "$VENV/bin/python" ]; then
    echo "bench: creating a virtual environment in $VENV" >&2
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import flashtext, spacy' 2>/dev/null \
    || ! cmp -s bench/requirements.txt "$VENV/.requirements"; then
    echo "bench: installing bench/requirements.txt (flashtext, spaCy)" >&2
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt
    cp bench/requirements.txt "$VENV/.requirements"
fi

echo "bench: building comention and examples/bare_scan.rs (release)" >&2
cargo build --release --quiet --bins --example bare_scan

BENCH_PYTHON="$VENV/bin/python" exec "$VENV/bin/python" bench/bench.py "$@"

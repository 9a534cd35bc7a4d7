#!/usr/bin/env bash
# Compare copydesk's clustering stage with datasketch, rensa and gaoya on generated corpora.
#
#   bench/compare.sh                       # 20k English + 20k Arabic articles
#   EN=100000 AR=100000 bench/compare.sh   # larger corpora
#   bench/compare.sh --full-scan           # also time the whole scan pipeline
#
# Makes bench/.venv, installs the peers from PyPI (a peer that fails to install is reported as
# unavailable), builds copydesk in release mode, then runs bench/compare.py. Extra arguments go
# to compare.py (see `bench/.venv/bin/python bench/compare.py compare --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
    echo "compare.sh: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install -q --upgrade pip >/dev/null 2>&1 || true
for peer in datasketch rensa gaoya; do
    bench/.venv/bin/pip install -q "$peer" >/dev/null 2>&1 \
        || echo "compare.sh: could not install $peer; it will be reported as unavailable" >&2
done

# `AR` is also the archiver the C parts of the build use (cc-rs): a number there is this script's
# article count, and is not passed on (AR=100000 would otherwise fail the build).
en_n="${EN:-20000}"
ar_n=20000
case "${AR:-}" in
    '') ;;
    *[!0-9]*) ;;
    *) ar_n="$AR"; unset AR ;;
esac

cargo build --release --quiet --bin copydesk --bin copydesk-gen

exec bench/.venv/bin/python bench/compare.py compare \
    --en "$en_n" --ar "$ar_n" --seed "${SEED:-1}" "$@"

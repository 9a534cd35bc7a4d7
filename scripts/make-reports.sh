#!/usr/bin/env bash
# Regenerate the example reports: reports/<batch>.json and reports/<batch>.html for every batch
# folder in data/. The test `checked_in_reports_are_fresh` fails when they are stale.
#
#   scripts/make-reports.sh            # writes reports/ (builds copydesk first)
#   scripts/make-reports.sh OUTDIR     # writes elsewhere (the freshness test uses a temp dir)
#
# COPYDESK=/path/to/copydesk skips the build. Paths are relative to the repository root, so the
# reports contain no absolute path and are byte-identical on every machine.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-reports}"
if [ -z "${COPYDESK:-}" ]; then
  cargo build --quiet --locked --bin copydesk
  COPYDESK="${CARGO_TARGET_DIR:-target}/debug/copydesk"
fi
mkdir -p "$out"
for dir in data/*/; do
  batch="$(basename "$dir")"
  status=0
  "$COPYDESK" scan "data/$batch" --json "$out/$batch.json" --html "$out/$batch.html" --quiet || status=$?
  # 1 means "findings at or above --fail-on": the reports were still written.
  if [ "$status" -gt 1 ]; then
    echo "make-reports: copydesk failed on data/$batch (exit $status)" >&2
    exit "$status"
  fi
done

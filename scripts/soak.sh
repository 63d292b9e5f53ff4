#!/bin/sh
# make soak: the bundled suite, run COUNT times (default 100) while a load generator keeps every
# core busy; resolvlab reports every outcome that differs from a scenario's first run.
#   COUNT  suite runs (default 100)    JOBS  --jobs (default: number of cores)
#   SCENARIOS  files or directories to soak (default: scenarios), e.g. just the seed scenario
set -eu
binary=${1:-.build/release/resolvlab}
count=${COUNT:-100}
cores=$(nproc)
jobs=${JOBS:-$cores}
scenarios=${SCENARIOS:-scenarios}
# The helpers scenarios run (make tools), so the musl scenarios run instead of skipping.
PATH="$(pwd)/.build/tools:$PATH"
export PATH

# One busy loop per core: plain sh, so the soak needs nothing installed.
load_pids=""
i=0
while [ $i -lt "$cores" ]; do
    sh -c 'while :; do :; done' &
    load_pids="$load_pids $!"
    i=$((i + 1))
done
trap 'kill $load_pids 2>/dev/null' EXIT INT TERM

echo "soak: $count runs of $scenarios with --jobs $jobs while $cores busy loops load every core"
start=$(date +%s)
status=0
# shellcheck disable=SC2086
"$binary" run --quiet --jobs "$jobs" --repeat "$count" $scenarios || status=$?
echo "soak: $(( $(date +%s) - start )) s, exit code $status"
exit $status

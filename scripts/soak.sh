#!/bin/sh
# make soak: scenarios run again and again while a busy loop keeps every core loaded; resolvlab
# reports every outcome that differs from a scenario's first run and each scenario's figures.
#   COUNT      runs of each (default 100)         JOBS  --jobs (default: number of cores)
#   SOAK       load, suite or all (default all):
#     load   the three scale scenarios (scripts/generate-load-scenarios.py): 10,000 UDP lookups,
#            2,000 TCP lookups with 64 KiB answers, 3,000 lookups from 6 threads at once.
#            Target: every run PASS, 0 capture-loss errors, memory stated.
#     suite  SCENARIOS (default: the bundled scenarios), COUNT times over.
set -eu
binary=${1:-.build/release/resolvlab}
count=${COUNT:-100}
cores=$(nproc)
jobs=${JOBS:-$cores}
scenarios=${SCENARIOS:-scenarios}
soak=${SOAK:-all}
here=$(cd "$(dirname "$0")" && pwd)
# The helpers scenarios run (make tools): resolvlab-load, and musl's getaddrinfo.
PATH="$(pwd)/.build/tools:$PATH"
export PATH
work=$(mktemp -d)

# One busy loop per core: plain sh, so the soak needs nothing installed.
load_pids=""
i=0
while [ $i -lt "$cores" ]; do
    sh -c 'while :; do :; done' &
    load_pids="$load_pids $!"
    i=$((i + 1))
done
trap 'kill $load_pids 2>/dev/null; rm -rf "$work"' EXIT INT TERM

status=0
# soak_run LABEL FILES...: COUNT runs under --repeat; the figures, then resolvlab's own peak memory.
soak_run() {
    label=$1
    shift
    echo "== $label: $count runs, --jobs $jobs, $cores busy loops loading every core"
    run_status=0
    "$here/measure.py" "$work/measure" "$binary" run --quiet --jobs "$jobs" --repeat "$count" "$@" || run_status=$?
    read -r wall_ms peak_kib < "$work/measure"
    echo "   wall $(awk -v m="$wall_ms" 'BEGIN { printf "%.1f", m / 1000 }') s, resolvlab itself peak memory $(awk -v k="$peak_kib" 'BEGIN { printf "%.1f", k / 1024 }') MiB, exit code $run_status"
    [ "$run_status" -eq 0 ] || status=$run_status
}

if [ "$soak" = all ] || [ "$soak" = load ]; then
    "$here/generate-load-scenarios.py" "$work/load"
    echo "targets: every run PASS, 0 capture-loss errors; the sandbox's peak memory is stated per scenario"
    soak_run "10,000 UDP queries" "$work/load/udp-10000-lookups.json"
    soak_run "2,000 TCP lookups with 64 KiB answers" "$work/load/tcp-2000-queries.json"
    soak_run "3,000 concurrent lookups from 6 threads" "$work/load/concurrent-3000-lookups.json"
fi
if [ "$soak" = all ] || [ "$soak" = suite ]; then
    # shellcheck disable=SC2086
    soak_run "suite $scenarios" $scenarios
fi
exit $status

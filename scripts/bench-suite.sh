#!/bin/sh
# The suite part of make bench: 100 scenarios generated from the bundled ones that do not wait on
# resolver timeouts (each copy resolves different names), run with --jobs 1 and --jobs 2.
# Prints wall time and the median time per scenario (from the JSON report).
set -eu
binary=${1:-.build/release/resolvlab}
total=${SUITE_SIZE:-100}
work=$(mktemp -d)
reports=$(mktemp -d)
trap 'rm -rf "$work" "$reports"' EXIT

# Fast scenarios only: no silent servers, no delays, no minimum durations.
fast=""
for file in scenarios/glibc/*.json; do
    if ! grep -q -e '"silent"' -e '"delayMs"' -e '"minMs"' "$file"; then fast="$fast $file"; fi
done
n=0
while [ $n -lt "$total" ]; do
    for file in $fast; do
        [ $n -ge "$total" ] && break
        # A variation: every name under example and cluster.local gets a per-copy label, in
        # records, rules, search lists and expectations alike.
        sed -e "s/\.example/.v$n.example/g" -e "s/cluster\.local/c$n.cluster.local/g" -e 's#"\$schema": "[^"]*",##' \
            "$file" > "$work/$(printf '%03d' $n)-$(basename "$file")"
        n=$((n + 1))
    done
done

median_ms() {
    /usr/bin/python3 -c 'import json,sys,statistics; r=json.load(open(sys.argv[1]))["scenarios"]; print("%.1f" % statistics.median(s["durationMs"] for s in r))' "$1"
}
for jobs in 1 2; do
    start=$(date +%s%N)
    "$binary" run --quiet --jobs $jobs --report json="$reports/report-$jobs.json" "$work" > "$reports/out-$jobs.txt" || true
    end=$(date +%s%N)
    summary=$(tail -n 1 "$reports/out-$jobs.txt")
    echo "suite of $n scenarios, --jobs $jobs: $(( (end - start) / 1000000 )) ms wall, median $(median_ms "$reports/report-$jobs.json") ms per scenario ($summary)"
    grep -E "^(FAIL|ERROR)" "$reports/out-$jobs.txt" || true
done

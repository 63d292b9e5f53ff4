#!/bin/sh
# make bench: the median wall time of one scenario run, ResolvLab versus the equivalent shell
# pipeline (bench/shell-baseline.sh), and their ratio.
#   RUNS (default 200): ResolvLab runs of the seed scenario, each a separate `resolvlab run`.
#   BASELINE_RUNS (default 10): shell pipeline runs (each takes over 1.5 s because of its sleeps).
set -eu
binary=${1:-.build/release/resolvlab}
runs=${RUNS:-200}
baseline_runs=${BASELINE_RUNS:-10}
seed=scenarios/glibc/kubernetes-ndots5-search-walk.json

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "ResolvLab: $runs runs of $seed (one 'resolvlab run' process each, release build)"
samples=$(mktemp)
failures=0
i=0
while [ $i -lt "$runs" ]; do
    start=$(now_ns)
    if ! "$binary" run -q "$seed" > /dev/null; then failures=$((failures + 1)); fi
    end=$(now_ns)
    echo $(( (end - start) / 1000 )) >> "$samples"
    i=$((i + 1))
done
resolvlab_us=$(median < "$samples")
p90_us=$(sort -n "$samples" | awk -v n="$runs" 'NR == int(n * 0.9) { print }')
rm -f "$samples"
echo "  median $(awk -v u="$resolvlab_us" 'BEGIN { printf "%.1f", u / 1000 }') ms, p90 $(awk -v u="$p90_us" 'BEGIN { printf "%.1f", u / 1000 }') ms, $failures of $runs not passing"

if ! command -v tcpdump > /dev/null || ! command -v python3 > /dev/null || ! command -v ip > /dev/null; then
    echo "shell baseline skipped: it needs tcpdump, python3 and ip (iproute2)"
    exit 0
fi
echo "Shell pipeline: $baseline_runs runs of bench/shell-baseline.sh (unshare + ip + tcpdump + responder + getent + sleeps)"
samples=$(mktemp)
i=0
while [ $i -lt "$baseline_runs" ]; do
    start=$(now_ns)
    seen=$(bench/shell-baseline.sh)
    end=$(now_ns)
    echo $(( (end - start) / 1000 )) >> "$samples"
    [ "$seen" = 8 ] || echo "  run $i: tcpdump saw $seen of 8 queries"
    i=$((i + 1))
done
shell_us=$(median < "$samples")
rm -f "$samples"
echo "  median $(awk -v u="$shell_us" 'BEGIN { printf "%.1f", u / 1000 }') ms"
awk -v r="$resolvlab_us" -v s="$shell_us" 'BEGIN { printf "ratio: the shell pipeline takes %.1fx as long as resolvlab\n", s / r }'

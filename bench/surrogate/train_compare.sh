#!/usr/bin/env bash
# DL4J (TrainingWindows) against PyTorch (torch_mlp.py) on the same 64-256-256-1 epoch, in
# alternating rounds, both with OMP_NUM_THREADS threads and passive OpenMP waiters; prints each
# round's lines and, at the end, the median of the rounds' medians and their ratio per batch size.
#   bench/surrogate/train_compare.sh [rounds] [warm-up s] [windows]
# Needs the bench classes and /tmp/bench-cp.txt (bench/README.md, "Surrogates").
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3} warmup=${2:-30} windows=${3:-8}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
cp="bench/target/classes:$(cat /tmp/bench-cp.txt)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for r in $(seq "$rounds"); do
  java -Xmx2g -Dorg.bytedeco.javacpp.maxphysicalbytes=0 -cp "$cp" io.kakehashi.bench.surrogate.TrainingWindows \
      "$warmup" "$windows" 2>/dev/null | grep '^train' | sed "s/^/round $r dl4j  /" | tee -a "$log"
  /usr/bin/python3 bench/surrogate/torch_mlp.py 5 "$windows" | grep '^train' | sed "s/^/round $r torch /" | tee -a "$log"
done
for batch in 64 256; do
  med() { grep " $1 .*batch=$batch " "$log" | sed 's/.*median \([0-9]*\).*/\1/' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  d=$(med dl4j) t=$(med torch)
  echo "batch $batch: DL4J median of medians $d, PyTorch $t samples/s, ratio $(awk -v d="$d" -v t="$t" 'BEGIN {printf "%.2f", d / t}')x"
done

#!/usr/bin/env bash
# Two LAMMPS batches at once on a 2-core machine, three ways, in alternating rounds:
#   mpirun   - two independent `mpirun -np 1` as the local executor launched them before placement
#              (Open MPI binds rank 0 of each to core 0)
#   placed   - as the local executor launches them now: `taskset -c <own core> mpirun --bind-to none -np 1`
#   by-hand  - two plain `lmp`, the user's alternative
# Prints the wall time of each pair (min / median / max over the rounds).
# Usage: bench/lammps/placement.sh BATCH_INPUT [ROUNDS]
set -euo pipefail
input=$(readlink -f "$1")
rounds=${2:-5}
root=()
[ "$(id -u)" = 0 ] && root=(--allow-run-as-root)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1

pair() { # mode -> wall seconds of two concurrent runs
  local mode=$1 t0 t1
  mkdir -p "$work/a" "$work/b"
  t0=$(date +%s.%N)
  for i in 0 1; do
    local dir=$work/$([ $i = 0 ] && echo a || echo b)
    case $mode in
      mpirun) (cd "$dir" && mpirun --oversubscribe "${root[@]}" -np 1 lmp -in "$input" -log none -screen none) & ;;
      placed) (cd "$dir" && taskset -c $i mpirun --oversubscribe --bind-to none "${root[@]}" -np 1 lmp -in "$input" -log none -screen none) & ;;
      by-hand) (cd "$dir" && lmp -in "$input" -log none -screen none) & ;;
    esac
  done
  wait
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}'
}

declare -A times
for r in $(seq 1 "$rounds"); do
  for mode in mpirun placed by-hand; do times[$mode]+="$(pair $mode) "; done
done
printf '%-8s %8s %8s %8s  (wall s of two concurrent batches, %s rounds)\n' mode min median max "$rounds"
for mode in mpirun placed by-hand; do
  echo ${times[$mode]} | tr ' ' '\n' | sort -g | awk -v m=$mode '{v[NR]=$1} END {printf "%-8s %8.2f %8.2f %8.2f\n", m, v[1], v[int((NR+1)/2)], v[NR]}'
done

#!/usr/bin/env bash
# The whole test suite: unit and integration tests against real LAMMPS, MPI, HDF5, Spark and Slurm.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
export OMP_NUM_THREADS=1

# The Slurm tests start local clusters (scripts/slurm-local.sh) and reuse them across test
# classes; stop whatever they started once the suite is over, pass or fail.
stop_clusters() {
  for v in 22.05 24.11 26.05; do
    if [ -d ".kakehashi/slurm-$v" ]; then bash scripts/slurm-local.sh stop --version "$v" >/dev/null 2>&1 || true; fi
  done
  # Spark clusters of test JVMs (LocalSpark) stop when their test plan ends; these are left only
  # by a JVM that was killed.
  for d in */target/spark-local/state; do
    if [ -d "$d" ]; then KAKEHASHI_SPARK_DIR="$d" bash scripts/spark-local.sh stop >/dev/null 2>&1 || true; fi
  done
}
trap stop_clusters EXIT

mvn -B install -Dsurefire.printSummary=true "$@"

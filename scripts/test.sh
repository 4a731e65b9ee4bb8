#!/usr/bin/env bash
# The whole test suite: unit and integration tests against real LAMMPS, MPI, HDF5, Spark and Slurm.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
export OMP_NUM_THREADS=1
mvn -B install -Dsurefire.printSummary=true "$@"

# Sourced by the MPI CLI tests (args: MPIEXEC WATTFLEET SCENARIO): sets mpiexec,
# wattfleet, scenario, a temporary folder $out removed on exit, and OpenMPI's settings.
mpiexec=$1 wattfleet=$2 scenario=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# CI runs as root; OpenMPI refuses that unless told it is meant.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# OpenMPI keeps allocations past MPI_Finalize by design: not ours to report (ASan build).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

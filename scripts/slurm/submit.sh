#!/usr/bin/env bash
# Submits a sharded `armistice run` to Slurm: a job array of SHARDS shard tasks, then a merge job
# that starts only when every shard succeeded (--dependency=afterok). Prints both job ids.
#
#   scripts/slurm/submit.sh SCENARIO RUNS SHARDS OUTROOT [SEED]
#
#   SCENARIO  embedded scenario name (korea_1951, ...) or scenario file; a relative file path is
#             resolved from the current directory, which becomes the jobs' working directory
#   RUNS      total runs;  SHARDS  number of array tasks;  OUTROOT  output directory (on a file
#             system the compute nodes share); SEED  master seed (default: the scenario's)
#
# Results: OUTROOT/merged/{runs.csv,summary.json} (byte-identical to the single-process
# `armistice run SCENARIO --runs RUNS --seed SEED`), shard outputs in OUTROOT/shard-K, job logs in
# OUTROOT/logs/.
#
# Environment (all optional):
#   ARMISTICE          the binary the jobs run; must be reachable at the same path on the compute
#                      nodes (default: target/release/armistice if present, else `armistice` on PATH)
#   RUN_ARGS           extra `armistice run` flags for every shard, e.g. "--no-runs-csv"
#   SBATCH_ARGS        extra sbatch flags for both jobs, e.g. "--partition=short --account=proj42"
#   ARRAY_SBATCH_ARGS  extra sbatch flags for the array only, e.g. "--cpus-per-task=4 --mem=2G" or
#                      a throttle via ARRAY_THROTTLE
#   ARRAY_THROTTLE     at most this many shards at once (--array=0-(SHARDS-1)%ARRAY_THROTTLE)
#   MERGE_SBATCH_ARGS  extra sbatch flags for the merge only
#
# Output (stdout): two lines, `ARRAY_JOB=<id>` and `MERGE_JOB=<id>`; details go to stderr.
# Exit codes: 0 submitted, 1 sbatch failed, 2 usage error.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() {
    echo "usage: $(basename "$0") SCENARIO RUNS SHARDS OUTROOT [SEED]" >&2
    echo "  e.g. $(basename "$0") korea_1951 1000000 16 /scratch/\$USER/korea-1M 1" >&2
    exit 2
}
die() { echo "submit.sh: error: $*" >&2; exit "${2:-2}"; }

[[ $# -eq 4 || $# -eq 5 ]] || usage
SCENARIO=$1 RUNS=$2 SHARDS=$3 OUTROOT=$4 SEED=${5:-}

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ $SHARDS =~ ^[1-9][0-9]*$ ]] || die "SHARDS must be a positive integer, got '$SHARDS'"
[[ -z $SEED || $SEED =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer, got '$SEED'"
# armistice shards whole blocks of 1024 runs: more shards than blocks leaves some shards empty.
blocks=$(( (RUNS + 1023) / 1024 ))
if (( SHARDS > blocks )); then
    die "SHARDS=$SHARDS is more than the $blocks block(s) of 1024 runs in RUNS=$RUNS; use at most $blocks shards"
fi
command -v sbatch >/dev/null 2>&1 || die "sbatch not found: run this on a Slurm login node (module load slurm?)" 1

if [[ -z ${ARMISTICE:-} ]]; then
    if [[ -x target/release/armistice ]]; then ARMISTICE=target/release/armistice; else ARMISTICE=armistice; fi
fi
if [[ $ARMISTICE == */* ]]; then
    [[ -x $ARMISTICE && -f $ARMISTICE ]] || die "ARMISTICE=$ARMISTICE is not an executable file"
    ARMISTICE=$(cd "$(dirname "$ARMISTICE")" && pwd)/$(basename "$ARMISTICE")
else
    resolved=$(command -v "$ARMISTICE" 2>/dev/null) || die "armistice binary '$ARMISTICE' not on PATH; set ARMISTICE=/path/to/armistice"
    ARMISTICE=$resolved
fi
if [[ $SCENARIO == */* || $SCENARIO == *.toml ]]; then
    [[ -f $SCENARIO ]] || die "scenario file '$SCENARIO' not found (from $PWD)"
fi

mkdir -p "$OUTROOT/logs"
OUTROOT=$(cd "$OUTROOT" && pwd)
RUN_ARGS=${RUN_ARGS:-}
export SCENARIO RUNS SHARDS OUTROOT SEED ARMISTICE RUN_ARGS

read -r -a common <<<"${SBATCH_ARGS:-}"
read -r -a array_extra <<<"${ARRAY_SBATCH_ARGS:-}"
read -r -a merge_extra <<<"${MERGE_SBATCH_ARGS:-}"
range=0-$((SHARDS - 1))
[[ -n ${ARRAY_THROTTLE:-} ]] && range+="%$ARRAY_THROTTLE"

# --export=ALL: the variables above travel in the job environment (no comma-splitting issues).
sub=$(sbatch --parsable --export=ALL --chdir="$PWD" \
    --array="$range" --output="$OUTROOT/logs/shard-%a.out" \
    ${common[@]+"${common[@]}"} ${array_extra[@]+"${array_extra[@]}"} \
    "$here/array.sbatch") || die "sbatch of the shard array failed" 1
array_job=${sub%%;*}
[[ $array_job =~ ^[0-9]+$ ]] || die "unexpected sbatch output: '$sub'" 1

sub=$(sbatch --parsable --export=ALL --chdir="$PWD" \
    --dependency="afterok:$array_job" --output="$OUTROOT/logs/merge.out" \
    ${common[@]+"${common[@]}"} ${merge_extra[@]+"${merge_extra[@]}"} \
    "$here/merge.sbatch") || {
    echo "submit.sh: the array is queued as job $array_job, but submitting the merge failed; once the array is done, run:" >&2
    echo "  SHARDS=$SHARDS OUTROOT=$OUTROOT ARMISTICE=$ARMISTICE sbatch --dependency=afterok:$array_job $here/merge.sbatch" >&2
    exit 1
}
merge_job=${sub%%;*}

echo "submit.sh: $SCENARIO, $RUNS runs${SEED:+, seed $SEED}, $SHARDS shards -> $OUTROOT" >&2
echo "submit.sh: shard array job $array_job (tasks $range), merge job $merge_job (afterok:$array_job)" >&2
echo "submit.sh: result will be in $OUTROOT/merged; watch with: squeue -j $array_job,$merge_job" >&2
echo "ARRAY_JOB=$array_job"
echo "MERGE_JOB=$merge_job"

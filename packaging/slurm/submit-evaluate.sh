#!/bin/bash
# Sharded evaluation on SLURM: an array job of SHARDS evaluate tasks, then the merge job, which
# starts only when every task has succeeded.
#
#   packaging/slurm/submit-evaluate.sh DATA OUT [SHARDS] [-- more sbatch options]
#
# e.g. submit-evaluate.sh /data/echonet /scratch/eval 16 -- --partition=cpu --account=echo
# EVALUATE_ARGS and LATENTECHO in the environment are passed on to the jobs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:?usage: submit-evaluate.sh DATA OUT [SHARDS] [-- sbatch options]}
out=${2:?usage: submit-evaluate.sh DATA OUT [SHARDS] [-- sbatch options]}
shards=${3:-8}
shift $(($# < 3 ? $# : 3))
[ "${1:-}" = "--" ] && shift
data=$(realpath "$data")
mkdir -p "$out"
out=$(realpath "$out")
export DATA=$data OUT=$out
array=$(sbatch --parsable --array=0-$((shards - 1)) --export=ALL --chdir="$out" "$@" \
  "$here/evaluate-array.sbatch")
array=${array%%;*}  # --parsable prints JOBID[;CLUSTER]
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL \
  --chdir="$out" "$@" "$here/evaluate-merge.sbatch")
merge=${merge%%;*}
echo "array job $array ($shards shards of $data), merge job $merge -> $out/merged"

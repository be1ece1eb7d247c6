#!/usr/bin/env bash
# End-to-end smoke test of the Slurm scripts on a real, single-node, throwaway Slurm cluster.
#
#   bash scripts/slurm/smoke.sh            (from the repository root, as root, on Debian 12)
#
# What it does:
#   1. installs Debian's slurm-wlm and munge if they are missing (apt-get; daemons are kept from
#      auto-starting during the install);
#   2. in a private temp dir: makes a munge key, starts munged on a private socket, writes a minimal
#      slurm.conf (one node `localhost` = 127.0.0.1 with this machine's CPUs and memory, partition
#      `debug`, no accounting, no cgroups), points SLURM_CONF at it and starts slurmctld and slurmd;
#   3. runs scripts/slurm/submit.sh (shard array + afterok merge), waits for both jobs;
#   4. runs the same workload single-process and compares runs.csv and summary.json byte for byte;
#   5. prints PASS or FAIL, stops every daemon it started and removes the temp dir.
# It builds nothing: build the binary first (cargo build --release).
#
# Environment (all optional):
#   ARMISTICE      binary to test                       default: target/release/armistice
#   SCENARIO       scenario name or file                default: korea_1951
#   RUNS           total runs                           default: 20000
#   SHARDS         array tasks                          default: 4
#   SEED           master seed                          default: 1
#   RUN_ARGS       extra `armistice run` flags for shards and the single run, e.g. --no-runs-csv
#   SMOKE_TIMEOUT  seconds to wait for the jobs         default: 600
#   SMOKE_PORT     slurmctld port (slurmd uses +1)      default: 16817
#   SMOKE_KEEP=1   keep the temp dir (configs, logs, outputs) for inspection
# Exit codes: 0 PASS, 1 FAIL, 2 cannot run here (not root, no apt-get, no binary).

set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
t0=$(date +%s)
say() { echo "smoke [$(( $(date +%s) - t0 ))s]: $*"; }
die() { echo "smoke: error: $*" >&2; echo "FAIL"; exit "${2:-1}"; }

ARMISTICE=${ARMISTICE:-target/release/armistice}
SCENARIO=${SCENARIO:-korea_1951}
RUNS=${RUNS:-20000}
SHARDS=${SHARDS:-4}
SEED=${SEED:-1}
RUN_ARGS=${RUN_ARGS:-}
SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-600}
SMOKE_PORT=${SMOKE_PORT:-16817}

[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and runs slurmd)" 2
command -v apt-get >/dev/null || die "needs a Debian-like system with apt-get" 2
[[ -x $ARMISTICE && -f $ARMISTICE ]] || die "no executable at ARMISTICE=$ARMISTICE (cargo build --release first?)" 2
ARMISTICE=$(cd "$(dirname "$ARMISTICE")" && pwd)/$(basename "$ARMISTICE")

# ---- teardown: everything this script started, by pid --------------------------------------------
T=
policy_rc_created=
cleanup() {
    local rc=$?
    set +e
    if [[ -n $policy_rc_created ]]; then rm -f /usr/sbin/policy-rc.d; fi
    if [[ -n $T && -d $T ]]; then
        if [[ -f $T/etc/slurm.conf ]] && [[ -f $T/run/slurmctld.pid ]]; then
            # no job of this throwaway cluster may outlive it
            scancel --quiet --user=root >/dev/null 2>&1
            for _ in $(seq 1 20); do
                [[ -z $(squeue -h -o %i 2>/dev/null) ]] && break
                sleep 0.5
            done
        fi
        local f pid
        for f in slurmd slurmctld munged; do
            [[ -f $T/run/$f.pid ]] || continue
            pid=$(cat "$T/run/$f.pid" 2>/dev/null)
            [[ $pid =~ ^[0-9]+$ ]] || continue
            kill "$pid" 2>/dev/null || continue
            for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
        done
        if [[ $rc -ne 0 ]]; then
            for f in "$T"/log/*.log "$T"/out/logs/*.out; do
                [[ -f $f ]] || continue
                echo "----- tail of $f"
                tail -n 25 "$f"
            done
        fi
        if [[ ${SMOKE_KEEP:-} == 1 ]]; then echo "smoke: kept $T"; else rm -rf "$T"; fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. packages ---------------------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }
if installed slurm-wlm && installed munge; then
    say "slurm-wlm and munge already installed"
else
    say "installing slurm-wlm and munge (apt-get)"
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        # keep the packages' init scripts from starting system-wide daemons
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy_rc_created=1
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
    if [[ -n $policy_rc_created ]]; then rm -f /usr/sbin/policy-rc.d; policy_rc_created=; fi
    say "installed $(dpkg-query -W -f='slurm-wlm ${Version}' slurm-wlm), $(dpkg-query -W -f='munge ${Version}' munge)"
fi
for b in munged slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
    command -v "$b" >/dev/null || die "$b not found after installing slurm-wlm and munge"
done

# ---- 2. a private cluster ------------------------------------------------------------------------
T=$(mktemp -d /tmp/armistice-slurm-smoke.XXXXXX)
chmod 755 "$T"   # munged wants its socket's directories searchable by all
mkdir -p "$T"/{etc,run,log,state,spool,munge,sock,out}
chmod 700 "$T/munge"
chmod 755 "$T/sock"

if command -v mungekey >/dev/null; then
    mungekey --create --keyfile="$T/munge/munge.key"
else
    dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 400 "$T/munge/munge.key"
munged --key-file="$T/munge/munge.key" --socket="$T/sock/munge.sock" \
    --pid-file="$T/run/munged.pid" --log-file="$T/log/munged.log" --seed-file="$T/munge/munged.seed" \
    || die "munged did not start (see $T/log/munged.log)"
for _ in $(seq 1 40); do [[ -S $T/sock/munge.sock ]] && break; sleep 0.25; done
[[ -S $T/sock/munge.sock ]] || die "munged socket did not appear"
munge --socket="$T/sock/munge.sock" -n | unmunge --socket="$T/sock/munge.sock" >/dev/null \
    || die "munge round trip failed"
say "munged up (pid $(cat "$T/run/munged.pid"))"

cpus=$(nproc)
mem=$(free -m | awk '/^Mem:/ {print int($2 * 0.9)}')
cat >"$T/etc/slurm.conf" <<EOF
# throwaway single-node cluster of scripts/slurm/smoke.sh
ClusterName=armistice-smoke
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$SMOKE_PORT
SlurmdPort=$((SMOKE_PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/sock/munge.sock
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/run/slurmctld.pid
SlurmdPidFile=$T/run/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SlurmdParameters=config_overrides
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=3600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$T/etc/slurm.conf
# this cluster only: no inherited job context or sbatch defaults
while IFS= read -r v; do unset "$v"; done < <(env | sed -n 's/^\(SLURM_[A-Z_]*\|SBATCH_[A-Z_]*\)=.*/\1/p' | grep -vx SLURM_CONF)

slurmctld -f "$SLURM_CONF" -c || die "slurmctld did not start"
slurmd -f "$SLURM_CONF" -N localhost || die "slurmd did not start"
up=
for _ in $(seq 1 120); do
    if [[ $(sinfo -h -N -n localhost -o %t 2>/dev/null) == idle ]]; then up=1; break; fi
    sleep 0.5
done
[[ -n $up ]] || { sinfo -N -l || true; die "node localhost did not become idle within 60s"; }
say "slurmctld + slurmd up: node localhost idle with $cpus CPUs, ${mem} MiB"

# ---- 3. the sharded run through submit.sh --------------------------------------------------------
say "submitting $SCENARIO, $RUNS runs, seed $SEED, $SHARDS shards"
tj=$(date +%s)
ids=$(ARMISTICE=$ARMISTICE RUN_ARGS=$RUN_ARGS bash "$here/submit.sh" "$SCENARIO" "$RUNS" "$SHARDS" "$T/out" "$SEED") \
    || die "submit.sh failed"
array_job=$(sed -n 's/^ARRAY_JOB=//p' <<<"$ids")
merge_job=$(sed -n 's/^MERGE_JOB=//p' <<<"$ids")
[[ -n $array_job && -n $merge_job ]] || die "submit.sh printed no job ids: $ids"
say "array job $array_job, merge job $merge_job"

job_states() { # "id state reason exitcode" per job record (array tasks one per line)
    scontrol -o show job "$1" 2>/dev/null | sed -E 's/^JobId=([0-9]+) .*JobState=([A-Z_]+) Reason=([^ ]+) .*ExitCode=([0-9:]+).*/\1 \2 \3 \4/'
}
deadline=$(( $(date +%s) + SMOKE_TIMEOUT ))
while :; do
    merge_state=$(job_states "$merge_job")
    read -r _ mstate mreason _ <<<"$merge_state"
    case $mstate in
        COMPLETED) break ;;
        FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE | PREEMPTED)
            die "merge job $merge_job ended $mstate ($merge_state)" ;;
    esac
    if [[ $mreason == DependencyNeverSatisfied ]] || job_states "$array_job" | grep -Eq ' (FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) '; then
        job_states "$array_job" >&2
        die "a shard failed, so the merge can never run"
    fi
    (( $(date +%s) < deadline )) || { squeue >&2 || true; die "jobs not done after ${SMOKE_TIMEOUT}s"; }
    sleep 1
done
bad=$(job_states "$array_job" | awk '$2 != "COMPLETED" || $4 != "0:0"')
[[ -z $bad ]] || die "array tasks did not all complete cleanly: $bad"
ntasks=$(job_states "$array_job" | wc -l)
[[ $ntasks -eq $SHARDS ]] || die "expected $SHARDS array tasks, saw $ntasks"
field() { scontrol -o show job "$1" 2>/dev/null | sed -nE "s/.* $2=([^ ]+).*/\1/p"; }
last_shard_end=$(field "$array_job" EndTime | sort | tail -n 1)
merge_start=$(field "$merge_job" StartTime)
[[ ! $merge_start < $last_shard_end ]] \
    || die "merge started at $merge_start, before the last shard ended at $last_shard_end"
say "all $SHARDS shards and the merge COMPLETED in $(( $(date +%s) - tj ))s (last shard ended $last_shard_end, merge started $merge_start)"

# ---- 4. the same workload, single process ---------------------------------------------------------
ts=$(date +%s)
read -r -a extra <<<"$RUN_ARGS"
"$ARMISTICE" run "$SCENARIO" --runs "$RUNS" --seed "$SEED" --out "$T/single" --quiet ${extra[@]+"${extra[@]}"} \
    || die "single-process run failed"
say "single-process run took $(( $(date +%s) - ts ))s"

ok=1
[[ -f $T/single/summary.json ]] || { echo "smoke: single run wrote no summary.json"; ok=; }
for f in runs.csv summary.json; do
    if [[ -f $T/single/$f ]]; then
        if cmp "$T/single/$f" "$T/out/merged/$f"; then
            say "$f identical ($(wc -c <"$T/single/$f") bytes)"
        else
            ok=
        fi
    elif [[ -f $T/out/merged/$f ]]; then
        echo "smoke: merged has $f but the single run does not"; ok=
    fi
done
[[ -n $ok ]] || die "merged output differs from the single-process run"
say "total $(( $(date +%s) - t0 ))s"
echo "PASS"

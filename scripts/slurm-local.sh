#!/usr/bin/env bash
# A real single-host Slurm on loopback for Kakehashi's tests and demos: munged, slurmctld,
# slurmd and slurmrestd (JWT auth), all state under one directory, stopped by pid file.
#
#   scripts/slurm-local.sh start|stop|status|token|env [--version 22.05|24.11|26.05]
#
#   22.05  Debian 12's host packages; slurmrestd serves openapi/v0.0.38.
#   24.11  Debian 13 (trixie) in a debootstrap chroot kept in the state dir; slurmrestd serves
#          v0.0.40, v0.0.41, v0.0.42. Job work dirs must lie under /tmp (bind-mounted). The
#          chroot also holds what campaign jobs run: lammps (lmp, potentials in
#          /usr/share/lammps/potentials) and openmpi-bin (mpirun, OpenMPI 5); `start` installs
#          them into a chroot built without them.
#   26.05  The same from Debian unstable (sid; 26.05.5 when written, with lammps 2026 and
#          OpenMPI 6.0 rc): slurmrestd serves v0.0.42, v0.0.43, v0.0.44, v0.0.45. The first start
#          (debootstrap) took 4.5 minutes here and the chroot is 2.0 GB; later cold starts 1-2 s.
#          sid moves: a chroot built later may hold a newer Slurm than the one tested.
#
# Job records: no slurmdbd, so plain `sacct` says accounting is disabled; instead slurmctld
# appends one line per finished job (JobCompType=jobcomp/filetxt) to <state>/jobcomp.log (inside
# the chroot /kk/jobcomp.log), and `sacct -c` reads it: on 22.05 `SLURM_CONF=<state>/etc/slurm.conf
# sacct -c`, on 24.11 and 26.05 `chroot <state>/root env SLURM_CONF=/kk/etc/slurm.conf sacct -c`. It lists
# array elements by their own job ids (the log's ArrayJobId/ArrayTaskId, which sacct warns it
# does not know); the log outlives restarts.
#
# State: $KAKEHASHI_SLURM_DIR, or <repo>/.kakehashi/slurm-<version>. `start` reuses a running
# cluster. `env` prints shell exports (eval "$(scripts/slurm-local.sh env)"); the JWT itself is
# never printed except by `token`, which prints SLURM_JWT=<token> like `scontrol token`.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status|token|env [--version 22.05|24.11|26.05]" >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
cmd=$1; shift
version=22.05
while [[ $# -gt 0 ]]; do
  case $1 in
    --version) [[ $# -ge 2 ]] || usage; version=$2; shift 2 ;;
    --version=*) version=${1#--version=}; shift ;;
    *) usage ;;
  esac
done
case $version in 22.05|24.11|26.05) ;; *) echo "unsupported --version '$version' (22.05, 24.11 or 26.05)" >&2; exit 2 ;; esac

script_path=$(readlink -f "${BASH_SOURCE[0]}")
repo=$(cd "$(dirname "$script_path")/.." && pwd)
dir=${KAKEHASHI_SLURM_DIR:-$repo/.kakehashi/slurm-$version}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
host=$(hostname -s)

# Inside the chroot the state lives at /kk; on the host it is $dir itself.
case $version in
  22.05) root= inner=$dir outer=$dir apis=v0.0.38 api=v0.0.38 ;;
  24.11) suite=trixie suite_name="Debian 13 (trixie)" chroot_size="1.2 GB"
         apis=v0.0.40,v0.0.41,v0.0.42 api=v0.0.42 ;;
  26.05) suite=sid suite_name="Debian unstable (sid)" chroot_size="2 GB"
         apis=v0.0.42,v0.0.43,v0.0.44,v0.0.45 api=v0.0.45 ;;
esac
if [[ $version != 22.05 ]]; then
  root=$dir/root
  inner=/kk
  outer=$root/kk
fi
conf_outer=$outer/etc/slurm.conf
conf_inner=$inner/etc/slurm.conf

# Runs a command on the host (22.05) or inside the chroot (24.11, 26.05).
in_cluster() {
  if [[ -n $root ]]; then chroot "$root" "$@"; else "$@"; fi
}

log() { echo "slurm-local[$version]: $*" >&2; }
die() { log "$*"; exit 1; }

pid_alive() {
  local f=$1
  [[ -s $f ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

all_alive() {
  local p
  for p in munged slurmctld slurmd slurmrestd; do
    pid_alive "$outer/run/$p.pid" || return 1
  done
}

free_ports() {
  /usr/bin/python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

rest_port() { cat "$outer/etc/rest.port"; }

# Debian's OpenMPI is built without Slurm's PMI, so `srun` cannot start its ranks; inside a batch
# job OpenMPI's own mpirun reads the allocation and starts them itself.
print_env() {
  cat <<EOF
export SLURM_CONF=$conf_outer
export KAKEHASHI_SLURM_VERSION=$version
export KAKEHASHI_SLURM_URL=http://127.0.0.1:$(rest_port)
export KAKEHASHI_SLURM_API=$api
export KAKEHASHI_SLURM_USER=root
export KAKEHASHI_SLURM_TOKEN_COMMAND='$script_path token --version $version'
export KAKEHASHI_SLURM_LAUNCHER='mpirun --allow-run-as-root --oversubscribe --bind-to none'
EOF
}

# What campaign jobs run inside the chroot: LAMMPS (lmp, with its potentials from lammps-data in
# /usr/share/lammps/potentials) and OpenMPI's mpirun.
job_packages=(lammps openmpi-bin)

build_chroot() {
  [[ -x $root/usr/sbin/slurmrestd && -e $root/.kakehashi-complete ]] && return 0
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  log "building a $suite_name chroot with Slurm $version, LAMMPS and OpenMPI in $root (about 5 minutes, $chroot_size)"
  rm -rf "$root"
  local include
  include=slurmctld,slurmd,slurmrestd,slurm-client,slurm-wlm-jwt-plugin,munge,$(IFS=,; echo "${job_packages[*]}")
  debootstrap --variant=minbase --include="$include" \
    "$suite" "$root" http://deb.debian.org/debian >"$dir/debootstrap.log" 2>&1 \
    || die "debootstrap failed, see $dir/debootstrap.log"
  touch "$root/.kakehashi-complete"
}

# A chroot built before job_packages existed lacks them: install them (needs the chroot mounted
# and network to the Debian mirror); a no-op once lmp, mpirun and the potentials are there.
install_job_packages() {
  # Tested inside the chroot: /usr/bin/mpirun is an absolute alternatives link.
  chroot "$root" test -x /usr/bin/lmp -a -x /usr/bin/mpirun -a -d /usr/share/lammps/potentials && return 0
  log "installing ${job_packages[*]} into $root (see $dir/apt.log)"
  { chroot "$root" apt-get update \
      && chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${job_packages[@]}"; } >"$dir/apt.log" 2>&1 \
    || die "installing ${job_packages[*]} into the chroot failed, see $dir/apt.log"
}

mount_chroot() {
  local m
  mkdir -p "$root/tmp"
  for m in proc sys dev dev/pts tmp; do
    mountpoint -q "$root/$m" || mount --bind "/$m" "$root/$m"
  done
  printf '127.0.0.1 localhost %s\n' "$host" >"$root/etc/hosts"
}

umount_chroot() {
  local m
  for m in tmp dev/pts dev sys proc; do
    if mountpoint -q "$root/$m"; then umount "$root/$m" || umount -l "$root/$m"; fi
  done
}

write_config() {
  mkdir -p "$outer"/{etc,run,log,state,spool,munge}
  chmod 755 "$outer" "$outer/etc" "$outer/run" "$outer/log"
  chmod 700 "$outer/munge"
  if [[ ! -s $outer/etc/jwt.key ]]; then
    head -c 32 /dev/urandom >"$outer/etc/jwt.key"
    chmod 600 "$outer/etc/jwt.key"
  fi
  # munged insists that its key belongs to the user it runs as (root here).
  if [[ ! -s $outer/munge/munge.key ]]; then
    head -c 1024 /dev/urandom >"$outer/munge/munge.key"
    chmod 400 "$outer/munge/munge.key"
  fi
  local ports ctld slurmd rest cpus mem
  read -r ctld slurmd rest < <(free_ports 3)
  # Not nproc: it honours OMP_NUM_THREADS, which test JVMs set to 1.
  cpus=$(getconf _NPROCESSORS_ONLN)
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
  echo "$rest" >"$outer/etc/rest.port"
  cat >"$conf_outer" <<EOF
# Written by scripts/slurm-local.sh ($version); rewritten at every cold start.
ClusterName=kk${version//./}
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld
SlurmdPort=$slurmd
AuthType=auth/munge
AuthInfo=socket=$inner/munge/munge.socket
CredType=cred/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$inner/etc/jwt.key
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$inner/state
SlurmdSpoolDir=$inner/spool
SlurmctldPidFile=$inner/run/slurmctld.pid
SlurmdPidFile=$inner/run/slurmd.pid
SlurmctldLogFile=$inner/log/slurmctld.log
SlurmdLogFile=$inner/log/slurmd.log
ProctrackType=proctrack/linuxproc
# task/affinity binds each job to the cores Slurm allocated it (no cgroups needed), so two
# single-core jobs never share a core; the launcher below leaves that binding as it is.
TaskPlugin=task/affinity
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# One line per finished job (id, user, name, state, partition, times, nodes, exit code), so what
# ran can be checked without slurmdbd; kept across restarts, unlike the job state.
JobCompType=jobcomp/filetxt
JobCompLoc=$inner/jobcomp.log
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# Fast turnaround for tests: schedule at once, forget finished jobs soon (the executor must
# then decide from its exit marker), allow one-minute walltimes to end promptly.
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SchedulerType=sched/builtin
MinJobAge=10
KillWait=2
InactiveLimit=0
OverTimeLimit=0
MaxArraySize=1001
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
  if [[ -n $root ]]; then
    echo "CgroupPlugin=disabled" >"$outer/etc/cgroup.conf"
  fi
  chmod 644 "$conf_outer"
}

wait_idle() {
  local i state
  for i in $(seq 1 60); do
    state=$(in_cluster env SLURM_CONF="$conf_inner" sinfo -h -o %t 2>/dev/null | head -1 || true)
    case $state in idle|mix|alloc) return 0 ;; esac
    sleep 0.5
  done
  die "node did not become idle within 30 s (state '${state:-none}'), see $outer/log"
}

wait_rest() {
  local i
  for i in $(seq 1 40); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$(rest_port)") 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  die "slurmrestd did not listen on 127.0.0.1:$(rest_port), see $outer/log/slurmrestd.log"
}

start_rest() {
  local plugins=(-s openapi/v0.0.38) ids=(-u nobody -g nogroup)
  [[ -n $root ]] && plugins=(-s openapi/slurmctld -d "$apis")
  # 26.05 fails to resolve the name in the chroot ("Unable to resolve user: nobody"); the ids work.
  [[ $version == 26.05 ]] && ids=(-u 65534 -g 65534)
  # slurmrestd refuses to run as root; SLURM_JWT=daemon makes it accept client tokens.
  # setsid detaches it from the caller (a test JVM) so it outlives the script.
  setsid env SLURM_JWT=daemon SLURM_CONF="$conf_inner" \
    ${root:+chroot "$root"} slurmrestd -f "$conf_inner" -a rest_auth/jwt "${plugins[@]}" \
    "${ids[@]}" "127.0.0.1:$(rest_port)" \
    </dev/null >>"$outer/log/slurmrestd.log" 2>&1 &
  echo $! >"$outer/run/slurmrestd.pid"
}

start() {
  if pid_alive "$outer/run/munged.pid" && ! all_alive; then
    # A warm cluster lost a daemon (stopped by hand or by a test): bring back only what is
    # missing, on the same ports; slurmctld recovers its jobs from StateSaveLocation.
    if ! pid_alive "$outer/run/slurmctld.pid"; then
      in_cluster env SLURM_CONF="$conf_inner" slurmctld -f "$conf_inner" \
        || die "slurmctld did not restart, see $outer/log/slurmctld.log"
      log "slurmctld restarted, state recovered"
    fi
    if ! pid_alive "$outer/run/slurmd.pid"; then
      in_cluster env SLURM_CONF="$conf_inner" slurmd -f "$conf_inner" \
        || die "slurmd did not restart, see $outer/log/slurmd.log"
      log "slurmd restarted"
    fi
    if ! pid_alive "$outer/run/slurmrestd.pid"; then
      start_rest
      wait_rest
      log "slurmrestd restarted at http://127.0.0.1:$(rest_port)"
    fi
    wait_idle
  fi
  if all_alive; then
    log "already running (state in $dir)"
    print_env
    return 0
  fi
  stop_daemons quiet
  if [[ -n $root ]]; then build_chroot; mount_chroot; install_job_packages; fi
  write_config
  rm -f "$outer"/run/*.pid

  in_cluster munged --force --socket="$inner/munge/munge.socket" --key-file="$inner/munge/munge.key" \
    --pid-file="$inner/run/munged.pid" --log-file="$inner/log/munged.log" \
    --seed-file="$inner/munge/munged.seed" 2>>"$outer/log/munged.log" \
    || die "munged did not start, see $outer/log/munged.log"

  # Clean state at every cold start: a test cluster holds no jobs worth keeping.
  in_cluster env SLURM_CONF="$conf_inner" slurmctld -c -f "$conf_inner" \
    || die "slurmctld did not start, see $outer/log/slurmctld.log"
  in_cluster env SLURM_CONF="$conf_inner" slurmd -f "$conf_inner" \
    || die "slurmd did not start, see $outer/log/slurmd.log"

  start_rest
  wait_idle
  wait_rest
  all_alive || die "a daemon exited during start-up, see $outer/log"
  log "up: REST at http://127.0.0.1:$(rest_port) ($apis), state in $dir"
  log "token: $script_path token --version $version   (prints SLURM_JWT=...)"
  print_env
}

stop_daemons() {
  local quiet=${1:-} p f pid i
  for p in slurmrestd slurmd slurmctld munged; do
    f=$outer/run/$p.pid
    if pid_alive "$f"; then
      pid=$(cat "$f")
      kill "$pid" 2>/dev/null || true
      for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
      [[ -z $quiet ]] && log "stopped $p ($pid)"
    fi
    rm -f "$f"
  done
  if [[ -n $root && -d $root ]]; then umount_chroot; fi
}

status() {
  local p f rc=0
  for p in munged slurmctld slurmd slurmrestd; do
    f=$outer/run/$p.pid
    if pid_alive "$f"; then echo "$p running (pid $(cat "$f"))"; else echo "$p stopped"; rc=3; fi
  done
  if [[ $rc == 0 ]]; then
    echo "url http://127.0.0.1:$(rest_port) api $apis"
    in_cluster env SLURM_CONF="$conf_inner" sinfo -h -o '%P %t %D' || true
  fi
  return $rc
}

token() {
  all_alive || die "not running; start it with: $script_path start --version $version"
  in_cluster env SLURM_CONF="$conf_inner" scontrol token username=root lifespan="${KAKEHASHI_SLURM_TOKEN_LIFESPAN:-3600}"
}

case $cmd in
  start) start ;;
  stop) stop_daemons ;;
  status) status ;;
  token) token ;;
  env) all_alive || die "not running; start it with: $script_path start --version $version"; print_env ;;
  *) usage ;;
esac

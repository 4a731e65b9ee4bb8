#!/usr/bin/env bash
# A real Spark standalone cluster on loopback for Kakehashi's users, tests and demos: one master
# and N workers (two by default), each its own JVM with its own cores and memory, started from the
# Spark jars of the Kakehashi distribution (cli/target/kakehashi/lib): no Spark download needed.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: scripts/spark-local.sh start|stop|status|env [options]

  start    starts a master and the workers on 127.0.0.1 (reuses a cluster that already runs) and
           prints shell exports (eval "$(scripts/spark-local.sh start)")
  stop     stops the daemons this script started (by pid file; a pid whose command line is not
           one of ours is left alone); the workers stop their executors
  status   pids, the master URL, alive workers, cores and memory (exit 3 if not running)
  env      prints KAKEHASHI_SPARK_MASTER and KAKEHASHI_SPARK_UI exports of the running cluster

options (start):
  --workers N          workers, one JVM each (default 2)
  --worker-cores N     cores each worker offers (default: the machine's CPUs / workers, at least 1)
  --worker-memory M    memory each worker offers to executors, e.g. 2g (default: a quarter of
                       the machine's memory / workers, between 1g and 8g)
  --port P             master port (default 7077); --webui-port W: master UI (default 8080),
                       worker i's UI gets W+i
  --lib DIR            the jars (Spark and Kakehashi's): default <repo>/cli/target/kakehashi/lib

The workers' executors get the same jars on their class path (<state>/spark-home/jars is a link to
--lib), so Kakehashi's `hdf5` source and campaign classes reach them as in a Spark installation
with the application's jars in its jars/ directory: nothing is shipped from the driver.

Run a campaign on it:
  scripts/spark-local.sh start
  ./kakehashi run alloy-screening -C spark.master=spark://127.0.0.1:7077
  ./kakehashi doctor -C spark.master=spark://127.0.0.1:7077     # master reachable, workers, cores

environment:
  KAKEHASHI_SPARK_DIR        state (logs, pids, worker work dirs): default <repo>/.kakehashi/spark
  KAKEHASHI_SPARK_JAVA_OPTS  JVM options of the daemons and executors (default: the module
                             openings of the distribution's launcher, cli/target/kakehashi/bin)
  KAKEHASHI_SPARK_DAEMON_HEAP  heap of the master and worker JVMs (default 256m)
EOF
  exit 2
}

[[ $# -ge 1 ]] || usage
cmd=$1; shift
case $cmd in start|stop|status|env) ;; -h|--help|help) usage ;; *) usage ;; esac

script_path=$(readlink -f "${BASH_SOURCE[0]}")
repo=$(cd "$(dirname "$script_path")/.." && pwd)
cpus=$(getconf _NPROCESSORS_ONLN) # not nproc: it honours OMP_NUM_THREADS, which test JVMs set to 1
mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))

workers=2
cores=
memory=
port=7077
ui=8080
lib=$repo/cli/target/kakehashi/lib
while [[ $# -gt 0 ]]; do
  [[ $1 == -h || $1 == --help ]] && usage
  [[ $# -ge 2 ]] || usage
  case $1 in
    --workers) workers=$2 ;;
    --worker-cores) cores=$2 ;;
    --worker-memory) memory=$2 ;;
    --port) port=$2 ;;
    --webui-port) ui=$2 ;;
    --lib) lib=$2 ;;
    *) usage ;;
  esac
  shift 2
done
for n in "$workers" "$port" "$ui" ${cores:+"$cores"}; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "spark-local: '$n' is not a positive number" >&2; exit 2; }
done
[[ -n $cores ]] || cores=$(( cpus / workers > 0 ? cpus / workers : 1 ))
if [[ -z $memory ]]; then
  m=$(( mem_mb / 4 / workers ))
  (( m < 1024 )) && m=1024
  (( m > 8192 )) && m=8192
  memory=${m}m
fi
[[ $memory =~ ^[0-9]+[mMgG]$ ]] || { echo "spark-local: --worker-memory '$memory' is not like 2g or 1536m" >&2; exit 2; }

dir=${KAKEHASHI_SPARK_DIR:-$repo/.kakehashi/spark}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
home=$dir/spark-home
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "spark-local: $*" >&2; }
die() { log "$*"; exit 1; }

# Ours only if the pid's command line carries this state directory: a pid reused by another
# process after a crash is never signalled.
pid_ours() {
  local f=$1 pid
  [[ -s $f ]] || return 1
  pid=$(cat "$f")
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-Dkakehashi.spark.dir=$dir "
}

pid_files() {
  local f
  for f in "$dir"/run/worker-*.pid "$dir"/run/master.pid; do [[ -e $f ]] && echo "$f"; done
  return 0
}

# The cluster as last started: MASTER_PORT, UI_PORT, WORKERS, WORKER_CORES, WORKER_MEMORY, LIB.
load_state() {
  [[ -s $dir/cluster.env ]] || return 1
  # shellcheck disable=SC1091
  source "$dir/cluster.env"
}

all_alive() {
  load_state || return 1
  pid_ours "$dir/run/master.pid" || return 1
  local i
  for i in $(seq 1 "$WORKERS"); do pid_ours "$dir/run/worker-$i.pid" || return 1; done
}

print_env() {
  cat <<EOF
export KAKEHASHI_SPARK_MASTER=spark://127.0.0.1:$MASTER_PORT
export KAKEHASHI_SPARK_UI=http://127.0.0.1:$UI_PORT
EOF
}

# The master's JSON status page, summarised: "<alive workers> <cores> <cores used> <memory MB>".
master_json() {
  curl -sf --max-time 2 "http://127.0.0.1:$UI_PORT/json/" | python3 -c '
import json, sys
s = json.load(sys.stdin)
alive = [w for w in s.get("workers", []) if w.get("state") == "ALIVE"]
print(len(alive), sum(w["cores"] for w in alive), sum(w["coresused"] for w in alive),
      sum(w["memory"] for w in alive), len(s.get("activeapps", [])))'
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

java_opts() {
  if [[ -n ${KAKEHASHI_SPARK_JAVA_OPTS:-} ]]; then
    echo "$KAKEHASHI_SPARK_JAVA_OPTS"
    return
  fi
  # Spark on Java 17 needs the module openings its own launcher passes; the distribution's
  # launcher has them (the build writes them from the parent pom's spark.jvm.opens).
  local launcher
  launcher=$(dirname "$lib")/bin/kakehashi
  [[ -f $launcher ]] || die "no $launcher to take the JVM options from: set KAKEHASHI_SPARK_JAVA_OPTS"
  grep -oE -- '--add-opens=[^ ]+|-Djdk\.reflect\.[^ ]+' "$launcher" | tr '\n' ' '
}

# start_daemon NAME MAIN-CLASS ARGS...: a JVM detached from the caller (setsid), so it outlives a
# terminal or a test JVM; its pid in run/NAME.pid, its output in log/NAME.log.
start_daemon() {
  local name=$1; shift
  local -a env_extra=()
  [[ $name == worker-* ]] && env_extra=("SPARK_LOCAL_DIRS=$dir/local/$name")
  # shellcheck disable=SC2086
  setsid env SPARK_HOME="$home" SPARK_CONF_DIR="$home/conf" SPARK_SCALA_VERSION="$scala" \
    SPARK_LOCAL_IP=127.0.0.1 "${env_extra[@]}" \
    "$java_bin" -Xmx"${KAKEHASHI_SPARK_DAEMON_HEAP:-256m}" $opts "-Dkakehashi.spark.dir=$dir" \
    -cp "$home/conf:$home/jars/*" "$@" </dev/null >>"$dir/log/$name.log" 2>&1 &
  echo $! >"$dir/run/$name.pid"
}

start() {
  if all_alive; then
    log "already running: spark://127.0.0.1:$MASTER_PORT, $WORKERS workers of $WORKER_CORES cores and $WORKER_MEMORY (state in $dir)"
    print_env
    return 0
  fi
  stop_daemons quiet
  [[ -d $lib ]] || die "no jars in $lib: build the distribution first (mvn -B -DskipTests package, or scripts/install.sh) or give --lib DIR"
  local spark_core
  spark_core=$(find -L "$lib" -maxdepth 1 -name 'spark-core_*.jar' | head -1)
  [[ -n $spark_core ]] || die "$lib holds no spark-core jar"
  scala=$(basename "$spark_core" | sed -E 's/^spark-core_([0-9.]+)-.*/\1/')
  local p
  for p in "$port" "$ui"; do port_taken "$p" && die "port $p on 127.0.0.1 is in use (another Spark? pick --port/--webui-port)"; done
  opts=$(java_opts)
  # SPARK_HOME for the workers' executor commands: jars/ (their class path) links to the jars.
  mkdir -p "$dir"/{run,log,work,local} "$home/conf"
  ln -sfn "$(cd "$lib" && pwd)" "$home/jars"
  cat >"$home/conf/log4j2.properties" <<'EOF'
# Written by scripts/spark-local.sh: daemons and executors log at INFO to their log files.
rootLogger.level = info
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = warn
logger.jhdf.name = io.jhdf
logger.jhdf.level = error
EOF
  cat >"$dir/cluster.env" <<EOF
MASTER_PORT=$port
UI_PORT=$ui
WORKERS=$workers
WORKER_CORES=$cores
WORKER_MEMORY=$memory
LIB=$lib
EOF
  load_state
  start_daemon master org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$ui"
  local i
  for i in $(seq 1 "$workers"); do
    mkdir -p "$dir/work/worker-$i" "$dir/local/worker-$i"
    # Finished applications' work dirs (executor logs) are removed after a day.
    start_daemon "worker-$i" -Dspark.worker.cleanup.enabled=true -Dspark.worker.cleanup.appDataTtl=86400 \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" \
      --webui-port $((ui + i)) --work-dir "$dir/work/worker-$i" "spark://127.0.0.1:$port"
  done

  local s alive=0 n
  for n in $(seq 1 240); do
    # Alive, not pid_ours: a daemon just started may not have exec'd java yet (its command line is
    # still this script's), which made a loaded machine report it as exited.
    for p in $(pid_files); do
      kill -0 "$(cat "$p")" 2>/dev/null || { stop_daemons quiet; die "$(basename "$p" .pid) exited during start-up, see $dir/log/$(basename "$p" .pid).log: $(tail -5 "$dir/log/$(basename "$p" .pid).log")"; }
    done
    if s=$(master_json 2>/dev/null); then
      alive=${s%% *}
      [[ $alive == "$workers" ]] && break
    fi
    sleep 0.5
  done
  [[ $alive == "$workers" ]] || { stop_daemons quiet; die "$alive of $workers workers registered within 120 s, see $dir/log"; }
  log "up: spark://127.0.0.1:$port (UI http://127.0.0.1:$ui), $workers workers of $cores cores and $memory, state in $dir"
  print_env
}

stop_daemons() {
  local quiet=${1:-} f pid name i
  for f in $(pid_files); do
    name=$(basename "$f" .pid)
    if pid_ours "$f"; then
      pid=$(cat "$f")
      kill "$pid" 2>/dev/null || true
      for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
      [[ -z $quiet ]] && log "stopped $name ($pid)"
    fi
    rm -f "$f"
  done
  return 0
}

status() {
  local f rc=0 s
  if [[ -z $(pid_files) ]]; then echo "not running (state in $dir)"; return 3; fi
  for f in $(pid_files); do
    if pid_ours "$f"; then echo "$(basename "$f" .pid) running (pid $(cat "$f"))"
    else echo "$(basename "$f" .pid) stopped"; rc=3; fi
  done
  if load_state && s=$(master_json 2>/dev/null); then
    read -r alive total used memory apps <<<"$s"
    echo "master spark://127.0.0.1:$MASTER_PORT ui http://127.0.0.1:$UI_PORT"
    echo "workers $alive alive of $WORKERS, cores $total ($used in use), memory ${memory} MB, running applications $apps"
    [[ $alive == "$WORKERS" ]] || rc=3
  else
    rc=3
  fi
  return $rc
}

case $cmd in
  start) start ;;
  stop) stop_daemons ;;
  status) status ;;
  env) all_alive || die "not running; start it with: $script_path start"; print_env ;;
esac

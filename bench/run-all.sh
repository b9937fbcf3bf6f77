#!/usr/bin/env bash
# Reproduces the figures of docs/performance.md, one benchmark at a time (never two at once: on a
# small machine they would measure each other), and writes every report with the machine's
# description into one directory.
#
#   bench/run-all.sh [OUTPUT_DIR]
#
# Environment:
#   FLOWC_BENCH_POSTGRES  a jdbc:postgresql:// URL of a role that may create databases (each
#                         figure gets a fresh database bench_<pid>_<n>, dropped afterwards);
#                         default: FLOWC_TEST_POSTGRES; without either, the PostgreSQL figures are
#                         skipped and the summary says so.
#   FLOWC_BENCH_QUICK=1   10,000 jobs instead of 100,000 and no 1,000,000-job runs: checks that the
#                         script works, measures nothing worth publishing.
#
# The sections of docs/performance.md that compare two commits of earlier issues (issue 9's) were
# measured with the benchmark of their time, which measured other things; they are history, not
# reproduced here.
#
# Run it on a quiet machine: the figures of docs/performance.md say what the load was. It takes
# about 30 to 60 minutes (the 1,000,000-job runs are most of it).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="${1:-$root/bench/results/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
postgres="${FLOWC_BENCH_POSTGRES:-${FLOWC_TEST_POSTGRES:-}}"
jobs=100000
million=1000000
if [ "${FLOWC_BENCH_QUICK:-}" = 1 ]; then
  jobs=10000
  million=""
fi

# A URL's password never reaches the log: password=... and user:password@ are masked.
mask() { sed -E 's/(password=)[^&[:space:]]*/\1***/Ig; s#(//[^/:@[:space:]]*:)[^@/[:space:]]*@#\1***@#g' <<< "$1"; }
log() { echo "run-all: $(mask "$*")" | tee -a "$out/summary.txt" >&2; }

machine() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
    echo "cores: $(nproc)"
    grep -m1 'model name' /proc/cpuinfo || true
    grep MemTotal /proc/meminfo || true
    java -version 2>&1 | head -1
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ -n "$postgres" ]; then
      echo "postgres: $(psql "$(pg_url "$postgres")" -Atc 'SHOW server_version' 2>/dev/null || echo '?')" \
        "(on this machine when the URL says 127.0.0.1 or localhost: it shares the cores)"
    fi
  } > "$out/machine.txt"
  cat "$out/machine.txt" >&2
}

# jdbc:postgresql://host:port/db?user=u -> postgresql://u@host:port/db, for psql (no password:
# psql takes PGPASSWORD or ~/.pgpass).
pg_url() {
  python3 - "$1" <<'EOF'
import sys, urllib.parse
url = sys.argv[1][len("jdbc:"):]
parts = urllib.parse.urlsplit(url)
query = dict(urllib.parse.parse_qsl(parts.query))
user = query.get("user", "")
print(f"postgresql://{user + '@' if user else ''}{parts.netloc}{parts.path}")
EOF
}

# Runs one benchmark, its report to $out/NAME.txt, its progress to $out/NAME.err, with the load
# average before and after.
run() {
  local name="$1"
  shift
  log "$name: $* (load $(cut -d' ' -f1 /proc/loadavg))"
  local start
  start=$(date +%s)
  if "$@" > "$out/$name.txt" 2> "$out/$name.err"; then
    log "$name: done in $(( $(date +%s) - start )) s (load $(cut -d' ' -f1 /proc/loadavg))"
  else
    log "$name: FAILED (exit $?), see $out/$name.err"
  fi
}

cd "$root"
log "building"
mvn -B -q -DskipTests package -pl cli,samples,bench -am > "$out/build.log" 2>&1
./flowc --version > /dev/null # the launcher's class data archive, made once
machine

# --- Checking and compiling ------------------------------------------------------------------
run compiler java -jar bench/target/flowc-bench.jar 10 100 1000 10000 40000

# ./flowc check of the ETL sample: the mean of 20 runs, JVM start included.
check_mean() {
  python3 - "$@" <<'EOF'
import subprocess, sys, time
runs = 20
start = time.monotonic()
for _ in range(runs):
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"{' '.join(sys.argv[1:])}: {(time.monotonic() - start) / runs * 1000:.0f} ms per run (mean of {runs})")
EOF
}
run check-command check_mean ./flowc check samples/etl/pipeline.flow
run check-command-jar check_mean java -jar cli/target/flowc.jar check samples/etl/pipeline.flow

# The fan-in of "Bad input stays linear" (the other inputs come from the generators in
# LinearCheckingTest).
python3 -c '
n = 20000
print("pipeline p {")
for i in range(n): print("  stage a%d { handler \"h\" }" % i)
print("  stage z after " + ", ".join("a%d" % i for i in range(n)) + " { handler \"h\" }")
print("  stage t { handler \"h\" retries = 3 }")
print("}")' > "$out/fanin.flow"
run check-fanin bash -c "time ./flowc check --no-handlers '$out/fanin.flow' > /dev/null; true"

# --- The job queue on SQLite -----------------------------------------------------------------
# Every phase of flowc bench runs in a JVM of its own, started cold.
run sqlite ./flowc bench -n "$jobs"
# The former defaults of the worker (a fixed prefetch of 4 per thread): before/after.
run sqlite-prefetch16 ./flowc bench -n "$jobs" --prefetch 16
if [ -n "$million" ]; then
  run sqlite-million ./flowc bench --sync full -n "$million"
fi
# Queue rates (issue 13): the precision of rate 50/s across 2 worker processes, and the cost.
run sqlite-rates java -XX:+UseSerialGC -cp bench/target/flowc-bench.jar \
  dev.flowc.bench.RateBenchmark --rate 50 --seconds 20 --jobs "$jobs" --pairs 3

# --- The job queue on PostgreSQL -------------------------------------------------------------
if [ -n "$postgres" ]; then
  run postgres ./flowc bench -n "$jobs" --store "$postgres" --workers 1,2,4
  run postgres-prefetch16 ./flowc bench -n "$jobs" --store "$postgres" --prefetch 16
  if [ -n "$million" ]; then
    run postgres-million ./flowc bench -n "$million" --store "$postgres"
  fi
else
  log "postgres: SKIPPED (set FLOWC_BENCH_POSTGRES to a jdbc:postgresql:// URL)"
fi

log "reports in $out"

#!/usr/bin/env bash
# End-to-end benchmark: mongo-sim -> rigatoni -> local lake (JSON Lines + zstd, hive keys).
#
#   bash bench/rigatoni_e2e.sh [BUILD_DIR]        (default build; needs rigatoni, mongo-sim,
#                                                 mongo-sim-workload built in Release)
#
# How it measures a backlog (rigatoni starts "now" when it has no stored token):
#   1. start mongo-sim; run rigatoni once against bench.orders until it has written one marker
#      event, then SIGTERM it: its file state store now holds a checkpoint (state0);
#   2. with rigatoni stopped, insert N (~1 KB, order-like) documents: an N-event backlog;
#   3. for each BATCH_SIZE and run: copy state0 to a fresh state directory, start rigatoni on an
#      empty lake, and time from its start until rigatoni_events_processed_total reaches N
#      (/metrics polled every 50 ms). CPU is utime+stime from /proc/<pid>/stat of rigatoni (whole
#      process life up to that moment) and of mongo-sim (the delta over the same window); peak
#      RSS is rigatoni's VmHWM. rigatoni is then SIGTERMed (exit 0 expected).
#   4. the lake of the last run is decompressed, concatenated, and `zstd -3 -c > /dev/null` is
#      timed on it (hyperfine, 3 runs): the cost of compressing the same output bytes alone.
#
# Environment: N (default 1000000), RUNS (3), BATCH_SIZES ("1000 5000 10000"), DOC_BYTES (1024),
# RIGATONI (the binary; default BUILD_DIR/apps/rigatoni/rigatoni), NUM_WORKERS (2),
# CHANNEL_BUFFER_SIZE (rigatoni's default), BENCH_DIR (scratch space, default a temp dir under
# /tmp; needs ~3 GB), RIGATONI_WRAPPER (a command prefix, e.g. "valgrind --tool=callgrind").
# Prints one line per run and a table of medians.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
N=${N:-1000000}
RUNS=${RUNS:-3}
BATCH_SIZES=${BATCH_SIZES:-"1000 5000 10000"}
DOC_BYTES=${DOC_BYTES:-1024}
NUM_WORKERS=${NUM_WORKERS:-2}
RIGATONI=${RIGATONI:-$PWD/$BUILD/apps/rigatoni/rigatoni}
SIM=$PWD/$BUILD/apps/mongo-sim/mongo-sim
WORKLOAD=$PWD/$BUILD/apps/mongo-sim/mongo-sim-workload
for b in "$RIGATONI" "$SIM" "$WORKLOAD"; do
  [ -x "$b" ] || { echo "rigatoni_e2e: $b is missing (build it in Release)" >&2; exit 1; }
done
command -v hyperfine >/dev/null || { echo "rigatoni_e2e: hyperfine is missing" >&2; exit 1; }

T=${BENCH_DIR:-$(mktemp -d /tmp/rigatoni-e2e.XXXXXX)}
mkdir -p "$T"
SIM_PID=""
RIG_PID=""
cleanup() {
  for pid in $RIG_PID $SIM_PID; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  [ -n "${BENCH_DIR:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

TCK=$(getconf CLK_TCK)
now() { date +%s.%N; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
sys_ticks() { awk '{ print $15 }' "/proc/$1/stat"; }
hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
  done
}
processed() {
  curl -fsS "http://$ADMIN/metrics" 2>/dev/null |
    awk '/^rigatoni_events_processed_total[{ ]/ { s += $NF } END { printf "%d\n", s }' || true
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# start_rigatoni STATE_DIR LAKE_DIR BATCH_SIZE: sets RIG_PID, waits for /ready.
start_rigatoni() {
  ADMIN=127.0.0.1:$(free_port)
  (
    export MONGODB_URI=$URI MONGODB_DATABASE=bench MONGODB_COLLECTIONS=orders
    export DESTINATION_URL=file://$2 STATE_STORE_URL=file://$1
    export FORMAT=json COMPRESSION=zstd KEY_STRATEGY=hive BATCH_SIZE=$3 BATCH_TIMEOUT_MS=1000
    export NUM_WORKERS ADMIN_BIND_ADDRESS=$ADMIN LOG_FORMAT=json LOG_LEVEL=warn
    [ -n "${CHANNEL_BUFFER_SIZE:-}" ] && export CHANNEL_BUFFER_SIZE
    exec ${RIGATONI_WRAPPER:-} "$RIGATONI"
  ) >>"$T/rigatoni.log" 2>&1 &
  RIG_PID=$!
}
wait_ready() {
  for _ in $(seq 600); do
    curl -fsS "http://$ADMIN/ready" >/dev/null 2>&1 && return 0
    kill -0 "$RIG_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "rigatoni_e2e: rigatoni did not become ready" >&2
  tail -5 "$T/rigatoni.log" >&2
  exit 1
}
stop_rigatoni() {
  kill -TERM "$RIG_PID"
  local rc=0
  wait "$RIG_PID" || rc=$?
  RIG_PID=""
  [ "$rc" -eq 0 ] || { echo "rigatoni_e2e: rigatoni exited $rc" >&2; tail -5 "$T/rigatoni.log" >&2; exit 1; }
}

"$SIM" --port 0 >"$T/mongo-sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do grep -q 'listening on' "$T/mongo-sim.log" && break; sleep 0.05; done
URI="mongodb://$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$T/mongo-sim.log" | head -1)/?replicaSet=rs0"

# 1. A stored checkpoint.
start_rigatoni "$T/state0" "$T/lake0" 1000
wait_ready
"$WORKLOAD" --uri "$URI" --mode bulk --count 1 --doc-bytes "$DOC_BYTES" >/dev/null
for _ in $(seq 200); do [ "$(processed)" -ge 1 ] && break; sleep 0.05; done
stop_rigatoni
rm -rf "$T/lake0"

# 2. The backlog.
echo "loading $N documents of ~$DOC_BYTES bytes into mongo-sim (rigatoni stopped)..."
"$WORKLOAD" --uri "$URI" --mode bulk --count "$N" --doc-bytes "$DOC_BYTES" --seed 7 | tee "$T/load.json"

# 3. Runs.
echo "batch_size run events_per_s seconds rigatoni_cpu_us_per_event sim_cpu_us_per_event peak_rss_mb lake_mb rigatoni_sys_us_per_event" |
  tee "$T/runs.txt"
for B in $BATCH_SIZES; do
  for r in $(seq "$RUNS"); do
    rm -rf "$T/state" "$T/lake"
    cp -a "$T/state0" "$T/state"
    sim0=$(cpu_ticks "$SIM_PID")
    t0=$(now)
    start_rigatoni "$T/state" "$T/lake" "$B"
    while :; do
      n=$(processed)
      [ "${n:-0}" -ge "$N" ] && break
      kill -0 "$RIG_PID" 2>/dev/null || { echo "rigatoni_e2e: rigatoni died" >&2; tail -5 "$T/rigatoni.log" >&2; exit 1; }
      sleep 0.05
    done
    t1=$(now)
    rig=$(cpu_ticks "$RIG_PID")
    rig_sys=$(sys_ticks "$RIG_PID")
    sim1=$(cpu_ticks "$SIM_PID")
    hwm=$(hwm_kb "$RIG_PID")
    stop_rigatoni
    lake_bytes=$(du -sb "$T/lake" | cut -f1)
    awk -v b="$B" -v r="$r" -v n="$N" -v t0="$t0" -v t1="$t1" -v rig="$rig" -v s0="$sim0" \
      -v s1="$sim1" -v tck="$TCK" -v hwm="$hwm" -v lb="$lake_bytes" -v rs="$rig_sys" 'BEGIN {
        s = t1 - t0
        printf "%d %d %.0f %.2f %.2f %.2f %.1f %.1f %.2f\n", b, r, n / s, s, rig / tck * 1e6 / n,
          (s1 - s0) / tck * 1e6 / n, hwm / 1024, lb / 1e6, rs / tck * 1e6 / n }' | tee -a "$T/runs.txt"
  done
done

# 4. zstd -3 alone on the same output bytes (the last run's lake).
find "$T/lake" -name '*.jsonl.zst' -print0 | sort -z | xargs -0 zstd -q -dc >"$T/plain.jsonl"
PLAIN_BYTES=$(stat -c %s "$T/plain.jsonl")
PLAIN_EVENTS=$(wc -l <"$T/plain.jsonl")
hyperfine --runs 3 --warmup 1 --style none --export-json "$T/zstd.json" \
  "zstd -3 -q -c $T/plain.jsonl > /dev/null" >/dev/null
ZSTD=$(node -e '
  const r = require(process.argv[1]).results[0];
  const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
  console.log(med(r.times), r.user + r.system);' "$T/zstd.json")
ZSTD_WALL=${ZSTD% *}
ZSTD_CPU=${ZSTD#* }

echo
echo "Medians of $RUNS runs, N = $N events (~$DOC_BYTES-byte documents), NUM_WORKERS=$NUM_WORKERS," \
  "CHANNEL_BUFFER_SIZE=${CHANNEL_BUFFER_SIZE:-default}; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| BATCH_SIZE | events/s | rigatoni CPU µs/event (of which system) | mongo-sim CPU µs/event | peak RSS MB | lake MB |"
echo "|---:|---:|---:|---:|---:|---:|"
for B in $BATCH_SIZES; do
  col() { awk -v b="$B" -v c="$1" '$1 == b { print $c }' "$T/runs.txt" | median; }
  printf '| %s | %.0f | %.2f (%.2f) | %.2f | %.1f | %.1f |\n' "$B" "$(col 3)" "$(col 5)" "$(col 9)" \
    "$(col 6)" "$(col 7)" "$(col 8)"
done
LAST_B=${BATCH_SIZES##* }
awk -v pb="$PLAIN_BYTES" -v pe="$PLAIN_EVENTS" -v zw="$ZSTD_WALL" -v zc="$ZSTD_CPU" \
  -v rw="$(awk -v b="$LAST_B" '$1 == b { print $4 }' "$T/runs.txt" | median)" \
  -v rc="$(awk -v b="$LAST_B" '$1 == b { print $5 }' "$T/runs.txt" | median)" 'BEGIN {
  printf "\nzstd -3 on the same output (%d events, %.1f MB of JSON Lines): %.2f s wall (median), " \
    "%.2f µs CPU/event, %.0f MB/s\n", pe, pb / 1e6, zw, zc * 1e6 / pe, pb / 1e6 / zw
  printf "rigatoni (BATCH_SIZE=%s) / zstd -3 alone: %.2fx the wall time, %.2fx the CPU per event\n",
    "'"$LAST_B"'", rw / zw, rc / (zc * 1e6 / pe) }'

#!/usr/bin/env bash
# End-to-end ingest benchmark of reflow-tracing: starts the server with SQLite in a temp dir on a
# free port (ack mode persisted), drives it with bench/trace_load at several offered rates, and
# reports achieved events/s, p50/p99 ack latency and the server's CPU per event (from
# /proc/PID/stat). The max-rate row is run 3 times and the medians are reported. In the same run,
# trace_storage_bench's raw sqlite3 INSERT baseline (same ~600-byte rows) gives the ratio.
#
# Usage: bench/trace_server_bench.sh [BUILD_DIR]   (default: build)
#   env: RATES="20000 50000 100000" DURATION=5 CONNECTIONS=8 BATCH=1 WINDOW=32 WORKERS=1
set -euo pipefail

build=${1:-build}
server_bin=$build/apps/reflow-tracing/reflow-tracing
load_bin=$build/bench/trace_load
storage_bench=$build/bench/trace_storage_bench
rates=${RATES:-"20000 50000 100000"}
duration=${DURATION:-5}
connections=${CONNECTIONS:-8}
batch=${BATCH:-1}
window=${WINDOW:-32}
workers=${WORKERS:-1}
for b in "$server_bin" "$load_bin" "$storage_bench"; do
  [[ -x $b ]] || { echo "missing $b: build reflow-tracing trace_load trace_storage_bench" >&2; exit 2; }
done

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

port=$(free_port)
TRACING_METRICS_ENABLED=false LOG_LEVEL=warn "$server_bin" \
  --bind-address "127.0.0.1:$port" --database-url "sqlite://$tmp/trace.db" \
  --ack-mode persisted --worker-threads "$workers" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.05
done

# run RATE -> prints "rate achieved p50 p99 us_per_event gen_cpu_s"
run() {
  local rate=$1 before after out
  before=$(cpu_ticks "$server_pid")
  out=$("$load_bin" --port "$port" --connections "$connections" --rate "$rate" \
    --duration "$duration" --batch "$batch" --window "$window")
  after=$(cpu_ticks "$server_pid")
  local acked achieved p50 p99 gen errors
  acked=$(sed -E 's/.*acked_total=([0-9]+).*/\1/' <<<"$out")
  achieved=$(sed -E 's/.*achieved_eps=([0-9]+).*/\1/' <<<"$out")
  p50=$(sed -E 's/.*p50_us=([0-9]+).*/\1/' <<<"$out")
  p99=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$out")
  gen=$(sed -E 's/.*gen_cpu_s=([0-9.]+).*/\1/' <<<"$out")
  errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$out")
  # Server CPU over the whole run (incl. warm-up and the last second) per event acknowledged in it.
  local us
  us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$acked" 'BEGIN{printf "%.2f", n ? t*1e6/hz/n : 0}')
  echo "$rate $achieved $p50 $p99 $us $gen $errors"
}

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

echo "# reflow-tracing ingest: sqlite, ack persisted, $connections connections, batch $batch, ${duration}s per rate, $workers I/O thread(s)"
echo "| offered events/s | achieved events/s | p50 ack | p99 ack | server CPU µs/event | generator CPU s | errors |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for r in $rates; do
  read -r rate ach p50 p99 us gen err < <(run "$r")
  printf '| %s | %s | %s µs | %s µs | %s | %s | %s |\n' "$rate" "$ach" "$p50" "$p99" "$us" "$gen" "$err"
done
rows=()
for i in 1 2 3; do rows+=("$(run 0)"); done
col() { for r in "${rows[@]}"; do awk -v c="$1" '{print $c}' <<<"$r"; done | median; }
max_eps=$(col 2)
printf '| max (median of 3) | %s | %s µs | %s µs | %s | %s | %s |\n' "$max_eps" "$(col 3)" "$(col 4)" \
  "$(col 5)" "$(col 6)" "$(col 7)"
for r in "${rows[@]}"; do echo "#   max run: $r"; done

kill -TERM "$server_pid"
wait "$server_pid" && echo "# server exited 0 after SIGTERM" || echo "# server exit $?"
server_pid=""

# Raw sqlite3 baseline: same rows, one transaction per 1000, prepared INSERT.
raw=$("$storage_bench" --benchmark_filter='BM_RawSqliteInsertBaseline' \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>/dev/null |
  awk '/_median/ { for (i=1;i<=NF;i++) if ($i ~ /items_per_second=/) { v=$i; sub("items_per_second=","",v); print v } }')
echo "# raw sqlite3 insert baseline (median of 3): $raw events/s"
raw_eps=$(awk -v v="$raw" 'BEGIN{sub(/\/s$/,"",v); m=1; if (v ~ /k$/) m=1e3; if (v ~ /M$/) m=1e6; sub(/[kM]$/,"",v); printf "%.0f", v*m}')
awk -v a="$max_eps" -v b="$raw_eps" 'BEGIN{ if (b>0) printf "# server max / raw sqlite = %.2f\n", a/b }'

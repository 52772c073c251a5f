#!/usr/bin/env bash
# The main job: install, build (Release), then run rigatoni end to end.
#
#   1. start mongo-sim (the MongoDB replica-set simulator) on a free port, unless MONGODB_URI is
#      set: then that deployment is used instead (it must be a replica set; the demo drops and
#      rewrites the customers, products and orders collections of DEMO_DATABASE, default "shop");
#   2. start rigatoni on the database: JSON Lines + zstd, hive keys, into ./lake, state in
#      ./lake-state (both emptied first);
#   3. write a few thousand inserts, updates and deletes across three collections;
#   4. wait until rigatoni_events_processed_total (from /metrics) reaches what was written, then
#      SIGTERM rigatoni (a clean drain exits 0);
#   5. read the lake back with DuckDB: the object tree, rows per collection and operation, and
#      one event.
#
# DEMO_SKIP_BUILD=1 skips setup and build (BUILD_DIR, default build/release, must hold the
# binaries); DEMO_OPERATIONS sets the number of writes (default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-build/release}
OPERATIONS=${DEMO_OPERATIONS:-3000}
DATABASE=${DEMO_DATABASE:-shop}

if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/setup.sh
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j "$(nproc)" \
    --target rigatoni mongo-sim mongo-sim-workload reflow-tracing
fi
RIGATONI=$ROOT/$BUILD_DIR/apps/rigatoni/rigatoni
SIM=$ROOT/$BUILD_DIR/apps/mongo-sim/mongo-sim
WORKLOAD=$ROOT/$BUILD_DIR/apps/mongo-sim/mongo-sim-workload
for b in "$RIGATONI" "$SIM" "$WORKLOAD"; do
  [ -x "$b" ] || { echo "demo: $b is missing; build it first" >&2; exit 1; }
done

RUN=$(mktemp -d /tmp/rigatoni-demo.XXXXXX)
SIM_PID=""
RIG_PID=""
cleanup() {
  for pid in $RIG_PID $SIM_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# A TCP port nobody listens on (checked with ss; the window for a race is tiny).
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
  done
}

# Sum of rigatoni_events_processed_total over its labels (collection, operation).
processed() {
  curl -fsS "http://$ADMIN/metrics" 2>/dev/null |
    awk '/^rigatoni_events_processed_total[{ ]/ { s += $NF } END { printf "%d\n", s }' || true
}

# --- 1. MongoDB --------------------------------------------------------------------------------
if [ -n "${MONGODB_URI:-}" ]; then
  say "Using MONGODB_URI (database $DATABASE)"
  URI=$MONGODB_URI
else
  say "Starting mongo-sim (MongoDB replica-set simulator)"
  "$SIM" --port 0 >"$RUN/mongo-sim.log" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 100); do
    grep -q 'listening on' "$RUN/mongo-sim.log" && break
    kill -0 "$SIM_PID" 2>/dev/null || { cat "$RUN/mongo-sim.log" >&2; exit 1; }
    sleep 0.05
  done
  SIM_ADDR=$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$RUN/mongo-sim.log" | head -1)
  [ -n "$SIM_ADDR" ] || { echo "demo: mongo-sim did not start" >&2; exit 1; }
  URI="mongodb://$SIM_ADDR/?replicaSet=rs0"
  echo "mongo-sim listening on $SIM_ADDR"
fi
# Empty collections before rigatoni starts (a no-op on the fresh simulator).
"$WORKLOAD" --uri "$URI" --db "$DATABASE" --operations 0 --drop-first >/dev/null

# --- 2. rigatoni -------------------------------------------------------------------------------
rm -rf "$ROOT/lake" "$ROOT/lake-state"
ADMIN=127.0.0.1:$(free_port)
say "Starting rigatoni: database $DATABASE -> ./lake (JSON Lines + zstd, hive keys)"
(
  export MONGODB_URI=$URI MONGODB_DATABASE=$DATABASE
  export DESTINATION_URL=file://$ROOT/lake STATE_STORE_URL=file://$ROOT/lake-state
  export FORMAT=json COMPRESSION=zstd KEY_STRATEGY=hive
  export BATCH_SIZE=1000 BATCH_TIMEOUT_MS=1000 ADMIN_BIND_ADDRESS=$ADMIN
  export LOG_FORMAT=text
  exec "$RIGATONI"
) >"$RUN/rigatoni.log" 2>&1 &
RIG_PID=$!
for _ in $(seq 200); do
  curl -fsS "http://$ADMIN/ready" >/dev/null 2>&1 && break
  kill -0 "$RIG_PID" 2>/dev/null || { cat "$RUN/rigatoni.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "http://$ADMIN/ready" >/dev/null || { echo "demo: rigatoni never became ready" >&2; cat "$RUN/rigatoni.log" >&2; exit 1; }
echo "rigatoni is ready (admin http://$ADMIN: /health /ready /metrics)"

# --- 3. workload -------------------------------------------------------------------------------
say "Writing $OPERATIONS inserts, updates and deletes into $DATABASE.{customers,products,orders}"
SUMMARY=$("$WORKLOAD" --uri "$URI" --db "$DATABASE" --operations "$OPERATIONS")
EXPECTED=$(sed -n 's/.*"events":\([0-9]*\).*/\1/p' <<<"$SUMMARY")
echo "$SUMMARY"

# --- 4. wait, then stop ------------------------------------------------------------------------
say "Waiting for rigatoni to write all $EXPECTED events"
start=$(date +%s)
while :; do
  n=$(processed)
  [ "${n:-0}" -ge "$EXPECTED" ] && break
  if [ $(($(date +%s) - start)) -ge 30 ]; then
    echo "demo: only ${n:-0} of $EXPECTED events written after 30 s" >&2
    tail -20 "$RUN/rigatoni.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "rigatoni_events_processed_total = $n"
curl -fsS "http://$ADMIN/metrics" |
  grep -E '^rigatoni_(batches_written_total|destination_written_bytes_total|pipeline_status) ' |
  sed 's/^/  /'
kill -TERM "$RIG_PID"
set +e
wait "$RIG_PID"
rc=$?
set -e
RIG_PID=""
echo "SIGTERM -> rigatoni exited with status $rc (0 = drained and checkpointed cleanly)"
grep -E 'stopped cleanly|error' "$RUN/rigatoni.log" | tail -3 | sed 's/^/  log: /'
[ "$rc" -eq 0 ] || exit 1

# --- 5. read the lake back ---------------------------------------------------------------------
say "The lake (./lake): $(find lake -type f | wc -l) objects, $(du -sh lake | cut -f1)"
find lake -type f | sort | head -4 | sed 's/^/  /'
echo "  ..."
echo "checkpoint: $(find lake-state -type f | head -1)"

DUCK="node $ROOT/tests/support/js/duckdb_query.mjs"
EVENTS="read_ndjson_objects('$ROOT/lake/**/*.jsonl.zst', hive_partitioning = true)"
say "Rows per collection and operation (DuckDB over the lake)"
$DUCK "SELECT collection, json->>'operationType' AS operation, count(*) AS events
       FROM $EVENTS GROUP BY ALL ORDER BY ALL" |
  sed -E 's/\{"collection":"([^"]*)","operation":"([^"]*)","events":"([0-9]*)"\}/\1 \2 \3/' |
  awk 'BEGIN { printf "  %-12s %-10s %7s\n", "collection", "operation", "events" }
       { printf "  %-12s %-10s %7s\n", $1, $2, $3 }'
say "Exactly once: events, distinct resume tokens, expected"
$DUCK "SELECT count(*) AS events, count(DISTINCT json->'_id'->>'_data') AS distinct_tokens,
       $EXPECTED AS expected FROM $EVENTS" | sed 's/^/  /'
say "One update event, as written (relaxed Extended JSON)"
$DUCK "SELECT json FROM $EVENTS WHERE json->>'operationType' = 'update'
       AND collection = 'orders' ORDER BY json->'_id'->>'_data' LIMIT 1" |
  sed -e 's/^{"json":"//' -e 's/"}$//' -e 's/\\"/"/g' | sed 's/^/  /'

echo
echo "Done. The lake stays in ./lake (state in ./lake-state). Point rigatoni at your own"
echo "deployment with: MONGODB_URI='mongodb://host:27017/?replicaSet=rs0' bash scripts/demo.sh"
echo "Documentation: docs/rigatoni.md"

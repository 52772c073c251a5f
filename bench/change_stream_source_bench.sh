#!/usr/bin/env bash
# Events/s through the change-stream source (ChangeStreamReader + a counting sink) from mongo-sim:
# starts the simulator, preloads EVENTS ~1 KiB documents with `mongo-sim-load --no-drain`, then
# runs build/bench/change_stream_source_bench without and with the mallopt setting that keeps
# libmongoc's reply buffers out of fresh mmap()ed pages. Prints each run's aggregates (median).
#
#   bench/change_stream_source_bench.sh [build-dir]     (EVENTS=1000000 REPETITIONS=3 by default)
set -euo pipefail
BUILD=${1:-build}
EVENTS=${EVENTS:-1000000}
REPETITIONS=${REPETITIONS:-3}
SIM="$BUILD/apps/mongo-sim/mongo-sim"
LOAD="$BUILD/apps/mongo-sim/mongo-sim-load"
BENCH="$BUILD/bench/change_stream_source_bench"
for f in "$SIM" "$LOAD" "$BENCH"; do
  [[ -x $f ]] || { echo "missing $f: cmake --build $BUILD --target mongo-sim mongo-sim-load change_stream_source_bench" >&2; exit 2; }
done

LOG=$(mktemp)
"$SIM" --port 0 >"$LOG" 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 100); do grep -q listening "$LOG" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$LOG")
[[ -n $PORT ]] || { echo "mongo-sim did not start:" >&2; cat "$LOG" >&2; exit 1; }
URI="mongodb://127.0.0.1:$PORT/?replicaSet=rs0"

echo "preloading $EVENTS events of ~1 KiB into mongo-sim on port $PORT"
"$LOAD" --uri "$URI" --count "$EVENTS" --doc-bytes 1024 --no-drain

for MALLOPT in 0 1; do
  echo "== BENCH_MALLOPT=$MALLOPT"
  MONGODB_URI="$URI" BENCH_EVENTS="$EVENTS" BENCH_MALLOPT=$MALLOPT "$BENCH" \
    --benchmark_repetitions="$REPETITIONS" --benchmark_report_aggregates_only=true
done

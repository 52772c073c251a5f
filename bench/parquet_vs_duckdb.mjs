// DuckDB's own Parquet writer on the same rows as bench/parquet_bench.cpp, for a ratio.
//
//   PARQUET_BENCH_DIR=/tmp/pq build/bench/parquet_bench --benchmark_filter=parquet_snappy ...
//   node bench/parquet_vs_duckdb.mjs /tmp/pq
//
// Loads events.jsonl (our JSON Lines output) into an in-memory table with the events schema's
// main columns (load time reported apart), then times COPY ... TO parquet (snappy, zstd) five
// times each and prints the medians, DuckDB's file sizes and ours (events.*.parquet), and checks
// that DuckDB reads back as many rows from our files as it loaded.
import { statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: parquet_vs_duckdb.mjs DIR');
  process.exit(64);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();

let t0 = performance.now();
await db.run(`CREATE TABLE events AS SELECT
    json->>'operationType' AS operation_type,
    json->'ns'->>'db' AS database,
    json->'ns'->>'coll' AS collection,
    to_timestamp(json_extract_string(json, '$.clusterTime."$timestamp".t')::BIGINT) AS cluster_time,
    json_extract_string(json, '$.clusterTime."$timestamp".i')::BIGINT AS cluster_time_increment,
    json_extract_string(json, '$.wallTime."$date"')::TIMESTAMPTZ AS wall_time,
    json->'documentKey' AS document_key,
    json->'fullDocument' AS full_document,
    json->'updateDescription'->'updatedFields' AS updated_fields,
    (json->'updateDescription'->'removedFields')::VARCHAR[] AS removed_fields,
    json->'_id' AS resume_token
  FROM read_ndjson_objects('${dir}/events.jsonl')`);
const loadMs = performance.now() - t0;
const rows = Number((await db.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjects()[0].n);

const result = { rows, load_ms: Math.round(loadMs) };
for (const codec of ['snappy', 'zstd']) {
  const path = `${dir}/duckdb.${codec}.parquet`;
  const times = [];
  for (let i = 0; i < 5; ++i) {
    t0 = performance.now();
    await db.run(`COPY events TO '${path}' (FORMAT parquet, COMPRESSION ${codec})`);
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  const ours = `${dir}/events.${codec}.parquet`;
  const back = Number((await db.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${ours}')`))
    .getRowObjects()[0].n);
  result[codec] = {
    duckdb_copy_ms_median: Math.round(ms * 10) / 10,
    duckdb_rows_per_s: Math.round(rows / (ms / 1000)),
    duckdb_bytes: statSync(path).size,
    ours_bytes: statSync(ours).size,
    ours_rows_read_back_by_duckdb: back,
  };
}
console.log(JSON.stringify(result, null, 2));

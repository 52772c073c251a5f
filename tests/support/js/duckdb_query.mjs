// Runs SQL statements in an in-memory DuckDB (the independent reader our tests trust) and prints
// the last statement's rows, one JSON object per line, values as DuckDB's JSON conversion gives
// them (BIGINTs and timestamps as strings).
//
//   node tests/support/js/duckdb_query.mjs "SELECT count(*) AS n FROM read_csv('x.csv')"
// Exit code 2 with the DuckDB error message on stderr when a statement fails.
import { DuckDBInstance } from '@duckdb/node-api';

const statements = process.argv.slice(2);
if (statements.length === 0) {
  console.error('usage: duckdb_query.mjs SQL [SQL ...]');
  process.exit(64);
}
try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let reader;
  for (const sql of statements) reader = await connection.runAndReadAll(sql);
  for (const row of reader.getRowObjectsJson()) process.stdout.write(JSON.stringify(row) + '\n');
} catch (e) {
  console.error(e.message);
  process.exit(2);
}

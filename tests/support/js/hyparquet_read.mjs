// Reads a Parquet file with hyparquet (+ hyparquet-compressors), an independent pure-JS reader,
// and prints its rows as JSON lines with exact values: every number as a string (INT64 and
// timestamps in their stored unit as decimal integers; INT32 and DOUBLE as JavaScript's shortest
// round-trip text, "NaN", "Infinity", "-Infinity", "-0"), JSON columns as their text, binary as
// "base64:<...>", UUIDs as 8-4-4-4-12 hex, lists as arrays, nulls as null.
//
//   node tests/support/js/hyparquet_read.mjs file.parquet
// Exit code 2 with the error on stderr when the file cannot be read.
import { readFileSync } from 'node:fs';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

function exact(v) {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v instanceof Uint8Array) return 'base64:' + Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(exact);
  if (typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v)) out[k] = exact(v[k]);
    return out;
  }
  return v;
}

const decoder = new TextDecoder();
const parsers = {
  timestampFromMilliseconds: (v) => BigInt(v).toString(),
  timestampFromMicroseconds: (v) => BigInt(v).toString(),
  timestampFromNanoseconds: (v) => BigInt(v).toString(),
  dateFromDays: (v) => v,
  stringFromBytes: (b) => b && decoder.decode(b),
  jsonFromBytes: (b) => b && decoder.decode(b),
  uuidFromBytes: (b) => {
    if (!b) return undefined;
    const h = Buffer.from(b).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  },
};

try {
  const bytes = readFileSync(process.argv[2]);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const rows = await parquetReadObjects({ file, compressors, parsers, utf8: false });
  for (const row of rows) process.stdout.write(JSON.stringify(exact(row)) + '\n');
} catch (e) {
  console.error(e.stack || e.message);
  process.exit(2);
}

// Decodes an Avro object container file with avsc (an independent implementation of the Avro
// specification) and prints, as JSON lines:
//   line 1: {"codec":..., "metadata":{key: UTF-8 value, ...}, "sync":"<32 hex>", "blocks":[count, ...]}
//   then one line per record, in file order.
// Longs are decoded exactly (BigInt) and printed as JSON strings ("1736937045000"); unions of
// null and one type print the value or null.
//
//   node tests/support/js/avro_read.mjs FILE.avro
// Codecs: null, deflate (zlib.inflateRawSync), snappy (snappyjs, with the block's CRC-32 checked),
// zstandard (the `zstd` command line tool; node 20 has no zstd). Exit code 2 with the error on
// stderr when the file cannot be decoded.
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';

import avro from 'avsc';
import snappy from 'snappyjs';

const path = process.argv[2];
if (!path) {
  console.error('usage: avro_read.mjs FILE.avro');
  process.exit(64);
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

const codecs = {
  null: (buf, cb) => cb(null, buf),
  // Synchronous, so 'block' events (and the header's block list) follow file order.
  deflate: (buf, cb) => {
    try {
      cb(null, zlib.inflateRawSync(buf));
    } catch (e) {
      cb(e);
    }
  },
  snappy: (buf, cb) => {
    try {
      if (buf.length < 4) throw new Error('snappy block shorter than its CRC');
      const data = Buffer.from(snappy.uncompress(buf.subarray(0, buf.length - 4)));
      const want = buf.readUInt32BE(buf.length - 4);
      const got = zlib.crc32(data);
      if (got !== want) throw new Error(`snappy block CRC-32 ${got} != stored ${want}`);
      cb(null, data);
    } catch (e) {
      cb(e);
    }
  },
  zstandard: (buf, cb) => {
    const r = spawnSync('zstd', ['-d', '-c', '-q'], { input: buf, maxBuffer: 1 << 30 });
    if (r.error) return cb(r.error);
    if (r.status !== 0) return cb(new Error(`zstd -d: exit ${r.status}: ${r.stderr}`));
    cb(null, r.stdout);
  },
};

// Longs as BigInt, so values beyond 2^53 come back exactly.
const exactLong = avro.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: BigInt,
  toJSON: (n) => n.toString(),
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a === b ? 0 : a < b ? -1 : 1),
});

const header = { codec: null, metadata: {}, sync: null, blocks: [] };
const records = [];
const decoder = avro.createFileDecoder(path, {
  codecs,
  // Every long, timestamp-millis ones included (logical types are left undecoded).
  parseHook: (schema) =>
    avro.Type.forSchema(schema, {
      typeHook: (s) => (s === 'long' || (s && s.type === 'long') ? exactLong : undefined),
    }),
});
decoder.on('metadata', (type, codec, h) => {
  header.codec = codec;
  for (const [k, v] of Object.entries(h.meta)) header.metadata[k] = v.toString('utf8');
  header.sync = h.sync.toString('hex');
});
decoder.on('block', (info) => header.blocks.push(info.valueCount));
decoder.on('data', (record) => records.push(record));
decoder.on('error', (e) => fail(`${e.message}${e.cause ? ': ' + e.cause.message : ''}`));
decoder.on('end', () => {
  const json = (v) => JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x.toString() : x));
  const out = [json(header), ...records.map(json)];
  process.stdout.write(out.join('\n') + '\n');
});

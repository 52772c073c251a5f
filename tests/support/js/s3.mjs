// S3 command-line client for tests: an independent peer (the official AWS SDK for JavaScript)
// that reads and writes buckets on radosgw or s3rver.
//
// Usage: node s3.mjs <command> [args]
//   create-bucket BUCKET
//   put BUCKET KEY [FILE]    body from FILE, or stdin when FILE is absent
//   get BUCKET KEY           body to stdout
//   list BUCKET [PREFIX]     one "key<TAB>size" line per object (all pages)
//   head BUCKET KEY          JSON {"ContentLength":..,"ETag":..,"ContentType":..}
//   put-many BUCKET PREFIX N empty objects PREFIX000000 .. PREFIX<N-1>, 16 requests in flight
//
// Connection from the environment: S3_ENDPOINT (http://127.0.0.1:PORT), S3_ACCESS_KEY,
// S3_SECRET_KEY, S3_REGION (default us-east-1). Path-style addressing.
//
// Exit codes: 0 ok; 2 the service answered with an error, printed to stderr as
// "S3Error <Code> (HTTP <status>): <message>"; 1 any other failure (usage, network).
import { readFileSync } from 'node:fs';
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command,
  HeadObjectCommand,
} from '@aws-sdk/client-s3';

function usage(message) {
  process.stderr.write(`s3.mjs: ${message}\n`);
  process.exit(1);
}

function readStdin() {
  return readFileSync(0);
}

const [command, ...args] = process.argv.slice(2);
const endpoint = process.env.S3_ENDPOINT;
if (!endpoint) usage('S3_ENDPOINT is not set');
if (!process.env.S3_ACCESS_KEY || !process.env.S3_SECRET_KEY) {
  usage('S3_ACCESS_KEY and S3_SECRET_KEY must be set');
}

const client = new S3Client({
  endpoint,
  region: process.env.S3_REGION || 'us-east-1',
  forcePathStyle: true,
  credentials: {
    accessKeyId: process.env.S3_ACCESS_KEY,
    secretAccessKey: process.env.S3_SECRET_KEY,
  },
  maxAttempts: 1,
});

function need(n) {
  if (args.length < n) usage(`${command} needs ${n} argument(s)`);
}

async function run() {
  switch (command) {
    case 'create-bucket':
      need(1);
      await client.send(new CreateBucketCommand({ Bucket: args[0] }));
      return;
    case 'put': {
      need(2);
      const body = args[2] ? readFileSync(args[2]) : readStdin();
      const out = await client.send(new PutObjectCommand({ Bucket: args[0], Key: args[1], Body: body }));
      process.stdout.write(`${out.ETag ?? ''}\n`);
      return;
    }
    case 'get': {
      need(2);
      const out = await client.send(new GetObjectCommand({ Bucket: args[0], Key: args[1] }));
      process.stdout.write(Buffer.from(await out.Body.transformToByteArray()));
      return;
    }
    case 'list': {
      need(1);
      let token;
      do {
        const out = await client.send(new ListObjectsV2Command({
          Bucket: args[0], Prefix: args[1], ContinuationToken: token,
        }));
        for (const o of out.Contents ?? []) process.stdout.write(`${o.Key}\t${o.Size}\n`);
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return;
    }
    case 'head': {
      need(2);
      const out = await client.send(new HeadObjectCommand({ Bucket: args[0], Key: args[1] }));
      process.stdout.write(JSON.stringify({
        ContentLength: out.ContentLength, ETag: out.ETag, ContentType: out.ContentType,
      }) + '\n');
      return;
    }
    case 'put-many': {
      need(3);
      const [bucket, prefix, count] = [args[0], args[1], Number(args[2])];
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const key = prefix + String(next++).padStart(6, '0');
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '' }));
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      return;
    }
    default:
      usage(`unknown command '${command ?? ''}' (create-bucket, put, get, list, head, put-many)`);
  }
}

try {
  await run();
} catch (err) {
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined && err.name) {
    const code = err.Code ?? err.name;
    process.stderr.write(`S3Error ${code} (HTTP ${status}): ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`s3.mjs: ${err.stack ?? err}\n`);
  process.exit(1);
}

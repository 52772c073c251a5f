// Checks a MongoDB deployment (mongo-sim, or a real replica set) with the official Node.js driver:
// handshake, CRUD, change-event shapes as MongoDB 7 documents them, resume (resumeAfter,
// startAfter, startAtOperationTime), invalidate, postBatchResumeToken, history loss after oplog
// truncation, and failCommand fault injection with transparent change-stream resumption.
//
// Usage: node mongo_sim_check.mjs <mongodb-uri>   (exit code 0 = every check passed)
import assert from 'node:assert/strict';
import { MongoClient, Timestamp } from 'mongodb';

const uri = process.argv[2] ?? process.env.MONGODB_URI;
if (!uri) {
  console.error('usage: node mongo_sim_check.mjs <mongodb-uri>');
  process.exit(2);
}
const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10000, heartbeatFrequencyMS: 500 });
const runId = `cs${process.pid}_${Date.now() % 100000}`;
let passed = 0;
let failed = 0;
let skipped = 0;

async function check(name, fn) {
  try {
    const r = await fn();
    if (r === 'skip') {
      skipped++;
      console.log(`skip - ${name}`);
    } else {
      passed++;
      console.log(`ok - ${name}`);
    }
  } catch (err) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(err && err.stack ? err.stack : err).replace(/\n/g, '\n  ')}`);
  }
}

// The next event of `cs`, or an error after `ms` (a liveness bound, not a timing assertion).
async function nextEvent(cs, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ev = await cs.tryNext();
    if (ev) return ev;
  }
  throw new Error(`no change event within ${ms} ms`);
}

async function events(cs, n, ms = 10000) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await nextEvent(cs, ms));
  return out;
}

function keys(doc) {
  return Object.keys(doc).sort();
}

function assertToken(token) {
  assert.deepEqual(Object.keys(token), ['_data']);
  assert.equal(typeof token._data, 'string');
  assert.match(token._data, /^[0-9A-F]+$/);
}

function assertCommon(ev, type) {
  assert.equal(ev.operationType, type);
  assertToken(ev._id);
  assert.ok(ev.clusterTime instanceof Timestamp, 'clusterTime is a BSON Timestamp');
  assert.ok(ev.wallTime instanceof Date, 'wallTime is a Date');
}

async function isSimulator(admin) {
  const info = await admin.command({ buildInfo: 1 });
  return info.gitVersion === 'mongo-sim';
}

async function failCommand(admin, spec) {
  await admin.command({ configureFailPoint: 'failCommand', ...spec });
}

try {
  await client.connect();
  const admin = client.db('admin');
  const sim = await isSimulator(admin);
  const db = client.db(`${runId}_db`);

  await check('hello describes a one-member replica set primary', async () => {
    const h = await admin.command({ hello: 1 });
    assert.equal(h.isWritablePrimary, true);
    assert.equal(typeof h.setName, 'string');
    assert.ok(Array.isArray(h.hosts) && h.hosts.length >= 1);
    assert.equal(h.primary, h.me);
    assert.ok(h.maxWireVersion >= 21, `maxWireVersion ${h.maxWireVersion}`);
    assert.equal(h.minWireVersion, 0);
    assert.equal(h.maxBsonObjectSize, 16 * 1024 * 1024);
    assert.equal(h.maxMessageSizeBytes, 48000000);
    assert.equal(h.maxWriteBatchSize, 100000);
    assert.ok(h.logicalSessionTimeoutMinutes > 0);
    assert.ok(h.topologyVersion && h.topologyVersion.processId);
    assert.ok(h.localTime instanceof Date);
    assert.ok(h.lastWrite && h.lastWrite.opTime.ts instanceof Timestamp);
    assert.ok(h.$clusterTime.clusterTime instanceof Timestamp);
    assert.ok(h.operationTime instanceof Timestamp);
    const legacy = await admin.command({ isMaster: 1 });
    assert.equal(legacy.ismaster, true);
  });

  await check('buildInfo reports a 7.x server and unknown commands fail with 59', async () => {
    const info = await admin.command({ buildInfo: 1 });
    assert.match(info.version, /^7\./);
    await assert.rejects(db.command({ noSuchCommandHere: 1 }), (err) => {
      assert.equal(err.code, 59);
      assert.equal(err.codeName, 'CommandNotFound');
      assert.match(err.message, /no such command: 'noSuchCommandHere'/);
      return true;
    });
  });

  await check('CRUD: insert, update operators, upsert, replace, delete, find, count', async () => {
    const c = db.collection('crud');
    await c.insertMany([{ _id: 1, a: 1, tags: ['x'] }, { _id: 2, a: 2 }, { _id: 3, a: 2 }]);
    await assert.rejects(c.insertOne({ _id: 1 }), (err) => {
      assert.equal(err.code, 11000);
      assert.match(err.message, /E11000 duplicate key error collection: .*crud index: _id_ dup key/);
      return true;
    });
    let r = await c.updateOne({ _id: 1 }, { $set: { 'b.c': 5 }, $inc: { a: 10 }, $push: { tags: 'y' } });
    assert.equal(r.matchedCount, 1);
    assert.equal(r.modifiedCount, 1);
    assert.deepEqual(await c.findOne({ _id: 1 }), { _id: 1, a: 11, tags: ['x', 'y'], b: { c: 5 } });
    r = await c.updateMany({ a: 2 }, { $unset: { a: '' }, $set: { m: true } });
    assert.equal(r.modifiedCount, 2);
    r = await c.updateOne({ _id: 9 }, { $set: { u: 1 }, $setOnInsert: { created: true } }, { upsert: true });
    assert.equal(r.upsertedId, 9);
    assert.deepEqual(await c.findOne({ _id: 9 }), { _id: 9, u: 1, created: true });
    r = await c.replaceOne({ _id: 2 }, { whole: 'new' });
    assert.equal(r.modifiedCount, 1);
    assert.deepEqual(await c.findOne({ _id: 2 }), { _id: 2, whole: 'new' });
    const fam = await c.findOneAndUpdate({ _id: 3 }, { $set: { f: 1 } }, { returnDocument: 'after' });
    assert.deepEqual(fam, { _id: 3, m: true, f: 1 });
    assert.deepEqual((await c.find({ m: true }).sort({ _id: -1 }).toArray()).map((d) => d._id), [3]);
    assert.equal(await c.countDocuments({}), 4);
    assert.equal(await c.countDocuments({ _id: { $in: [1, 2, 77] } }), 2);
    assert.equal(await c.estimatedDocumentCount(), 4);
    r = await c.deleteOne({ _id: 9 });
    assert.equal(r.deletedCount, 1);
    r = await c.deleteMany({});
    assert.equal(r.deletedCount, 3);
    const names = (await db.listCollections().toArray()).map((x) => x.name);
    assert.ok(names.includes('crud'), `listCollections: ${names}`);
    const dbs = (await client.db().admin().listDatabases()).databases.map((d) => d.name);
    assert.ok(dbs.includes(db.databaseName));
  });

  await check('find + getMore page through 250 documents', async () => {
    const c = db.collection('paging');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, v: i })));
    const all = await c.find({}, { batchSize: 40 }).toArray();
    assert.equal(all.length, 250);
    assert.deepEqual(all.slice(0, 3).map((d) => d._id), [0, 1, 2]);
  });

  // Collection with pre- and post-images, watched with updateLookup + fullDocumentBeforeChange.
  const imagesColl = db.collection('images');
  let eventsSeen = [];
  await check('collection stream: insert/update/replace/delete shapes with images', async () => {
    await db.createCollection('images', { changeStreamPreAndPostImages: { enabled: true } });
    const cs = imagesColl.watch([], {
      fullDocument: 'updateLookup',
      fullDocumentBeforeChange: 'whenAvailable',
      maxAwaitTimeMS: 200,
    });
    await cs.tryNext();
    await imagesColl.insertOne({ _id: 'k1', n: 1, arr: [1] });
    await imagesColl.updateOne({ _id: 'k1' }, { $set: { n: 2 }, $unset: { gone: '' } });
    await imagesColl.updateOne({ _id: 'k1' }, { $set: { s: 'x' }, $unset: { arr: '' } });
    await imagesColl.replaceOne({ _id: 'k1' }, { r: true });
    await imagesColl.deleteOne({ _id: 'k1' });
    const [ins, up1, up2, rep, del] = await events(cs, 5);
    eventsSeen = [ins, up1, up2, rep, del];

    assertCommon(ins, 'insert');
    assert.deepEqual(keys(ins), ['_id', 'clusterTime', 'documentKey', 'fullDocument', 'ns', 'operationType', 'wallTime']);
    assert.deepEqual(ins.ns, { db: db.databaseName, coll: 'images' });
    assert.deepEqual(ins.documentKey, { _id: 'k1' });
    assert.deepEqual(ins.fullDocument, { _id: 'k1', n: 1, arr: [1] });

    assertCommon(up1, 'update');
    assert.deepEqual(keys(up1), ['_id', 'clusterTime', 'documentKey', 'fullDocument', 'fullDocumentBeforeChange', 'ns', 'operationType', 'updateDescription', 'wallTime']);
    assert.deepEqual(up1.updateDescription, { updatedFields: { n: 2 }, removedFields: [], truncatedArrays: [] });
    assert.deepEqual(up1.fullDocumentBeforeChange, { _id: 'k1', n: 1, arr: [1] });
    // updateLookup reads the current document: it was deleted before the event was read.
    assert.equal(up1.fullDocument, null);
    assert.deepEqual(up2.updateDescription, { updatedFields: { s: 'x' }, removedFields: ['arr'], truncatedArrays: [] });
    assert.deepEqual(up2.fullDocumentBeforeChange, { _id: 'k1', n: 2, arr: [1] });

    assertCommon(rep, 'replace');
    assert.deepEqual(keys(rep), ['_id', 'clusterTime', 'documentKey', 'fullDocument', 'fullDocumentBeforeChange', 'ns', 'operationType', 'wallTime']);
    assert.deepEqual(rep.fullDocument, { _id: 'k1', r: true });
    assert.deepEqual(rep.fullDocumentBeforeChange, { _id: 'k1', n: 2, s: 'x' });

    assertCommon(del, 'delete');
    assert.deepEqual(keys(del), ['_id', 'clusterTime', 'documentKey', 'fullDocumentBeforeChange', 'ns', 'operationType', 'wallTime']);
    assert.deepEqual(del.fullDocumentBeforeChange, { _id: 'k1', r: true });

    const tokens = eventsSeen.map((e) => e._id._data);
    assert.deepEqual([...tokens].sort(), tokens, 'resume tokens sort in oplog order');
    for (let i = 1; i < eventsSeen.length; i++) {
      assert.ok(eventsSeen[i].clusterTime.greaterThan(eventsSeen[i - 1].clusterTime), 'clusterTime increases');
    }
    await cs.close();
  });

  await check('updateLookup returns the current document; required pre-images fail without images', async () => {
    const c = db.collection('lookup');
    const cs = c.watch([], { fullDocument: 'updateLookup', maxAwaitTimeMS: 200 });
    await cs.tryNext();
    await c.insertOne({ _id: 1, v: 1 });
    await c.updateOne({ _id: 1 }, { $set: { v: 2 } });
    const [, up] = await events(cs, 2);
    assert.deepEqual(up.fullDocument, { _id: 1, v: 2 });
    assert.equal('fullDocumentBeforeChange' in up, false);
    await cs.close();
    const strict = c.watch([], { fullDocumentBeforeChange: 'required', maxAwaitTimeMS: 200 });
    await strict.tryNext();
    await c.deleteOne({ _id: 1 });
    await assert.rejects(nextEvent(strict), (err) => {
      assert.match(err.message, /pre-image/);
      return true;
    });
    await strict.close().catch(() => {});
  });

  await check('resumeAfter continues after the given event', async () => {
    assert.equal(eventsSeen.length, 5);
    const cs = imagesColl.watch([], { resumeAfter: eventsSeen[1]._id, maxAwaitTimeMS: 200 });
    const next = await events(cs, 3);
    assert.deepEqual(next.map((e) => e.operationType), ['update', 'replace', 'delete']);
    assert.deepEqual(next[0]._id, eventsSeen[2]._id);
    await cs.close();
  });

  await check('startAtOperationTime replays from a cluster time', async () => {
    const cs = imagesColl.watch([], { startAtOperationTime: eventsSeen[3].clusterTime, maxAwaitTimeMS: 200 });
    const next = await events(cs, 2);
    assert.deepEqual(next.map((e) => e.operationType), ['replace', 'delete']);
    await cs.close();
  });

  await check('drop invalidates a collection stream; startAfter works, resumeAfter fails with 260', async () => {
    const c = db.collection('dropme');
    await c.insertOne({ _id: 0 });
    const cs = c.watch([], { maxAwaitTimeMS: 200 });
    await cs.tryNext();
    await c.insertOne({ _id: 1 });
    await c.drop();
    const [ins, drop, inv] = await events(cs, 3);
    assert.equal(ins.operationType, 'insert');
    assertCommon(drop, 'drop');
    assert.deepEqual(keys(drop), ['_id', 'clusterTime', 'ns', 'operationType', 'wallTime']);
    assert.deepEqual(drop.ns, { db: db.databaseName, coll: 'dropme' });
    assertCommon(inv, 'invalidate');
    assert.deepEqual(keys(inv), ['_id', 'clusterTime', 'operationType', 'wallTime']);
    assert.ok(inv._id._data > drop._id._data);
    assert.equal(cs.closed, true, 'the driver closes a stream after invalidate');

    await c.insertOne({ _id: 2 });
    const after = c.watch([], { startAfter: inv._id, maxAwaitTimeMS: 200 });
    const ev = await nextEvent(after);
    assert.equal(ev.operationType, 'insert');
    assert.deepEqual(ev.documentKey, { _id: 2 });
    await after.close();

    const bad = c.watch([], { resumeAfter: inv._id, maxAwaitTimeMS: 200 });
    await assert.rejects(bad.tryNext(), (err) => {
      assert.equal(err.code, 260);
      assert.match(err.message, /resumeAfter.*invalidate/);
      return true;
    });
    await bad.close().catch(() => {});
  });

  await check('database stream with $match, showExpandedEvents, rename and dropDatabase', async () => {
    const ddb = client.db(`${runId}_ddb`);
    const cs = ddb.watch(
      [{ $match: { $or: [{ operationType: { $in: ['create', 'rename', 'update', 'dropDatabase', 'invalidate'] } }, { 'ns.coll': 'wanted' }] } }],
      { showExpandedEvents: true, maxAwaitTimeMS: 200 });
    await cs.tryNext();
    await ddb.collection('wanted').insertOne({ _id: 1, a: { b: 1 } });
    await ddb.collection('other').insertOne({ _id: 1 });
    await ddb.collection('wanted').updateOne({ _id: 1 }, { $set: { 'a.b': 2 } });
    await ddb.collection('wanted').rename('renamed');
    await ddb.dropDatabase();
    const got = await events(cs, 7);
    assert.deepEqual(got.map((e) => `${e.operationType}:${e.ns?.coll ?? ''}`),
      ['create:wanted', 'insert:wanted', 'create:other', 'update:wanted', 'rename:wanted', 'dropDatabase:', 'invalidate:']);
    const [create, insert, , update, rename, dropDb] = got;
    assert.ok(create.collectionUUID, 'create carries collectionUUID with showExpandedEvents');
    assert.equal(create.nsType, 'collection');
    assert.ok(create.operationDescription.idIndex);
    assert.ok(insert.collectionUUID);
    assert.deepEqual(update.updateDescription.updatedFields, { 'a.b': 2 });
    assert.deepEqual(update.updateDescription.disambiguatedPaths, {});
    assert.deepEqual(rename.to, { db: ddb.databaseName, coll: 'renamed' });
    assert.deepEqual(rename.operationDescription.to, { db: ddb.databaseName, coll: 'renamed' });
    assert.deepEqual(dropDb.ns, { db: ddb.databaseName });
    await cs.close();
  });

  await check('cluster stream sees every database', async () => {
    const cs = client.watch([{ $match: { 'ns.db': { $in: [`${runId}_c1`, `${runId}_c2`] } } }], { maxAwaitTimeMS: 200 });
    await cs.tryNext();
    await client.db(`${runId}_c1`).collection('x').insertOne({ _id: 1 });
    await client.db(`${runId}_c2`).collection('y').insertOne({ _id: 2 });
    const got = await events(cs, 2);
    assert.deepEqual(got.map((e) => e.ns.db), [`${runId}_c1`, `${runId}_c2`]);
    await cs.close();
  });

  await check('postBatchResumeToken advances on a quiet stream', async () => {
    const quiet = db.collection('quiet');
    const cs = quiet.watch([], { maxAwaitTimeMS: 100 });
    await cs.tryNext();
    const before = cs.resumeToken;
    assertToken(before);
    await db.collection('noisy').insertOne({ _id: 1 });
    let after = before;
    const deadline = Date.now() + 10000;
    while (after._data === before._data && Date.now() < deadline) {
      assert.equal(await cs.tryNext(), null);
      after = cs.resumeToken;
    }
    assert.ok(after._data > before._data, `${after._data} > ${before._data}`);
    // Resuming from the high-water mark sees only later events.
    await quiet.insertOne({ _id: 'late' });
    const resumed = quiet.watch([], { resumeAfter: after, maxAwaitTimeMS: 100 });
    const ev = await nextEvent(resumed);
    assert.deepEqual(ev.documentKey, { _id: 'late' });
    await resumed.close();
    await cs.close();
  });

  await check('getMore honours batchSize', async () => {
    const c = db.collection('batches');
    const cs = c.watch([], { batchSize: 3, maxAwaitTimeMS: 100 });
    await cs.tryNext();
    await c.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i })));
    const got = await events(cs, 10);
    assert.deepEqual(got.map((e) => e.documentKey._id), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await cs.close();
  });

  await check('resuming from a truncated oplog fails with 286 ChangeStreamHistoryLost', async () => {
    if (!sim) return 'skip';
    const c = db.collection('trunc');
    const cs = c.watch([], { maxAwaitTimeMS: 100 });
    await cs.tryNext();
    await c.insertOne({ _id: 1 });
    const first = await nextEvent(cs);
    await cs.close();
    await c.insertOne({ _id: 2 });
    await c.insertOne({ _id: 3 });
    const r = await admin.command({ simTruncateOplog: 1, keepLast: 1 });
    assert.ok(r.dropped >= 2);
    const lost = c.watch([], { resumeAfter: first._id, maxAwaitTimeMS: 100 });
    await assert.rejects(lost.tryNext(), (err) => {
      assert.equal(err.code, 286);
      assert.equal(err.codeName, 'ChangeStreamHistoryLost');
      assert.match(err.message, /resume point may no longer be in the oplog/);
      return true;
    });
    await lost.close().catch(() => {});
  });

  await check('writes in a transaction carry lsid and txnNumber in their events', async () => {
    const c = db.collection('txn');
    await c.insertOne({ _id: 0 });
    const cs = c.watch([], { maxAwaitTimeMS: 200 });
    await cs.tryNext();
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await c.insertOne({ _id: 1 }, { session });
        await c.updateOne({ _id: 0 }, { $set: { t: 1 } }, { session });
      });
    } finally {
      await session.endSession();
    }
    await c.insertOne({ _id: 2 });
    const [ins, up, plain] = await events(cs, 3);
    for (const ev of [ins, up]) {
      assert.ok(ev.lsid && ev.lsid.id, 'lsid present');
      assert.equal(typeof ev.txnNumber, 'number');
    }
    assert.deepEqual(ins.lsid, up.lsid);
    assert.equal('lsid' in plain, false, 'a retryable write outside a transaction has no lsid');
    assert.equal('txnNumber' in plain, false);
    await cs.close();
  });

  await check('$changeStreamSplitLargeEvent splits a >16 MiB event into fragments', async () => {
    await db.createCollection('big', { changeStreamPreAndPostImages: { enabled: true } });
    const c = db.collection('big');
    const nine = 'a'.repeat(9 * 1024 * 1024);
    await c.insertOne({ _id: 1, blob: nine });
    const cs = c.watch([{ $changeStreamSplitLargeEvent: {} }],
      { fullDocumentBeforeChange: 'required', maxAwaitTimeMS: 200 });
    await cs.tryNext();
    await c.replaceOne({ _id: 1 }, { blob: 'b'.repeat(9 * 1024 * 1024) });
    const [f1, f2] = await events(cs, 2, 20000);
    assert.deepEqual(f1.splitEvent, { fragment: 1, of: 2 });
    assert.deepEqual(f2.splitEvent, { fragment: 2, of: 2 });
    assert.equal(f1.operationType, 'replace');
    assert.ok(f1._id._data < f2._id._data);
    const merged = { ...f1, ...f2 };
    assert.equal(merged.fullDocument.blob.length, 9 * 1024 * 1024);
    assert.equal(merged.fullDocumentBeforeChange.blob[0], 'a');
    // Resuming after the first fragment yields the second.
    const resumed = c.watch([{ $changeStreamSplitLargeEvent: {} }],
      { fullDocumentBeforeChange: 'required', resumeAfter: f1._id, maxAwaitTimeMS: 200 });
    const again = await nextEvent(resumed, 20000);
    assert.deepEqual(again.splitEvent, { fragment: 2, of: 2 });
    await resumed.close();
    await cs.close();
    await c.drop();
  });

  await check('failCommand: an error with errorCode and errorLabels reaches the client', async () => {
    await failCommand(admin, { mode: { times: 1 }, data: { failCommands: ['insert'], errorCode: 2, errorLabels: [] } });
    await assert.rejects(db.collection('fp').insertOne({ _id: 1 }), (err) => {
      assert.equal(err.code, 2);
      assert.match(err.message, /failCommand/);
      return true;
    });
    await db.collection('fp').insertOne({ _id: 1 });  // times: 1 -> only the first failed
    assert.equal(await db.collection('fp').countDocuments({}), 1);
  });

  await check('failCommand: retryable getMore error (6 HostUnreachable) is resumed transparently', async () => {
    const c = db.collection('resumable');
    const cs = c.watch([], { maxAwaitTimeMS: 100 });
    await cs.tryNext();
    await c.insertOne({ _id: 1 });
    assert.deepEqual((await nextEvent(cs)).documentKey, { _id: 1 });
    await failCommand(admin, {
      mode: { times: 1 },
      data: { failCommands: ['getMore'], errorCode: 6, errorLabels: ['ResumableChangeStreamError'] },
    });
    await c.insertOne({ _id: 2 });
    assert.deepEqual((await nextEvent(cs)).documentKey, { _id: 2 });
    await c.insertOne({ _id: 3 });
    assert.deepEqual((await nextEvent(cs)).documentKey, { _id: 3 });
    await cs.close();
  });

  await check('failCommand: closeConnection on getMore is resumed without loss or duplicates', async () => {
    const c = db.collection('closing');
    const cs = c.watch([], { maxAwaitTimeMS: 100 });
    await cs.tryNext();
    await c.insertOne({ _id: 1 });
    assert.deepEqual((await nextEvent(cs)).documentKey, { _id: 1 });
    await failCommand(admin, { mode: { times: 1 }, data: { failCommands: ['getMore'], closeConnection: true } });
    await c.insertMany([{ _id: 2 }, { _id: 3 }]);
    const got = await events(cs, 2);
    assert.deepEqual(got.map((e) => e.documentKey._id), [2, 3]);
    await cs.close();
  });

  await check('failCommand: blockConnection delays the command', async () => {
    await failCommand(admin, { mode: { times: 1 }, data: { failCommands: ['ping'], blockConnection: true, blockTimeMS: 300 } });
    const t0 = Date.now();
    await db.command({ ping: 1 });
    assert.ok(Date.now() - t0 >= 250, `ping took ${Date.now() - t0} ms`);
    await failCommand(admin, { mode: 'off' });
  });

  await check('killCursors closes a change stream; getMore on it fails with 43', async () => {
    const c = db.collection('killed');
    const r = await db.command({ aggregate: 'killed', pipeline: [{ $changeStream: {} }], cursor: {} });
    const id = r.cursor.id;
    assert.ok(r.cursor.postBatchResumeToken);
    const k = await db.command({ killCursors: 'killed', cursors: [id] });
    assert.equal(k.cursorsKilled.length, 1);
    await assert.rejects(db.command({ getMore: id, collection: 'killed' }), (err) => {
      assert.equal(err.code, 43);
      assert.match(err.message, /cursor id \d+ not found/);
      return true;
    });
    void c;
  });

  await db.dropDatabase();
} catch (err) {
  failed++;
  console.log(`not ok - setup\n  ${err && err.stack ? err.stack : err}`);
} finally {
  await client.close().catch(() => {});
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);

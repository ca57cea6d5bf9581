// Two processes on one database: what one writes, the other's search finds — whatever order the
// transactions commit in, and topic changes included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import type { App } from '../../app.ts';
import { createTestApp, onPostgres, signedInAs } from '../../../test/helpers.ts';
import * as directory from './service.ts';
import { baseInput } from './fixture.test-support.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A little longer than the index waits between two looks at the feed. */
const FEED_INTERVAL = 1100;

async function found(app: App, query: string): Promise<number> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/groups?${query}&limit=1` });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { total: number }).total;
}

async function twoProcesses() {
  const first = await createTestApp();
  // A second app on the same database, with its own connections and its own index.
  const second = await buildApp(first.config, { logger: false });
  return {
    first: first.app,
    second,
    async close() {
      await second.close();
      await first.close();
    },
  };
}

test('a long import committing after later changes is found on both processes', { skip: onPostgres ? false : 'SQLite lets one writer at a time: changes commit in sequence order', timeout: 60_000 }, async () => {
  const { first, second, close } = await twoProcesses();
  try {
    const dir = directory.createDirectory(first.deps);
    const by = { id: null, label: 'Import' };
    const quick = await directory.createGroup(dir, { by, input: baseInput({ name: 'Gesprächskreis Schnellweg' }) });
    // Both processes have built their index and read the feed.
    assert.equal(await found(first, 'q=Schnellweg'), 1);
    assert.equal(await found(second, 'q=Schnellweg'), 1);

    let finishImport!: () => void;
    const importMayFinish = new Promise<void>((resolve) => (finishImport = resolve));
    let imported!: () => void;
    const importStarted = new Promise<void>((resolve) => (imported = resolve));
    // The import takes its sequence numbers first and commits last.
    const longImport = first.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 40; i++) {
        await directory.createGroup(dir, { by, trx, input: baseInput({ name: `Importgruppe Nummer ${i}` }) });
      }
      imported();
      await importMayFinish;
    });
    await importStarted;
    // Meanwhile other edits commit with higher numbers, far more than any fixed window behind the last.
    const group = (await directory.getGroupById(first.deps.db, quick.id)) as directory.Group;
    await directory.updateGroup(dir, { by, group, input: { ...directory.inputFromGroup(group), name: 'Gesprächskreis Eilweg' }, mayChange: () => true });
    for (let i = 0; i < 300; i++) await directory.recordChange(first.deps.db, quick.id);
    await pause(FEED_INTERVAL);
    assert.equal(await found(first, 'q=Eilweg'), 1, 'the short edit is seen while the import is open');
    assert.equal(await found(second, 'q=Eilweg'), 1);
    assert.equal(await found(second, 'q=Importgruppe'), 0, 'nothing of the open import is visible yet');

    finishImport();
    await longImport;
    await pause(FEED_INTERVAL);
    assert.equal(await found(first, 'q=Importgruppe'), 40);
    assert.equal(await found(second, 'q=Importgruppe'), 40);
  } finally {
    await close();
  }
});

test('groups written by one process are found by the other', { timeout: 60_000 }, async () => {
  const { first, second, close } = await twoProcesses();
  try {
    assert.equal(await found(second, 'q=Nachbarhaus'), 0);
    const dir = directory.createDirectory(first.deps);
    await first.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++) {
        await directory.createGroup(dir, { by: { id: null, label: 'Import' }, trx, input: baseInput({ name: `Treff im Nachbarhaus ${i}` }) });
      }
    });
    await pause(FEED_INTERVAL);
    assert.equal(await found(second, 'q=Nachbarhaus'), 5);
  } finally {
    await close();
  }
});

test('a new topic and a new synonym saved by one process are used by the other within a second', { timeout: 60_000 }, async () => {
  const { first, second, close } = await twoProcesses();
  try {
    const dir = directory.createDirectory(first.deps);
    await directory.createGroup(dir, { by: { id: null, label: 'Test' }, input: baseInput({ name: 'Runde für Schlaflose', topics: ['depression'] }) });
    // The second process knows neither the topic nor the synonym yet.
    assert.equal((await second.inject({ method: 'GET', url: '/api/v1/groups?topic=nachtwache' })).statusCode, 400);
    assert.equal(await found(second, 'q=Grübelnacht'), 0);

    const admin = await signedInAs(first, 'admin');
    const made = await admin.client.submit('/admin/topics/new', '/admin/topics/new', {
      slug: 'nachtwache', area: 'mental', nameDe: 'Nachtwache', nameEn: 'Night watch', synonymsDe: '', synonymsEn: '',
    });
    assert.equal(made.statusCode, 303, made.body);
    const depression = dir.topics.get('depression') ?? (await directory.loadTopics(first.deps.db)).get('depression');
    assert.ok(depression);
    const edited = await admin.client.submit('/admin/topics/depression', '/admin/topics/depression', {
      slug: 'depression', area: depression.area, nameDe: depression.name.de, nameEn: depression.name.en,
      synonymsDe: [...depression.synonyms.de, 'Grübelnacht'].join('\n'), synonymsEn: depression.synonyms.en.join('\n'),
    });
    assert.equal(edited.statusCode, 303, edited.body);

    await pause(FEED_INTERVAL);
    assert.equal((await second.inject({ method: 'GET', url: '/api/v1/groups?topic=nachtwache' })).statusCode, 200);
    assert.equal(await found(second, 'q=Grübelnacht'), 1);
    const page = await second.inject({ method: 'GET', url: '/groups?topic=nachtwache' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nachtwache/);
  } finally {
    await close();
  }
});

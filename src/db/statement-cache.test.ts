// The SQLite connection Kysely gets keeps prepared statements: the same statement comes back for the
// same SQL, a busy one (being iterated) is never handed out twice, the number kept is bounded, and a
// schema change is seen through a kept statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { withStatementCache } from './index.ts';

function counted() {
  const connection = new SQLite(':memory:');
  let prepared = 0;
  const original = connection.prepare.bind(connection);
  connection.prepare = ((sqlText: string) => {
    prepared++;
    return original(sqlText);
  }) as typeof connection.prepare;
  connection.exec('create table t (id integer primary key, name text)');
  connection.exec("insert into t (name) values ('a'), ('b'), ('c')");
  return { connection, cache: withStatementCache(connection), prepared: () => prepared };
}

test('the same SQL is prepared once and gives the same answers', () => {
  const { cache, prepared } = counted();
  const before = prepared();
  const first = cache.prepare('select name from t where id = ?');
  const second = cache.prepare('select name from t where id = ?');
  assert.equal(first, second);
  assert.equal(prepared() - before, 1);
  assert.deepEqual(second.all([2]), [{ name: 'b' }]);
  assert.deepEqual(first.all([3]), [{ name: 'c' }]);
});

test('a statement still being iterated is not handed out again', () => {
  const { cache } = counted();
  const streaming = cache.prepare('select id from t order by id');
  const iterator = streaming.iterate();
  assert.deepEqual(iterator.next().value, { id: 1 });
  const meanwhile = cache.prepare('select id from t order by id');
  assert.notEqual(meanwhile, streaming);
  assert.deepEqual(meanwhile.all(), [{ id: 1 }, { id: 2 }, { id: 3 }]);
  assert.deepEqual([...iterator].map((r) => (r as { id: number }).id), [2, 3]);
  iterator.return?.();
});

test('at most 500 statements are kept; the least recently used goes first', () => {
  const { cache, prepared } = counted();
  const keep = cache.prepare('select 0 as n');
  for (let i = 1; i < 500; i++) cache.prepare(`select ${i} as n`);
  cache.prepare('select 0 as n'); // used again: now the most recent
  cache.prepare('select 500 as n'); // the 501st: drops "select 1"
  const before = prepared();
  assert.equal(cache.prepare('select 0 as n'), keep);
  assert.equal(prepared(), before, 'the recently used one stayed');
  cache.prepare('select 1 as n');
  assert.equal(prepared(), before + 1, 'the least recently used one was dropped');
});

test('a kept statement sees a schema change', () => {
  const { connection, cache } = counted();
  const all = cache.prepare('select * from t where id = 1');
  assert.deepEqual(all.all(), [{ id: 1, name: 'a' }]);
  connection.exec("alter table t add column place text not null default 'Leipzig'");
  assert.deepEqual(cache.prepare('select * from t where id = 1').all(), [{ id: 1, name: 'a', place: 'Leipzig' }]);
});

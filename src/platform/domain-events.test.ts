// Domain events: reactions once where a change happened, and cache drops in every process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainEvents } from './domain-events.ts';
import { InProcessBus } from './live/bus.ts';

const turn = () => new Promise((r) => setImmediate(r));
const payload = { groupId: 'g1', slug: 'g-1', by: null };

test('without a bus: every handler runs once, a failing one does not stop the others', async () => {
  const events = new DomainEvents();
  const seen: string[] = [];
  events.on('group.changed', () => {
    throw new Error('broken reaction');
  });
  events.on('group.changed', (p) => void seen.push(`once ${p.slug}`));
  events.onEveryProcess('group.changed', (p) => void seen.push(`every ${p.slug}`));
  await events.emit('group.changed', payload);
  assert.deepEqual(seen, ['once g-1', 'every g-1']);
});

test('two processes on one bus: the other runs its every-process handlers, never its once-only ones, and nobody runs twice', async () => {
  // One bus shared by two DomainEvents stands for the NOTIFY channel between two processes.
  const bus = new InProcessBus();
  const here = new DomainEvents(undefined, bus);
  const there = new DomainEvents(undefined, bus);
  const seen: string[] = [];
  here.on('group.changed', () => void seen.push('here once'));
  here.onEveryProcess('group.changed', () => void seen.push('here every'));
  there.on('group.changed', () => void seen.push('there once'));
  there.onEveryProcess('group.changed', (p) => void seen.push(`there every ${p.groupId}`));
  there.onEveryProcess('group.changed', () => void seen.push('there every (2)'));
  await here.emit('group.changed', payload);
  await turn();
  await turn();
  assert.deepEqual(seen.sort(), ['here every', 'here once', 'there every (2)', 'there every g1'].sort());
  // After closing, the other process no longer listens.
  there.close();
  seen.length = 0;
  await here.emit('group.changed', payload);
  await turn();
  await turn();
  assert.deepEqual(seen.sort(), ['here every', 'here once']);
});

// A group's board follows the group's name: the directory says "group.changed" and the forum, which
// it does not know, renames the board.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, textOf } from '../../../test/helpers.ts';
import { buildFixture } from '../directory/fixture.test-support.ts';
import { inputFromGroup, updateGroup } from '../directory/service.ts';

test('renaming a group renames its board, through the group.changed domain event', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const g = f.groups.leipzigGroup;
    const facilitator = f.people.facilitator.client;
    const entry = await facilitator.get(`/forum/g/${g.slug}`);
    assert.equal(entry.statusCode, 303);
    const board = String(entry.headers.location);
    assert.match(textOf((await facilitator.get(board)).body), new RegExp(g.name));
    const dir = t.app.ports.directory?.directory;
    assert.ok(dir);
    await updateGroup(dir, { by: { id: null, label: 'Test' }, group: g, input: { ...inputFromGroup(g), name: 'Neuer Name der Gruppe' }, mayChange: () => true });
    const page = textOf((await facilitator.get(board)).body);
    assert.match(page, /Neuer Name der Gruppe/);
    assert.doesNotMatch(page, new RegExp(g.name));
    const stored = await t.app.deps.db.selectFrom('forum_categories').select(['name_de', 'name_en']).where('group_id', '=', g.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { name_de: 'Neuer Name der Gruppe', name_en: 'Neuer Name der Gruppe' });
  } finally {
    await t.close();
  }
});

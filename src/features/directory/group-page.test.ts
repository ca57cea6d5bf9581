// The group page keeps each group's rendered description for the group's state: an edit — through
// this process or another on the same database — shows on the very next page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import { Client, createTestApp } from '../../../test/helpers.ts';
import { buildFixture, EXACT_ADDRESS } from './fixture.test-support.ts';
import * as directory from './service.ts';

test('a group\'s new description shows on the next page of this process and of another one', { timeout: 60_000 }, async () => {
  const t = await createTestApp();
  const second = await buildApp(t.config, { logger: false });
  try {
    const f = await buildFixture(t.app);
    const path = `/groups/${f.groups.halle.slug}`;
    for (const app of [t.app, second]) {
      const page = await new Client(app).get(path);
      assert.match(page.body, /<div class="prose"><p>Wir treffen uns regelmäßig/);
      // The kept rendering is the same page.
      assert.equal((await new Client(app).get(path)).body.match(/<div class="prose">.*?<\/div>/)?.[0], page.body.match(/<div class="prose">.*?<\/div>/)?.[0]);
    }
    const dir = directory.createDirectory(t.app.deps);
    const group = (await directory.getGroupById(t.app.deps.db, f.groups.halle.id)) as directory.Group;
    await directory.updateGroup(dir, {
      by: { id: null, label: 'Test' }, group, mayChange: () => true,
      input: { ...directory.inputFromGroup(group), description: 'Wir **wandern** jetzt gemeinsam.' },
    });
    for (const app of [t.app, second]) {
      const page = await new Client(app).get(path);
      assert.match(page.body, /<div class="prose"><p>Wir <strong>wandern<\/strong> jetzt gemeinsam\.<\/p>/);
    }
  } finally {
    await second.close();
    await t.close();
  }
});

test('visitors share a kept group page until the group, its contact point or another feature\'s section changes; members get their own', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const path = `/groups/${f.groups.leipzigGroup.slug}`;
    // A section of another feature whose content changes without any change to the group.
    let note = 'Erste Notiz';
    t.app.ports.directory?.groupPageSections.push({ name: 'test.note', render: async () => `<p class="test-note">${note}</p>` });

    const first = await new Client(t.app).get(path);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    const tag = String(first.headers.etag);
    assert.equal((await new Client(t.app).get(path, { 'if-none-match': tag })).statusCode, 304);

    note = 'Zweite Notiz';
    const noted = await new Client(t.app).get(path, { 'if-none-match': tag });
    assert.equal(noted.statusCode, 200);
    assert.match(noted.body, /Zweite Notiz/);

    const p = f.point;
    await directory.updateOrganisation(t.app.deps.db, { actor: { id: null }, id: p.id, input: {
      kind: p.kind, name: 'Kontaktstelle Leipzig-Mitte', description: p.description, region: p.region, placeId: p.place_id, area: p.area, lat: p.lat, lon: p.lon,
      servesRadiusKm: p.serves_radius_km, street: p.street, phone: p.phone, email: p.email, website: p.website, openingHours: p.opening_hours, parentId: p.parent_id,
    } });
    assert.match((await new Client(t.app).get(path)).body, /Kontaktstelle Leipzig-Mitte/);

    // The admitted member sees the exact place and their tag; the next visitor does not.
    const own = await f.people.admitted.client.get(path);
    assert.equal(own.headers['cache-control'], 'no-store');
    assert.ok(own.body.includes(EXACT_ADDRESS));
    const visitor = await new Client(t.app).get(path);
    assert.ok(!visitor.body.includes(EXACT_ADDRESS));
    assert.ok(!visitor.body.includes(f.people.admitted.pseudonym));
  } finally {
    await t.close();
  }
});

// Per-field permissions of a group, as a grid: field change × role × way in (edit form and API),
// asserted both ways — allowed changes are saved, refused ones are refused and leave the group as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client} from '../../../test/helpers.ts';
import { createTestApp } from '../../../test/helpers.ts';
import { buildFixture } from './fixture.test-support.ts';

type Role = 'facilitator' | 'regionStaff' | 'otherStaff' | 'admin' | 'stranger';
const ROLES: Role[] = ['facilitator', 'regionStaff', 'otherStaff', 'admin', 'stranger'];

interface Change {
  name: string;
  field: 'status' | 'name';
  from: string;
  to: string;
  allowed: Role[];
}

const STAFF: Role[] = ['regionStaff', 'admin'];
const EDITORS: Role[] = ['facilitator', 'regionStaff', 'admin'];
const CHANGES: Change[] = [
  { name: 'publish a proposal as active', field: 'status', from: 'proposed', to: 'active', allowed: STAFF },
  { name: 'publish a proposal as founding', field: 'status', from: 'proposed', to: 'founding', allowed: STAFF },
  { name: 'founding → active', field: 'status', from: 'founding', to: 'active', allowed: STAFF },
  { name: 'active → founding', field: 'status', from: 'active', to: 'founding', allowed: STAFF },
  { name: 'pause an active group', field: 'status', from: 'active', to: 'paused', allowed: EDITORS },
  { name: 'resume a paused group', field: 'status', from: 'paused', to: 'active', allowed: EDITORS },
  { name: 'rename', field: 'name', from: 'active', to: 'Neuer Name der Gruppe', allowed: EDITORS },
];

test('per-field permission grid: field × role, through the edit form and the API', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const g = f.groups.leipzigGroup;
    const clients: Record<Role, Client> = {
      facilitator: f.people.facilitator.client,
      regionStaff: f.people.staff.client,
      otherStaff: f.people.otherStaff.client,
      admin: f.people.admin.client,
      stranger: f.people.member.client,
    };
    const db = t.app.deps.db;
    const reset = async (status: string) => db.updateTable('groups').set({ status, name: g.name }).where('id', '=', g.id).execute();
    const current = async () => db.selectFrom('groups').select(['status', 'name']).where('id', '=', g.id).executeTakeFirstOrThrow();

    const ways = {
      async form(c: Client, change: Change) {
        await c.get('/groups');
        const status = change.field === 'status' ? change.to : change.from;
        const name = change.field === 'name' ? change.to : g.name;
        return c.post(`/groups/${g.slug}/edit`, { name, description: g.description, kind: 'self_help', audience: 'affected', formats: 'in_person', place: 'Leipzig', languages: 'de', status, topics: 'depression', accepting: 'yes' });
      },
      async api(c: Client, change: Change) {
        await c.get('/groups');
        return t.app.inject({
          method: 'PATCH', url: `/api/v1/groups/${g.slug}`, payload: { [change.field]: change.to },
          headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf },
        });
      },
    };

    const wrong: string[] = [];
    let cells = 0;
    for (const change of CHANGES) {
      for (const role of ROLES) {
        for (const [way, run] of Object.entries(ways)) {
          await reset(change.from);
          const res = await run(clients[role], change);
          const after = await current();
          const saved = change.field === 'status' ? after.status === change.to : after.name === change.to;
          const expected = change.allowed.includes(role);
          cells++;
          if (res.statusCode >= 500) wrong.push(`${role} ${way} ${change.name}: ${res.statusCode}`);
          if (saved !== expected) wrong.push(`${role} ${way} ${change.name}: ${saved ? 'saved' : 'not saved'} (${res.statusCode}), expected ${expected ? 'saved' : 'refused'}`);
          if (!expected && res.statusCode < 400) wrong.push(`${role} ${way} ${change.name}: answered ${res.statusCode} to a refused change`);
          if (!expected && way === 'api' && role === 'facilitator' && res.statusCode === 403) {
            const problem = res.json() as { errors?: Array<{ field: string }> };
            if (!problem.errors?.some((e) => e.field === change.field)) wrong.push(`${role} api ${change.name}: the problem does not name the field`);
          }
        }
      }
    }
    assert.deepEqual(wrong, []);
    assert.equal(cells, CHANGES.length * ROLES.length * 2);

    // The form offers a facilitator only what the rules allow, and says why.
    await reset('active');
    const form = await clients.facilitator.get(`/groups/${g.slug}/edit`);
    const options = [...form.body.matchAll(/<option value="(\w+)"/g)].map((m) => m[1]).filter((v) => ['active', 'paused', 'founding', 'proposed'].includes(v as string));
    assert.deepEqual(options.sort(), ['active', 'paused']);
  } finally {
    await t.close();
  }
});

// Mail floods (finding 8): news of the same kind about the same thing reaches a person at most once
// an hour; joining and leaving a group ten times does not send the facilitators ten mails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, outbox, signedInAs } from '../helpers.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';
import { startMemberConversation } from '../../src/features/directory/contact.ts';

test('joining and leaving ten times, and ten messages in one conversation, send one mail each', async () => {
  const t = await createTestApp();
  try {
    const f = await buildFixture(t.app);
    const g = f.groups.leipzigGroup;
    await outbox(t.app);
    const before = (await outbox(t.app)).length;
    const { client } = await signedInAs(t.app, 'member', 'Hin und Her');
    for (let i = 0; i < 10; i++) {
      await client.get(`/groups/${g.slug}/join`);
      const joined = await client.post(`/groups/${g.slug}/join`, { message: `Versuch ${i}` });
      assert.equal(joined.statusCode, 303, `join ${i}`);
      await client.get(`/groups/${g.slug}`);
      const left = await client.post(`/groups/${g.slug}/leave`);
      assert.equal(left.statusCode, 303, `leave ${i}`);
    }
    const mails = (await outbox(t.app)).slice(0, (await outbox(t.app)).length - before);
    const toLena = mails.filter((m) => m.to_address === 'lena@example.org');
    // The fixture's own join request already told her within this hour: at most that one mail.
    assert.ok(toLena.length <= 1, `the facilitator got ${toLena.length} mails`);

    // Ten messages from one person in one conversation: one mail.
    const sender = await signedInAs(t.app, 'member', 'Vielschreiber');
    const id = await startMemberConversation(f.dir, { group: g, userId: sender.userId, body: 'Erste Nachricht' });
    for (let i = 0; i < 9; i++) {
      await sender.client.get(`/conversations/${id}`);
      await sender.client.post(`/conversations/${id}/reply`, { message: `Noch eine Nachricht ${i}` });
    }
    const all = await outbox(t.app);
    const aboutConversation = all.filter((m) => m.to_address === 'lena@example.org' && m.text_body.includes(`/conversations/${id}`));
    assert.equal(aboutConversation.length, 1, `${aboutConversation.length} mails about one conversation`);
    // A different conversation is a different thing and is still told.
    const other = await signedInAs(t.app, 'member', 'Andere Person');
    const second = await startMemberConversation(f.dir, { group: g, userId: other.userId, body: 'Hallo' });
    assert.ok((await outbox(t.app)).some((m) => m.to_address === 'lena@example.org' && m.text_body.includes(`/conversations/${second}`)));
  } finally {
    await t.close();
  }
});

// Demo content of moderation, so "Moderation Mia" finds a queue with something in it: an urgent crisis
// post whose writer asked a moderator to look, a reported reply, a first post waiting in a
// pre-moderated category, and a reported anonymous post with someone's address. All people and texts are fictional and written for the demo.
import type { Deps } from '../platform/deps.ts';
import { UserActor } from '../platform/auth/actor.ts';
import { translator } from '../platform/i18n/index.ts';
import { checkCrisisText } from '../platform/crisis/index.ts';
import { createCategory, createPost, createThread, demoSupport } from '../features/forum/index.ts';
import { fileReport, queueForReview, recordCrisisChoice } from '../features/moderation/service.ts';

export async function seedModeration(deps: Deps): Promise<void> {
  const t = translator('de');
  const actor = async (pseudonym: string) => {
    const row = await deps.db.selectFrom('users').select(['id', 'role', 'locale']).where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow();
    return new UserActor(row.id, pseudonym, row.role, row.locale, '', true);
  };
  const write = async (slug: string, who: UserActor, title: string, body: string) => {
    const category = await demoSupport.categoryForDemo(deps, slug);
    const written = await createThread(deps, { actor: who, category, ties: await demoSupport.tiesFor(deps, who), input: { title, body, anonymous: false, contentNote: '' }, t });
    if (!written.ok) throw new Error(`demo moderation thread ${title}`);
    return { written: written.value, category };
  };

  // 1. Urgent: a post that matched the crisis check; the writer chose "publish and let a moderator look".
  const waldweg = await actor('Waldweg');
  const crisisBody = 'Seit der Trennung schlafe ich kaum noch. Manchmal denke ich, es wäre einfacher, einfach nicht mehr aufzuwachen. Geht es jemandem ähnlich?';
  const crisis = await write('depression', waldweg, 'Nachts ist es am schlimmsten', crisisBody);
  await recordCrisisChoice(deps, {
    authorId: waldweg.id, choice: 'publish_and_alert', classes: checkCrisisText(crisisBody).classes, text: '', draftContext: 'forum',
    target: { type: 'post', id: String(crisis.written.postId), url: crisis.written.url, categoryId: crisis.category.id, groupId: crisis.category.group_id },
  });

  // 2. A report: a dismissive reply, reported by two members (below the threshold, so still visible).
  const lindenblatt = await actor('Lindenblatt');
  const asked = await write('angst', await actor('Morgenrot'), 'Panik im Supermarkt', 'Mir wird an der Kasse schwindelig und ich muss raus. Was hilft euch?');
  const thread = await demoSupport.threadForDemo(deps, asked.written.threadId);
  const reply = await createPost(deps, { actor: lindenblatt, category: asked.category, thread, ties: await demoSupport.tiesFor(deps, lindenblatt), input: { body: 'Stell dich nicht so an, einkaufen kann doch jedes Kind.', anonymous: false, contentNote: '' }, t });
  if (!reply.ok) throw new Error('demo moderation reply');
  for (const [reporter, note] of [['Kranich', 'Das ist herablassend.'], ['Sonnenblume', '']] as const) {
    await fileReport(deps, { reporterId: (await actor(reporter)).id, reporterIsStaff: false, targetType: 'post', targetId: String(reply.value.postId), reason: 'harassment', note });
  }

  // 3. Pre-moderation: a category where every post is checked first, with one post waiting.
  await createCategory(deps, {
    slug: 'erste-schritte', nameDe: 'Erste Schritte (geprüft)', nameEn: 'First steps (reviewed)', position: 5, readAccess: 'members', premoderation: 'all',
    descriptionDe: 'Jeder Beitrag wird vor dem Erscheinen von der Moderation gelesen.', descriptionEn: 'Every post is read by the moderators before it appears.',
  });
  const heron = await actor('Heron');
  const waiting = await write('erste-schritte', heron, 'Hello from Leipzig', 'I moved here for work and I am looking for an English-speaking group about anxiety. Does anyone know one?');
  await queueForReview(deps, { target: { type: 'post', id: String(waiting.written.postId), url: waiting.written.url, categoryId: waiting.category.id }, authorId: heron.id, classes: [], choice: null });

  // 4. An anonymous post with someone's street and house number, reported for personal data: to try
  // "edit with a note", and unmasking, which needs a second person (Admin Anke confirms).
  const mira = await actor('Mira K');
  const sad = await demoSupport.categoryForDemo(deps, 'trauer');
  const anonymous = await createThread(deps, {
    actor: mira, category: sad, ties: await demoSupport.tiesFor(deps, mira), t,
    input: { title: 'Wer kennt Frau B. aus der Lindenstraße 12?', body: 'Frau B. aus der Lindenstraße 12 hat nach dem Tod ihres Mannes niemanden mehr. Kann jemand bei ihr klingeln?', anonymous: true, contentNote: '' },
  });
  if (!anonymous.ok) throw new Error('demo moderation anonymous thread');
  await fileReport(deps, { reporterId: (await actor('Kranich')).id, reporterIsStaff: false, targetType: 'post', targetId: String(anonymous.value.postId), reason: 'personal_data', note: 'Hier steht die Adresse einer Person, die davon nichts weiß.' });
}

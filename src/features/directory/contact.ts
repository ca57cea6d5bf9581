// First contact with a group: a conversation between one person (member or visitor) and the
// group's facilitators. Nobody's e-mail address is shown to the other side; mails only say
// that there is a new message and link back to the platform.
import { staffBadge } from '../../platform/auth/roles.ts';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Locale } from '../../db/types.ts';
import type { ConversationsTable } from '../../db/types-directory.ts';
import { nowIso } from '../../platform/time.ts';
import type { Directory, Group } from './service.ts';
import { notifyFacilitators } from './membership.ts';
import { signedKey } from '../../platform/auth/signed-links.ts';

export type Conversation = ConversationsTable;

export interface ConversationMessage {
  id: string;
  fromGroup: boolean;
  author: string | null;
  /** The author's staff role, for a badge members cannot fake. */
  badge: 'staff' | 'moderator' | 'admin' | undefined;
  body: string;
  createdAt: string;
}

export const conversationKey = (dir: Directory, id: string) => signedKey(dir.deps.config.cookieSecret, 'conversation', id);

export const conversationPath = (dir: Directory, c: { id: string; user_id: string | null }) =>
  c.user_id ? `/conversations/${c.id}` : `/conversations/${c.id}?key=${conversationKey(dir, c.id)}`;

export async function getConversation(db: Db, id: string): Promise<Conversation | undefined> {
  return db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listMessages(db: Db, conversationId: string): Promise<ConversationMessage[]> {
  const rows = await db
    .selectFrom('conversation_messages')
    .leftJoin('users', 'users.id', 'conversation_messages.author_id')
    .select(['conversation_messages.id', 'conversation_messages.from_group', 'conversation_messages.body', 'conversation_messages.created_at', 'users.pseudonym', 'users.role'])
    .where('conversation_messages.conversation_id', '=', conversationId)
    .orderBy('conversation_messages.created_at')
    .orderBy('conversation_messages.id')
    .execute();
  return rows.map((r) => ({ id: r.id, fromGroup: r.from_group === 1, author: r.pseudonym, badge: staffBadge(r.role), body: r.body, createdAt: r.created_at }));
}

async function addMessage(trx: Db, conversationId: string, fromGroup: boolean, authorId: string | null, body: string): Promise<void> {
  const now = nowIso();
  await trx.insertInto('conversation_messages').values({ id: randomUUID(), conversation_id: conversationId, from_group: fromGroup ? 1 : 0, author_id: authorId, body, created_at: now }).execute();
  await trx.updateTable('conversations').set({ last_message_at: now }).where('id', '=', conversationId).execute();
}

/** A member writes to a group; the facilitators get a mail. */
export async function startMemberConversation(dir: Directory, { group, userId, body }: { group: Group; userId: string; body: string }): Promise<string> {
  const id = randomUUID();
  await dir.deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx
      .insertInto('conversations')
      .values({ id, group_id: group.id, user_id: userId, visitor_name: '', visitor_email: null, visitor_locale: 'de', status: 'open', created_at: now, last_message_at: now })
      .execute();
    await addMessage(trx, id, false, userId, body);
    await notifyFacilitators(dir, group, 'directory.mail.contactSubject', ['directory.mail.contactBody'], `/conversations/${id}`, {}, trx);
  });
  return id;
}

/** A visitor writes; nothing reaches the group until they confirm through the link in the mail. */
export async function startVisitorConversation(
  dir: Directory,
  { group, name, email, locale, body }: { group: Group; name: string; email: string; locale: Locale; body: string },
): Promise<string> {
  const id = randomUUID();
  await dir.deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx
      .insertInto('conversations')
      .values({ id, group_id: group.id, user_id: null, visitor_name: name, visitor_email: email, visitor_locale: locale, status: 'unconfirmed', created_at: now, last_message_at: now })
      .execute();
    await addMessage(trx, id, false, null, body);
    await dir.deps.mailer.send(
      locale,
      email,
      {
        subject: 'directory.mail.visitorConfirmSubject',
        paragraphs: ['directory.mail.visitorConfirmBody'],
        action: { label: 'directory.mail.visitorConfirmAction', url: `${dir.deps.config.baseUrl}${conversationPath(dir, { id, user_id: null })}` },
        after: ['directory.mail.visitorConfirmIgnore'],
      },
      { group: group.name },
      trx,
    );
  });
  return id;
}

export async function confirmVisitorConversation(dir: Directory, conversation: Conversation, group: Group): Promise<boolean> {
  return dir.deps.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('conversations').set({ status: 'open' }).where('id', '=', conversation.id).where('status', '=', 'unconfirmed').executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await notifyFacilitators(dir, group, 'directory.mail.contactSubject', ['directory.mail.contactBody'], `/conversations/${conversation.id}`, {}, trx);
    return true;
  });
}

/** A reply from the group's side; the person who wrote first is told by mail. */
export async function replyAsGroup(dir: Directory, { conversation, group, authorId, body }: { conversation: Conversation; group: Group; authorId: string; body: string }): Promise<void> {
  await dir.deps.db.transaction().execute(async (trx) => {
    await addMessage(trx, conversation.id, true, authorId, body);
    const url = `${dir.deps.config.baseUrl}${conversationPath(dir, conversation)}`;
    const template = { subject: 'directory.mail.replySubject', paragraphs: ['directory.mail.replyBody'], action: { label: 'directory.mail.open', url } } as const;
    if (conversation.user_id) {
      const user = await dir.deps.accounts.mailbox(conversation.user_id, trx);
      if (user) await dir.deps.mailer.send(user.locale, user.email, { ...template, paragraphs: [...template.paragraphs] }, { group: group.name }, trx);
    } else if (conversation.visitor_email) {
      const locale: Locale = conversation.visitor_locale === 'en' ? 'en' : 'de';
      await dir.deps.mailer.send(locale, conversation.visitor_email, { ...template, paragraphs: [...template.paragraphs] }, { group: group.name }, trx);
    }
  });
}

/** A reply from the person who started; the facilitators are told. */
export async function replyAsStarter(dir: Directory, { conversation, group, authorId, body }: { conversation: Conversation; group: Group; authorId: string | null; body: string }): Promise<void> {
  await dir.deps.db.transaction().execute(async (trx) => {
    await addMessage(trx, conversation.id, false, authorId, body);
    await notifyFacilitators(dir, group, 'directory.mail.contactSubject', ['directory.mail.contactBody'], `/conversations/${conversation.id}`, {}, trx);
  });
}

export async function closeConversation(db: Db, id: string): Promise<void> {
  await db.updateTable('conversations').set({ status: 'closed' }).where('id', '=', id).execute();
}

export interface ConversationSummary {
  id: string;
  groupId: string;
  starter: string;
  status: string;
  lastMessageAt: string;
  messages: number;
}

async function summaries(db: Db, where: { groupId?: string; userId?: string }): Promise<ConversationSummary[]> {
  let q = db
    .selectFrom('conversations')
    .leftJoin('users', 'users.id', 'conversations.user_id')
    .select([
      'conversations.id', 'conversations.group_id', 'conversations.status', 'conversations.last_message_at',
      'conversations.visitor_name', 'users.pseudonym',
      (eb) => eb.selectFrom('conversation_messages').select((e) => e.fn.countAll<number>().as('n')).whereRef('conversation_messages.conversation_id', '=', 'conversations.id').as('messages'),
    ])
    .orderBy('conversations.last_message_at', 'desc')
    .limit(200);
  if (where.groupId) q = q.where('conversations.group_id', '=', where.groupId).where('conversations.status', '!=', 'unconfirmed');
  if (where.userId) q = q.where('conversations.user_id', '=', where.userId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    groupId: r.group_id,
    starter: r.pseudonym ?? r.visitor_name,
    status: r.status,
    lastMessageAt: r.last_message_at,
    messages: Number(r.messages ?? 0),
  }));
}

/** The name the group side sees for whoever started a conversation: their pseudonym, or the visitor's name. */
export async function starterOf(db: Db, conversation: Pick<ConversationsTable, 'user_id' | 'visitor_name'>): Promise<string> {
  if (!conversation.user_id) return conversation.visitor_name;
  return (await db.selectFrom('users').select('pseudonym').where('id', '=', conversation.user_id).executeTakeFirst())?.pseudonym ?? '';
}

export const conversationsOfGroup = (db: Db, groupId: string) => summaries(db, { groupId });
export const conversationsOfUser = (db: Db, userId: string) => summaries(db, { userId });

export async function exportConversations(db: Db, userId: string) {
  const list = await conversationsOfUser(db, userId);
  const result = [];
  for (const c of list) result.push({ ...c, messages: await listMessages(db, c.id) });
  return result;
}

// Reading the outbox: mails kept here when no SMTP server is configured.
import type { Db } from '../../db/index.ts';

export async function listOutbox(db: Db, page: number, perPage: number) {
  const total = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await db
    .selectFrom('outbox')
    .select(['id', 'to_address', 'subject', 'created_at'])
    .orderBy('id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { items, total: Number(total.n) };
}

export async function getOutboxMail(db: Db, id: number) {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

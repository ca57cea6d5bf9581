// Categories as administrators make and order them.
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import type { Translator } from '../../platform/i18n/index.ts';
import { formString } from '../../platform/forms.ts';
import { recordAudit } from '../../platform/audit.ts';
import { nowIso } from '../../platform/time.ts';
import { PREMODERATION, READ_ACCESS, START_ACCESS } from './model.ts';
import { BOARD_PREFIX } from './queries.ts';
import type { CategoryFormValues } from './views.tsx';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;

export function readCategoryForm(body: unknown, t: Translator): { values: CategoryFormValues; errors: FieldProblem[]; editing: string | null } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const s = (k: string) => formString(b[k]).trim();
  const checked = (k: string) => s(k) !== '';
  const values: CategoryFormValues = {
    slug: s('slug').toLowerCase(), nameDe: s('nameDe'), nameEn: s('nameEn'), descriptionDe: s('descriptionDe'), descriptionEn: s('descriptionEn'), position: s('position'),
    readAccess: s('readAccess'), startAccess: s('startAccess'), anonymous: checked('anonymous'), premoderation: s('premoderation'), noindex: checked('noindex'), locked: checked('locked'),
  };
  const errors: FieldProblem[] = [];
  if (!SLUG.test(values.slug) || values.slug.startsWith(BOARD_PREFIX)) errors.push({ field: 'slug', message: t('forum.admin.slugInvalid') });
  if (!values.nameDe || values.nameDe.length > 80) errors.push({ field: 'nameDe', message: t('form.required', { label: t('forum.admin.nameDe') }) });
  if (!values.nameEn || values.nameEn.length > 80) errors.push({ field: 'nameEn', message: t('form.required', { label: t('forum.admin.nameEn') }) });
  if (values.descriptionDe.length > 500) errors.push({ field: 'descriptionDe', message: t('form.tooLong', { label: t('forum.admin.descriptionDe'), max: 500, count: values.descriptionDe.length }) });
  if (values.descriptionEn.length > 500) errors.push({ field: 'descriptionEn', message: t('form.tooLong', { label: t('forum.admin.descriptionEn'), max: 500, count: values.descriptionEn.length }) });
  if (!/^\d{1,6}$/.test(values.position)) errors.push({ field: 'position', message: t('forum.admin.positionInvalid') });
  if (!(READ_ACCESS as readonly string[]).includes(values.readAccess)) errors.push({ field: 'readAccess', message: t('form.choiceRequired', { label: t('forum.admin.readAccess') }) });
  if (!(START_ACCESS as readonly string[]).includes(values.startAccess)) errors.push({ field: 'startAccess', message: t('form.choiceRequired', { label: t('forum.admin.startAccess') }) });
  if (!(PREMODERATION as readonly string[]).includes(values.premoderation)) errors.push({ field: 'premoderation', message: t('form.choiceRequired', { label: t('forum.admin.premoderation') }) });
  const editing = s('editing') || null;
  return { values, errors, editing };
}

export async function saveCategory(deps: Deps, actor: UserActor, v: CategoryFormValues, editing: string | null, t: Translator): Promise<{ ok: true } | { ok: false; errors: FieldProblem[] }> {
  const now = nowIso();
  const row = {
    slug: v.slug, name_de: v.nameDe, name_en: v.nameEn, description_de: v.descriptionDe, description_en: v.descriptionEn, position: Number(v.position), read_access: v.readAccess,
    start_access: v.startAccess, anonymous_allowed: v.anonymous ? 1 : 0, premoderation: v.premoderation, noindex: v.noindex ? 1 : 0, locked: v.locked ? 1 : 0, updated_at: now,
  };
  const clash = await deps.db.selectFrom('forum_categories').select('slug').where('slug', '=', v.slug).executeTakeFirst();
  if (clash && clash.slug !== editing) return { ok: false, errors: [{ field: 'slug', message: t('forum.admin.slugTaken') }] };
  await deps.db.transaction().execute(async (trx) => {
    if (editing) {
      await trx.updateTable('forum_categories').set(row).where('slug', '=', editing).where('group_id', 'is', null).execute();
    } else {
      await trx.insertInto('forum_categories').values({ ...row, id: randomUUID(), group_id: null, created_at: now }).execute();
    }
    await recordAudit(trx, { actorId: actor.id, action: editing ? 'forum.category_changed' : 'forum.category_created', subjectType: 'forum_category', subjectId: v.slug, details: {} });
  });
  return { ok: true };
}

/** A category straight from code (demo, tests): the same row the form writes. */
export async function createCategory(
  deps: Pick<Deps, 'db'>,
  c: { slug: string; nameDe: string; nameEn: string; descriptionDe?: string; descriptionEn?: string; position: number; readAccess?: string; startAccess?: string; anonymous?: boolean; premoderation?: string; noindex?: boolean; locked?: boolean },
): Promise<string> {
  const now = nowIso();
  const id = randomUUID();
  await deps.db
    .insertInto('forum_categories')
    .values({
      id, slug: c.slug, name_de: c.nameDe, name_en: c.nameEn, description_de: c.descriptionDe ?? '', description_en: c.descriptionEn ?? '', position: c.position,
      read_access: c.readAccess ?? 'members', start_access: c.startAccess ?? 'members', anonymous_allowed: c.anonymous ? 1 : 0, premoderation: c.premoderation ?? 'none',
      noindex: c.noindex === false ? 0 : 1, locked: c.locked ? 1 : 0, group_id: null, created_at: now, updated_at: now,
    })
    .execute();
  return id;
}

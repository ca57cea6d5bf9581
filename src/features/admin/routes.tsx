// /admin: overview, outbox, accounts and roles, page texts, audit log. Administrators only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { pageCount, parsePage } from '../../platform/pagination.ts';
import type { Locale, Role } from '../../db/types.ts';
import { defineForm, formString } from '../../platform/forms.ts';
import { notFound } from '../../platform/errors.ts';
import { pageContext, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import { ROLES } from '../../platform/auth/roles.ts';
import { isLocale } from '../../platform/i18n/index.ts';
import { getOutboxMail, listOutbox } from '../../platform/mail/outbox.ts';
import { listAudit } from '../../platform/audit.ts';
import { listAccounts, pseudonymsOf, setRole } from '../accounts/index.ts';
import { getPage, isPageSlug, listPages, resetPage, savePage } from '../pages/index.ts';
import { ensureCanAdminister, ensureCanAssignRoles, ensureCanReadAudit, ensureCanReadOutbox } from './policy.ts';
import { AdminHomeScreen, AuditScreen, OutboxMailScreen, OutboxScreen, PageEditScreen, PagesScreen, UsersScreen } from './views.tsx';
import { ensureCanEditPages } from '../pages/index.ts';

const PER_PAGE = 50;
const PageQuery = Type.Object({
  page: Type.Optional(Type.String({ maxLength: 10 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
});

/** The audit row's details as short "key: value" pairs (the why of a staff action, e.g. an unmasking's reason). */
function auditDetails(raw: string): string {
  try {
    const data = JSON.parse(raw) as Record<string, unknown>;
    return Object.entries(data).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ').slice(0, 400);
  } catch {
    return '';
  }
}

const roleForm = defineForm({ role: { kind: 'choice', label: 'account.role', required: true, values: ROLES } });
const pageForm = defineForm({
  title: { kind: 'text', label: 'admin.pageTitle', required: true, max: 200 },
  body: { kind: 'longtext', label: 'admin.pageBody', required: true, max: 50_000 },
});


export const adminRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);
  const listQuery = { schema: { querystring: PageQuery }, attachValidation: true };

  app.get('/admin', async (req, reply) => {
    ensureCanAdminister(req.actor);
    return sendHtml(reply, <AdminHomeScreen ctx={page(req, reply)} />);
  });

  app.get('/admin/outbox', listQuery, async (req, reply) => {
    ensureCanReadOutbox(req.actor);
    const n = parsePage(req.query.page);
    const { items, total } = await listOutbox(deps.db, n, PER_PAGE);
    return sendHtml(reply, (
      <OutboxScreen
        ctx={page(req, reply)}
        items={items.map((m) => ({ id: m.id, to: m.to_address, subject: m.subject, createdAt: m.created_at }))}
        page={n}
        pages={pageCount(total, PER_PAGE)}
        smtp={Boolean(deps.config.smtpUrl)}
      />
    ));
  });

  app.get('/admin/outbox/:id', { schema: { params: Type.Object({ id: Type.String({ maxLength: 20 }) }) } }, async (req, reply) => {
    ensureCanReadOutbox(req.actor);
    const id = Number(req.params.id);
    const mail = Number.isSafeInteger(id) ? await getOutboxMail(deps.db, id) : undefined;
    if (!mail) throw notFound('mail_not_found');
    return sendHtml(reply, <OutboxMailScreen ctx={page(req, reply)} mail={{ to: mail.to_address, subject: mail.subject, text: mail.text_body, html: mail.html_body, createdAt: mail.created_at }} />);
  });

  app.get('/admin/users', listQuery, async (req, reply) => {
    ensureCanAssignRoles(req.actor);
    const n = parsePage(req.query.page);
    const query = formString(req.query.q).slice(0, 100);
    const { items, total } = await listAccounts(deps.db, query, n, PER_PAGE);
    const actorId = req.actor.id;
    return sendHtml(reply, (
      <UsersScreen
        ctx={page(req, reply)}
        query={query}
        users={items.map((u) => ({ ...u, isSelf: u.id === actorId }))}
        total={total}
        page={n}
        pages={pageCount(total, PER_PAGE)}
      />
    ));
  });

  app.post('/admin/users/:id/role', { schema: { params: Type.Object({ id: Type.String({ maxLength: 60 }) }), body: roleForm.schema }, attachValidation: true }, async (req, reply) => {
    ensureCanAssignRoles(req.actor);
    const { values, errors } = roleForm.parse(req.body, req.t);
    if (errors.length > 0) return seeOther(reply, '/admin/users');
    const result = await setRole(deps, { actorId: req.actor.id, userId: req.params.id, role: values.role as Role });
    if (result === 'not_found') throw notFound('account_not_found');
    if (result === 'self') setFlash(reply, 'admin.usersSelf', undefined, 'info');
    else if (result === 'last_admin') setFlash(reply, 'delete.lastAdmin', undefined, 'info');
    else {
      const names = await pseudonymsOf(deps.db, [req.params.id]);
      setFlash(reply, 'admin.usersSaved', { name: names.get(req.params.id) ?? '', role: req.t(`role.${values.role as Role}`) });
    }
    return seeOther(reply, '/admin/users');
  });

  app.get('/admin/pages', async (req, reply) => {
    ensureCanEditPages(req.actor);
    const pages = await listPages(deps.db);
    return sendHtml(reply, <PagesScreen ctx={page(req, reply)} pages={pages.map((p) => ({ slug: p.slug, locale: p.locale, title: p.title, customised: p.customised }))} />);
  });

  const PageParams = Type.Object({ slug: Type.String({ maxLength: 40 }), locale: Type.String({ maxLength: 5 }) });
  function pageParams(params: { slug: string; locale: string }): { slug: Parameters<typeof getPage>[1]; locale: Locale } {
    if (!isPageSlug(params.slug) || !isLocale(params.locale)) throw notFound('page_not_found');
    return { slug: params.slug, locale: params.locale };
  }

  app.get('/admin/pages/:slug/:locale', { schema: { params: PageParams } }, async (req, reply) => {
    ensureCanEditPages(req.actor);
    const { slug, locale } = pageParams(req.params);
    const p = await getPage(deps.db, slug, locale);
    return sendHtml(reply, <PageEditScreen ctx={page(req, reply)} slug={slug} locale={locale} values={{ title: p.title, body: p.body }} errors={[]} customised={p.customised} />);
  });

  app.post('/admin/pages/:slug/:locale', { schema: { params: PageParams, body: pageForm.schema }, attachValidation: true }, async (req, reply) => {
    ensureCanEditPages(req.actor);
    const { slug, locale } = pageParams(req.params);
    const { values, errors } = pageForm.parse(req.body, req.t);
    if (errors.length === 0) {
      await savePage(deps.db, { actorId: req.actor.id, slug, locale, title: values.title, body: values.body });
      setFlash(reply, 'admin.pageSaved');
      return seeOther(reply, `/admin/pages/${slug}/${locale}`);
    }
    const current = await getPage(deps.db, slug, locale);
    return sendHtml(reply, <PageEditScreen ctx={page(req, reply)} slug={slug} locale={locale} values={values} errors={errors} customised={current.customised} />, 400);
  });

  app.post('/admin/pages/:slug/:locale/reset', { schema: { params: PageParams } }, async (req, reply) => {
    ensureCanEditPages(req.actor);
    const { slug, locale } = pageParams(req.params);
    await resetPage(deps.db, { actorId: req.actor.id, slug, locale });
    setFlash(reply, 'admin.pageResetDone');
    return seeOther(reply, `/admin/pages/${slug}/${locale}`);
  });

  app.get('/admin/audit', listQuery, async (req, reply) => {
    ensureCanReadAudit(req.actor);
    const n = parsePage(req.query.page);
    const filter = { actor: (req.query.actor ?? '').trim(), action: (req.query.action ?? '').trim() };
    const { items, total } = await listAudit(deps.db, n, PER_PAGE, filter);
    const names = await pseudonymsOf(deps.db, items.flatMap((i) => (i.actor_id ? [i.actor_id] : [])));
    const subjectIds = await pseudonymsOf(deps.db, items.flatMap((i) => (i.subject_type === 'account' && i.subject_id ? [i.subject_id] : [])));
    return sendHtml(reply, (
      <AuditScreen
        ctx={page(req, reply)}
        rows={items.map((i) => ({
          createdAt: i.created_at,
          actor: i.actor_id ? names.get(i.actor_id) ?? req.t('delete.deletedMember') : req.t('admin.auditSystem'),
          action: i.action,
          subject: i.subject_type === 'account' && i.subject_id ? subjectIds.get(i.subject_id) ?? req.t('delete.deletedMember') : [i.subject_type, i.subject_id].filter(Boolean).join(' '),
          details: auditDetails(i.details),
        }))}
        filter={filter}
        page={n}
        pages={pageCount(total, PER_PAGE)}
      />
    ));
  });
};

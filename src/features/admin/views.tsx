// Administration pages: overview, outbox, accounts and roles, page texts, audit log.
import type { Locale, Role } from '../../db/types.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import { Layout } from '../../platform/ui/layout.tsx';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { paginationLabels } from '../../platform/pagination.ts';
import { Button, ErrorSummary, Pagination, PostForm, Select, Table, Tag, Text, TextArea, TextInput } from '../../platform/ui/components.tsx';
import { PersonName } from '../../platform/ui/person.tsx';
import { formatDateTime } from '../../platform/time.ts';
import { ROLES } from '../../platform/auth/roles.ts';


function Breadcrumb({ ctx }: { ctx: PageContext }) {
  return <p><a href="/admin" safe>{ctx.t('admin.title')}</a></p>;
}

export function AdminHomeScreen({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const sections: Array<{ href: string; title: string; text: string }> = [
    { href: '/admin/users', title: t('admin.users'), text: t('admin.usersLead') },
    { href: '/admin/pages', title: t('admin.pages'), text: t('admin.pagesLead') },
    { href: '/admin/outbox', title: t('admin.outbox'), text: t('admin.outboxLead') },
    { href: '/admin/audit', title: t('admin.audit'), text: t('admin.auditLead') },
    { href: '/admin/trust', title: t('trust.settings.link'), text: t('trust.settings.linkLead') },
    { href: '/admin/rules', title: t('rules.admin.link'), text: t('rules.admin.linkLead') },
  ];
  return (
    <Layout ctx={ctx} title={t('admin.title')}>
      <h1 class="heading-l" safe>{t('admin.title')}</h1>
      <p class="lead" safe>{t('admin.lead')}</p>
      <div class="card-grid">
        {sections.map((s) => (
          <div class="card">
            <h2 class="card__title"><a class="card__link" href={s.href} safe>{s.title}</a></h2>
            <p safe>{s.text}</p>
          </div>
        ))}
      </div>
    </Layout>
  );
}

export interface OutboxItem {
  id: number;
  to: string;
  subject: string;
  createdAt: string;
}

export function OutboxScreen({ ctx, items, page, pages, smtp }: { ctx: PageContext; items: OutboxItem[]; page: number; pages: number; smtp: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.outbox')}>
      <Breadcrumb ctx={ctx} />
      <h1 class="heading-l" safe>{t('admin.outbox')}</h1>
      <p safe>{smtp ? t('admin.outboxSmtp') : t('admin.outboxLead')}</p>
      {items.length === 0 ? <p safe>{t('admin.outboxEmpty')}</p> : (
        <Table
          columns={[t('admin.outboxDate'), t('admin.outboxTo'), t('admin.outboxSubject')]}
          rows={items.map((m) => [
            <Text value={formatDateTime(m.createdAt, ctx.locale)} />,
            <Text value={m.to} />,
            <a href={`/admin/outbox/${m.id}`} safe>{m.subject}</a>,
          ])}
        />
      )}
      <Pagination page={page} pages={pages} href={(n) => `/admin/outbox?page=${n}`} labels={paginationLabels(ctx.t)} />
    </Layout>
  );
}

export function OutboxMailScreen({ ctx, mail }: { ctx: PageContext; mail: { to: string; subject: string; text: string; html: string; createdAt: string } }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={mail.subject}>
      <p><a href="/admin/outbox" safe>{t('admin.outboxBack')}</a></p>
      <h1 class="heading-l" safe>{mail.subject}</h1>
      <dl class="summary-list">
        <div class="summary-list__row">
          <dt class="summary-list__key" safe>{t('admin.outboxTo')}</dt>
          <dd class="summary-list__value" safe>{mail.to}</dd>
        </div>
        <div class="summary-list__row">
          <dt class="summary-list__key" safe>{t('admin.outboxDate')}</dt>
          <dd class="summary-list__value" safe>{formatDateTime(mail.createdAt, ctx.locale)}</dd>
        </div>
      </dl>
      <div class="mail-text card" safe>{mail.text}</div>
      <details>
        <summary safe>{t('admin.outboxHtml')}</summary>
        <pre class="mail-source" safe>{mail.html}</pre>
      </details>
    </Layout>
  );
}

export interface UserRow {
  id: string;
  pseudonym: string;
  role: Role;
  createdAt: string;
  isSelf: boolean;
}

export function UsersScreen(p: { ctx: PageContext; query: string; users: UserRow[]; total: number; page: number; pages: number }) {
  const { ctx } = p;
  const { t } = ctx;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <Layout ctx={ctx} title={t('admin.users')}>
      <Breadcrumb ctx={ctx} />
      <h1 class="heading-l" safe>{t('admin.users')}</h1>
      <p safe>{t('admin.usersLead')}</p>
      <form method="get" action="/admin/users" class="search-form">
        <TextInput name="q" type="search" label={t('admin.usersSearch')} value={p.query} spellcheck={false} />
        <Button variant="secondary"><span safe>{t('admin.usersSearchSubmit')}</span></Button>
      </form>
      <p safe>{t('admin.usersCount', { count: p.total })}</p>
      {p.users.length === 0 ? <p safe>{t('admin.usersNone')}</p> : (
        <Table
          columns={[t('admin.usersPseudonym'), t('admin.usersSince'), t('account.role')]}
          rows={p.users.map((u) => [
            <PersonName name={u.pseudonym} t={t} />,
            <Text value={formatDateTime(u.createdAt, ctx.locale)} />,
            u.isSelf ? <Tag text={t(`role.${u.role}`)} /> : (
              <PostForm action={`/admin/users/${u.id}/role`} csrf={ctx.csrf} class="inline-form role-form">
                <Select name="role" id={`role-${u.id}`} label={t('admin.usersRoleOf', { name: u.pseudonym })} options={roleOptions} value={u.role} labelClass="visually-hidden" />
                <Button variant="secondary"><span safe>{t('admin.usersSave')}</span></Button>
              </PostForm>
            ),
          ])}
        />
      )}
      <Pagination page={p.page} pages={p.pages} href={(n) => `/admin/users?page=${n}&q=${encodeURIComponent(p.query)}`} labels={paginationLabels(ctx.t)} />
    </Layout>
  );
}

export interface PageRow {
  slug: string;
  locale: Locale;
  title: string;
  customised: boolean;
}

export function PagesScreen({ ctx, pages }: { ctx: PageContext; pages: PageRow[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.pages')}>
      <Breadcrumb ctx={ctx} />
      <h1 class="heading-l" safe>{t('admin.pages')}</h1>
      <p safe>{t('admin.pagesLead')}</p>
      <Table
        columns={[t('admin.pageTitle'), t('account.language'), t('admin.pageStatus'), { label: t('admin.pageView'), hidden: true }]}
        rows={pages.map((p) => [
          <a href={`/admin/pages/${p.slug}/${p.locale}`} lang={p.locale} safe>{p.title}</a>,
          <Text value={t(p.locale === 'de' ? 'language.de' : 'language.en')} />,
          p.customised ? <Tag tone="blue" text={t('admin.pageCustomised')} /> : <Tag text={t('admin.pageDefault')} />,
          <a href={`/${p.slug}`} lang={p.locale} safe>{t('admin.pageView')}</a>,
        ])}
      />
    </Layout>
  );
}

export function PageEditScreen(p: { ctx: PageContext; slug: string; locale: Locale; values: { title: string; body: string }; errors: FieldProblem[]; customised: boolean }) {
  const { ctx } = p;
  const { t } = ctx;
  const e = errorsByField(p.errors);
  const heading = t('admin.pageEdit', { title: p.values.title || p.slug, language: t(p.locale === 'de' ? 'language.de' : 'language.en') });
  return (
    <Layout ctx={ctx} title={heading} hasErrors={p.errors.length > 0}>
      <p><a href="/admin/pages" safe>{t('admin.pages')}</a></p>
      <ErrorSummary title={t('form.errorSummary')} errors={p.errors} />
      <h1 class="heading-l" safe>{heading}</h1>
      <PostForm action={`/admin/pages/${p.slug}/${p.locale}`} csrf={ctx.csrf}>
        <TextInput name="title" label={t('admin.pageTitle')} error={e.title} value={p.values.title} width="full" />
        <TextArea name="body" label={t('admin.pageBody')} hint={t('admin.pageBodyHint')} error={e.body} value={p.values.body} rows={20} />
        <Button><span safe>{t('admin.pageSave')}</span></Button>
      </PostForm>
      {p.customised ? (
        <PostForm action={`/admin/pages/${p.slug}/${p.locale}/reset`} csrf={ctx.csrf}>
          <Button variant="secondary"><span safe>{t('admin.pageReset')}</span></Button>
        </PostForm>
      ) : ''}
    </Layout>
  );
}

export interface AuditRow {
  createdAt: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
}

export function AuditScreen({ ctx, rows, page, pages, filter }: { ctx: PageContext; rows: AuditRow[]; page: number; pages: number; filter: { actor: string; action: string } }) {
  const { t } = ctx;
  const query = (n: number) => `/admin/audit?${new URLSearchParams({ ...(filter.actor ? { actor: filter.actor } : {}), ...(filter.action ? { action: filter.action } : {}), page: String(n) }).toString()}`;
  return (
    <Layout ctx={ctx} title={t('admin.audit')}>
      <Breadcrumb ctx={ctx} />
      <h1 class="heading-l" safe>{t('admin.audit')}</h1>
      <p safe>{t('admin.auditLead')}</p>
      <form method="get" action="/admin/audit" class="search-form">
        <TextInput name="actor" label={t('admin.auditFilterActor')} value={filter.actor} width="medium" />
        <TextInput name="action" label={t('admin.auditFilterAction')} hint={t('admin.auditFilterActionHint')} value={filter.action} width="medium" />
        <Button variant="secondary"><span safe>{t('admin.auditFilter')}</span></Button>
      </form>
      {rows.length === 0 ? <p safe>{t('admin.auditEmpty')}</p> : (
        <Table
          columns={[t('admin.auditWhen'), t('admin.auditWho'), t('admin.auditWhat'), t('admin.auditSubject'), t('admin.auditDetails')]}
          rows={rows.map((r) => [
            <Text value={formatDateTime(r.createdAt, ctx.locale)} />,
            <Text value={r.actor} />,
            <code safe>{r.action}</code>,
            <Text value={r.subject} />,
            <Text value={r.details} />,
          ])}
        />
      )}
      <Pagination page={page} pages={pages} href={query} labels={paginationLabels(ctx.t)} />
    </Layout>
  );
}

// Pages of contact points and organisations: the public list and page, the staff's management
// page (proposals, groups, import and export), editing, and the administrators' topic list.
import { paginationLabels } from '../../platform/pagination.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import { Button, ButtonLink, ErrorSummary, Pagination, PostForm, Select, SummaryList, Table, Tag, Text, TextArea, TextInput } from '../../platform/ui/components.tsx';
import { PersonName } from '../../platform/ui/person.tsx';
import { renderMarkdown } from '../../platform/markdown.ts';
import { ORGANISATION_KINDS } from './model.ts';
import { AREA_LABEL, ORG_KIND_LABEL, STATUS_LABEL, label } from './labels.ts';
import { ResultCard, type ResultItem } from './views-search.tsx';
import type { TopicInput } from './service.ts';

export interface OrgSummary {
  slug: string;
  name: string;
  kind: string;
  area: string;
  region: string;
  groups: number;
}

export function OrganisationsScreen({ ctx, items }: { ctx: PageContext; items: OrgSummary[] }) {
  const { t } = ctx;
  const kinds = ORGANISATION_KINDS.filter((k) => items.some((o) => o.kind === k));
  return (
    <Layout ctx={ctx} title={t('directory.orgs.title')}>
      <h1 class="heading-xl" safe>{t('directory.orgs.title')}</h1>
      <p class="lead" safe>{t('directory.orgs.lead')}</p>
      {kinds.map((kind) => (
        <section aria-labelledby={`kind-${kind}`}>
          <h2 class="heading-l" id={`kind-${kind}`} safe>{t(label(ORG_KIND_LABEL, kind))}</h2>
          <ul class="result-list">
            {items.filter((o) => o.kind === kind).map((o) => (
              <li class="result">
                <h3 class="result__title"><a href={`/organisations/${o.slug}`} safe>{o.name}</a></h3>
                <p class="result__meta"><span safe>{o.region || o.area}</span> <span safe>{t('directory.orgs.groups', { count: o.groups })}</span></p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

export interface OrgView {
  slug: string;
  name: string;
  kind: string;
  description: string;
  region: string;
  area: string;
  street: string;
  phone: string;
  email: string;
  website: string;
  openingHours: string;
  parent: { slug: string; name: string } | null;
  groups: ResultItem[];
  groupCount: number;
  page: number;
  pages: number;
  canManage: boolean;
  canAddToNetwork: boolean;
}

export function OrganisationScreen({ ctx, org, jsonLd }: { ctx: PageContext; org: OrgView; jsonLd: string }) {
  const { t } = ctx;
  const rows = [
    { key: t('directory.org.kind'), value: <span safe>{t(label(ORG_KIND_LABEL, org.kind))}</span> },
    ...(org.region ? [{ key: t('directory.org.region'), value: <span safe>{org.region}</span> }] : []),
    ...(org.street || org.area ? [{ key: t('directory.org.address'), value: <span safe>{[org.street, org.area].filter(Boolean).join(', ')}</span> }] : []),
    ...(org.phone ? [{ key: t('directory.org.phone'), value: <a href={`tel:${org.phone.replace(/[^\d+]/g, '')}`} safe>{org.phone}</a> }] : []),
    ...(org.email ? [{ key: t('directory.org.email'), value: <a href={`mailto:${org.email}`} safe>{org.email}</a> }] : []),
    ...(org.website ? [{ key: t('directory.org.website'), value: <a href={org.website} rel="noopener" safe>{org.website}</a> }] : []),
    ...(org.openingHours ? [{ key: t('directory.org.openingHours'), value: <span class="pre-line" safe>{org.openingHours}</span> }] : []),
    ...(org.parent ? [{ key: t('directory.org.parent'), value: <a href={`/organisations/${org.parent.slug}`} safe>{org.parent.name}</a> }] : []),
  ];
  return (
    <Layout ctx={ctx} title={org.name} description={org.description.slice(0, 160)} head={<script type="application/ld+json">{jsonLd as 'safe'}</script>}>
      <p class="breadcrumb"><a href="/organisations" safe>{t('directory.orgs.title')}</a></p>
      <h1 class="heading-xl" safe>{org.name}</h1>
      {org.canManage ? <p><ButtonLink href={`/organisations/${org.slug}/manage`} variant="secondary"><span safe>{t('directory.org.manage')}</span></ButtonLink></p> : ''}
      <div class="prose">{renderMarkdown(org.description) as 'safe'}</div>
      <SummaryList rows={rows} />
      {org.canAddToNetwork ? (
        <PostForm action="/network/entries/from-directory" csrf={ctx.csrf}>
          <input type="hidden" name="ref" value={`organisation:${org.slug}`} />
          <Button variant="secondary"><span safe>{t('directory.group.addToNetwork')}</span></Button>
        </PostForm>
      ) : ''}
      <h2 class="heading-l" id="groups" safe>{t('directory.org.groupsTitle', { count: org.groupCount })}</h2>
      {org.groups.length ? <ol class="result-list">{org.groups.map((g) => <ResultCard item={g} ctx={ctx} />)}</ol> : <p safe>{t('directory.org.noGroups')}</p>}
      <Pagination
        page={org.page}
        pages={org.pages}
        href={(n) => `/organisations/${org.slug}${n > 1 ? `?page=${n}` : ''}#groups`}
        labels={paginationLabels(t)}
      />
    </Layout>
  );
}

export interface ManageView {
  slug: string;
  name: string;
  proposals: Array<{ slug: string; name: string; area: string; createdAt: string }>;
  groups: Array<{ slug: string; name: string; status: string; area: string }>;
  staff: string[];
  canAdminister: boolean;
}

export function ManageScreen({ ctx, view, errors }: { ctx: PageContext; view: ManageView; errors: FieldProblem[] }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const base = `/organisations/${view.slug}`;
  return (
    <Layout ctx={ctx} title={t('directory.manage.title', { name: view.name })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={base} safe>{view.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.manage.title', { name: view.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <p><a href={`${base}/edit`} safe>{t('directory.manage.editPage')}</a></p>
      <h2 class="heading-l" safe>{t('directory.manage.proposals', { count: view.proposals.length })}</h2>
      {view.proposals.length === 0 ? <p safe>{t('directory.manage.noProposals')}</p> : (
        <Table
          columns={[t('directory.edit.name'), t('directory.edit.area'), { label: t('directory.manage.actions'), hidden: true }]}
          rows={view.proposals.map((p) => [
            <a href={`/groups/${p.slug}`} safe>{p.name}</a>,
            <Text value={p.area} />,
            <PostForm action={`/groups/${p.slug}/publish`} csrf={ctx.csrf}><Button variant="secondary"><span safe>{t('directory.group.publish')}</span></Button></PostForm>,
          ])}
        />
      )}
      <h2 class="heading-l" safe>{t('directory.manage.groups', { count: view.groups.length })}</h2>
      <p>
        <a href={`${base}/export.csv`} safe>{t('directory.manage.exportCsv')}</a>
        {' · '}
        <a href={`${base}/export.json`} safe>{t('directory.manage.exportJson')}</a>
      </p>
      <Table
        columns={[t('directory.edit.name'), t('directory.edit.status'), t('directory.edit.area'), { label: t('directory.manage.actions'), hidden: true }]}
        rows={view.groups.map((g) => [
          <a href={`/groups/${g.slug}`} safe>{g.name}</a>,
          <Tag text={t(label(STATUS_LABEL, g.status))} />,
          <Text value={g.area} />,
          <a href={`/groups/${g.slug}/edit`} safe>{t('directory.group.edit')}</a>,
        ])}
      />
      <h2 class="heading-l" id="import" safe>{t('directory.import.title')}</h2>
      <p safe>{t('directory.import.lead')}</p>
      {/* The token rides in the address too: uploads are checked before their body is read. */}
      <form method="post" action={`${base}/import?_csrf=${encodeURIComponent(ctx.csrf)}`} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <div class={e.file ? 'field field--error' : 'field'}>
          <label class="label" for="file" safe>{t('directory.import.file')}</label>
          <div id="file-hint" class="hint" safe>{t('directory.import.fileHint')}</div>
          {e.file ? <p id="file-error" class="field-error" safe>{e.file}</p> : ''}
          <input class="file-input" id="file" name="file" type="file" accept=".csv,.json,.txt,text/csv,application/json" aria-describedby={e.file ? 'file-hint file-error' : 'file-hint'} aria-invalid={e.file ? 'true' : undefined} />
        </div>
        <Button><span safe>{t('directory.import.preview')}</span></Button>
      </form>
      <h2 class="heading-l" safe>{t('directory.manage.staff')}</h2>
      <ul class="list">{view.staff.map((s) => <li><PersonName name={s} t={t} /></li>)}</ul>
      <p><a href={`${base}/staff`} safe>{t('directory.staff.manage')}</a></p>
    </Layout>
  );
}

export interface StaffView {
  slug: string;
  name: string;
  staff: Array<{ userId: string; pseudonym: string; hasRights: boolean }>;
}

/** The staff list of an organisation: who works here, remove someone, add someone. */
export function StaffScreen({ ctx, view, errors, values }: { ctx: PageContext; view: StaffView; errors: FieldProblem[]; values: { pseudonym?: string } }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const base = `/organisations/${view.slug}`;
  return (
    <Layout ctx={ctx} title={t('directory.staff.title', { name: view.name })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={`${base}/manage`} safe>{t('directory.manage.title', { name: view.name })}</a></p>
      <h1 class="heading-xl" safe>{t('directory.staff.title', { name: view.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <p class="lead" safe>{t('directory.staff.lead')}</p>
      {view.staff.length === 0 ? <p safe>{t('directory.staff.none')}</p> : (
        <Table
          columns={[t('directory.staff.person'), t('directory.staff.rights'), { label: t('directory.manage.actions'), hidden: true }]}
          rows={view.staff.map((s) => [
            <PersonName name={s.pseudonym} t={t} />,
            s.hasRights ? <Text value={t('directory.staff.hasRights')} /> : <Tag text={t('directory.staff.noRole')} tone="yellow" />,
            <PostForm action={`${base}/staff/remove`} csrf={ctx.csrf} class="inline-form">
              <input type="hidden" name="user" value={s.userId} />
              <button class="link-button" type="submit" aria-label={t('directory.staff.removeLabel', { name: s.pseudonym })} safe>{t('directory.staff.remove')}</button>
            </PostForm>,
          ])}
        />
      )}
      <h2 class="heading-l" safe>{t('directory.staff.addTitle')}</h2>
      <PostForm action={`${base}/staff`} csrf={ctx.csrf}>
        <TextInput name="pseudonym" label={t('directory.org.staffPseudonym')} hint={t('directory.staff.addHint')} error={e.pseudonym} value={values.pseudonym ?? ''} />
        <Button variant="secondary"><span safe>{t('directory.manage.addStaff')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export interface PreviewRow {
  line: number;
  name: string;
  problems: string[];
}

export function ImportPreviewScreen({ ctx, org, rows, good, bad, warnings, payload, meta }: {
  ctx: PageContext; org: { slug: string; name: string }; rows: PreviewRow[]; good: number; bad: number; warnings: string[]; payload: string; meta: string;
}) {
  const { t } = ctx;
  const base = `/organisations/${org.slug}`;
  return (
    <Layout ctx={ctx} title={t('directory.import.previewTitle')}>
      <p class="breadcrumb"><a href={`${base}/manage`} safe>{org.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.import.previewTitle')}</h1>
      <p class="lead" safe>{t('directory.import.summary', { good, bad })}</p>
      <p class="hint" safe>{meta}</p>
      {warnings.map((w) => <p class="hint" safe>{w}</p>)}
      <Table
        caption={t('directory.import.rows')}
        columns={[t('directory.import.line'), t('directory.edit.name'), t('directory.import.result')]}
        rows={rows.map((r) => [
          <Text value={String(r.line)} />,
          <Text value={r.name} />,
          r.problems.length ? <ul class="list field-error">{r.problems.map((p) => <li safe>{p}</li>)}</ul> : <Tag text={t('directory.import.ok')} tone="green" />,
        ])}
      />
      {good > 0 ? (
        <PostForm action={`${base}/import/confirm`} csrf={ctx.csrf}>
          <input type="hidden" name="payload" value={payload} />
          <Button><span safe>{t('directory.import.confirm', { count: good })}</span></Button>
        </PostForm>
      ) : <p safe>{t('directory.import.nothingGood')}</p>}
      <p><a href={`${base}/manage#import`} safe>{t('directory.import.again')}</a></p>
    </Layout>
  );
}

export interface OrgFormValues {
  name: string;
  kind: string;
  description: string;
  place: string;
  area: string;
  region: string;
  radius: string;
  street: string;
  phone: string;
  email: string;
  website: string;
  openingHours: string;
}

export function OrgEditScreen({ ctx, action, title, values, errors }: { ctx: PageContext; action: string; title: string; values: OrgFormValues; errors: FieldProblem[] }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <Layout ctx={ctx} title={title} hasErrors={errors.length > 0}>
      <h1 class="heading-xl" safe>{title}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <PostForm action={action} csrf={ctx.csrf} class="narrow">
        <TextInput name="name" label={t('directory.org.name')} value={values.name} error={e.name} width="full" />
        <Select name="kind" label={t('directory.org.kind')} value={values.kind} error={e.kind} options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(label(ORG_KIND_LABEL, k)) }))} />
        <TextArea name="description" label={t('directory.org.description')} value={values.description} error={e.description} rows={6} />
        <TextInput name="place" label={t('directory.edit.place')} hint={t('directory.edit.placeHint')} value={values.place} error={e.place} />
        <TextInput name="area" label={t('directory.edit.area')} value={values.area} error={e.area} />
        <TextInput name="region" label={t('directory.org.region')} hint={t('directory.org.regionHint')} value={values.region} error={e.region} width="full" />
        <TextInput name="radius" label={t('directory.org.radius')} hint={t('directory.org.radiusHint')} value={values.radius} error={e.radius} width="short" />
        <TextInput name="street" label={t('directory.org.street')} value={values.street} error={e.street} />
        <TextInput name="phone" type="tel" label={t('directory.org.phone')} value={values.phone} error={e.phone} />
        <TextInput name="email" type="email" label={t('directory.org.email')} value={values.email} error={e.email} />
        <TextInput name="website" type="url" label={t('directory.org.website')} value={values.website} error={e.website} width="full" />
        <TextArea name="openingHours" label={t('directory.org.openingHours')} value={values.openingHours} error={e.openingHours} rows={3} />
        <Button><span safe>{t('directory.edit.save')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function TopicsScreen({ ctx, topics }: { ctx: PageContext; topics: Array<{ slug: string; name: string; area: string; synonyms: number }> }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory.topics.title')}>
      <h1 class="heading-xl" safe>{t('directory.topics.title')}</h1>
      <p safe>{t('directory.topics.lead', { count: topics.length })}</p>
      <p><ButtonLink href="/admin/topics/new"><span safe>{t('directory.topics.new')}</span></ButtonLink></p>
      <Table
        columns={[t('directory.topics.nameDe'), t('directory.topics.area'), t('directory.topics.synonymCount')]}
        rows={topics.map((x) => [<a href={`/admin/topics/${x.slug}`} safe>{x.name}</a>, <Text value={t(label(AREA_LABEL, x.area))} />, <Text value={String(x.synonyms)} />])}
      />
    </Layout>
  );
}

/** The topic form shows exactly what the save command takes. */
export type TopicFormValues = TopicInput;

export function TopicEditScreen({ ctx, isNew, values, errors }: { ctx: PageContext; isNew: boolean; values: TopicFormValues; errors: FieldProblem[] }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <Layout ctx={ctx} title={isNew ? t('directory.topics.new') : values.nameDe} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href="/admin/topics" safe>{t('directory.topics.title')}</a></p>
      <h1 class="heading-xl" safe>{isNew ? t('directory.topics.new') : values.nameDe}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <PostForm action={isNew ? '/admin/topics/new' : `/admin/topics/${values.slug}`} csrf={ctx.csrf} class="narrow">
        {isNew ? <TextInput name="slug" label={t('directory.topics.slug')} hint={t('directory.topics.slugHint')} value={values.slug} error={e.slug} spellcheck={false} /> : <input type="hidden" name="slug" value={values.slug} />}
        <Select name="area" label={t('directory.topics.area')} value={values.area} error={e.area} options={Object.keys(AREA_LABEL).map((a) => ({ value: a, label: t(label(AREA_LABEL, a)) }))} />
        <TextInput name="nameDe" label={t('directory.topics.nameDe')} value={values.nameDe} error={e.nameDe} width="full" />
        <TextInput name="nameEn" label={t('directory.topics.nameEn')} value={values.nameEn} error={e.nameEn} width="full" />
        <TextArea name="synonymsDe" label={t('directory.topics.synonymsDe')} hint={t('directory.topics.synonymsHint')} value={values.synonymsDe} error={e.synonymsDe} rows={5} />
        <TextArea name="synonymsEn" label={t('directory.topics.synonymsEn')} hint={t('directory.topics.synonymsHint')} value={values.synonymsEn} error={e.synonymsEn} rows={5} />
        <Button><span safe>{t('directory.edit.save')}</span></Button>
      </PostForm>
    </Layout>
  );
}

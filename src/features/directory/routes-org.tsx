// HTTP of contact points and organisations: public pages, the staff's management page with
// import and export, editing, and the administrators' topics.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { pageContext, seeOther, sendHtml, setFlash } from '../../platform/http.tsx';
import { notFound, type FieldProblem } from '../../platform/errors.ts';
import type { MessageKey, Translator } from '../../platform/i18n/index.ts';
import { resolvePlace } from '../../platform/geo/index.ts';
import * as policy from './policy.ts';
import * as schema from './schema.ts';
import * as directory from './service.ts';
import type { Directory, OrganisationInput, OrganisationRow } from './service.ts';
import { resultItem } from './routes.tsx';
import { organisationJsonLd } from './json-ld.ts';
import { sendDownload } from '../../platform/download.ts';
import { pageCount, parsePage } from '../../platform/pagination.ts';
import { ImportError, exportCsv, exportJson, parseJsonImport, previewUpload, type ImportPreview, type ImportResolvers, type RowProblem } from './import.ts';
import { ImportPreviewScreen, ManageScreen, OrgEditScreen, StaffScreen, OrganisationScreen, OrganisationsScreen, TopicEditScreen, TopicsScreen, type OrgFormValues, type TopicFormValues } from './views-org.tsx';
import { AREA_LABEL } from './labels.ts';
import { PAGE_SIZE } from './model.ts';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 120 }) });
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

const PROBLEM_MESSAGE: Record<RowProblem['code'], MessageKey> = {
  required: 'directory.import.pRequired',
  too_short: 'directory.import.pTooShort',
  invalid_rrule: 'directory.import.pInvalidRrule',
  too_long: 'directory.import.pTooLong',
  invalid_choice: 'directory.import.pInvalidChoice',
  unknown_topic: 'directory.import.pUnknownTopic',
  unknown_place: 'directory.import.pUnknownPlace',
  ambiguous_place: 'directory.import.pAmbiguousPlace',
  invalid_time: 'directory.import.pInvalidTime',
  invalid_number: 'directory.import.pInvalidNumber',
  place_needed: 'directory.import.pPlaceNeeded',
  no_topic: 'directory.import.pNoTopic',
  duplicate_name: 'directory.import.pDuplicate',
};

const IMPORT_ERROR_MESSAGE: Record<string, MessageKey> = {
  not_text: 'directory.import.eNotText',
  unclosed_quote: 'directory.import.eUnclosedQuote',
  too_many_rows: 'directory.import.eTooManyRows',
  missing_column: 'directory.import.eMissingColumn',
  bad_json: 'directory.import.eBadJson',
  bad_json_shape: 'directory.import.eBadJsonShape',
  empty: 'directory.import.eEmpty',
  field_too_long: 'directory.import.eFieldTooLong',
};

export function importResolvers(dir: Directory): ImportResolvers {
  return {
    topic(value) {
      if (dir.topics.has(value)) return value;
      return directory.findTopicByWords(dir, value);
    },
    place(value) {
      const found = resolvePlace(value);
      if (found.kind === 'found') return { kind: 'found', id: found.place.id, label: found.place.label, lat: found.place.lat, lon: found.place.lon };
      return { kind: found.kind };
    },
  };
}

function orgInputFrom(values: OrgFormValues, t: Translator, errors: FieldProblem[]): OrganisationInput {
  let place: { id: number | null; lat: number | null; lon: number | null; label: string } = { id: null, lat: null, lon: null, label: '' };
  if (values.place) {
    const found = resolvePlace(values.place);
    if (found.kind === 'found') place = { id: found.place.id, lat: found.place.lat, lon: found.place.lon, label: found.place.label };
    else errors.push({ field: 'place', message: t('directory.search.errorPlaceUnknown', { place: values.place }) });
  }
  return {
    kind: values.kind,
    name: values.name,
    description: values.description,
    region: values.region,
    placeId: place.id,
    area: values.area || place.label,
    lat: place.lat,
    lon: place.lon,
    servesRadiusKm: Number(values.radius || 30),
    street: values.street,
    phone: values.phone,
    email: values.email,
    website: values.website,
    openingHours: values.openingHours,
    parentId: null,
  };
}

const orgFormValues = (org: OrganisationRow): OrgFormValues => ({
  name: org.name,
  kind: org.kind,
  description: org.description,
  place: directory.placeLabel(org.place_id),
  area: org.area,
  region: org.region,
  radius: String(org.serves_radius_km),
  street: org.street,
  phone: org.phone,
  email: org.email,
  website: org.website,
  openingHours: org.opening_hours,
});

export const organisationRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; dir: Directory }> = async (app, { deps, dir }) => {
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);

  async function loadOrg(slug: string) {
    const org = await directory.getOrganisationBySlug(deps.db, slug);
    if (!org) throw notFound('organisation_not_found');
    return org;
  }

  async function isStaffOf(actor: Actor, orgId: string): Promise<boolean> {
    if (actor.kind !== 'user') return false;
    return (await directory.organisationsOfUser(deps.db, actor)).includes(orgId);
  }

  app.get('/organisations', async (req, reply) => {
    const orgs = await directory.listOrganisations(deps.db);
    const counts = await directory.countGroupsByOrganisation(deps.db, orgs.map((o) => o.id));
    const items = orgs.map((o) => ({ slug: o.slug, name: o.name, kind: o.kind, area: o.area, region: o.region, groups: counts.get(o.id) ?? 0 }));
    return sendHtml(reply, <OrganisationsScreen ctx={page(req, reply)} items={items} />);
  });

  const PageQuery = Type.Object({ page: Type.Optional(Type.String({ maxLength: 6 })) });
  app.get('/organisations/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (req, reply) => {
    await directory.ensureIndex(dir);
    const org = await loadOrg(req.params.slug);
    const asked = parsePage(req.query.page);
    const { groups, total } = await directory.pageOfOrganisationGroups(deps.db, org.id, asked, PAGE_SIZE);
    const pages = pageCount(total, PAGE_SIZE);
    const pageNumber = Math.min(pages, asked);
    const parent = org.parent_id ? (await directory.getOrganisations(deps.db, [org.parent_id])).get(org.parent_id) : undefined;
    const items = groups.map((g) => resultItem(dir, { group: directory.toIndexed(g), distanceKm: null }, req.locale));
    const view = {
      slug: org.slug, name: org.name, kind: org.kind, description: org.description, region: org.region, area: org.area, street: org.street,
      phone: org.phone, email: org.email, website: org.website, openingHours: org.opening_hours,
      parent: parent ? { slug: parent.slug, name: parent.name } : null,
      groups: items,
      groupCount: total,
      page: pageNumber,
      pages,
      canManage: policy.canManageOrganisation(req.actor, await isStaffOf(req.actor, org.id)),
      canAddToNetwork: req.actor.kind === 'user',
    };
    return sendHtml(reply, <OrganisationScreen ctx={page(req, reply)} org={view} jsonLd={organisationJsonLd(deps.config.baseUrl, org)} />);
  });

  async function renderManage(req: FastifyRequest, reply: FastifyReply, org: OrganisationRow, errors: FieldProblem[] = []) {
    const groups = await directory.listGroupsOfOrganisation(deps.db, org.id, true);
    const staff = await directory.staffOf(deps.db, org.id);
    const view = {
      slug: org.slug,
      name: org.name,
      proposals: groups.filter((g) => g.status === 'proposed').map((g) => ({ slug: g.slug, name: g.name, area: g.area, createdAt: g.created_at })),
      groups: groups.filter((g) => g.status !== 'proposed').map((g) => ({ slug: g.slug, name: g.name, status: g.status, area: g.area })),
      staff: staff.map((s) => s.pseudonym),
      canAdminister: policy.canAdministerDirectory(req.actor),
    };
    return sendHtml(reply, <ManageScreen ctx={page(req, reply)} view={view} errors={errors} />, errors.length ? 400 : 200);
  }

  app.get('/organisations/:slug/manage', { schema: { params: SlugParams } }, async (req, reply) => {
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageOrganisation(req.actor, await isStaffOf(req.actor, org.id));
    return renderManage(req, reply, org);
  });

  app.get('/organisations/:slug/edit', { schema: { params: SlugParams } }, async (req, reply) => {
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageOrganisation(req.actor, await isStaffOf(req.actor, org.id));
    return sendHtml(reply, <OrgEditScreen ctx={page(req, reply)} action={`/organisations/${org.slug}/edit`} title={req.t('directory.org.editTitle', { name: org.name })} values={orgFormValues(org)} errors={[]} />);
  });

  app.post('/organisations/:slug/edit', { schema: { params: SlugParams, body: schema.organisationForm.schema }, attachValidation: true }, async (req, reply) => {
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageOrganisation(req.actor, await isStaffOf(req.actor, org.id));
    const { values, errors } = schema.organisationForm.parse(req.body, req.t);
    const input = orgInputFrom(values, req.t, errors);
    if (errors.length === 0) {
      input.parentId = org.parent_id;
      await directory.updateOrganisation(deps.db, { actor: req.actor, id: org.id, input });
      setFlash(reply, 'directory.edit.saved');
      return seeOther(reply, `/organisations/${org.slug}`);
    }
    return sendHtml(reply, <OrgEditScreen ctx={page(req, reply)} action={`/organisations/${org.slug}/edit`} title={req.t('directory.org.editTitle', { name: org.name })} values={values} errors={errors} />, 400);
  });

  const blankOrg: OrgFormValues = { name: '', kind: 'contact_point', description: '', place: '', area: '', region: '', radius: '30', street: '', phone: '', email: '', website: '', openingHours: '' };

  app.get('/admin/organisations/new', async (req, reply) => {
    policy.ensureCanAdministerDirectory(req.actor);
    return sendHtml(reply, <OrgEditScreen ctx={page(req, reply)} action="/admin/organisations/new" title={req.t('directory.org.newTitle')} values={blankOrg} errors={[]} />);
  });

  app.post('/admin/organisations/new', { schema: { body: schema.organisationForm.schema }, attachValidation: true }, async (req, reply) => {
    policy.ensureCanAdministerDirectory(req.actor);
    const { values, errors } = schema.organisationForm.parse(req.body, req.t);
    const input = orgInputFrom(values, req.t, errors);
    if (errors.length === 0) {
      const org = await directory.createOrganisation(deps.db, { actor: req.actor, input });
      setFlash(reply, 'directory.org.created');
      return seeOther(reply, `/organisations/${org.slug}/manage`);
    }
    return sendHtml(reply, <OrgEditScreen ctx={page(req, reply)} action="/admin/organisations/new" title={req.t('directory.org.newTitle')} values={values} errors={errors} />, 400);
  });

  // --- Staff: the organisation's staff and administrators list, add and remove ----------------------
  async function renderStaff(req: FastifyRequest, reply: FastifyReply, org: OrganisationRow, errors: FieldProblem[] = [], values: { pseudonym?: string } = {}) {
    const staff = await directory.staffOf(deps.db, org.id);
    const view = { slug: org.slug, name: org.name, staff: staff.map((s) => ({ userId: s.user_id, pseudonym: s.pseudonym, hasRights: policy.mayBeNamedStaff(s) })) };
    return sendHtml(reply, <StaffScreen ctx={page(req, reply)} view={view} errors={errors} values={values} />, errors.length ? 400 : 200);
  }

  app.get('/organisations/:slug/staff', { schema: { params: SlugParams } }, async (req, reply) => {
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageStaff(req.actor, await isStaffOf(req.actor, org.id));
    return renderStaff(req, reply, org);
  });

  app.post('/organisations/:slug/staff', { schema: { params: SlugParams, body: schema.staffForm.schema }, attachValidation: true }, async (req, reply) => {
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageStaff(req.actor, await isStaffOf(req.actor, org.id));
    const { values, errors } = schema.staffForm.parse(req.body, req.t);
    const user = errors.length ? undefined : await deps.accounts.findByPseudonym(values.pseudonym);
    if (!errors.length && !user) errors.push({ field: 'pseudonym', message: req.t('directory.org.staffUnknown') });
    else if (user && !policy.mayBeNamedStaff(user)) errors.push({ field: 'pseudonym', message: req.t('directory.staff.notStaffRole', { name: user.pseudonym }) });
    if (errors.length || !user) return renderStaff(req, reply, org, errors, values);
    await directory.addStaff(deps.db, { actor: req.actor, organisationId: org.id, userId: user.id });
    setFlash(reply, 'directory.org.staffAdded', { name: user.pseudonym });
    return seeOther(reply, `/organisations/${org.slug}/staff`);
  });

  app.post('/organisations/:slug/staff/remove', { schema: { params: SlugParams, body: schema.staffRemoveForm.schema }, attachValidation: true }, async (req, reply) => {
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageStaff(req.actor, await isStaffOf(req.actor, org.id));
    const { values } = schema.staffRemoveForm.parse(req.body, req.t);
    const person = (await directory.staffOf(deps.db, org.id)).find((s) => s.user_id === values.user);
    if (!person) return seeOther(reply, `/organisations/${org.slug}/staff`);
    await directory.removeStaff(deps.db, { actor: req.actor, organisationId: org.id, userId: person.user_id });
    setFlash(reply, 'directory.staff.removed', { name: person.pseudonym });
    // Whoever removes themselves can no longer see the list.
    return seeOther(reply, person.user_id === req.actor.id ? `/organisations/${org.slug}` : `/organisations/${org.slug}/staff`);
  });

  // --- Export and import ------------------------------------------------------------------
  async function exportRows(org: OrganisationRow) {
    const groups = await directory.listGroupsOfOrganisation(deps.db, org.id, false);
    return groups.map((g) => ({ ...directory.inputFromGroup(g), slug: g.slug, placeLabel: directory.placeLabel(g.place_id) }));
  }

  app.get('/organisations/:slug/export.csv', { schema: { params: SlugParams } }, async (req, reply) => {
    await directory.ensureIndex(dir);
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageOrganisation(req.actor, await isStaffOf(req.actor, org.id));
    const csv = exportCsv(await exportRows(org), (slug) => directory.topicName(dir, slug, 'de'));
    return sendDownload(reply, { filename: `${org.slug}-gruppen.csv`, type: 'text/csv', body: csv });
  });

  app.get('/organisations/:slug/export.json', { schema: { params: SlugParams } }, async (req, reply) => {
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageOrganisation(req.actor, await isStaffOf(req.actor, org.id));
    return sendDownload(reply, { filename: `${org.slug}-gruppen.json`, type: 'application/json', body: exportJson(await exportRows(org)) });
  });

  function previewRows(t: Translator, preview: ImportPreview) {
    return preview.rows.map((r) => ({
      line: r.line,
      name: r.name,
      problems: r.problems.map((p) => t(PROBLEM_MESSAGE[p.code] ?? 'directory.import.pInvalidChoice', { field: p.field, value: p.value ?? '' })),
    }));
  }

  /**
   * The good rows, in the JSON import format, carried to the confirmation step (and checked again
   * there), base64url-encoded so no browser rewrites them in a hidden field.
   */
  function payloadOf(preview: ImportPreview): string {
    return Buffer.from(exportJson(preview.rows.filter((r) => r.input).map((r) => ({ ...(r.input as directory.GroupInput), slug: '', placeLabel: directory.placeLabel(r.input?.placeId ?? null) }))), 'utf8').toString('base64url');
  }

  app.post('/organisations/:slug/import', { schema: { params: SlugParams }, config: { multipartOptions: { limits: { fileSize: MAX_UPLOAD_BYTES } } } }, async (req, reply) => {
    await directory.ensureIndex(dir);
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageOrganisation(req.actor, await isStaffOf(req.actor, org.id));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    if (!(file instanceof Buffer) || file.length === 0) {
      return renderManage(req, reply, org, [{ field: 'file', message: req.t('directory.import.eNoFile') }]);
    }
    let preview: ImportPreview;
    try {
      preview = previewUpload(file, 'upload', importResolvers(dir));
    } catch (error) {
      if (error instanceof ImportError) {
        const key = error.code === 'not_text' && error.params.detected === 'spreadsheet' ? 'directory.import.eSpreadsheet' : (IMPORT_ERROR_MESSAGE[error.code] ?? 'directory.import.eNotText');
        return renderManage(req, reply, org, [{ field: 'file', message: req.t(key, error.params) }]);
      }
      throw error;
    }
    const meta = req.t('directory.import.meta', { encoding: preview.encoding ?? 'JSON', delimiter: preview.delimiter === '\t' ? 'Tab' : (preview.delimiter ?? '—') });
    const warnings = preview.warnings.map((w) => req.t('directory.import.unknownColumn', { column: w.value }));
    return sendHtml(reply, <ImportPreviewScreen ctx={page(req, reply)} org={org} rows={previewRows(req.t, preview)} good={preview.good} bad={preview.bad} warnings={warnings} payload={payloadOf(preview)} meta={meta} />);
  });

  const ConfirmBody = Type.Object({ payload: Type.String({ maxLength: 8 * 1024 * 1024 }), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });
  app.post('/organisations/:slug/import/confirm', { schema: { params: SlugParams, body: ConfirmBody }, bodyLimit: 10 * 1024 * 1024 }, async (req, reply) => {
    await directory.ensureIndex(dir);
    const org = await loadOrg(req.params.slug);
    policy.ensureCanManageOrganisation(req.actor, await isStaffOf(req.actor, org.id));
    let preview: ImportPreview;
    try {
      preview = parseJsonImport(Buffer.from(req.body.payload, 'base64url').toString('utf8'), importResolvers(dir));
    } catch (error) {
      if (error instanceof ImportError) return renderManage(req, reply, org, [{ field: 'file', message: req.t('directory.import.eBadJson', error.params) }]);
      throw error;
    }
    const inputs = preview.rows.flatMap((r) => (r.input ? [r.input] : []));
    await directory.importGroups(dir, { actor: req.actor, organisation: org, inputs });
    setFlash(reply, 'directory.import.done', { count: inputs.length });
    return seeOther(reply, `/organisations/${org.slug}/manage`);
  });

  // --- Topics (administrators) -------------------------------------------------------------------
  app.get('/admin/topics', async (req, reply) => {
    policy.ensureCanAdministerDirectory(req.actor);
    await directory.ensureIndex(dir);
    const topics = directory.sortedTopics(dir, 'de').map((x) => ({ slug: x.slug, name: x.name.de, area: x.area, synonyms: x.synonyms.de.length + x.synonyms.en.length }));
    return sendHtml(reply, <TopicsScreen ctx={page(req, reply)} topics={topics} />);
  });

  const blankTopic: TopicFormValues = { slug: '', area: 'life', nameDe: '', nameEn: '', synonymsDe: '', synonymsEn: '' };

  app.get('/admin/topics/new', async (req, reply) => {
    policy.ensureCanAdministerDirectory(req.actor);
    return sendHtml(reply, <TopicEditScreen ctx={page(req, reply)} isNew values={blankTopic} errors={[]} />);
  });

  const TopicParams = Type.Object({ topic: Type.String({ maxLength: 80 }) });
  app.get('/admin/topics/:topic', { schema: { params: TopicParams } }, async (req, reply) => {
    policy.ensureCanAdministerDirectory(req.actor);
    await directory.ensureIndex(dir);
    const topic = dir.topics.get(req.params.topic);
    if (!topic) throw notFound('topic_not_found');
    const values = { slug: topic.slug, area: topic.area, nameDe: topic.name.de, nameEn: topic.name.en, synonymsDe: topic.synonyms.de.join('\n'), synonymsEn: topic.synonyms.en.join('\n') };
    return sendHtml(reply, <TopicEditScreen ctx={page(req, reply)} isNew={false} values={values} errors={[]} />);
  });

  async function saveTopic(req: FastifyRequest, reply: FastifyReply, isNew: boolean) {
    policy.ensureCanAdministerDirectory(req.actor);
    await directory.ensureIndex(dir);
    const { values, errors } = schema.topicForm.parse(req.body, req.t);
    if (!(values.area in AREA_LABEL)) errors.push({ field: 'area', message: req.t('form.choiceRequired', { label: req.t('directory.topics.area') }) });
    if (isNew && values.slug && dir.topics.has(values.slug)) errors.push({ field: 'slug', message: req.t('directory.topics.slugTaken') });
    if (!isNew && !dir.topics.has(values.slug)) throw notFound('topic_not_found');
    if (errors.length) return sendHtml(reply, <TopicEditScreen ctx={page(req, reply)} isNew={isNew} values={values} errors={errors} />, 400);
    await directory.saveTopic(dir, { actor: req.actor, input: values, isNew });
    setFlash(reply, 'directory.edit.saved');
    return seeOther(reply, '/admin/topics');
  }

  app.post('/admin/topics/new', { schema: { body: schema.topicForm.schema }, attachValidation: true }, (req, reply) => saveTopic(req, reply, true));
  app.post('/admin/topics/:topic', { schema: { params: TopicParams, body: schema.topicForm.schema }, attachValidation: true }, (req, reply) => saveTopic(req, reply, false));
};

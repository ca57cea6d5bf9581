// HTTP of "My support network". Each handler: validate → load → ensure → command → redirect or render.
// Every page and API answer is the signed-in person's own network; nothing else is reachable.
import { Readable } from 'node:stream';
import { brotliCompressSync } from 'node:zlib';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { PreparedHtml, brotliOptions, pageContext, preferredEncoding, safeLocalPath, seeOther, sendHtml, sendPreparedHtml, setFlash } from '../../platform/http.tsx';
import { formString, isEmailAddress } from '../../platform/forms.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import type { MessageKey, Translator } from '../../platform/i18n/index.ts';
import { nowIso } from '../../platform/time.ts';
import { WorkQueue } from '../../platform/work-queue.ts';
import { ensureCanSeeEntry, ensureCanUseNetwork } from './policy.ts';
import * as schema from './schema.ts';
import type { Support } from './schema.ts';
import * as network from './service.ts';
import type { EntryInput, EntrySummary } from './service.ts';
import { pastDay } from './dates.ts';
import type { DayProblem } from './dates.ts';
import { resolveDirectoryRef } from './directory-link.ts';
import { VCARD_MAX_BYTES, parseVcards } from './vcard.ts';
import { csvLine, sendDownload } from '../../platform/download.ts';
import { NetworkMap } from './map.tsx';
import { renderMapPng } from './png.ts';
import { forgetNetwork, mapPageBody, memberEntries } from './map-cache.ts';
import {
  CheckScreen, CheckinsScreen, DeleteEntryScreen, EntryFormScreen, EntryScreen, GiveTakeScreen, GratitudeScreen, ImportExportScreen, InlineMap, MapBody, MapScreen, TouchScreen,
  circleName, mapTexts, rhythmText, sectorName,
} from './views.tsx';
import type { EntryPageData } from './views.tsx';

const MAP_BODY_MARK = '<!--network-map-body-->';
const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
// Prefill from links elsewhere (a lesson's "add two people from your family" step): part of life,
// circle, and the local page to return to after saving.
const NewQuery = Type.Object({
  circle: Type.Optional(Type.String({ maxLength: 20 })),
  sector: Type.Optional(Type.String({ maxLength: 20 })),
  back: Type.Optional(Type.String({ maxLength: 1000 })),
});
const UNIT_DAYS = { days: 1, weeks: 7, months: 30 } as const;
const DAY_MESSAGES: Record<DayProblem, MessageKey> = { invalid: 'network.dateInvalid', future: 'network.dateFuture', tooOld: 'network.dateTooOld' };

type Values = Record<string, string | boolean | string[] | undefined>;

/** The entry form → input for the service, or problems at the fields. */
function readEntryForm(body: unknown, t: Translator): { values: Values; errors: FieldProblem[]; input?: EntryInput } {
  const { values, errors } = schema.entryForm.parse(body, t);
  const support = schema.supportValues(body);
  let rhythmDays: number | null = null;
  if (values.rhythmEvery !== '') {
    const n = /^\d{1,5}$/.test(values.rhythmEvery) ? Number(values.rhythmEvery) : 0;
    const unit = (values.rhythmUnit || 'weeks') as keyof typeof UNIT_DAYS;
    if (n < 1) errors.push({ field: 'rhythmEvery', message: t('network.rhythmInvalid') });
    else if (n * (UNIT_DAYS[unit] ?? 1) > schema.MAX_RHYTHM_DAYS) errors.push({ field: 'rhythmEvery', message: t('network.rhythmTooLong') });
    else rhythmDays = n * (UNIT_DAYS[unit] ?? 1);
  }
  const back = safeLocalPath(formString((body as Record<string, unknown> | undefined)?.back), '');
  const all: Values = { ...values, support, ...(back ? { back } : {}) };
  if (errors.length > 0) return { values: all, errors };
  return {
    values: all,
    errors,
    input: {
      kind: values.kind as EntryInput['kind'],
      name: values.name,
      sector: values.sector as EntryInput['sector'],
      circle: values.circle as EntryInput['circle'],
      support,
      phone: values.phone,
      email: values.email,
      notes: values.notes,
      rhythmDays,
    },
  };
}

function entryFormValues(e: network.Entry): Values {
  const days = e.rhythmDays ?? 0;
  const [every, unit] = !days ? ['', 'weeks'] : days % 30 === 0 ? [String(days / 30), 'months'] : days % 7 === 0 ? [String(days / 7), 'weeks'] : [String(days), 'days'];
  return { kind: e.kind, name: e.name, sector: e.sector, circle: e.circle, support: e.support, phone: e.phone, email: e.email, notes: e.notes, rhythmEvery: every, rhythmUnit: unit };
}

function readDay(input: string, field: string, t: Translator, errors: FieldProblem[]): string {
  const result = pastDay(input);
  if ('problem' in result) {
    errors.push({ field, message: t(DAY_MESSAGES[result.problem]) });
    return '';
  }
  return result.day;
}


function apiEntry(e: EntrySummary & Partial<Pick<network.Entry, 'phone' | 'email' | 'notes'>>) {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    sector: e.sector,
    circle: e.circle,
    support: e.support,
    phone: e.phone ?? '',
    email: e.email ?? '',
    notes: e.notes ?? '',
    rhythmDays: e.rhythmDays,
    lastContactOn: e.lastContactOn,
    nextContactOn: e.nextOn,
    due: e.due,
    createdAt: e.createdAt,
  };
}

export const networkRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const form = <T,>(body: T) => ({ body, attachValidation: true });
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply, deps);

  deps.nav.push({ href: '/network', label: 'network.navLabel' });
  deps.accountData.register({
    name: 'supportNetwork',
    export: (db, userId) => network.exportNetwork(deps, userId, db),
    delete: async (db, userId) => {
      await network.deleteNetwork(db, userId);
      forgetNetwork(deps.db, userId);
    },
  });
  network.registerDigestJob(deps);

  async function entryPage(userId: string, entry: network.Entry): Promise<EntryPageData> {
    const [contacts, ledger, gratitude] = await Promise.all([
      network.listContacts(deps, userId, entry.id),
      network.listLedger(deps, userId, entry.id),
      network.listGratitude(deps, userId, { entryId: entry.id, limit: 50 }),
    ]);
    return { entry, contacts, ledger, balance: entry.balance, gratitude };
  }

  async function loadEntry(req: FastifyRequest, id: string): Promise<network.Entry> {
    ensureCanUseNetwork(req.actor);
    const entry = await network.findEntry(deps, req.actor.id, id);
    ensureCanSeeEntry(req.actor, entry);
    return entry;
  }

  // --- The map, its downloads ------------------------------------------------------------------
  const PageQuery = Type.Object({ page: Type.Optional(Type.String({ maxLength: 6 })) });
  app.get('/network', { schema: { querystring: PageQuery }, attachValidation: true }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const { t, locale } = req;
    const body = await mapPageBody(deps, req.actor.id, Number.parseInt(req.query.page ?? '1', 10) || 1, locale, {
      map: (entries) => <InlineMap t={t} entries={entries} />,
      body: (shown, map) => <MapBody t={t} locale={locale} shown={shown} map={map} mapLimit={network.MAP_MAX_POINTS} />,
    });
    // The frame (header, form token, flash) is this request's; the body is the kept bytes, put in
    // place of a mark that escaped text in the frame cannot contain.
    const frame = await (<MapScreen ctx={page(req, reply)} body={MAP_BODY_MARK} />);
    const at = frame.indexOf(MAP_BODY_MARK);
    const prepared = new PreparedHtml(Buffer.concat([Buffer.from(frame.slice(0, at)), body, Buffer.from(frame.slice(at + MAP_BODY_MARK.length))]));
    // The page is about 100 KB and compressed anew for every request (the frame is this request's):
    // brotli quality 1 takes half the time of the usual 2 at this size for about 5 % more bytes.
    if (preferredEncoding(req.headers['accept-encoding']) === 'br') prepared.br = brotliCompressSync(prepared.body, brotliOptions(prepared.body.length, 1));
    return sendPreparedHtml(reply, prepared);
  });

  /** The stand-alone map (the first MAP_MAX_POINTS entries), the one source of both downloads. */
  async function standaloneMap(req: FastifyRequest, userId: string): Promise<string> {
    const entries = (await memberEntries(deps, userId)).slice(0, network.MAP_MAX_POINTS);
    const svg = await (<NetworkMap entries={entries} texts={mapTexts(req.t)} standalone />);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`;
  }

  app.get('/network/map.svg', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    return sendDownload(reply, { filename: 'mein-netz.svg', type: 'image/svg+xml', body: await standaloneMap(req, req.actor.id) });
  });

  app.get('/network/map.png', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const userId = req.actor.id;
    const png = await renderMapPng(() => standaloneMap(req, userId), userId);
    return sendDownload(reply, { filename: 'mein-netz.png', type: 'image/png', body: png });
  });

  // --- Entries ---------------------------------------------------------------------------------
  app.get('/network/entries/new', { schema: { querystring: NewQuery }, attachValidation: true }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const circle = schema.CIRCLES.find((c) => c === formString(req.query.circle));
    const sector = schema.SECTORS.find((s) => s === formString(req.query.sector));
    const back = safeLocalPath(req.query.back, '');
    return sendHtml(reply, <EntryFormScreen ctx={page(req, reply)} errors={[]} values={{ kind: 'person', circle, sector, rhythmUnit: 'weeks', back }} />);
  });

  app.post('/network/entries', { schema: form(schema.entryFormSchema) }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const { values, errors, input } = readEntryForm(req.body, req.t);
    if (input) {
      const created = await network.createEntry(deps, req.actor.id, input);
      if (created.ok) {
        setFlash(reply, 'network.added', { name: input.name });
        return seeOther(reply, typeof values.back === 'string' && values.back ? values.back : '/network');
      }
      errors.push({ field: 'name', message: req.t('network.tooMany', { max: network.MAX_ENTRIES }) });
    }
    return sendHtml(reply, <EntryFormScreen ctx={page(req, reply)} errors={errors} values={values} />, 400);
  });

  app.post('/network/entries/from-directory', { schema: form(schema.directoryForm.schema) }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const { values } = schema.directoryForm.parse(req.body, req.t);
    const found = await resolveDirectoryRef(deps, values.ref);
    if (!found) throw new AppError(404, 'directory_entry_not_found', 'network.directory.notFound');
    const created = await network.createFromDirectory(deps, req.actor.id, found);
    if (!created.ok) throw new AppError(409, 'network_full', 'network.tooMany');
    setFlash(reply, 'network.directory.added', { name: found.name });
    return seeOther(reply, `/network/entries/${created.id}`);
  });

  app.get('/network/entries/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    return sendHtml(reply, <EntryScreen ctx={page(req, reply)} data={await entryPage(req.actor.id as string, entry)} errors={[]} values={{}} />);
  });

  app.get('/network/entries/:id/edit', { schema: { params: IdParams } }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    return sendHtml(reply, <EntryFormScreen ctx={page(req, reply)} errors={[]} values={entryFormValues(entry)} entry={entry} />);
  });

  app.post('/network/entries/:id/edit', { schema: { params: IdParams, body: schema.entryFormSchema }, attachValidation: true }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    const { values, errors, input } = readEntryForm(req.body, req.t);
    if (input && (await network.updateEntry(deps, entry.userId, entry.id, input))) {
      setFlash(reply, 'network.saved');
      return seeOther(reply, `/network/entries/${entry.id}`);
    }
    return sendHtml(reply, <EntryFormScreen ctx={page(req, reply)} errors={errors} values={values} entry={entry} />, 400);
  });

  app.get('/network/entries/:id/delete', { schema: { params: IdParams } }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    return sendHtml(reply, <DeleteEntryScreen ctx={page(req, reply)} entry={entry} />);
  });

  app.post('/network/entries/:id/delete', { schema: { params: IdParams } }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    await network.deleteEntry(deps, entry.userId, entry.id);
    setFlash(reply, 'network.deleted');
    return seeOther(reply, '/network');
  });

  /** Re-renders the entry page with the problems of one of its forms. */
  async function entryWithErrors(req: FastifyRequest, reply: FastifyReply, entry: network.Entry, errors: FieldProblem[], values: Values) {
    return sendHtml(reply, <EntryScreen ctx={page(req, reply)} data={await entryPage(entry.userId, entry)} errors={errors} values={values} />, 400);
  }

  app.post('/network/entries/:id/contacts', { schema: { params: IdParams, body: schema.contactForm.schema }, attachValidation: true }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    const { values, errors } = schema.contactForm.parse(req.body, req.t);
    const on = readDay(values.contactDate, 'contactDate', req.t, errors);
    if (errors.length > 0) return entryWithErrors(req, reply, entry, errors, values);
    await network.logContact(deps, entry.userId, entry.id, { kind: values.contactKind as schema.ContactKind, on, note: values.contactNote });
    setFlash(reply, 'network.contact.saved', { name: entry.name });
    return seeOther(reply, `/network/entries/${entry.id}`);
  });

  app.post('/network/entries/:id/snooze', { schema: { params: IdParams, body: schema.snoozeForm.schema }, attachValidation: true }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    const { values, errors } = schema.snoozeForm.parse(req.body, req.t);
    if (errors.length > 0) return entryWithErrors(req, reply, entry, errors, values);
    const until = await network.snooze(deps, entry.userId, entry.id, Number(values.snoozeDays));
    if (!until) throw notFound('network_entry_not_found');
    setFlash(reply, 'network.snooze.saved', { name: entry.name, date: until.split('-').reverse().join('.') });
    return seeOther(reply, `/network/entries/${entry.id}`);
  });

  app.post('/network/entries/:id/give-and-take', { schema: { params: IdParams, body: schema.ledgerForm.schema }, attachValidation: true }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    const { values, errors } = schema.ledgerForm.parse(req.body, req.t);
    const on = readDay(values.ledgerDate, 'ledgerDate', req.t, errors);
    if (errors.length > 0) return entryWithErrors(req, reply, entry, errors, values);
    await network.addLedger(deps, entry.userId, entry.id, { direction: values.ledgerDirection as schema.Direction, support: values.ledgerType as Support, on, note: values.ledgerNote });
    setFlash(reply, 'network.give.saved');
    return seeOther(reply, `/network/entries/${entry.id}#give-and-take`);
  });

  app.post('/network/entries/:id/gratitude', { schema: { params: IdParams, body: schema.thanksForm.schema }, attachValidation: true }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    const { values, errors } = schema.thanksForm.parse(req.body, req.t);
    if (errors.length > 0) return entryWithErrors(req, reply, entry, errors, values);
    await network.addGratitude(deps, entry.userId, entry.id, values.thanksText);
    setFlash(reply, 'network.thanks.saved');
    return seeOther(reply, `/network/entries/${entry.id}#gratitude`);
  });

  // --- Stay in touch ------------------------------------------------------------------------------
  async function touchPage(req: FastifyRequest, reply: FastifyReply, userId: string, emailVerified: boolean) {
    const entries = await memberEntries(deps, userId);
    const on = await network.digestEnabled(deps.db, userId);
    return sendHtml(reply, <TouchScreen ctx={page(req, reply)} touch={network.touchLists(entries)} digest={{ on, canMail: emailVerified }} />);
  }

  app.get('/network/stay-in-touch', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    return touchPage(req, reply, req.actor.id, req.actor.emailVerified);
  });

  app.post('/network/digest', { schema: form(schema.digestForm.schema) }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const { values } = schema.digestForm.parse(req.body, req.t);
    // Turning it on needs a confirmed address; turning it off always works.
    const on = values.weeklyDigest && req.actor.emailVerified;
    await network.setDigest(deps.db, req.actor.id, on);
    setFlash(reply, on ? 'network.touch.digestOn' : 'network.touch.digestOff');
    return seeOther(reply, '/network/stay-in-touch#digest');
  });

  // --- Give and take, gratitude, check-ins, check ------------------------------------------------------
  app.get('/network/give-and-take', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const entries = await memberEntries(deps, req.actor.id);
    const rows = entries.map((entry) => ({ entry, balance: entry.balance }));
    return sendHtml(reply, <GiveTakeScreen ctx={page(req, reply)} rows={rows} />);
  });

  async function gratitudePage(req: FastifyRequest, reply: FastifyReply, userId: string, errors: FieldProblem[], values: Values) {
    const [entries, notes] = await Promise.all([network.listEntryDetails(deps, userId), network.listGratitude(deps, userId)]);
    return sendHtml(reply, <GratitudeScreen ctx={page(req, reply)} entries={entries} notes={notes} errors={errors} values={values} />, errors.length ? 400 : 200);
  }

  app.get('/network/gratitude', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    return gratitudePage(req, reply, req.actor.id, [], {});
  });

  app.post('/network/gratitude', { schema: form(schema.thanksForm.schema) }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const { values, errors } = schema.thanksForm.parse(req.body, req.t);
    const entry = values.thanksEntry ? await network.findEntry(deps, req.actor.id, values.thanksEntry) : undefined;
    if (!entry) errors.push({ field: 'thanksEntry', message: req.t('form.choiceRequired', { label: req.t('network.thanks.entry') }) });
    if (errors.length > 0 || !entry) return gratitudePage(req, reply, req.actor.id, errors, values);
    await network.addGratitude(deps, req.actor.id, entry.id, values.thanksText);
    setFlash(reply, 'network.thanks.saved');
    return seeOther(reply, '/network/gratitude');
  });

  app.get('/network/check-ins', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const checkins = await network.listCheckins(deps, req.actor.id);
    return sendHtml(reply, <CheckinsScreen ctx={page(req, reply)} checkins={checkins} errors={[]} values={{}} />);
  });

  app.post('/network/check-ins', { schema: form(schema.checkinForm.schema) }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const { values, errors } = schema.checkinForm.parse(req.body, req.t);
    const on = readDay(values.checkinDate, 'checkinDate', req.t, errors);
    if (errors.length > 0) {
      const checkins = await network.listCheckins(deps, req.actor.id);
      return sendHtml(reply, <CheckinsScreen ctx={page(req, reply)} checkins={checkins} errors={errors} values={values} />, 400);
    }
    await network.addCheckin(deps, req.actor.id, { mood: Number(values.mood), energy: Number(values.energy), note: values.checkinNote, on });
    setFlash(reply, 'network.checkin.saved');
    return seeOther(reply, '/network/check-ins');
  });

  app.get('/network/check', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const entries = await memberEntries(deps, req.actor.id);
    return sendHtml(reply, <CheckScreen ctx={page(req, reply)} findings={network.networkCheck(entries, network.totalBalance(network.balances(entries)))} />);
  });

  // --- Import and export --------------------------------------------------------------------------------
  // Exports of a network at the cap read and open every entry: two run at once in this process, one
  // per person, eight wait, more are refused with 429 — so a member cannot fill the cores with them.
  const exports = new WorkQueue(2, 8, 'export_busy');

  app.get('/network/import-export', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    return sendHtml(reply, <ImportExportScreen ctx={page(req, reply)} errors={[]} />);
  });

  // The vCard upload comes through the app's multipart parser; one byte over the limit is refused there.
  app.post('/network/import', { config: { multipartOptions: { limits: { fileSize: VCARD_MAX_BYTES } } } }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const file = body.file;
    const fail = (key: MessageKey) => sendHtml(reply, <ImportExportScreen ctx={page(req, reply)} errors={[{ field: 'file', message: req.t(key) }]} />, 400);
    if (!Buffer.isBuffer(file) || file.length === 0) return fail('network.io.fileRequired');
    if (file.length > VCARD_MAX_BYTES) return fail('network.io.fileTooLarge');
    const parsed = parseVcards(file);
    if (parsed.cards === 0) return fail('network.io.fileEmpty');
    const imported = await network.importContacts(deps, req.actor.id, parsed.contacts);
    const report = { imported, problems: parsed.problems, ...(imported < parsed.contacts.length ? { limitFrom: imported + 1 } : {}) };
    return sendHtml(reply, <ImportExportScreen ctx={page(req, reply)} errors={[]} report={report} />, 200);
  });

  app.get('/network/export.json', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    // Streamed like the CSV below: written a batch of entries at a time, never one string of the whole network.
    const head = { format: 'miteinander-network-export', version: 1, exportedAt: nowIso() };
    const userId = req.actor.id;
    const pieces = await exports.stream(userId, () => network.exportNetworkJson(deps, userId, head));
    return sendDownload(reply, { filename: 'mein-netz.json', type: 'application/json', body: Readable.from(pieces) });
  });

  app.get('/network/export.csv', async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const t = req.t;
    const head = [t('network.col.name'), t('network.kind'), t('network.sector'), t('network.circle'), t('network.supportShort'), t('network.phone'), t('network.email'), t('network.notes'), t('network.col.rhythm'), t('network.col.last'), t('network.col.next')];
    const userId = req.actor.id;
    // Streamed a batch at a time: a network at the cap neither sits in memory as one string nor holds the event loop.
    async function* lines() {
      yield csvLine(head, true);
      for await (const batch of network.entryDetailBatches(deps, userId)) {
        yield batch.map((e) => csvLine([
          e.name, t(`network.kind.${e.kind}`), sectorName(t, e.sector), circleName(t, e.circle), e.support.map((s) => t(`network.support.${s}`)).join(', '),
          e.phone, e.email, e.notes, rhythmText(t, e.rhythmDays), e.lastContactOn, e.nextOn,
        ])).join('');
      }
    }
    return sendDownload(reply, { filename: 'mein-netz.csv', type: 'text/csv', body: Readable.from(await exports.stream(userId, lines)) });
  });

  // --- API ------------------------------------------------------------------------------------------
  const tags = ['network'];
  const apiInput = (body: schema.EntryInputBody): EntryInput => {
    const name = body.name.trim();
    const email = (body.email ?? '').trim();
    const fields: FieldProblem[] = [];
    if (!name) fields.push({ field: 'name', message: 'must not be empty' });
    if (email && !isEmailAddress(email)) fields.push({ field: 'email', message: 'is not an e-mail address' });
    if (fields.length) throw badRequest('validation_failed', fields);
    return { kind: body.kind, name, sector: body.sector, circle: body.circle, support: [...new Set(body.support ?? [])], phone: (body.phone ?? '').trim(), email, notes: (body.notes ?? '').trim(), rhythmDays: body.rhythmDays ?? null };
  };

  app.get('/api/v1/network/entries', {
    schema: { summary: 'Your own support network (only ever your own)', tags, response: { 200: schema.EntryList } },
  }, async (req) => {
    ensureCanUseNetwork(req.actor);
    const entries = await network.listEntryDetails(deps, req.actor.id);
    return { entries: entries.map(apiEntry) };
  });

  app.post('/api/v1/network/entries', {
    schema: { summary: 'Add someone to your support network', tags, body: schema.EntryInput, response: { 201: schema.EntryOutput } },
  }, async (req, reply) => {
    ensureCanUseNetwork(req.actor);
    const created = await network.createEntry(deps, req.actor.id, apiInput(req.body));
    if (!created.ok) throw new AppError(409, 'network_full', 'network.tooMany');
    const entry = await network.findEntry(deps, req.actor.id, created.id);
    return reply.status(201).send(apiEntry(entry as network.Entry));
  });

  app.get('/api/v1/network/entries/:id', {
    schema: { summary: 'One entry of your support network', tags, params: schema.EntryParams, response: { 200: schema.EntryOutput } },
  }, async (req) => apiEntry(await loadEntry(req, req.params.id)));

  app.delete('/api/v1/network/entries/:id', {
    schema: { summary: 'Remove an entry with its contacts, give and take and thanks', tags, params: schema.EntryParams },
  }, async (req, reply) => {
    const entry = await loadEntry(req, req.params.id);
    await network.deleteEntry(deps, entry.userId, entry.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/network/entries/:id/contacts', {
    schema: { summary: 'Log a contact; the entry’s reminder starts again', tags, params: schema.EntryParams, body: schema.ContactInput, response: { 200: schema.EntryOutput } },
  }, async (req) => {
    const entry = await loadEntry(req, req.params.id);
    const errors: FieldProblem[] = [];
    const on = readDay(req.body.date ?? '', 'date', req.t, errors);
    if (errors.length) throw badRequest('validation_failed', errors);
    await network.logContact(deps, entry.userId, entry.id, { kind: req.body.kind, on, note: (req.body.note ?? '').trim() });
    return apiEntry((await network.findEntry(deps, entry.userId, entry.id)) as network.Entry);
  });
};

// Demo and bench content: a realistic support network with years of history — contacts, give and
// take, thanks and check-ins — written in bulk, sealed like real data.
import { randomUUID } from 'node:crypto';
import type { NetworkCircle, NetworkKind, NetworkSector } from '../../db/types.ts';
import type { Deps } from '../../platform/deps.ts';
import { addDays, today } from '../../platform/time.ts';
import { sealer } from './service.ts';
import type { Support } from './schema.ts';
import { CONTACT_KINDS, SECTORS, SUPPORTS } from './schema.ts';

export interface DemoEntry {
  name: string;
  kind?: NetworkKind;
  sector: NetworkSector;
  circle: NetworkCircle;
  support: Support[];
  rhythmDays?: number;
  /** Days ago the person came into the network. */
  since: number;
  /** Days ago the last contact happened (contacts stop then); 0 = recently. */
  quietFor?: number;
  notes?: string;
  phone?: string;
  email?: string;
}

export const SONNENBLUME_NETWORK: DemoEntry[] = [
  { name: 'Mama', sector: 'family', circle: 'inner', support: ['emotional', 'practical'], rhythmDays: 7, since: 1825, notes: 'Ruft sonntags gegen 18 Uhr an. Geburtstag: 12. März.', phone: '0341 2233445' },
  { name: 'Papa', sector: 'family', circle: 'middle', support: ['practical', 'information'], rhythmDays: 14, since: 1825, quietFor: 20, notes: 'Hilft beim Papierkram. Nicht nach der Arbeit anrufen.' },
  { name: 'Jonas (Bruder)', sector: 'family', circle: 'middle', support: ['company', 'practical'], rhythmDays: 30, since: 1825, phone: '0171 5544332' },
  { name: 'Oma Hilde', sector: 'family', circle: 'inner', support: ['emotional'], rhythmDays: 7, since: 1825, notes: 'Freut sich über Briefe mit Fotos.' },
  { name: 'Tante Gisela', sector: 'family', circle: 'outer', support: ['information'], rhythmDays: 90, since: 1600, quietFor: 200 },
  { name: 'Lena', sector: 'friends', circle: 'inner', support: ['emotional', 'company'], rhythmDays: 14, since: 1825, email: 'lena@example.org', notes: 'Kennt mich seit der Schule. Versteht ohne viele Worte.' },
  { name: 'Aylin', sector: 'friends', circle: 'middle', support: ['company', 'emotional'], rhythmDays: 30, since: 1200, email: 'aylin@example.org' },
  { name: 'Marco', sector: 'friends', circle: 'outer', support: ['company'], rhythmDays: 60, since: 1500, quietFor: 150 },
  { name: 'Katrin (Schulfreundin)', sector: 'friends', circle: 'outer', support: ['emotional'], since: 1825, quietFor: 700 },
  { name: 'Frau Kaya (Nachbarin)', sector: 'neighbourhood', circle: 'middle', support: ['practical', 'company'], rhythmDays: 14, since: 1400, notes: 'Hat einen Schlüssel. Gießt die Blumen im Urlaub.' },
  { name: 'Herr Schulz', sector: 'neighbourhood', circle: 'outer', support: ['practical'], since: 900 },
  { kind: 'organisation', name: 'Selbsthilfegruppe Lichtblick', sector: 'community', circle: 'inner', support: ['emotional', 'information', 'company'], rhythmDays: 7, since: 1100, notes: 'Dienstags 18:30 im Gemeindehaus. Ansprechperson: Petra.' },
  { kind: 'organisation', name: 'Chor St. Marien', sector: 'community', circle: 'middle', support: ['company'], rhythmDays: 7, since: 800 },
  { kind: 'organisation', name: 'Lauftreff am Park', sector: 'community', circle: 'outer', support: ['company'], rhythmDays: 14, since: 400, quietFor: 60 },
  { name: 'Sabine (Kollegin)', sector: 'work', circle: 'middle', support: ['emotional', 'information'], rhythmDays: 30, since: 1700 },
  { name: 'Tim (Kollege)', sector: 'work', circle: 'outer', support: ['practical'], since: 1000, quietFor: 120 },
  { name: 'Dr. Weber (Hausärztin)', sector: 'professional', circle: 'outer', support: ['information'], rhythmDays: 90, since: 1825, phone: '0341 998877' },
  { name: 'Frau Brandt (Therapeutin)', sector: 'professional', circle: 'middle', support: ['emotional', 'information'], rhythmDays: 14, since: 1000, notes: 'Termine jeweils donnerstags. Fragen vorher aufschreiben.' },
  { kind: 'organisation', name: 'Selbsthilfe-Kontaktstelle Mitte', sector: 'professional', circle: 'outer', support: ['information'], since: 1150, phone: '0341 123456', email: 'kontakt@example.org' },
  { kind: 'organisation', name: 'Sozialberatung', sector: 'professional', circle: 'outer', support: ['information', 'practical'], since: 600 },
];

const CONTACT_NOTES = ['Lange telefoniert', 'Kurz geschrieben', 'Zusammen Kaffee getrunken', 'Spaziergang im Park', 'Hat nach mir gefragt', 'Geburtstag gefeiert', ''];
const LEDGER_NOTES = ['Beim Umzug geholfen', 'Zum Arzt gefahren', 'Zugehört, als es mir schlecht ging', 'Suppe gebracht', 'Formular ausgefüllt', 'Einkauf erledigt', ''];
const THANKS = [
  'Danke, dass du einfach da warst, als ich nicht mehr weiterwusste.',
  'Danke fürs Zuhören – ohne Ratschläge, nur Zuhören.',
  'Danke für die Suppe und die Geduld.',
  'Danke, dass ihr mich so freundlich aufgenommen habt.',
  'Danke, dass du mich zum Termin begleitet hast.',
  'Danke für den Spaziergang. Er hat mir gutgetan.',
];
const CHECKIN_NOTES = ['Schlecht geschlafen', 'Guter Tag in der Gruppe', 'Viel Arbeit', 'Sonne getankt', 'Sorgen wegen der Miete', '', '', ''];

/** A small deterministic generator, so demo and bench data look the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function insertChunked<T>(deps: Deps, table: 'network_entries' | 'network_contacts' | 'network_ledger' | 'network_gratitude' | 'network_checkins', rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await deps.db.insertInto(table).values(rows.slice(i, i + 200) as never).execute();
  }
}

/** Writes a network with history into the person's account; returns how many rows went in. */
export async function seedNetworkHistory(deps: Deps, userId: string, entries: DemoEntry[], options: { years?: number; seed?: number } = {}): Promise<{ entries: number; contacts: number; ledger: number; gratitude: number; checkins: number }> {
  const rnd = random(options.seed ?? 7);
  const s = sealer(deps);
  const now = today();
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const seal = (text: string) => s.sealOptional(text, userId);
  const entryRows = [];
  const contacts = [];
  const ledger = [];
  const gratitude = [];
  for (const e of entries) {
    const id = randomUUID();
    const start = addDays(now, -e.since);
    const stop = e.quietFor ?? Math.floor(rnd() * 4);
    const step = e.rhythmDays ?? 45;
    let last: string | null = null;
    for (let ago = e.since - Math.floor(rnd() * step); ago >= stop; ago -= Math.max(1, Math.round(step * (0.6 + rnd() * 0.8)))) {
      const on = addDays(now, -ago);
      contacts.push({ id: randomUUID(), user_id: userId, entry_id: id, kind: pick(CONTACT_KINDS), happened_on: on, note_sealed: seal(pick(CONTACT_NOTES)), created_at: `${on}T12:00:00.000Z` });
      last = on;
      if (rnd() < (e.circle === 'outer' ? 0.1 : 0.25)) {
        ledger.push({ id: randomUUID(), user_id: userId, entry_id: id, direction: rnd() < (e.sector === 'professional' ? 0.9 : 0.55) ? 'received' : 'given', support: e.support.length ? pick(e.support) : pick(SUPPORTS), happened_on: on, note_sealed: seal(pick(LEDGER_NOTES)), created_at: `${on}T12:00:00.000Z` });
      }
      if (rnd() < (e.circle === 'inner' ? 0.06 : 0.02)) {
        gratitude.push({ id: randomUUID(), user_id: userId, entry_id: id, text_sealed: s.seal(pick(THANKS), userId), written_on: on, created_at: `${on}T12:00:00.000Z` });
      }
    }
    entryRows.push({
      id,
      user_id: userId,
      kind: e.kind ?? 'person',
      name_sealed: s.seal(e.name, userId),
      sector: e.sector,
      circle: e.circle,
      support: e.support.join(','),
      phone_sealed: seal(e.phone ?? ''),
      email_sealed: seal(e.email ?? ''),
      notes_sealed: seal(e.notes ?? ''),
      link_sealed: null,
      rhythm_days: e.rhythmDays ?? null,
      last_contact_on: last,
      snoozed_until: null,
      created_at: `${start}T09:00:00.000Z`,
      updated_at: `${start}T09:00:00.000Z`,
    });
  }
  const checkins = [];
  const days = Math.round((options.years ?? 5) * 365);
  for (let ago = days; ago >= 1; ago -= 3 + Math.floor(rnd() * 6)) {
    const on = addDays(now, -ago);
    // A slow wave with noise: hard times and better ones, as life goes.
    const wave = Math.sin((ago / 365) * Math.PI * 1.5);
    const mood = Math.max(1, Math.min(5, Math.round(3 + wave * 1.2 + (rnd() - 0.5) * 1.6)));
    const energy = Math.max(1, Math.min(5, Math.round(mood + (rnd() - 0.5) * 2)));
    checkins.push({ id: randomUUID(), user_id: userId, mood, energy, note_sealed: seal(pick(CHECKIN_NOTES)), checked_on: on, created_at: `${on}T20:00:00.000Z` });
  }
  await insertChunked(deps, 'network_entries', entryRows);
  await insertChunked(deps, 'network_contacts', contacts);
  await insertChunked(deps, 'network_ledger', ledger);
  await insertChunked(deps, 'network_gratitude', gratitude);
  await insertChunked(deps, 'network_checkins', checkins);
  return { entries: entryRows.length, contacts: contacts.length, ledger: ledger.length, gratitude: gratitude.length, checkins: checkins.length };
}

const FIRST = ['Anna', 'Ben', 'Clara', 'Deniz', 'Emil', 'Fatma', 'Greta', 'Hannes', 'Ida', 'Jan', 'Kemal', 'Lotte', 'Mats', 'Nina', 'Ole', 'Paula', 'Rafael', 'Sara', 'Theo', 'Ute', 'Vera', 'Wolfgang', 'Yasemin', 'Zoe'];
const LAST = ['Albrecht', 'Bauer', 'Çelik', 'Dietrich', 'Engel', 'Fischer', 'Günther', 'Hoffmann', 'Ivanova', 'Jung', 'Kowalski', 'Lange', 'Meyer', 'Nowak', 'Otto', 'Peters'];

/** Many people across all parts of life, for the bench (e.g. 150 entries). */
export function syntheticNetwork(count: number, seed = 11): DemoEntry[] {
  const rnd = random(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const rhythms = [7, 14, 30, 60, 90, undefined];
  return Array.from({ length: count }, (_, i) => ({
    name: `${pick(FIRST)} ${pick(LAST)}`,
    kind: i % 12 === 0 ? ('organisation' as const) : ('person' as const),
    sector: SECTORS[i % SECTORS.length] as NetworkSector,
    circle: (['inner', 'middle', 'outer', 'outer'] as const)[Math.floor(rnd() * 4)] as NetworkCircle,
    support: SUPPORTS.filter(() => rnd() < 0.4),
    rhythmDays: pick(rhythms),
    since: 200 + Math.floor(rnd() * 1625),
    quietFor: rnd() < 0.15 ? Math.floor(rnd() * 300) : undefined,
    notes: rnd() < 0.5 ? 'Notiz mit ein paar Worten zu dieser Person.' : undefined,
    phone: rnd() < 0.6 ? `0171 ${100000 + i}` : undefined,
  }));
}

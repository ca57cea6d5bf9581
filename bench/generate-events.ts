// Generates events for the bench: N events of the demo organisations over the next twelve months,
// at German places by population or online, written in batches straight into the tables.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Insertable } from 'kysely';
import type { Db } from '../src/db/index.ts';
import type { EventTopicsTable, EventsTable } from '../src/db/types-events.ts';
import { parsePlacesTable } from '../src/platform/geo/index.ts';

const BATCH = 300;
const TITLES = ['Online-Austausch', 'Infoabend', 'Gesprächskreis', 'Vortrag mit Fragerunde', 'Telefonsprechstunde', 'Workshop', 'Spaziergang', 'Fachtag'];
const TOPICS = ['depression', 'trauer', 'diabetes-typ-1', 'alkohol', 'angehoerige-psychisch-erkrankter', 'demenz', 'tinnitus', 'alleinerziehende'];
const FORMATS = ['in_person', 'online', 'hybrid', 'phone'];

function sequence(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function generateEvents(db: Db, count: number): Promise<number> {
  const places = parsePlacesTable(readFileSync(new URL('../src/platform/geo/places.tsv', import.meta.url), 'utf8')).filter((p) => p.population > 20_000);
  const orgs = (await db.selectFrom('organisations').select('id').execute()).map((o) => o.id);
  const topics = new Set((await db.selectFrom('topics').select('slug').execute()).map((t) => t.slug));
  const random = sequence(2026);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let made = 0;
  while (made < count) {
    const rows: Array<Insertable<EventsTable>> = [];
    const links: Array<Insertable<EventTopicsTable>> = [];
    for (let i = 0; i < BATCH && made < count; i++, made++) {
      const id = randomUUID();
      const format = pick(FORMATS);
      const place = format === 'in_person' || format === 'hybrid' ? pick(places) : null;
      const start = today + Math.floor(random() * 365) * 86_400_000 + (8 + Math.floor(random() * 12)) * 3_600_000;
      const capacity = random() < 0.6 ? 5 + Math.floor(random() * 40) : null;
      rows.push({
        id, group_id: null, organisation_id: pick(orgs), title: `${pick(TITLES)} ${made}`, description: 'Ein Termin zum Kennenlernen und Austauschen.',
        starts_at: new Date(start).toISOString(), ends_at: new Date(start + 90 * 60_000).toISOString(), format, area: place?.label ?? '', place_id: place?.id ?? null,
        lat: place?.lat ?? null, lon: place?.lon ?? null, address: place ? 'Bürgerhaus, Raum 2' : '', online_url: format === 'in_person' ? '' : 'https://meet.example.org/x',
        accessibility: random() < 0.5 ? 'step_free' : '', audience: 'everyone', contact_name: 'Ansprechperson', contact_role: '', contact_phone: '', contact_email: '',
        status: random() < 0.03 ? 'cancelled' : 'scheduled', cancel_reason: '', registration: capacity ? 'open' : 'none', capacity, taken: capacity ? Math.floor(random() * capacity) : 0,
        deadline: null, created_by: null, created_at: now.toISOString(), updated_at: now.toISOString(),
      });
      const topic = pick(TOPICS);
      if (topics.has(topic)) links.push({ event_id: id, topic_slug: topic });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('events').values(rows).execute();
      if (links.length) await trx.insertInto('event_topics').values(links).execute();
    });
  }
  return made;
}

// Generates a large directory for the bench: N groups spread over German places in proportion to
// their population, from the demo templates, written in batches straight into the tables.
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/db/index.ts';
import type { Insertable } from 'kysely';
import type { GroupTopicsTable, GroupsTable } from '../src/db/types-directory.ts';
import { parsePlacesTable, type Place } from '../src/platform/geo/index.ts';
import { DEMO_GROUP_TEMPLATES } from '../src/demo/directory-data.ts';
import { readFileSync } from 'node:fs';

const BATCH = 400;

function sequence(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function generateGroups(db: Db, count: number): Promise<number> {
  const places = parsePlacesTable(readFileSync(new URL('../src/platform/geo/places.tsv', import.meta.url), 'utf8')).filter((p) => p.population > 0);
  // Cumulative population, so big cities get many groups and villages few.
  const cumulative: number[] = [];
  let sum = 0;
  for (const p of places) cumulative.push((sum += Math.sqrt(p.population)));
  const random = sequence(4711);
  const pickPlace = (): Place => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return places[lo] as Place;
  };
  const now = new Date().toISOString();
  let made = 0;
  while (made < count) {
    const rows: Array<Insertable<GroupsTable>> = [];
    const topics: Array<Insertable<GroupTopicsTable>> = [];
    for (let i = 0; i < BATCH && made < count; i++, made++) {
      const template = DEMO_GROUP_TEMPLATES[Math.floor(random() * DEMO_GROUP_TEMPLATES.length)]!;
      const online = random() < 0.04;
      const place = online ? null : pickPlace();
      const id = randomUUID();
      rows.push({
        id,
        slug: `bench-${made}`,
        name: template.nameDe.replace('{place}', place?.name ?? '').trim() + ` ${made}`,
        description: template.descriptionDe,
        kind: template.kind,
        audience: template.audience,
        formats: online ? 'online' : template.formats.join(','),
        place_id: place?.id ?? null,
        area: place?.label ?? '',
        lat: place ? place.lat + (random() - 0.5) * 0.04 : null,
        lon: place ? place.lon + (random() - 0.5) * 0.06 : null,
        address: place ? `Bürgerhaus, Schulstraße ${1 + (made % 90)}, ${place.postcodes[0] ?? ''} ${place.name}` : '',
        rhythm: template.rhythmDe,
        rrule: template.rrule,
        start_time: template.startTime,
        duration_minutes: template.durationMinutes,
        languages: 'de',
        accessibility: random() < 0.5 ? 'step_free' : '',
        status: random() < 0.04 ? 'founding' : 'active',
        accepting: random() < 0.9 ? 1 : 0,
        contact_point_id: null,
        organisation_id: null,
        proposed_by: null,
        created_at: now,
        updated_at: now,
      });
      for (const slug of template.topicSlugs) topics.push({ group_id: id, topic_slug: slug });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('groups').values(rows).execute();
      for (let i = 0; i < topics.length; i += BATCH) await trx.insertInto('group_topics').values(topics.slice(i, i + BATCH)).execute();
    });
  }
  return made;
}

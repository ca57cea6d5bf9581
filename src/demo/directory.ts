// Demo directory: contact points and organisations, and some 330 groups across German cities,
// online and by phone, generated deterministically from the fictional templates in directory-data.ts.
import type { Deps } from '../platform/deps.ts';
import { resolvePlace, type Place } from '../platform/geo/index.ts';
import * as directory from '../features/directory/service.ts';
import { addFacilitator, postAnnouncement, requestToJoin, decideRequest } from '../features/directory/membership.ts';
import { DEMO_GROUP_TEMPLATES, DEMO_ORGANISATIONS, DEMO_PUBLIC_AREAS, DEMO_STREETS, type DemoGroupTemplate } from './directory-data.ts';
import type { OrganisationRow } from '../features/directory/service.ts';

/** Small towns around Leipzig, so a search "near Leipzig" shows groups at several distances. */
const AROUND_LEIPZIG = ['Markkleeberg', 'Taucha', 'Schkeuditz', 'Borna', 'Grimma', 'Delitzsch', 'Wurzen', 'Markranstädt'];
const GROUPS_PER_CITY = 11;

/** A fixed pseudo-random sequence, so every demo start has the same directory. */
function sequence(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function place(query: string): Place {
  const found = resolvePlace(query);
  if (found.kind === 'found') return found.place;
  if (found.kind === 'ambiguous' && found.candidates[0]) return found.candidates[0];
  throw new Error(`demo place not found: ${query}`);
}

const shortName = (city: string) => city.replace(/ am Main| im Breisgau| \(Saale\)/, '');

export interface DemoDirectory {
  groups: number;
  organisations: number;
  /** The group the demo facilitator leads, for the walkthrough. */
  leipzigDepressionSlug: string;
}

export async function seedDirectory(deps: Deps, people: { staffId: string; facilitatorId: string; memberId: string; otherMemberId: string }): Promise<DemoDirectory> {
  const dir = directory.createDirectory(deps);
  await directory.ensureIndex(dir);
  const random = sequence(20261121);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  const orgs: OrganisationRow[] = [];
  for (const o of DEMO_ORGANISATIONS) {
    const p = place(o.placeQuery);
    orgs.push(
      await directory.createOrganisation(deps.db, { actor: { id: null }, input: {
        slug: o.slug, kind: o.kind, name: o.name, description: o.descriptionDe, region: o.regionDe, placeId: p.id, area: o.area,
        lat: p.lat, lon: p.lon, servesRadiusKm: o.kind === 'contact_point' ? 40 : 0, street: o.street, phone: o.phone, email: o.email,
        website: o.website, openingHours: o.openingHoursDe, parentId: null,
      } }),
    );
  }
  const leipzigPoint = orgs.find((o) => o.slug === 'kontaktstelle-leipzig') as OrganisationRow;
  const umbrella = orgs.find((o) => o.kind === 'umbrella');
  const cedOrg = orgs.find((o) => o.kind === 'self_help_org');
  await directory.addStaff(deps.db, { actor: { id: null }, organisationId: leipzigPoint.id, userId: people.staffId });
  if (umbrella) {
    // The Saxon contact points are members of the (fictional) regional umbrella.
    for (const o of orgs) if (o.kind === 'contact_point' && ['kontaktstelle-leipzig', 'kontaktstelle-dresden'].includes(o.slug)) {
      await deps.db.updateTable('organisations').set({ parent_id: umbrella.id }).where('id', '=', o.id).execute();
    }
  }
  const contactPoints = orgs.filter((o) => o.kind === 'contact_point');
  const nearestContactPoint = (p: { lat: number; lon: number }) => {
    let best: { id: string; d: number } | undefined;
    for (const o of contactPoints) {
      if (o.lat === null || o.lon === null) continue;
      const d = Math.hypot(o.lat - p.lat, (o.lon - p.lon) * 0.64) * 111;
      if (d <= o.serves_radius_km && (!best || d < best.d)) best = { id: o.id, d };
    }
    return best?.id ?? null;
  };

  const local = DEMO_GROUP_TEMPLATES.filter((t) => t.nameDe.includes('{place}'));
  const everywhere = DEMO_GROUP_TEMPLATES.filter((t) => !t.nameDe.includes('{place}'));
  const by = { id: null, label: 'Demo' };
  let count = 0;
  let leipzigDepressionSlug = '';

  async function add(template: DemoGroupTemplate, where: { city: string; place: Place | null; area: string }, facilitatorId: string | null) {
    const jitter = () => (random() - 0.5) * 0.05;
    const lat = where.place ? where.place.lat + jitter() : null;
    const lon = where.place ? where.place.lon + jitter() : null;
    const roll = random();
    const status = roll < 0.05 ? 'founding' : roll < 0.08 ? 'paused' : 'active';
    const accessibility = ['step_free', 'hearing_loop', 'sign_language', 'easy_language'].filter((_, i) => random() < [0.6, 0.15, 0.05, 0.15][i]!);
    const languages = template.topicSlugs.some((s) => s.includes('migration') || s.includes('sprach')) ? ['de', 'ar', 'uk', 'tr'] : random() < 0.1 ? ['de', 'en'] : ['de'];
    const input: directory.GroupInput = {
      name: template.nameDe.replace('{place}', shortName(where.city)),
      description: template.descriptionDe,
      kind: template.kind,
      audience: template.audience,
      formats: where.place ? template.formats : template.formats.filter((f) => f === 'online' || f === 'phone'),
      placeId: where.place?.id ?? null,
      area: where.area,
      lat,
      lon,
      address: where.place && !template.descriptionDe.includes('persönlichen') ? `${pick(DEMO_STREETS)}, ${where.place.postcodes[0] ?? ''} ${where.place.name}`.trim() : '',
      rhythm: template.rhythmDe,
      rrule: template.rrule,
      startTime: template.startTime,
      durationMinutes: template.durationMinutes,
      languages,
      accessibility: where.place ? accessibility : [],
      status,
      accepting: status !== 'paused' && random() > 0.08,
      topics: template.topicSlugs,
      contactPointId: lat !== null && lon !== null ? nearestContactPoint({ lat, lon }) : null,
      organisationId: cedOrg && template.topicSlugs.some((s) => s.includes('crohn') || s.includes('colitis') || s === 'ced') ? cedOrg.id : null,
    };
    if (input.formats.length === 0) input.formats = ['online'];
    const group = await directory.createGroup(dir, { by, input, facilitatorId });
    count++;
    return group;
  }

  // Leipzig: every local template, so the walkthrough ("Depression near Leipzig") has plenty to show.
  const leipzig = place('Leipzig');
  for (const [i, template] of local.entries()) {
    if (i % 2 === 1 && !template.topicSlugs.includes('depression')) continue;
    const isFirstDepression = !leipzigDepressionSlug && template.topicSlugs[0] === 'depression';
    const group = await add(template, { city: 'Leipzig', place: leipzig, area: pick(DEMO_PUBLIC_AREAS.Leipzig ?? ['Leipzig']) }, isFirstDepression || random() < 0.15 ? people.facilitatorId : null);
    if (isFirstDepression) {
      leipzigDepressionSlug = group.slug;
      await deps.db.updateTable('groups').set({ status: 'active', accepting: 1, area: 'Leipzig-Südvorstadt', address: 'Selbsthilfehaus, Mühlenweg 6, 04275 Leipzig (2. Stock, Raum 3)' }).where('id', '=', group.id).execute();
      await directory.recordChange(deps.db, group.id);
      await postAnnouncement(deps.db, { groupId: group.id, authorId: people.facilitatorId, body: 'Am nächsten Dienstag treffen wir uns ausnahmsweise im **Raum 5** im Erdgeschoss. Bitte klingeln Sie unten.' });
      await requestToJoin(dir, { userId: people.otherMemberId, group, message: 'Ich würde gern einmal vorbeikommen.', listed: true });
      await decideRequest(dir, { group, userId: people.otherMemberId, admit: true, message: 'Herzlich willkommen!' });
    }
  }
  for (const town of AROUND_LEIPZIG) {
    const p = place(town);
    const depression = local.filter((t) => t.topicSlugs.includes('depression'));
    await add(town.length % 2 ? pick(depression) : pick(local), { city: town, place: p, area: p.label }, null);
    await add(pick(local), { city: town, place: p, area: p.label }, null);
  }
  // The other cities: a rotating share of the templates.
  let offset = 0;
  for (const [city, areas] of Object.entries(DEMO_PUBLIC_AREAS)) {
    if (city === 'Leipzig') continue;
    const p = place(city);
    for (let i = 0; i < GROUPS_PER_CITY; i++) {
      await add(local[(offset + i * 7) % local.length] as DemoGroupTemplate, { city, place: p, area: pick(areas) }, null);
    }
    offset += 5;
  }
  // Online and phone groups: for everyone, wherever they live.
  for (const template of everywhere) {
    const hasPlace = template.formats.includes('in_person') || template.formats.includes('hybrid');
    await add(template, hasPlace ? { city: 'Leipzig', place: leipzig, area: 'Leipzig-Zentrum' } : { city: '', place: null, area: '' }, random() < 0.3 ? people.facilitatorId : null);
  }
  // The demo facilitator also leads a group that is being founded, so "I'm interested" can be tried.
  const founding = await add(local.find((t) => t.topicSlugs.includes('einsamkeit')) ?? (local[0] as DemoGroupTemplate), { city: 'Leipzig', place: leipzig, area: 'Leipzig-Grünau' }, people.facilitatorId);
  await deps.db.updateTable('groups').set({ status: 'founding' }).where('id', '=', founding.id).execute();
  await directory.recordChange(deps.db, founding.id);
  await addFacilitator(deps.db, founding.id, people.facilitatorId);
  return { groups: count, organisations: orgs.length, leipzigDepressionSlug };
}

// A small directory for tests: a contact point in Leipzig with its staff, groups around Leipzig,
// in Halle and Berlin, one online, one for relatives, one proposal — and the people around them.
import type { App } from '../../app.ts';
import { Client, signedInAs } from '../../../test/helpers.ts';
import { setConfirmedEmail } from '../accounts/service.ts';
import { resolvePlace } from '../../platform/geo/index.ts';
import * as directory from './service.ts';
import { addStaff } from './service.ts';
import { decideRequest, requestToJoin } from './membership.ts';

function at(query: string) {
  const found = resolvePlace(query);
  if (found.kind !== 'found') throw new Error(`place ${query}`);
  return { placeId: found.place.id, lat: found.place.lat, lon: found.place.lon, area: found.place.label };
}

export function baseInput(over: Partial<directory.GroupInput> & { name: string }): directory.GroupInput {
  return {
    description: 'Wir treffen uns regelmäßig und sprechen offen miteinander.',
    kind: 'self_help', audience: 'affected', formats: ['in_person'], placeId: null, area: '', lat: null, lon: null,
    address: '', rhythm: 'Jeden 2. Dienstag, 19:00–21:00 Uhr', rrule: 'FREQ=MONTHLY;BYDAY=2TU', startTime: '19:00', durationMinutes: 120,
    languages: ['de'], accessibility: [], status: 'active', accepting: true, topics: ['depression'], contactPointId: null, organisationId: null,
    ...over,
  };
}

export const EXACT_ADDRESS = 'Selbsthilfehaus, Mühlenweg 6, 04275 Leipzig, Raum 3';

export async function buildFixture(app: App) {
  const deps = app.deps;
  const dir = directory.createDirectory(deps);
  await directory.ensureIndex(dir);
  const leipzig = at('Leipzig');
  const point = await directory.createOrganisation(deps.db, { actor: { id: null }, input: {
    kind: 'contact_point', name: 'Kontaktstelle Leipzig', description: 'Wir helfen beim Finden.', region: 'Stadt Leipzig', placeId: leipzig.placeId,
    area: 'Leipzig-Zentrum', lat: leipzig.lat, lon: leipzig.lon, servesRadiusKm: 40, street: 'Marktstraße 1', phone: '0341 000 0000',
    email: 'kontakt@example.org', website: 'https://example.org/leipzig', openingHours: 'Mo–Do 10–16 Uhr', parentId: null,
  } });
  const berlinPoint = await directory.createOrganisation(deps.db, { actor: { id: null }, input: {
    kind: 'contact_point', name: 'Kontaktstelle Berlin', description: '', region: 'Berlin', placeId: at('Berlin').placeId,
    area: 'Berlin-Mitte', lat: at('Berlin').lat, lon: at('Berlin').lon, servesRadiusKm: 30, street: '', phone: '', email: '', website: '', openingHours: '', parentId: null,
  } });
  const facilitator = await signedInAs(app, 'member', 'Leitung Lena');
  const staff = await signedInAs(app, 'staff', 'Kontakt Karl');
  const otherStaff = await signedInAs(app, 'staff', 'Berlin Bea');
  const member = await signedInAs(app, 'member', 'Sonnenblume');
  const admitted = await signedInAs(app, 'member', 'Kranich');
  const moderator = await signedInAs(app, 'moderator', 'Moderation Mia');
  const admin = await signedInAs(app, 'admin', 'Admin Anke');
  for (const [p, email] of [[facilitator, 'lena@example.org'], [staff, 'karl@example.org'], [member, 'sonne@example.org'], [admitted, 'kranich@example.org']] as const) {
    await setConfirmedEmail(deps.db, p.userId, email);
  }
  await addStaff(deps.db, { actor: { id: null }, organisationId: point.id, userId: staff.userId });
  await addStaff(deps.db, { actor: { id: null }, organisationId: berlinPoint.id, userId: otherStaff.userId });
  const by = { id: null, label: 'Test' };
  const near = (dLat: number) => ({ ...leipzig, lat: leipzig.lat + dLat });
  const leipzigGroup = await directory.createGroup(dir, {
    by, facilitatorId: facilitator.userId,
    input: baseInput({ name: 'Selbsthilfegruppe Depression Leipzig-Süd', ...near(-0.02), area: 'Leipzig-Südvorstadt', address: EXACT_ADDRESS, contactPointId: point.id, accessibility: ['step_free'] }),
  });
  const markkleeberg = await directory.createGroup(dir, { by, input: baseInput({ name: 'Depression und Burnout Markkleeberg', ...at('Markkleeberg'), contactPointId: point.id }) });
  const halle = await directory.createGroup(dir, { by, input: baseInput({ name: 'Depressionen Halle', ...at('Halle (Saale)'), address: 'Geheimweg 1' }) });
  const berlin = await directory.createGroup(dir, { by, input: baseInput({ name: 'Depression Berlin-Mitte', ...at('Berlin'), contactPointId: berlinPoint.id }) });
  const online = await directory.createGroup(dir, { by, input: baseInput({ name: 'Online-Gesprächskreis Depression', formats: ['online'], area: '' }) });
  const relatives = await directory.createGroup(dir, { by, input: baseInput({ name: 'Angehörige psychisch erkrankter Menschen Leipzig', ...near(0.01), audience: 'relatives', topics: ['angehoerige-psychisch-erkrankter'], contactPointId: point.id }) });
  const grief = await directory.createGroup(dir, { by, input: baseInput({ name: 'Trauercafé Leipzig', ...near(0.015), kind: 'social', topics: ['trauer'], status: 'founding', contactPointId: point.id }) });
  const proposal = await directory.createGroup(dir, { by, facilitatorId: member.userId, input: baseInput({ name: 'Neue Gruppe Zwangsstörungen', ...leipzig, status: 'proposed', topics: ['zwangserkrankung'], contactPointId: point.id }) });
  await requestToJoin(dir, { userId: admitted.userId, group: leipzigGroup, message: 'Hallo', listed: true });
  await decideRequest(dir, { group: leipzigGroup, userId: admitted.userId, admit: true, message: '' });
  return {
    dir, point, berlinPoint, groups: { leipzigGroup, markkleeberg, halle, berlin, online, relatives, grief, proposal },
    people: { facilitator, staff, otherStaff, member, admitted, moderator, admin, visitor: { client: new Client(app), userId: null, pseudonym: '' } },
  };
}

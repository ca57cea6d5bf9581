// Demo content of events and meetings: exceptions to the Leipzig group's meetings and a handful of
// organisations' events, among them an online exchange of one hour with registration and a contact person.
import type { Deps } from '../../platform/deps.ts';
import * as events from './service.ts';
import * as directory from '../directory/index.ts';
import type { EventInput, Organiser } from './service.ts';
import { localToIso, isoToLocal } from '../../platform/recurrence.ts';

const DAY = 86_400_000;

/** A Berlin day some days from now at a wall-clock time, as ISO UTC. */
function at(daysAhead: number, time: string): string {
  const day = isoToLocal(new Date(Date.now() + daysAhead * DAY).toISOString()).date;
  return localToIso(day, time) as string;
}

function base(over: Partial<EventInput>): EventInput {
  return {
    title: '', description: '', startsAt: '', endsAt: '', format: 'online', area: '', placeId: null, lat: null, lon: null, address: '', onlineUrl: '',
    accessibility: [], audience: 'everyone', topics: [], contactName: '', contactRole: '', contactPhone: '', contactEmail: '', registration: 'none',
    capacity: null, deadline: null, ...over,
  };
}

export async function seedEvents(deps: Deps, people: { leipzigDepressionSlug: string; memberId: string; otherMemberId: string }): Promise<{ events: number }> {
  const db = deps.db;
  const group = await directory.getGroupBySlug(db, people.leipzigDepressionSlug);
  if (group) {
    // The second meeting from now falls on a holiday; the fourth moves to the ground floor.
    const upcoming = await events.upcomingMeetings(db, group, 6);
    const [, second, , fourth] = upcoming;
    if (second) await events.setException(deps, { actor: { id: people.memberId }, group, original: second.original, kind: 'cancelled', start: null, end: null, place: '', reason: 'Feiertag – wir sehen uns beim nächsten Treffen.' });
    if (fourth) {
      const moved = new Date(Date.parse(fourth.start) + 30 * 60_000).toISOString();
      await events.setException(deps, { actor: { id: people.memberId }, group, original: fourth.original, kind: 'moved', start: moved, end: new Date(Date.parse(fourth.end) + 30 * 60_000).toISOString(), place: 'Selbsthilfehaus, Raum 5 (Erdgeschoss)', reason: 'Renovierung im 2. Stock' });
    }
  }
  const orgs = await directory.listOrganisations(db);
  const org = (slug: string) => orgs.find((o) => o.slug === slug) ?? orgs[0];
  const leipzig = org('kontaktstelle-leipzig');
  const umbrella = orgs.find((o) => o.kind === 'umbrella') ?? leipzig;
  const selfHelp = orgs.find((o) => o.kind === 'self_help_org') ?? leipzig;
  const asOrganiser = (o: typeof leipzig): Organiser => ({ kind: 'organisation', id: o!.id, slug: o!.slug, name: o!.name, url: `/organisations/${o!.slug}` });
  let count = 0;
  const add = async (o: typeof leipzig, input: EventInput) => {
    if (!o) return '';
    count++;
    return events.createEvent(deps, { actor: { id: null }, organiser: asOrganiser(o), input });
  };
  const exchange = await add(leipzig, base({
    title: 'Online-Austausch: Wieder Tritt fassen nach einer Depression',
    description: 'Eine Stunde Austausch am Bildschirm für Menschen, die eine Depression erlebt haben oder gerade erleben.\n\n- Sie brauchen nur einen Computer oder ein Smartphone.\n- Kamera und Mikrofon dürfen aus bleiben.\n- Niemand muss etwas sagen.\n\nDie Beraterin der Kontaktstelle begleitet das Gespräch.',
    startsAt: at(9, '18:00'), endsAt: at(9, '19:00'), format: 'online', onlineUrl: 'https://meet.example.org/kontaktstelle-leipzig-austausch',
    accessibility: ['easy_language'], audience: 'affected', topics: ['depression'],
    contactName: 'Maria Beispiel', contactRole: 'Beraterin der Selbsthilfe-Kontaktstelle', contactPhone: '0341 123 45 67', contactEmail: 'kontakt@kontaktstelle-leipzig.example',
    registration: 'open', capacity: 12, deadline: at(8, '12:00'),
  }));
  await add(leipzig, base({
    title: 'Infoabend: Eine Selbsthilfegruppe gründen',
    description: 'Sie möchten eine Gruppe gründen? Wir erklären Schritt für Schritt, wie das geht – von der Raumsuche bis zum ersten Treffen.',
    startsAt: at(16, '17:30'), endsAt: at(16, '19:00'), format: 'hybrid', area: 'Leipzig-Zentrum', lat: leipzig?.lat ?? null, lon: leipzig?.lon ?? null, placeId: leipzig?.place_id ?? null,
    address: 'Kontaktstelle, Marktstraße 1, 2. Stock (Aufzug vorhanden)', onlineUrl: 'https://meet.example.org/gruenden',
    accessibility: ['step_free', 'hearing_loop'], audience: 'everyone', topics: [], contactName: 'Kontakt Karl', contactRole: 'Kontaktstelle', contactEmail: 'kontakt@kontaktstelle-leipzig.example',
    registration: 'open', capacity: 30,
  }));
  await add(umbrella, base({
    title: 'Fachtag Selbsthilfe in Sachsen', description: 'Vorträge und Gespräche für Gruppen und Kontaktstellen. Mit Gebärdensprachdolmetschung.',
    startsAt: at(30, '10:00'), endsAt: at(30, '16:00'), format: 'in_person', area: umbrella?.area ?? 'Dresden', lat: umbrella?.lat ?? null, lon: umbrella?.lon ?? null, placeId: umbrella?.place_id ?? null,
    address: 'Tagungshaus, Saal 1', accessibility: ['step_free', 'sign_language', 'hearing_loop'], audience: 'professionals', registration: 'approval', capacity: 80, deadline: at(23, '23:59'),
    contactName: 'Tagungsbüro', contactRole: 'Dachverband', contactPhone: '0351 000 00 00',
  }));
  await add(selfHelp, base({
    title: 'Telefonsprechstunde für Angehörige', description: 'Fragen rund um chronisch entzündliche Darmerkrankungen in der Familie. Einfach anrufen.',
    startsAt: at(5, '16:00'), endsAt: at(5, '18:00'), format: 'phone', onlineUrl: '0800 000 00 00', audience: 'relatives', topics: [], registration: 'none',
  }));
  const cancelled = await add(leipzig, base({
    title: 'Spaziergang im Clara-Zetkin-Park', description: 'Gemeinsam an der frischen Luft.', startsAt: at(12, '15:00'), endsAt: at(12, '16:30'), format: 'in_person', area: 'Leipzig-Zentrum-West',
    lat: leipzig?.lat ?? null, lon: leipzig?.lon ?? null, placeId: leipzig?.place_id ?? null, address: 'Treffpunkt am Musikpavillon', registration: 'open', capacity: 15,
  }));
  const cancelledEvent = cancelled ? await events.getEvent(db, cancelled) : undefined;
  if (cancelledEvent) await events.cancelEvent(deps, { actor: { id: null }, event: cancelledEvent, reason: 'Sturmwarnung – wir holen den Spaziergang nach.' });
  // Kranich is registered for the online exchange, so "my registrations" has something to show.
  const online = exchange ? await events.getEvent(db, exchange) : undefined;
  if (online) await events.register(deps, { event: online, who: { userId: people.otherMemberId, name: '', email: null, locale: 'de' }, waitlist: true });
  return { events: count };
}

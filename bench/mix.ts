// The mixed load of `npm run bench -- --mix`: many different addresses at once, as a real crowd asks
// them, instead of one address repeated (which any answer cache wins). Each of the connections runs
// its own loop: pick a route by weight, make a fresh address for it, send it, record the time under
// the route. About a tenth of the requests write (contact messages, registrations, logged contacts).
import { Agent, request } from 'node:http';
import Database from 'better-sqlite3';
import { join } from 'node:path';

export interface MixMember {
  userId: string;
  cookie: string;
  csrf: string;
  entryIds: string[];
}

interface Sample {
  method: 'GET' | 'POST';
  path: string;
  cookie?: string;
  body?: string;
}

interface Route {
  name: string;
  weight: number;
  /** Statuses that count as a correct answer (a write answers 303, or 400 when a limit refuses it). */
  expected: number[];
  next: () => Sample;
}

export interface RouteStats {
  name: string;
  weight: number;
  requests: number;
  errors: number;
  unexpected: number;
  statuses: Map<number, number>;
  times: number[];
}

export interface MixResult {
  seconds: number;
  routes: RouteStats[];
  total: number;
  errors: number;
  unexpected: number;
  all: number[];
}

const WORDS = [
  'Depression', 'Trauer', 'Diabetes', 'Alkohol', 'Angehörige', 'Krebs', 'Demenz', 'Tinnitus', 'Alleinerziehende', 'Sprachcafé',
  'Angst', 'Panik', 'Sucht', 'Spielsucht', 'Essstörung', 'Magersucht', 'Bulimie', 'Borderline', 'Psychose', 'Schizophrenie',
  'Burnout', 'Einsamkeit', 'Migräne', 'Rheuma', 'Multiple', 'Sklerose', 'Parkinson', 'Epilepsie', 'Schlaganfall', 'Herz',
  'Brustkrebs', 'Prostata', 'Darmkrebs', 'Leukämie', 'Stoma', 'Niere', 'Dialyse', 'Transplantation', 'Allergie', 'Asthma',
  'COPD', 'Schmerz', 'Fibromyalgie', 'Arthrose', 'Osteoporose', 'Adipositas', 'Zöliakie', 'Morbus', 'Crohn', 'Colitis',
  'Autismus', 'ADHS', 'Down', 'Behinderung', 'Rollstuhl', 'Blind', 'Gehörlos', 'Stottern', 'Legasthenie', 'Pflege',
  'Eltern', 'Kinder', 'Frühgeborene', 'Sternenkinder', 'Verwaiste', 'Suizid', 'Hinterbliebene', 'Gewalt', 'Missbrauch', 'Trauma',
  'Mobbing', 'Arbeitslos', 'Schulden', 'Scheidung', 'Trennung', 'Väter', 'Mütter', 'Senioren', 'Jugend', 'Queer',
  'Transgender', 'Migration', 'Flucht', 'Nichtraucher', 'Medikamente', 'Cannabis', 'Kaufsucht', 'Internet', 'Zwang', 'Phobie',
  'Soziale', 'Selbstwert', 'Glücksspiel', 'Co-Abhängigkeit', 'Lebenskrise', 'Long', 'Covid', 'Endometriose', 'Lipödem', 'Inkontinenz',
];

const random = (n: number) => Math.floor(Math.random() * n);
const pick = <T,>(list: readonly T[]): T => list[random(list.length)] as T;

/** What the mixed load needs from the database the server was seeded into (read-only, beside the server). */
export function mixRoutes(dataDir: string, members: MixMember[], places: string[], writers: MixMember[] = members): Route[] {
  const db = new Database(join(dataDir, 'miteinander.sqlite'), { readonly: true, fileMustExist: true });
  let slugs: string[];
  let eventIds: string[];
  let openEventIds: string[];
  let topics: string[];
  try {
    slugs = db.prepare("SELECT slug FROM groups WHERE status IN ('active', 'founding')").pluck().all() as string[];
    const now = new Date().toISOString();
    eventIds = db.prepare("SELECT id FROM events WHERE status = 'scheduled' AND starts_at > ?").pluck().all(now) as string[];
    openEventIds = db.prepare("SELECT id FROM events WHERE status = 'scheduled' AND registration = 'open' AND starts_at > ?").pluck().all(now) as string[];
    topics = db.prepare('SELECT DISTINCT topic_slug FROM event_topics').pluck().all() as string[];
  } finally {
    db.close();
  }
  const months: string[] = [];
  const today = new Date();
  for (let i = 0; i < 12; i++) months.push(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + i, 15)).toISOString().slice(0, 7));
  const q = encodeURIComponent;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const routes: Route[] = [
    { name: 'home `/`', weight: 10, expected: [200], next: () => ({ method: 'GET', path: '/' }) },
    { name: 'search page (100 words × 50 places)', weight: 22, expected: [200], next: () => ({ method: 'GET', path: `/groups?q=${q(pick(WORDS))}&near=${q(pick(places))}&radius=25` }) },
    { name: 'group page (all groups)', weight: 18, expected: [200], next: () => ({ method: 'GET', path: `/groups/${pick(slugs)}` }) },
  ];
  if (eventIds.length) {
    routes.push(
      { name: 'event page', weight: 10, expected: [200], next: () => ({ method: 'GET', path: `/events/${pick(eventIds)}` }) },
      {
        name: 'events list (place, topic or page)',
        weight: 8,
        expected: [200],
        next: () => {
          const r = Math.random();
          if (r < 0.5) return { method: 'GET', path: `/events?near=${q(pick(places))}&radius=50` };
          if (r < 0.8 && topics.length) return { method: 'GET', path: `/events?topic=${q(pick(topics))}` };
          return { method: 'GET', path: `/events?page=${1 + random(20)}` };
        },
      },
      { name: 'events month view (12 months)', weight: 7, expected: [200], next: () => ({ method: 'GET', path: `/events?view=month&month=${pick(months)}` }) },
    );
  }
  if (members.length) {
    routes.push({ name: `network map (${members.length} members)`, weight: 10, expected: [200], next: () => ({ method: 'GET', path: '/network', cookie: pick(members).cookie }) });
    const today10 = today.toISOString().slice(0, 10);
    routes.push(
      {
        name: 'write: contact message to a group',
        weight: 3,
        expected: [303, 400],
        next: () => {
          const m = pick(writers.length ? writers : members);
          return { method: 'POST', path: `/groups/${pick(slugs)}/contact`, cookie: m.cookie, body: form({ _csrf: m.csrf, message: 'Guten Tag, ich würde gern einmal zu einem Treffen kommen. Geht das?' }) };
        },
      },
      {
        name: 'write: logged contact',
        weight: 3,
        expected: [303],
        next: () => {
          const m = pick(members);
          return { method: 'POST', path: `/network/entries/${pick(m.entryIds)}/contacts`, cookie: m.cookie, body: form({ _csrf: m.csrf, contactKind: 'call', contactDate: today10, contactNote: '' }) };
        },
      },
    );
    if (openEventIds.length) {
      routes.push({
        name: 'write: registration for an event',
        weight: 4,
        expected: [303, 400],
        next: () => {
          const m = pick(members);
          return { method: 'POST', path: `/events/${pick(openEventIds)}/register`, cookie: m.cookie, body: form({ _csrf: m.csrf }) };
        },
      });
    }
  }
  return routes;
}

function send(agent: Agent, port: number, sample: Sample): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'accept-encoding': 'br, gzip' };
    if (sample.cookie) headers.cookie = sample.cookie;
    if (sample.body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(sample.body));
    }
    const req = request({ host: '127.0.0.1', port, path: sample.path, method: sample.method, headers, agent, timeout: 10_000 }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(sample.body);
  });
}

/** Runs the mix for `seconds` over `connections` keep-alive connections; bounded in time, stops by itself. */
export async function runMix(port: number, routes: Route[], connections: number, seconds: number): Promise<MixResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const stats: RouteStats[] = routes.map((r) => ({ name: r.name, weight: r.weight, requests: 0, errors: 0, unexpected: 0, statuses: new Map(), times: [] }));
  const totalWeight = routes.reduce((s, r) => s + r.weight, 0);
  const choose = (): number => {
    let x = Math.random() * totalWeight;
    for (let i = 0; i < routes.length; i++) {
      x -= (routes[i] as Route).weight;
      if (x < 0) return i;
    }
    return routes.length - 1;
  };
  const started = performance.now();
  const until = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const i = choose();
      const route = routes[i] as Route;
      const s = stats[i] as RouteStats;
      const t0 = performance.now();
      try {
        const status = await send(agent, port, route.next());
        s.times.push(performance.now() - t0);
        s.requests++;
        s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
        if (!route.expected.includes(status)) s.unexpected++;
      } catch {
        s.errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  const all = stats.flatMap((s) => s.times);
  return {
    seconds: elapsed,
    routes: stats,
    total: stats.reduce((n, s) => n + s.requests, 0),
    errors: stats.reduce((n, s) => n + s.errors, 0),
    unexpected: stats.reduce((n, s) => n + s.unexpected, 0),
    all,
  };
}

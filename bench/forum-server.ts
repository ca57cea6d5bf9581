// The forum as `npm run bench -- --forum` measures it. On SQLite (default) it fills a fresh data
// directory with generated members, threads and posts by bulk insert (once; --data-dir reuses it),
// then serves. With --postgres URL --schema S it serves an existing PostgreSQL schema (the live test).
// Prints "COOKIE <name>=<value>" (a member's session), "THREAD <id>", "CATEGORY <slug>" and "PORT <n>".
//
//   node --import tsx bench/forum-server.ts [--data-dir DIR] [--members N] [--threads N] [--posts N]
//   node --import tsx bench/forum-server.ts --postgres URL --schema S
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { sqliteFile } from '../src/db/index.ts';
import { foldForSearch, rebuildIndex } from '../src/db/fulltext.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { sessionCookieName } from '../src/platform/http.tsx';
import { acceptRules, currentRules } from '../src/features/accounts/rules.ts';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, members: { type: 'string' }, threads: { type: 'string' }, posts: { type: 'string' }, postgres: { type: 'string' }, schema: { type: 'string' } },
});
const ownDir = values['data-dir'] === undefined;
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'miteinander-forum-bench-'));
const MEMBERS = Number(values.members ?? 100_000);
const THREADS = Number(values.threads ?? 50_000);
const POSTS = Number(values.posts ?? 1_000_000);
/** The measured thread: long enough for several pages of 50. */
const BIG_THREAD_POSTS = 500;

const config = loadConfig(
  { DATA_DIR: dataDir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', BASE_URL: 'http://127.0.0.1', ...(values.postgres ? { DATABASE_URL: values.postgres, DATA_KEY: process.env.DATA_KEY ?? '' } : {}) },
  { runJobs: false, ...(values.schema ? { databaseSchema: values.schema } : {}) },
);
config.rateLimits = { ...config.rateLimits, globalPerMinute: 10_000_000 };

const WORDS = (
  'ich du wir heute gestern morgen Angst Depression Müdigkeit Schlaf Hoffnung Gruppe Treffen Familie Kinder Arbeit Ärztin Therapie Klinik Spaziergang ' +
  'Freundin Bruder Schwester Mutter Vater Trauer Sucht Alkohol Rückfall Geduld Mut Kraft Pause Tagebuch Frühling Winter Sonne Regen Gespräch ' +
  'zuhören verstehen schwierig leicht schwer gut schlecht besser müde wach allein zusammen Selbsthilfe Kontaktstelle Telefon Nachricht Entwurf ' +
  'Diagnose Medikamente Nebenwirkungen Termin Wartezeit Krankenkasse Reha Rente Schule Ausbildung Umzug Nachbarn Einsamkeit Freude Dankbarkeit ' +
  'Grübeln Panik Atmung Übung Achtsamkeit Bewegung Radfahren Garten Küche Tee Kaffee Musik Bücher Hund Katze Wochenende Abend Nacht Frühstück'
).split(' ');

const SYLLABLES = ['ba', 'be', 'bi', 'da', 'de', 'do', 'fa', 'fe', 'ga', 'ge', 'ha', 'he', 'ka', 'ke', 'la', 'le', 'li', 'lo', 'ma', 'me', 'mi', 'na', 'ne', 'ni', 'no', 'ra', 're', 'ri', 'sa', 'se', 'so', 'ta', 'te', 'ti', 'to', 'wa', 'we', 'wi', 'za', 'ze'];
/** A long tail of made-up words, so that no word but the commonest is in nearly every post (as in real text). */
const TAIL: string[] = [];
for (const a of SYLLABLES) for (const b of SYLLABLES) for (const c of ['n', 'r', 'l', 's', 't']) TAIL.push(`${a}${b}${c}`);

/** A small deterministic random source. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function generate(file: string): { thread: number; category: string; member: string } {
  const started = Date.now();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const rnd = random(42);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const hash = db.prepare('select password_hash from users limit 1').get() as { password_hash: string } | undefined;
  const insertUser = db.prepare(`insert into users (id, pseudonym, pseudonym_key, email, email_key, email_verified_at, email_pending, password_hash, role, locale, created_at, updated_at, last_login_at) values (?, ?, ?, null, null, null, null, ?, 'member', 'de', ?, ?, null)`);
  const users: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) {
      const id = randomUUID();
      users.push(id);
      const name = `Mitglied ${i + 1}`;
      insertUser.run(id, name, name.toLowerCase(), hash?.password_hash ?? 'x', iso(now - 400 * 86_400_000), iso(now - 400 * 86_400_000));
    }
  })();
  const categories = ['b-depression', 'b-angst', 'b-sucht', 'b-trauer', 'b-angehoerige', 'b-eltern', 'b-alleinerziehend', 'b-aelter', 'b-chronisch', 'b-behinderung', 'b-einsamkeit', 'b-offen'];
  const insertCategory = db.prepare(`insert into forum_categories (id, slug, name_de, name_en, description_de, description_en, position, read_access, start_access, anonymous_allowed, premoderation, noindex, locked, group_id, thread_count, post_count, thread_seq, last_post_at, created_at, updated_at) values (?, ?, ?, ?, '', '', ?, ?, 'members', 1, 'none', 1, 0, null, 0, 0, 0, null, ?, ?)`);
  const categoryIds = categories.map((slug, i) => {
    const id = randomUUID();
    insertCategory.run(id, slug, `Bench ${slug}`, `Bench ${slug}`, 1000 + i, slug === 'b-offen' ? 'everyone' : 'members', iso(now), iso(now));
    return id;
  });
  const insertThread = db.prepare(`insert into forum_threads (id, category_id, title, slug, author_id, anonymous, content_note, status, locked, category_seq, last_number, reply_count, first_reply_at, last_post_at, created_at, updated_at) values (?, ?, ?, ?, ?, 0, '', 'published', 0, ?, ?, ?, ?, ?, ?, ?)`);
  const insertPost = db.prepare(`insert into forum_posts (id, thread_id, category_id, number, author_id, anonymous, anon_key, anon_sealed, body, html, search_text, content_note, reply_to, status, deleted_by_author, edited_at, reaction_counts, created_at, updated_at) values (?, ?, ?, ?, ?, 0, null, null, ?, ?, ?, '', null, 'published', 0, null, ?, ?, ?)`);
  const maxThread = (db.prepare('select coalesce(max(id), 0) as m from forum_threads').get() as { m: number }).m;
  const maxPost = (db.prepare('select coalesce(max(id), 0) as m from forum_posts').get() as { m: number }).m;
  // Posts per thread: the first thread is long (the measured one); the rest share the remainder.
  const others = Math.max(1, THREADS - 1);
  const rest = Math.max(1, Math.floor((POSTS - BIG_THREAD_POSTS) / others));
  const extra = Math.max(0, POSTS - BIG_THREAD_POSTS - rest * others);
  let postId = maxPost;
  const seqs = new Map<string, number>();
  const counts = new Map<string, { threads: number; posts: number }>();
  const start = now - 365 * 86_400_000;
  const batch = 2000;
  for (let t0 = 0; t0 < THREADS; t0 += batch) {
    db.transaction(() => {
      for (let t = t0; t < Math.min(THREADS, t0 + batch); t++) {
        const threadId = maxThread + t + 1;
        const c = t === 0 ? 0 : Math.floor(rnd() * categories.length);
        const categoryId = categoryIds[c] as string;
        const n = t === 0 ? BIG_THREAD_POSTS : rest + (t <= extra ? 1 : 0);
        const created = start + Math.floor((t / THREADS) * 360 * 86_400_000);
        const seq = (seqs.get(categoryId) ?? 0) + 1;
        seqs.set(categoryId, seq);
        const title = `${WORDS[Math.floor(rnd() * WORDS.length)]} und ${WORDS[Math.floor(rnd() * WORDS.length)]}: wie geht ihr damit um? (${threadId})`;
        const lastAt = created + (n - 1) * 600_000;
        insertThread.run(threadId, categoryId, title, `thema-${threadId}`, users[Math.floor(rnd() * users.length)], seq, n, n - 1, n > 1 ? iso(created + 600_000) : null, iso(lastAt), iso(created), iso(lastAt));
        for (let k = 1; k <= n; k++) {
          postId++;
          const length = 25 + Math.floor(rnd() * 50);
          const words: string[] = [];
          for (let w = 0; w < length; w++) words.push(rnd() < 0.1 ? (WORDS[Math.floor(rnd() * WORDS.length)] as string) : (TAIL[Math.floor(TAIL.length * rnd() ** 3)] as string));
          const body = `${words.join(' ')}.`;
          const at = iso(created + (k - 1) * 600_000);
          insertPost.run(postId, threadId, categoryId, k, users[Math.floor(rnd() * users.length)], body, `<p>${escapeHtml(body)}</p>\n`, foldForSearch(body), k % 7 === 0 ? '{"thanks":2,"relate":1,"hug":0}' : '', at, at);
        }
        const cc = counts.get(categoryId) ?? { threads: 0, posts: 0 };
        cc.threads++;
        cc.posts += n;
        counts.set(categoryId, cc);
      }
    })();
  }
  const setCounts = db.prepare('update forum_categories set thread_count = ?, post_count = ?, thread_seq = ?, last_post_at = ? where id = ?');
  for (const [id, c] of counts) setCounts.run(c.threads, c.posts, seqs.get(id) ?? 0, iso(now), id);
  console.log(`generated ${MEMBERS} members, ${THREADS} threads, ${postId - maxPost} posts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { thread: maxThread + 1, category: categories[0] as string, member: users[1] as string };
}

let app = await buildApp(config);
const shutdown = () => {
  void app.close().finally(() => {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

if (!values.postgres) {
  const file = sqliteFile(config);
  const marker = join(dataDir, 'forum-bench-generated');
  let info: { thread: number; category: string; member: string };
  if (!existsSync(marker)) {
    await app.close();
    info = generate(file);
    app = await buildApp(config);
    const started = Date.now();
    await rebuildIndex(app.deps.db);
    // Fold the bulk load's write-ahead log into the database now, not during the first measured write.
    app.deps.database.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    app.deps.database.sqlite?.pragma('optimize');
    console.log(`full-text index built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(marker, JSON.stringify(info));
  } else {
    const { readFileSync } = await import('node:fs');
    info = JSON.parse(readFileSync(marker, 'utf8')) as typeof info;
  }
  // The measured member agreed to the community rules in force, as every registered member has;
  // without it every request would be sent to the rules page first.
  await acceptRules(app.deps.db, info.member, (await currentRules(app.deps.db)).version);
  const token = await createSession(app.deps.db, info.member, 'autocannon', 1);
  console.log(`COOKIE ${sessionCookieName(config.secureCookies)}=${token}`);
  console.log(`THREAD ${info.thread}`);
  console.log(`CATEGORY ${info.category}`);
}
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
console.log(`PORT ${address.port}`);

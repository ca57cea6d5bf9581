// Demo content of the forum, written for Miteinander (fictional people, mostly German, some
// English): categories by topic area, the Leipzig depression group's board, a first post of
// someone newly diagnosed with the replies of people who have been there, a relatives' thread,
// the parents' café, an anonymous thread, one with a content note, and one still unanswered.
import type { Deps } from '../platform/deps.ts';
import { UserActor } from '../platform/auth/actor.ts';
import { translator } from '../platform/i18n/index.ts';
import { createAccount } from '../features/accounts/service.ts';
import { boardGroupBySlug } from '../features/directory/index.ts';
import { createCategory, createPost, createThread, demoSupport } from '../features/forum/index.ts';

const HOUR = 3_600_000;

const CATEGORIES = [
  { slug: 'willkommen', nameDe: 'Willkommen und Fragen zum Forum', nameEn: 'Welcome and questions about the forum', descriptionDe: 'Neu hier? Stellen Sie sich vor oder fragen Sie, wie etwas funktioniert. Für alle lesbar.', descriptionEn: 'New here? Introduce yourself or ask how things work. Readable by everyone.', readAccess: 'everyone', noindex: false },
  { slug: 'depression', nameDe: 'Depression', nameEn: 'Depression', descriptionDe: 'Leben mit Depressionen: Alltag, Behandlung, kleine Schritte.', descriptionEn: 'Living with depression: everyday life, treatment, small steps.', anonymous: true },
  { slug: 'angst', nameDe: 'Angst und Panik', nameEn: 'Anxiety and panic', descriptionDe: 'Angststörungen, Panikattacken, Zwänge.', descriptionEn: 'Anxiety disorders, panic attacks, compulsions.', anonymous: true },
  { slug: 'sucht', nameDe: 'Sucht', nameEn: 'Addiction', descriptionDe: 'Alkohol, Medikamente, Glücksspiel und mehr – ohne Urteil.', descriptionEn: 'Alcohol, medication, gambling and more – without judgement.', anonymous: true },
  { slug: 'trauer', nameDe: 'Trauer', nameEn: 'Grief', descriptionDe: 'Wenn ein Mensch fehlt.', descriptionEn: 'When someone is missing.', anonymous: true },
  { slug: 'angehoerige', nameDe: 'Angehörige', nameEn: 'Relatives', descriptionDe: 'Für Partnerinnen, Eltern, Kinder und Freunde von Menschen in Krisen.', descriptionEn: 'For partners, parents, children and friends of people in crisis.', anonymous: true },
  { slug: 'eltern', nameDe: 'Eltern und Familie', nameEn: 'Parents and family', descriptionDe: 'Das Elterncafé im Netz: Fragen, Tipps, Mut.', descriptionEn: 'The parents’ café online: questions, tips, encouragement.', readAccess: 'everyone', noindex: false },
  { slug: 'alleinerziehend', nameDe: 'Alleinerziehend', nameEn: 'Single parents', descriptionDe: 'Alles allein stemmen – und sich dabei nicht verlieren.', descriptionEn: 'Carrying it all alone – without losing yourself.' },
  { slug: 'aelter-werden', nameDe: 'Älter werden', nameEn: 'Growing older', descriptionDe: 'Ruhestand, Pflege, neue Lebensphasen.', descriptionEn: 'Retirement, care, new stages of life.', readAccess: 'everyone', noindex: false },
  { slug: 'chronisch-krank', nameDe: 'Chronische Krankheit', nameEn: 'Chronic illness', descriptionDe: 'Schmerz, Rheuma, Diabetes, Long Covid und mehr.', descriptionEn: 'Pain, rheumatism, diabetes, long Covid and more.' },
  { slug: 'behinderung', nameDe: 'Behinderung und Teilhabe', nameEn: 'Disability and participation', descriptionDe: 'Barrieren, Rechte, Hilfsmittel, Alltag.', descriptionEn: 'Barriers, rights, aids, everyday life.' },
  { slug: 'einsamkeit', nameDe: 'Einsamkeit', nameEn: 'Loneliness', descriptionDe: 'Allein sein ist nicht dasselbe wie einsam sein – hier dürfen Sie beides erzählen.', descriptionEn: 'Being alone is not the same as being lonely – you may talk about both here.', anonymous: true },
  { slug: 'fachaustausch', nameDe: 'Fachaustausch', nameEn: 'Professional exchange', descriptionDe: 'Für Fachkräfte der Kontaktstellen und Mitgliedsorganisationen.', descriptionEn: 'For staff of contact points and member organisations.', readAccess: 'staff', startAccess: 'staff' },
  { slug: 'archiv', nameDe: 'Archiv', nameEn: 'Archive', descriptionDe: 'Ältere Ankündigungen, nur zum Lesen.', descriptionEn: 'Older announcements, read only.', readAccess: 'everyone', locked: true, noindex: false },
];

const EXTRA_PEOPLE = ['Morgenrot', 'Lindenblatt', 'Papa Jens', 'Heron', 'Waldweg', 'Mira K'];

export async function seedForum(deps: Deps, people: { ids: Map<string, string>; password: string; leipzigDepressionSlug: string }): Promise<{ categories: number; threads: number }> {
  const t = translator('de');
  const ids = new Map(people.ids);
  for (const name of EXTRA_PEOPLE) {
    const created = await createAccount(deps, { pseudonym: name, password: people.password, email: '', locale: name === 'Heron' ? 'en' : 'de', role: 'member' }, t);
    if (created.ok) ids.set(name, created.value.userId);
  }
  const actors = new Map<string, UserActor>();
  for (const [name, id] of ids) {
    const row = await deps.db.selectFrom('users').select(['role', 'locale']).where('id', '=', id).executeTakeFirstOrThrow();
    actors.set(name, new UserActor(id, name, row.role, row.locale, '', true));
  }
  const who = (name: string) => actors.get(name) as UserActor;
  for (const [i, c] of CATEGORIES.entries()) await createCategory(deps, { ...c, position: (i + 1) * 10 });

  let threads = 0;
  /** A thread with its replies, dated back so the forum looks lived in. */
  async function conversation(slug: string, o: { by: string; title: string; body: string; anonymous?: boolean; note?: string; hoursAgo: number; replies: Array<{ by: string; body: string; anonymous?: boolean; note?: string; after: number }>; reactions?: Array<[string, number, string]> }) {
    const category = await demoSupport.categoryForDemo(deps, slug);
    const ties = await demoSupport.tiesFor(deps, who(o.by));
    const started = await createThread(deps, { actor: who(o.by), category, ties, input: { title: o.title, body: o.body, anonymous: o.anonymous ?? false, contentNote: o.note ?? '' }, t });
    if (!started.ok) throw new Error(`demo thread ${o.title}: ${started.errors.map((e) => e.message).join()}`);
    threads++;
    const threadId = started.value.threadId;
    const times = [Date.now() - o.hoursAgo * HOUR];
    for (const r of o.replies) {
      const thread = await demoSupport.threadForDemo(deps, threadId);
      const replyTies = await demoSupport.tiesFor(deps, who(r.by));
      const written = await createPost(deps, { actor: who(r.by), category, thread, ties: replyTies, input: { body: r.body, anonymous: r.anonymous ?? false, contentNote: r.note ?? '' }, t });
      if (!written.ok) throw new Error(`demo reply in ${o.title}: ${written.errors.map((e) => e.message).join()}`);
      times.push(Math.min(Date.now() - 60_000, (times[times.length - 1] ?? 0) + r.after * HOUR));
    }
    await demoSupport.backdate(deps, threadId, times.map((ms) => new Date(ms).toISOString()));
    for (const [name, number, kind] of o.reactions ?? []) await demoSupport.reactForDemo(deps, threadId, number, ids.get(name) as string, kind);
    return threadId;
  }

  await conversation('depression', {
    by: 'Sonnenblume', hoursAgo: 72, title: 'Frisch diagnostiziert – wie habt ihr die ersten Wochen geschafft?',
    body: 'Hallo zusammen,\n\nich war letzte Woche bei meiner Hausärztin, und jetzt steht es schwarz auf weiß: mittelgradige depressive Episode. Einerseits bin ich erleichtert, dass es einen Namen hat. Andererseits habe ich Angst, dass das jetzt für immer so bleibt.\n\nWie war das bei euch am Anfang? Was hat euch geholfen, durch die ersten Wochen zu kommen?',
    replies: [
      { by: 'Kranich', after: 2, body: 'Willkommen, @Sonnenblume. Dieses Gefühl von „endlich ein Name, aber jetzt?“ kenne ich sehr gut.\n\nBei mir haben drei Dinge geholfen:\n\n1. Jeden Tag eine Kleinigkeit, die ich abhaken konnte (und sei es nur Duschen).\n2. Ehrlich sein mit einer Person – bei mir war es meine Schwester.\n3. Die Gruppe in Leipzig. Beim ersten Mal habe ich kaum etwas gesagt, und das war völlig in Ordnung.\n\nEs wird nicht über Nacht besser, aber es wird.' },
      { by: 'Morgenrot', after: 5, body: 'Mir hat geholfen, die Erwartungen runterzuschrauben. Ich dachte, ich müsste schnell wieder „funktionieren“. Heute weiß ich: Die Wochen nach der Diagnose sind zum Ankommen da, nicht zum Leisten.' },
      { by: 'Leitung Lena', after: 20, body: 'Schön, dass du hier schreibst. Falls du magst: Unsere Gruppe trifft sich jeden zweiten Dienstag im Selbsthilfehaus. Niemand muss etwas erzählen, Zuhören reicht am Anfang völlig.\n\n> Angst, dass das jetzt für immer so bleibt\n\nDas sagen fast alle beim ersten Treffen. Die meisten von uns erleben heute gute und schlechte Phasen – nicht nur schlechte.' },
      { by: 'Waldweg', after: 3, anonymous: true, body: 'Ich schreibe das lieber anonym: Mir hat am meisten geholfen, dass ich meinem Arbeitgeber nicht sofort alles erklären musste. Eine Krankschreibung ist erst einmal nur eine Krankschreibung. Man darf sich Zeit lassen, wem man was erzählt.' },
      { by: 'Sonnenblume', after: 6, body: 'Danke euch allen, ehrlich. Ich habe heute geduscht und bin einmal um den Block gegangen. Klingt lächerlich, fühlt sich aber gut an. Lena, ich komme vielleicht am Dienstag vorbei.' },
    ],
    reactions: [['Kranich', 1, 'hug'], ['Morgenrot', 1, 'relate'], ['Sonnenblume', 2, 'thanks'], ['Sonnenblume', 3, 'thanks'], ['Morgenrot', 6, 'hug'], ['Kranich', 6, 'hug']],
  });

  await conversation('angehoerige', {
    by: 'Lindenblatt', hoursAgo: 50, title: 'Mein Mann hat Depressionen – wie helfe ich, ohne mich selbst zu verlieren?',
    body: 'Mein Mann ist seit einem halben Jahr krankgeschrieben. Ich kümmere mich um die Kinder, den Haushalt, die Termine – und merke, dass ich selbst immer dünnhäutiger werde. Ich liebe ihn, aber manchmal bin ich einfach nur wütend und schäme mich dann dafür.\n\nGeht es anderen Angehörigen auch so?',
    replies: [
      { by: 'Mira K', after: 4, body: 'Ja. Genau so. Die Wut ist kein Zeichen, dass du ihn weniger liebst – sie ist ein Zeichen, dass du zu lange zu viel trägst.\n\nMir hat eine Angehörigengruppe geholfen. Da durfte ich zum ersten Mal sagen, wie es *mir* geht.' },
      { by: 'Kontakt Karl', after: 8, body: 'Aus der Kontaktstelle: In Leipzig gibt es eine Gruppe „Angehörige psychisch erkrankter Menschen“, die sich monatlich trifft. Sie finden sie unter „Gruppe finden“ mit dem Stichwort Angehörige. Auch der Sozialpsychiatrische Dienst berät Angehörige kostenlos.' },
      { by: 'Heron', after: 12, body: 'Sorry for writing in English – my German is still basic. My partner has had depression for years. What helped me most: one evening a week that is only mine, no matter what. It felt selfish at first. It is not.' },
    ],
    reactions: [['Lindenblatt', 2, 'thanks'], ['Lindenblatt', 4, 'thanks'], ['Morgenrot', 1, 'relate']],
  });

  await conversation('eltern', {
    by: 'Papa Jens', hoursAgo: 30, title: 'Elterncafé: Wie kommt ihr mit Kleinkind durch den grauen November?',
    body: 'Moin aus dem Elterncafé! Unsere Tochter ist zwei, es ist um halb fünf dunkel, und die Spielplätze sind Matsch. Was macht ihr an solchen Nachmittagen, damit weder Kind noch Eltern die Wände hochgehen?',
    replies: [
      { by: 'Mira K', after: 1, body: 'Bücherei! Bei uns gibt es donnerstags eine Vorlesestunde für Kleine, kostenlos und warm. Und danach Kakao.' },
      { by: 'Lindenblatt', after: 2, body: 'Wir machen „Höhlentag“: Decken über den Tisch, Taschenlampe, Hörspiel. Kostet nichts und die Kinder lieben es.' },
      { by: 'Heron', after: 6, body: 'Rain suits and puddle jumping. Honestly the best hour of the week for both of us.' },
    ],
    reactions: [['Papa Jens', 2, 'thanks'], ['Papa Jens', 3, 'thanks'], ['Papa Jens', 4, 'thanks']],
  });

  await conversation('sucht', {
    by: 'Waldweg', anonymous: true, hoursAgo: 40, title: 'Ich trinke abends zu viel, und niemand weiß es',
    body: 'Ich schreibe das hier anonym, weil mich hier ein paar Leute kennen könnten.\n\nEs sind inzwischen fast jeden Abend drei, vier Bier. Tagsüber funktioniere ich, abends brauche ich es zum Abschalten. Ich weiß, dass das nicht gut ist. Ich weiß nur nicht, wo ich anfangen soll, ohne dass gleich alle Bescheid wissen.',
    replies: [
      { by: 'Morgenrot', after: 3, body: 'Danke, dass du das aufgeschrieben hast. Das ist schon ein Anfang. Suchtberatungsstellen sind vertraulich und kostenlos, du kannst auch erst einmal anonym anrufen.' },
      { by: 'Waldweg', after: 5, anonymous: true, body: 'Danke. Ich habe mir die Nummer aufgeschrieben. Vielleicht rufe ich morgen an.' },
      { by: 'Kranich', after: 10, body: 'Bei mir war es der Wein. Was mir geholfen hat: ein Tagebuch, nur mit Strichen pro Glas. Schwarz auf weiß war es nicht mehr zu übersehen. Du bist nicht allein damit.' },
    ],
    reactions: [['Kranich', 1, 'relate'], ['Morgenrot', 1, 'hug']],
  });

  await conversation('trauer', {
    by: 'Morgenrot', note: 'suicide', hoursAgo: 26, title: 'Ein Jahr ohne meinen Bruder',
    body: 'Morgen ist es ein Jahr her, dass mein Bruder sich das Leben genommen hat. Ich dachte, der Jahrestag wird einfach ein Tag wie jeder andere. Jetzt merke ich, wie alles wieder hochkommt: die Anrufe, die Fragen, das „Hätte ich etwas merken müssen?“.\n\nWie habt ihr Jahrestage verbracht?',
    replies: [
      { by: 'Lindenblatt', after: 2, note: 'loss', body: 'Ich zünde am Todestag meiner Mutter immer eine Kerze an und koche ihr Lieblingsessen. Es tut weh und tröstet zugleich.\n\nUnd zu deiner Frage: Nein, du hättest es nicht merken müssen. Ich wünsche dir morgen Menschen um dich.' },
      { by: 'Leitung Lena', after: 4, body: 'Wenn es morgen zu viel wird: Die TelefonSeelsorge ist rund um die Uhr unter 0800 111 0 111 erreichbar. Und du darfst den Tag auch einfach nur „schaffen“, ohne ihn zu gestalten.' },
    ],
    reactions: [['Kranich', 1, 'hug'], ['Sonnenblume', 1, 'hug'], ['Morgenrot', 2, 'thanks']],
  });

  await conversation('einsamkeit', {
    by: 'Heron', hoursAgo: 36, title: 'New in Leipzig – does anyone meet up in English?',
    body: 'Hi everyone, I moved to Leipzig for work three months ago. My German is improving, but evenings are lonely. Is there a group or a regular meetup where English is spoken, or where slow German is okay?',
    replies: [],
  });

  await conversation('willkommen', {
    by: 'Moderation Mia', hoursAgo: 200, title: 'Willkommen im Forum – bitte zuerst lesen',
    body: 'Schön, dass Sie da sind!\n\n- Hier schreiben Menschen mit eigener Erfahrung, keine Ärztinnen und Therapeuten.\n- In vielen Kategorien können Sie **anonym** schreiben.\n- Belastende Themen bekommen einen **Inhaltshinweis** und werden eingeklappt gezeigt.\n- Reaktionen sind „Danke“, „Kenne ich“ und „Fühl dich gedrückt“ – keine Likes.\n\nIn einer akuten Krise: oben auf jeder Seite steht, wo Sie sofort Hilfe bekommen.',
    replies: [{ by: 'Papa Jens', after: 30, body: 'Danke für die klare Einführung!' }],
  });

  await conversation('fachaustausch', {
    by: 'Kontakt Karl', hoursAgo: 100, title: 'Erfahrungen mit hybriden Gruppentreffen?',
    body: 'Liebe Kolleginnen und Kollegen, einige Gruppen bei uns möchten Teilnehmende online zuschalten. Welche Technik nutzt ihr, und wie klappt der Datenschutz?',
    replies: [],
  });

  // The Leipzig depression group's board: only its people read it.
  const group = await boardGroupBySlug(deps.db, people.leipzigDepressionSlug);
  if (group) {
    const board = await demoSupport.boardForDemo(deps, group);
    await conversation(board.slug, {
      by: 'Leitung Lena', hoursAgo: 48, title: 'Nächstes Treffen: Thema „Schlaf“',
      body: 'Hallo ihr Lieben,\n\nbeim nächsten Treffen möchten wir über Schlaf sprechen – zu wenig, zu viel, Grübeln in der Nacht. Wer mag, bringt einen Tipp mit, der ihm oder ihr schon einmal geholfen hat.\n\nWir treffen uns wie immer im Selbsthilfehaus, Raum 3.',
      replies: [
        { by: 'Kranich', after: 5, body: 'Ich bin dabei. Mein Tipp: Handy ab 21 Uhr in die Küche. Klingt banal, hat aber bei mir viel verändert.' },
        { by: 'Leitung Lena', after: 1, body: 'Danke, @Kranich! Ich bringe Tee mit.' },
      ],
      reactions: [['Kranich', 1, 'thanks'], ['Leitung Lena', 2, 'thanks']],
    });
  }
  return { categories: CATEGORIES.length, threads };
}

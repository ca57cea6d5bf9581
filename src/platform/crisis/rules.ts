// The crisis rules: phrases of suicidal intent, plans and means, self-harm and distress in German
// and English, figures of speech that sound alike, and contexts (news, prevention, fiction) that
// make a bare keyword harmless. Written for recall: a false alarm only shows a help page.
//
// Rule language (compiled by `phrase`): words separated by single spaces, matched as whole words on
// folded text (see normalize.ts); `(a|b)` alternatives; `(x )?` an optional word; `word*` any word
// starting with "word"; `~N` up to N other words in between.
import { foldLetters } from './normalize.ts';

export type CrisisClass = 'explicit_intent' | 'self_harm' | 'implicit_distress';

export interface Rule {
  cls: CrisisClass;
  re: RegExp;
  /** A bare keyword or a phrase about someone else: silenced by news, prevention or fiction context. */
  weak: boolean;
  /** The match does not count when this also appears in the same sentence. */
  unless?: RegExp;
  /** Words (or word starts) of which one must be in a sentence for the rule to match at all. */
  anchors: Anchors | null;
}

export interface Anchors {
  words: Set<string>;
  prefixes: string[];
}

/** Splits a rule source at the top level into its elements: words, (groups) with a "?" or not, ~N. */
function topLevelElements(source: string): Array<{ text: string; optional: boolean }> {
  const out: Array<{ text: string; optional: boolean }> = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === ' ' || ch === '^') { i++; continue; }
    if (ch === '(') {
      let depth = 0;
      let j = i;
      for (; j < source.length; j++) {
        if (source[j] === '(') depth++;
        else if (source[j] === ')' && --depth === 0) break;
      }
      const optional = source[j + 1] === '?';
      out.push({ text: source.slice(i + 1, j), optional });
      i = j + (optional ? 2 : 1);
      continue;
    }
    let j = i;
    while (j < source.length && source[j] !== ' ' && source[j] !== '(') j++;
    const word = source.slice(i, j);
    out.push({ text: word, optional: word.startsWith('~') });
    i = j;
  }
  return out;
}

/**
 * The anchor words of a rule: of its required elements, the one whose shortest first word is longest
 * (rarer words make a better filter). Null when no element can serve, and the rule always runs.
 */
export function anchorsOf(source: string): Anchors | null {
  let best: { score: number; words: string[] } | null = null;
  for (const element of topLevelElements(source)) {
    if (element.optional) continue;
    const alternatives = splitTopLevel(element.text);
    const firsts: string[] = [];
    let usable = true;
    for (const alternative of alternatives) {
      const first = alternative.trim().split(' ')[0] ?? '';
      if (!/^[a-zäöüß]+\*?$/.test(first)) { usable = false; break; }
      firsts.push(first.endsWith('*') ? `${foldLetters(first.slice(0, -1))}*` : foldLetters(first));
    }
    if (!usable || firsts.length === 0) continue;
    const score = Math.min(...firsts.map((w) => w.replace('*', '').length));
    if (!best || score > best.score) best = { score, words: firsts };
  }
  if (!best) return null;
  return {
    words: new Set(best.words.filter((w) => !w.endsWith('*'))),
    prefixes: best.words.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1)),
  };
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === '|' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** True when one of the words of a sentence (as a set, plus the list for word starts) is an anchor. */
export function anchored(anchors: Anchors | null, words: Set<string>, list: string[]): boolean {
  if (!anchors) return true;
  for (const word of anchors.words) if (words.has(word)) return true;
  for (const prefix of anchors.prefixes) for (const word of list) if (word.startsWith(prefix)) return true;
  return false;
}

const GAP = '\u0001';
const PREFIX = '\u0002';

function compile(source: string): string {
  // Letters after a backslash are regex escapes (\d), not words, and stay as they are.
  const marked = source.replace(/~(\d)/g, `${GAP}$1`).replace(/\*/g, PREFIX);
  const folded = marked.replace(/(\\?)([a-zäöüß]+)/g, (_m, escape: string, run: string) =>
    escape ? `${escape}${run[0]}${foldLetters(run.slice(1))}` : foldLetters(run),
  );
  return folded
    .replace(new RegExp(`${GAP}(\\d) ?`, 'g'), '(?:[a-z0-9]+ ){0,$1}')
    .replace(new RegExp(PREFIX, 'g'), '[a-z0-9]*');
}

/**
 * Compiles one phrase of the rule language into a regular expression over a folded sentence.
 * A phrase starting with "^" must stand at the start of the sentence.
 */
export function phrase(source: string): RegExp {
  if (source.startsWith('^')) return new RegExp(`^ ${compile(source.slice(1))} `);
  return new RegExp(` ${compile(source)} `);
}

/** Like phrase(), but the words may stand anywhere, also as parts of longer words. */
export function loose(source: string): RegExp {
  return new RegExp(compile(source));
}

function any(...sources: string[]): RegExp {
  return new RegExp(sources.map((s) => phrase(s).source).join('|'));
}

const rule = (cls: CrisisClass, weak: boolean, source: string, unless?: string): Rule => ({
  cls,
  re: phrase(source),
  weak,
  unless: unless === undefined ? undefined : loose(unless),
  anchors: anchorsOf(source),
});
const strong = (cls: CrisisClass, source: string, unless?: string): Rule => rule(cls, false, source, unless);
const weak = (cls: CrisisClass, source: string, unless?: string): Rule => rule(cls, true, source, unless);

// Words that put "I" into the sentence (German and English).
const ICH = '(ich|i|ick|ech)';
const MICH = '(mich|mir)';
// The ways of writing "no longer" in chat German.
const NM = '(nicht mehr|nich mehr|nimmer|nicht länger|nimma|nicht mehr länger)';

export const RULES: Rule[] = [
  // ------------------------------------------------------------ explicit intent (German)
  strong('explicit_intent', `${MICH} ~3 (umbr*|umzubr*|umgebracht|umbringe|töte|töten|zu töten|getötet|killen|zu killen|erschießen|zu erschießen|erhängen|aufhängen|aufzuhängen|vergiften|zu vergiften|ertränken)`),
  strong('explicit_intent', `${ICH} ~2 (bring|bringe|bringt) ~1 mich ~4 um`, String.raw` um (\d|halb|viertel|acht|neun|zehn|elf|zwolf|mitternacht|die ecke|den verstand|meinen schlaf|meine ruhe|die nacht|das ganze)`),
  strong('explicit_intent', `(bring|bringe) ich mich ~3 um`),
  strong('explicit_intent', `^(bring|bringe) mich ~3 um`, String.raw` um (\d|halb|viertel|acht|neun|zehn|elf)`),
  strong('explicit_intent', `(umbringen|umzubringen|töten) ~3 ${ICH} ~1 mich`),
  strong('explicit_intent', `(wie|womit) ~2 (stirbt man|sterbe ich|kann ich sterben|bringe ich mich um|bringt man sich um|kann man sich umbringen|kann ich mich umbringen|bringe ich es zu ende)`),
  strong('explicit_intent', `mir ~3 (etwas|was|irgendwas) (antun|anzutun|antue|antu)`),
  strong('explicit_intent', `${ICH} ~3 (sterbn|sterbe jetzt|sterben)`, String.raw` (sterbe|sterben) vor |spiel|game|level|figur`),
  strong('explicit_intent', `(besten|besser|lieber|gut|schön|schon) ~4 ${ICH} ~2 (sterbe|tot wäre|tot ware|tot bin|nicht mehr lebe|nicht mehr da wäre|nicht mehr aufwache)`),
  strong('explicit_intent', `(tabletten|pillen|medikamente|schlaftabletten|medis) ~6 (nehme|schlucke|nehm|schluck) (sie|die) ~2 alle`),
  strong('explicit_intent', `(brücke|brucke|stelle|methode|strick|datum|tag dafür|tag dafur) ~3 (ausgesucht|ausgewählt|ausgewahlt|festgelegt|gewählt|gewahlt)`, String.raw`(urlaub|hochzeit|termin|treffen|feier|fotos|ausflug|wanderung)`),
  strong('explicit_intent', `schluss ~6 alles (geregelt|vorbereitet|geordnet)`),
  strong('explicit_intent', `(beschlossen|entschieden|entschlossen) ~6 (für immer|fur immer|zu sterben|zu gehen|schluss zu machen|es zu beenden)`, String.raw`(umzug|ausland|nach (kanada|amerika|berlin)|job|firma|verein)`),
  strong('explicit_intent', `aus dem leben (gehen|scheiden|treten|zu gehen|zu scheiden)`),
  strong('explicit_intent', `(töte|tote|erschieße|erhänge|vergifte|ertränke) ~1 mich`),
  strong('explicit_intent', `(hänge|hang) ${ICH} ~1 mich ~3 auf`),
  strong('explicit_intent', `${ICH} ~2 (hänge|hang) mich ~3 auf`),
  strong('explicit_intent', `mir ~3 (das|mein) leben ~1 (nehmen|zu nehmen|genommen|nehme|nähme)`),
  strong('explicit_intent', `(nehme|nehm|nimm) (ich )?~1 mir ~2 (das|mein) leben`),
  strong('explicit_intent', `(mein|meinem|meinen) leben ~2 (beenden|zu beenden|beende|ein ende setzen|ein ende machen)`),
  strong('explicit_intent', `(allem|alldem|dem ganzen|meinem dasein) ~2 ein ende (setzen|machen|bereiten|zu setzen|zu machen)`),
  strong('explicit_intent', `(setze|setz|mache|mach|bereite) ~2 (allem|alldem|dem ganzen|meinem leben|meinem dasein) ~1 ein ende`),
  strong('explicit_intent', `(mache|mach|machen) ~2 (schluss|schiuss) mit (allem|dem leben|meinem leben|der welt)`),
  strong('explicit_intent', `(mit allem|mit dem leben|mit meinem leben|mit der welt) ~2 (schluss|schiuss) (machen|zu machen|mache)`),
  strong('explicit_intent', `${ICH} ~4 (sterben|tot sein|tot|nicht mehr leben|nimmer leben|nicht mehr existieren|nicht mehr da sein|nicht mehr hier sein)`, String.raw` (sterbe|sterben) vor | tot (sein )?als rot | totlach| (akku|handy|pflanze)|innerlich tot|leer und tot|tot mude|fast tot vor`),
  strong('explicit_intent', `${ICH} ~3 (einschlafen|schlafen) und ~2 (nicht mehr|nie mehr|nie wieder|niemals) (aufwachen|aufzuwachen|aufwache)`),
  strong('explicit_intent', `(nicht mehr|nie mehr|nie wieder|niemals wieder) (aufwachen|aufzuwachen|aufwache|aufwacht)`),
  strong('explicit_intent', `(wache|wach) ~2 (nicht mehr|nie mehr|nie wieder) auf`),
  strong('explicit_intent', `${ICH} ~2 (will|wil|mag|möchte|kann und will|will und kann) (einfach |echt |wirklich |nun |jetzt |halt |so )?(einfach |echt |wirklich |wirkich |eben )?${NM}`, String.raw` nicht mehr (\d|[a-z]+en |[a-z]+ [a-z]+en |so |sehen|hören|warten|mit |ins |in |zu |zum |zur |nach |bei |auf |dass |als |so viel|viel|lange |arbeiten)`),
  strong('explicit_intent', `${ICH} ~2 (will|wil|mag|möchte) (einfach |echt |wirklich )?${NM} (leben|sein|da sein|weiter|weitermachen|weiterleben|existieren|atmen|aufwachen|hier sein|auf dieser welt sein)`),
  strong('explicit_intent', `(keinen|kein) (grund|sinn|wille|willen|lust) ~1 mehr ~1 (zu leben|zum leben|leben)`),
  strong('explicit_intent', `(keine lust|kein bock|keinen bock) ~1 mehr (auf das leben|aufs leben|auf leben|zu leben|zu existieren)`),
  strong('explicit_intent', `${ICH} ~3 (lieber|besser|am liebsten) tot`),
  strong('explicit_intent', `(wäre|wär|ware|war) ~2 (lieber|besser|am liebsten) tot`),
  strong('explicit_intent', `(wünschte|wünsche|wunschte|wunsche) ~3 (ich wäre|ich ware|ich war|ich wär) ~2 (tot|nicht mehr da|nicht mehr am leben)`),
  strong('explicit_intent', `(wünsche|wunsche) mir ~3 (den tod|zu sterben|tot zu sein|nicht mehr zu leben|nicht mehr aufzuwachen)`),
  strong('explicit_intent', `${ICH} ~2 (bin|fühle mich|fuhle mich) ~2 (lebensmüde|lebensmude|suizidal|selbstmordgefährdet|suizidgefährdet)`),
  strong('explicit_intent', `(tabletten|pillen|medikamente|schlaftabletten|schmerzmittel|tavor|tilidin|morphium|insulin|paracetamol|ibuprofen|tramadol|zopiclon) ~3 (gesammelt|gezählt|aufgehoben|aufbewahrt|gespart|sammeln|sammle|sammel|gehortet|horten|horte|gebunkert|bunkern|bunkere|zusammen|zurückgelegt|beiseite gelegt|auf vorrat|alle auf einmal|auf einmal|schlucken|zu schlucken|geschluckt|einwerfen|nehmen um)`, String.raw`(apotheke|entsorg|schadstoff|ruckgabe|abgeben|abgelaufen|arzt verschrieben|gegen kopfschmerz|vergessen)`),
  strong('explicit_intent', `(sammle|sammel|sammeln|horte|horten|bunkere|bunkern|gesammelt|gehortet) ~3 (tabletten|pillen|medikamente|schlaftabletten|schmerzmittel|meine medis|medis)`, String.raw`(apotheke|entsorg|schadstoff|ruckgabe|abgeben|abgelaufen|spende)`),
  strong('explicit_intent', `(nehme|schlucke|nehm|schluck|werfe) ~4 alle (meine |meine restlichen |die )?(tabletten|pillen|medikamente|schlaftabletten|schmerzmittel)`, String.raw`(morgens|abends wie|wie verschrieben|wie immer|beipackzettel)`),
  strong('explicit_intent', `(genug|genügend) (tabletten|pillen|medikamente|schlaftabletten|schmerzmittel|gift|medis)`),
  strong('explicit_intent', `(wie viele|wieviele|wie viel|wieviel|welche) (tabletten|pillen|medikamente|schlaftabletten|schmerzmittel) ~4 (tödlich|todlich|sterben|tot|reichen|umbringen|braucht man)`),
  strong('explicit_intent', `(tödliche|todliche|tödlichen|todlichen|letale|letalen) (dosis|menge)`, String.raw` (warn|verhindern|verhutung|vorsicht|kinder|haustier|hund|katze)`),
  strong('explicit_intent', `(schmerzlos|schnell|sicher|am schnellsten|am sichersten|ohne schmerzen) ~2 (sterben|umbringen|tot sein|aus dem leben)`),
  strong('explicit_intent', `${MICH} ~4 (vor|unter) (den|einen|die) (zug|bahn|lkw|laster|auto|bus|s bahn|u bahn) ~2 (werfen|zu werfen|werfe|legen|zu legen|lege|springen|zu springen|springe)`),
  strong('explicit_intent', `${ICH} ~4 (von|vom|aus|in) (der|die|dem|einer|einem|den)? ~1 (brücke|brucke|dach|hochhaus|balkon|fenster|klippe|turm|parkhaus|abgrund|tiefe|fluss|see|gleise) ~3 (springen|zu springen|springe|stürzen|stürze|werfen|werfe|fallen lassen)`, String.raw`(ins wasser|baden|schwimm|sprungturm|bungee|fallschirm|freibad|sommer|spass|ins becken)`),
  strong('explicit_intent', `(brücke|brucke|dach|hochhaus|balkon|klippe|gleis|gleise|gleisen|parkhaus|turm|fenster) ~5 (springen|springe|zu springen|runterspringen|runter)`, String.raw`(ins wasser|baden|schwimm|sprungturm|bungee|fallschirm|freibad|ins becken|in den see|fotos)`),
  strong('explicit_intent', `(springe|spring) ~3 (von|vom|aus dem) (der |dem |einer |einem )?(brücke|brucke|dach|hochhaus|balkon|klippe|turm|parkhaus|fenster)`, String.raw`(ins wasser|baden|schwimm|sprungturm|bungee|fallschirm|freibad|ins becken|in den see)`),
  strong('explicit_intent', `(runterspringen|runter springen|hinunterspringen|runterzuspringen|in den tod springen|in den tod stürzen)`),
  strong('explicit_intent', `(strick|seil|schlinge) ~3 (gekauft|besorgt|bereit|hängt|liegt bereit|geknüpft|geknotet|für mich)`),
  strong('explicit_intent', `(pulsadern|puls adern|pulsader) ~2 (aufschneiden|aufzuschneiden|aufgeschnitten|aufschneide)`),
  strong('explicit_intent', `(abschied nehmen|verabschieden) ~3 (für immer|von allen|vom leben|von dieser welt|von der welt)`),
  strong('explicit_intent', `(plan|plane|weiß|weiss) ~4 (wie|wann) ich ~2 (es|mich|alles) ~1 (beende|beenden|umbringe|töte|tue)`),
  strong('explicit_intent', `(habe|hab|mache|mach) ~3 (einen plan|pläne|plane|alles geplant|alles vorbereitet|ein datum) ~4 (sterben|umzubringen|beenden|zu beenden|tot|gehen|schluss|ende|suizid|selbstmord)`),
  strong('explicit_intent', `(plane|plan|überlege|uberlege|denke|dachte|nachgedacht|gedanken) ~5 (mich umzubringen|mir das leben zu nehmen|mein leben zu beenden|suizid|selbstmord|zu sterben|mich zu töten|tot zu sein|nicht mehr zu leben)`, String.raw` (sie|er|ihn|ihr|jemand|kollege|patient|betroffene|früher|damals|heute helfe|vor jahren) `),
  strong('explicit_intent', `(suizidgedanken|selbstmordgedanken|todeswunsch|todeswünsche|suizidplan|suizidpläne|suizidversuch|selbstmordversuch|lebensmüde gedanken)`, String.raw` (hat|hatte|haben|seine|ihre|ihr|sein|bei patienten|bei jugendlichen|bei betroffenen|anzeichen|erkennen|umgehen|wenn jemand|menschen mit|krisendienst|beratung|angebot|hilfe bei|hilfe für|angehörige|sohn|tochter|bruder|schwester|mutter|vater|freund|freundin|partner|partnerin|kind|kinder) `),
  weak('explicit_intent', `(suizid*|selbstmord*|freitod|suicid*|suicide*|suicidal|abschiedsbrief*|abschiedsbriefe|abschiedsnachricht|überdosis|uberdosis|overdose|overdosing|od|lebensmüde)`, String.raw` (prävention|pravention|prevention|verhindern|rente|ruhestand|kollegin|kollegen|kolegen|umzug|team|verein|klasse|schule wechsel|hat sich|hatte sich|begangen|committed|durch suizid|nach dem suizid|nach seinem|nach ihrem|in memoriam|gedenken|trauer|verloren|attentat|bomber|attack|anschlag|bomb|mission|squad|klettern|lebensmüde idee|wäre lebensmüde|ist lebensmüde|ist ja lebensmüde|eine (abschiedsnachricht|abschiedsbrief) (an|für) (die|den|das|meine|meinen|unsere|unseren)|an die kolleg|zum abschied|heroin|fentanyl|drogentote|statistik|nummer|died by suicide|to suicide|bereaved|used to|angehörige|hinterbliebene|trauergruppe|früher|damals|heute helfe) `),
  // ------------------------------------------------------------ explicit intent (English)
  strong('explicit_intent', `(kill|killing|killed|hang|hanging|shoot|shooting|poison|drown|off|offing) myself`, String.raw` myself (laughing|with laughter|laughin) `),
  strong('explicit_intent', `(end|ending|take|taking|took|ended) (my|my own) life`),
  strong('explicit_intent', `(end|ending) it (all|tonight|today|now|for good|soon|forever)`),
  strong('explicit_intent', `${ICH} ~2 (end|ending) it`, String.raw`(end it with|end it there|end it on)`),
  strong('explicit_intent', `(want|wanna|wish|need|going|ready|planning|plan|trying|tried|try) (to )?~1 (die|be dead|be gone|not exist|not be alive|not be here|disappear forever|stop existing|stop living)`, String.raw`(dying to|die of (laugh|embar|bored|shame|cute)|die laughing| die for (a|some|the) | (a|the) dance)`),
  strong('explicit_intent', `(wish|wished) ~1 (i|i d|i had) (was|were|be|had) ~2 (dead|gone|not here|not alive)`),
  strong('explicit_intent', `(better off|be better) ~4 (dead|gone)`, String.raw`(without me|the plant|the car)`),
  strong('explicit_intent', `(better off|be better) ~1 if i (was|were|wasn t|were not|weren t) (here|around|alive)`),
  strong('explicit_intent', `(don t|dont|do not|no longer|not) ~1 (want|wanna|wish) (to )?(live|be alive|exist|wake up|go on living|be here anymore|be here|keep living)`),
  strong('explicit_intent', `(never|not) (wake|waking) up ~1 (again|anymore|tomorrow|ever)`),
  strong('explicit_intent', `(go to sleep|fall asleep|sleep) and (never|not) wake up`),
  strong('explicit_intent', `(no|any|zero) (reason|point|will) (left )?to (live|keep living|go on|be alive)`),
  strong('explicit_intent', `(suicide|goodbye) (note|notes|letter|letters|message|messages|video)`, String.raw` (found|the police|his|her|their|article|movie|film|book|novel|character|episode) `),
  strong('explicit_intent', `(stockpil*|saving up|saved up|hoard*|collect*|gathered|gathering) ~3 (pills|tablets|meds|medication|sleeping pills|painkillers|pain killers)`, String.raw` (pharmacy|dispose|disposal|take back|donat|expired) `),
  strong('explicit_intent', `(enough|how many|which) (pills|tablets|meds|sleeping pills|painkillers) ~4 (die|kill|dead|lethal|fatal|end it|overdose|enough)`),
  strong('explicit_intent', `(lethal|fatal|deadly) (dose|amount|overdose)`, String.raw` (prevent|warning|children|kids|pets|dog|cat|naloxone|narcan) `),
  strong('explicit_intent', `(jump|jumping|throw myself|step) ~3 (off|from|in front of|under) (a|the|that|this) ~1 (bridge|roof|building|train|tower|cliff|car|truck|bus|balcony)`, String.raw`(into the (water|lake|pool|river|sea)|swim|bungee|parachute|diving)`),
  strong('explicit_intent', `(bought|got|tied|have) ~2 (a|the) (rope|noose)`, String.raw`(swing|climb|boat|tent|camping|dog|tow|jump rope|skipping|garden|laundry)`),
  strong('explicit_intent', `(slit|cut|cutting|slitting) ~1 (my )?wrists`),
  strong('explicit_intent', `${ICH} (m |am )(so )?(done|finished) (with )?(life|living|it all|everything|with life|with living|with everything)`),
  strong('explicit_intent', `(saying goodbye|say goodbye|said goodbye) ~2 (forever|for good|to everyone|to everybody|to the world|to life)`),
  strong('explicit_intent', `(thinking|thought|thoughts|planning|plan) ~4 (killing myself|ending my life|suicide|ending it|taking my life|dying)`, String.raw` (his|her|their|he|she|patient|patients|someone|friend|student) `),
  // ------------------------------------------------------------ self-harm
  strong('self_harm', `${MICH} ~3 (ritzen|ritze|geritzt|gerizt|ritzte|ritz|zu ritzen|aufgeritzt|aufritzen|aufgeschnitten|schneiden|schneide|geschnitten|zu schneiden|verletzen|verletze|verletzt|zu verletzen|verbrennen|verbrenne|verbrannt|zu verbrennen|schlagen|schlage|geschlagen|kratzen|kratze|blutig gekratzt|blutig)`, String.raw` (beim|versehentlich|aus versehen|kochen|kuche|papier|rasieren|rasier|gemüse|gemuse|messer beim|sport|fußball|fussball|training|sturz|gestürzt|gesturzt|fahrrad|treppe|unfall|sonnenbrand|ofen|herd|bügeleisen|haare|nägel|nagel|termin|friseur|bart|in den finger|nicht|haare|nägel|nagel|bart|pony) `),
  strong('self_harm', `(ritze|ritzte|ritzen|ritzt) ~1 ${MICH}`),
  strong('self_harm', `${ICH} ~2 (schneide|schnitt|verletze|verletzte|verbrenne|verbrannte|schlage) mich`, String.raw` (beim|versehentlich|aus versehen|kochen|papier|rasieren|gemüse|gemuse|sport|unfall|in den finger|nicht|niemanden|haare) `),
  strong('self_harm', `(schlage|schlug|haue|hau|schlag) ~2 (meinen kopf|mir|mich) ~3 (gegen die wand|ins gesicht|auf den kopf|bis es weh|blutig)`),
  strong('self_harm', `(absichtlich|mit absicht|bewusst) ~4 (geschnitten|verletzt|verbrannt|geritzt|weh getan|wehgetan)`, String.raw` (nicht|niemanden|niemand) `),
  strong('self_harm', `(geschnitten|verletzt|verbrannt|geritzt) ~2 (absichtlich|mit absicht)`),
  strong('self_harm', `(frische|frischer|frischen|neue|neuen|fresh|new) (schnitte|wunden|narben|cuts|wounds|scars)`, String.raw`(op|operation|surgery|tattoo|kaiserschnitt|geburt|unfall)`),
  strong('self_harm', `(hide|hid|hiding|keep|verstecke|versteckt) ~2 (razor|razors|blade|blades|rasierklinge|rasierklingen|klinge|klingen)`),
  strong('self_harm', `${ICH} ~3 (ritze|ritzte|geritzt|gerizt|ritzen|ritz)`, String.raw` (muster|kurbis|kürbis|rinde|holz|namen|stein|glas) `),
  strong('self_harm', `(schneide|schnitt|schneiden|verbrenne|verbrannte|verletze|verletzte|kratze|schlage) ~1 ${MICH} ~3 (wieder|selbst|absichtlich|mit|arm|arme|beine|haut|oberschenkel|handgelenk|blutig|klinge|rasierklinge|scherbe|zigarette|feuerzeug|bis es blutet|bis es weh tut|weil|um)`, String.raw` (beim|versehentlich|aus versehen|kochen|papier|rasieren|gemüse|gemuse|sport|unfall|in den finger|haare|nägel|nagel|bart|pony|nicht) `),
  strong('self_harm', `(schneide|ritze|verletze|verbrenne|schlage) ich mich`, String.raw` (beim|versehentlich|aus versehen|kochen|rasieren|sport|nicht|haare) `),
  strong('self_harm', `(selbstverletz*|svv|selbst verletzen|selbst verletzt|selbstzerstörerisch)`, String.raw` (fortbildung|vortrag|seminar|schulung|studie|prävention|pravention|bei jugendlichen|bei patienten|erkennen|umgehen mit|wenn jemand|artikel|workshop|kurs) `),
  strong('self_harm', `(rasierklinge|rasierklingen|klinge|klingen|scherbe|scherben) ~3 (arm|arme|haut|bein|beine|geritzt|ritzen|angesetzt|versteckt|wieder|bei mir|genommen)`, String.raw` (rasieren|bart|beine rasiert|kochen|küche) `),
  strong('self_harm', `(narben|wunden|schnitte) ~3 (vom ritzen|von früher|verstecken|verstecke|zeigen|am arm|an den armen|an meinen armen|frisch)`, String.raw` (op|operation|unfall|kaiserschnitt|geburt) `),
  strong('self_harm', `(rückfall|ruckfall|rückfällig|ruckfallig) ~3 (ritzen|geritzt|selbstverletzung|svv|klinge|schneiden)`),
  strong('self_harm', `(druck|spannung|schmerz) ~5 (ritzen|ritze|schneiden|klinge|mich zu verletzen|mir weh tun|mir weh zu tun)`),
  strong('self_harm', `${MICH} ~2 (weh|wehtun|weh tun|weh zu tun|wehzutun|weh getan)`, String.raw`(kopf|zahn|zähne|rücken|rucken|bauch|hals|knie|fuß|fuss|beine|beim|sport|tut mir leid|es tut mir)`),
  strong('self_harm', `(cut|cutting|cuts|burn|burning|burned|burnt|hurt|hurting|harm|harming|scratch|scratching|punch|punching|hit|hitting|starve|starving) myself`, String.raw` myself (shaving|while [a-z]+ing|on (a|the) |paper|knife|in the kitchen|at the gym|playing|running|skiing|by accident|accidentally)|accident|accidentally`),
  strong('self_harm', `(self harm|selfharm|self harming|self injury|self injure|self injuring|cutting again|relapsed|relapse)`, String.raw` (training|awareness|workshop|article|study|students|teenagers|patients|youth|how to help|recogni|signs|in teens|course|lecture|talk|drugs|alcohol|drinking|smoking|gambling) `),
  strong('self_harm', `(razor|razor blade|blade|blades) ~3 (arm|arms|wrist|skin|thigh|legs|again|hidden|hide|myself)`, String.raw` (shaving|shave|beard|legs shaved) `),
  strong('self_harm', `(cut|cutting|burned|burnt|burn|burning|hurt|hurting|scratched|hit|punched|bruised) ~3 (on purpose|deliberately|intentionally)`),
  strong('self_harm', `(been|started|keep|still|stop|stopped|quit) cutting`, String.raw` (hair|paper|vegetables|onions|wood|costs|back|down|corners|class|grass|coupons|sugar|carbs) `),
  strong('self_harm', `(urge|urges|need) to (cut|hurt myself|harm myself|burn myself|bleed)`),
  // ------------------------------------------------------------ implicit distress (German)
  strong('implicit_distress', `(alles|das alles|das leben|mein leben|nichts|es) ~2 (hat|macht|ergibt) ~2 (keinen|kein|null) sinn mehr`),
  strong('implicit_distress', `nichts (macht|hat|ergibt) mehr ~1 sinn`),
  strong('implicit_distress', `(alles|das leben|mein leben|es) ~2 (ist|scheint|fühlt sich) ~2 (sinnlos|zwecklos|hoffnungslos|ausweglos|nichtig|leer)`, String.raw` hoffnungslos (veraltet|uberfullt|überfüllt|verliebt|romantisch|optimist|unterlegen|verloren im)`),
  strong('implicit_distress', `(keinen|kein|einen) ~1 (ausweg|ausweg mehr|licht|hoffnung|perspektive|sinn) ~2 (mehr|sehe|seh|gibt|finde|ohne ausweg)`),
  strong('implicit_distress', `(sehe|seh|gibt|finde) ~3 (keinen ausweg|keine hoffnung|keine zukunft|keine perspektive|kein licht|keinen sinn)`, String.raw`(parkplatz|tür|zug|bus|lösung für (das|die|den) (problem|rätsel)|ausweg aus dem (stau|labyrinth))`),
  strong('implicit_distress', `(niemand|keiner|keine sau|kein mensch|nicht mal meine|nicht einmal meine) ~2 (würde|wurde|wird) ~2 (mich|es) ~2 (vermissen|merken|bemerken|auffallen|interessieren|kümmern|kummern)`, String.raw`(urlaub|ferien|büro|buro|meeting|sitzung|haha|party)`),
  strong('implicit_distress', `(niemand|keiner) ~3 (vermisst|vermissen|bemerkt|merkt|braucht|will) mich`),
  strong('implicit_distress', `(bin|wäre|ware|sei) ~3 (allen|allen nur|meiner familie|meinen kindern|allen anderen|jedem|euch) ~2 (eine last|zur last|im weg)`),
  strong('implicit_distress', `(ohne mich|wenn ich weg bin|wenn ich weg wäre|wenn es mich nicht) ~3 (besser dran|besser|leichter|glücklicher|gäbe|gabe)`),
  strong('implicit_distress', `${ICH} ~2 (kann|schaffe|schaff|packe|pack|halte|halt|ertrage|ertrag) ~3 ${NM}`, String.raw` (warten|laufen|essen|lachen|gehen|schlafen|rechnen|sehen|arbeiten|hören|horen) |kann nicht mehr (zu|mit|ins|in|an|auf|nach)`),
  strong('implicit_distress', `(halte|halt|ertrage|ertrag) ~3 (das|es|dieses leben|mich) ~2 nicht mehr ~1 (aus)?`),
  strong('implicit_distress', `(keine|null) (kraft|energie|hoffnung) mehr`),
  strong('implicit_distress', `${ICH} ~2 (bin|fühle mich|fuhle mich) ~3 (am ende|völlig am ende|innerlich tot|wertlos|nichts wert|überflüssig|uberflussig|hoffnungslos|verzweifelt|leer und tot|so leer|am boden|kaputt und leer|eine last|eine zumutung|ein nichts)`, String.raw` (am ende (des|der|vom|von|meines|meiner|mit meinem latein|mit meinem)|verzweifelt (gesucht|nach|an der)|am boden (zerstört) vor lachen) |haha|lol| team |verloren hat`),
  strong('implicit_distress', `(will|wil|möchte|mochte) ~4 (weg|verschwinden|aufhören zu existieren|aufhoren zu existieren|nicht mehr sein|für immer schlafen|fur immer schlafen|nie wieder aufstehen)`, String.raw` weg (von hier|aus|ziehen|nach|in den urlaub|fahren|gehen)| (urlaub|ferien|umziehen|nach hause|heim|peinlich|haha|lol|scham) `),
  strong('implicit_distress', `(hätte|hatte|wäre|ware) ~2 (nie|niemals) geboren`),
  strong('implicit_distress', `(gebe|geb) ~1 (auf|alles auf|mich auf|mich selbst auf)`, String.raw` auf (einen|einem|den|die|das|dem) |(paket|brief|bestellung|anzeige|post|bescheid|auftrag|gas|dach)| (nicht|nie|niemals) `),
  strong('implicit_distress', `(verschenke|verschenkt|verschenkt habe|verschenkt habe ich|weggegeben) ~3 (meine sachen|alles was ich habe|meine lieblingssachen|meinen besitz)`),
  strong('implicit_distress', `(meine sachen|meinen besitz|meine lieblingssachen|alles was ich habe) ~2 (verschenkt|weggegeben|verschenke)`),
  strong('implicit_distress', `(verabschiede|verabschiede mich) ~3 (von euch allen|von allen|für immer|fur immer)`, String.raw`(urlaub|ferien|wochenende|feierabend|pause|bis morgen|bis bald|bis montag|nächste woche|rente|ruhestand)`),
  strong('implicit_distress', `(danke|danke euch) für alles ~3 (lebt wohl|machts gut|macht es gut|es war schön mit euch|ich gehe jetzt)`),
  strong('implicit_distress', `(lebt wohl|lebe wohl) ~3 (alle|ihr alle|für immer)?`),
  strong('implicit_distress', `${ICH} ~2 (existiere|funktioniere) nur noch`),
  strong('implicit_distress', `(alles|das leben|mein leben|jeder tag) ~1 (ist|wird) ~2 (zu viel|zu schwer|unerträglich|unertraglich|eine qual)`, String.raw` (heute|diese woche|der umzug|der papierkram|die arbeit|der stress) `),
  weak('implicit_distress', `(will|wil|möchte|mochte|wollte|droht|plant|plante|denkt|dachte|spricht|sprach|redet|redete) ~3 sich ~3 (umbringen|umzubringen|umzubringen|töten|zu töten|das leben nehmen|das leben zu nehmen|etwas antun|etwas anzutun|was antun|was anzutun|ritzen|zu ritzen|verletzen)`),
  weak('implicit_distress', `(ritzt|ritzte) sich`),
  weak('implicit_distress', `(hat|hatte) sich ~2 (geritzt|selbst verletzt)`),
  weak('implicit_distress', `sich ~4 (umbringen|umzubringen|umbringt|töten|zu töten|tötet|etwas antun|etwas anzutun|etwas antut|was antun|was antut|das leben nehmen|das leben nimmt|das leben zu nehmen)`),
  // ------------------------------------------------------------ implicit distress (English)
  strong('implicit_distress', `(no|any) (way out|hope left|hope anymore|future|point anymore|point in anything|point in living|point in trying)`, String.raw` (parking|building|of the maze|of the room|of this contract|of the deal) `),
  strong('implicit_distress', `(can t|cant|cannot|can not|couldn t) (go on|take (it|this|any more|anymore)|do this anymore|keep going|cope anymore|keep doing this|carry on)`, String.raw` (go on (a|the|holiday|vacation|trip|with the)|take (it|this) (back|home|with me|to|seriously)) `),
  strong('implicit_distress', `(a|such a|just a) burden (to|on|for) (everyone|everybody|my family|my kids|my children|you all|people|others)`),
  strong('implicit_distress', `(nobody|no one|noone|nobody at all) (would|will|d) (miss|notice|care|even notice|even care)`, String.raw`(holiday|vacation|office|meeting|skipped|haha|lol|party)`),
  strong('implicit_distress', `(better off|happier|easier) without me`),
  strong('implicit_distress', `(i m|im|i am|feel|feeling) ~2 (hopeless|worthless|empty inside|dead inside|broken beyond|a waste of space|nothing)`, String.raw` (at|with) (math|maths|cooking|dancing|this game|chess|names|directions|computers)|nothing (to|but|like|special|much|new|happened|wrong)`),
  strong('implicit_distress', `(give|giving|gave) up on (everything|life|myself|living|it all)`),
  strong('implicit_distress', `(giving|gave|give) away ~1 (my things|my stuff|all my stuff|everything i own|my belongings)`),
  strong('implicit_distress', `(nothing|none of this|life) ~1 (matters|means anything|is worth it) ~1 (anymore)?`, String.raw` (else|more than|as much as) `),
  strong('implicit_distress', `(want|wanna|wish i could) (to )?~1 (disappear|vanish|stop feeling|not feel anything|sleep forever)`, String.raw`(for the weekend|for a (day|week|while|bit)|on holiday|on vacation|under (a|the) blanket)`),
  weak('implicit_distress', `(wants|wanted|threatens|threatened|talks|talked|talking|plans|planned|going) ~3 (to )?~1 (kill|killing|end|ending|hurt|hurting|harm|harming|cut|cutting) (himself|herself|themselves|his life|her life|their life|his own life|her own life)`),
];

/**
 * Figures of speech that contain crisis words: removed from a sentence before the rules look at it
 * ("ich lach mich tot", "der Film bringt mich um", "dying to see it").
 */
export const FIGURES_OF_SPEECH: RegExp[] = [
  phrase('(lach|lache|lachen|lacht|lachte|lachten) ~2 (mich|uns|dich|sich) ~2 (tot|kaputt|schlapp|scheckig|krumm)'),
  phrase('(totlachen|totgelacht|totlache|totlach|todlachen)'),
  phrase('(bringt|bringen|bringst|brachte|brachten|bringts) ~1 (mich|uns|dich) ~3 um'),
  phrase('(tot|tod) (müde|mude|langweilig|schick|chic|sicher|ernst|krank vor lachen)'),
  phrase('zu tode (gelangweilt|erschrocken|gefreut|geschämt|geschamt|genervt|betrübt|langweilen|erschrecken|ärgern|argern|lachen)'),
  phrase('(sterbe|sterben|sterb|stirbt|gestorben) ~2 vor (lachen|langeweile|hunger|durst|neugier|hitze|kälte|kalte|scham|angst vor dem zahnarzt|aufregung|müdigkeit|mudigkeit)'),
  phrase('(könnte|konnte) ~2 (mich|ihn|sie|dich) ~2 (umbringen|erschlagen|erwürgen) (vor|weil|wenn|für|fur)'),
  phrase('(lieber tot als rot|mausetot|totschlagen|zeit totschlagen|die zeit totzuschlagen|totgeschwiegen|totgesagte|tot geglaubt|totarbeiten|totschuften)'),
  phrase('(ich sterbe|ich sterb) ~2 (für|fur) (pizza|schokolade|eis|kuchen|sushi|einen kaffee)'),
  phrase('(dying|die) (to (see|know|meet|try|hear|go|read|watch|get)|of (laughter|laughing|embarrassment|boredom|cuteness|shame))'),
  phrase('(killing|killed|kill|kills) (it|time|the mood|the vibe|the lights|the engine|the process|the task|the app)'),
  phrase('(is|was|are|were|it s|its|that s|thats|this is) ~2 killing me'),
  phrase('(bored|scared|worried|frightened|loved|tickled) to death'),
  phrase('(kill|killing|killed) myself (laughing|with laughter)'),
  phrase('(dead|deadly) (tired|serious|boring|on time|end|line|lines)'),
  phrase('(my|the) (phone|battery|laptop|plant|plants|car|printer|akku|handy) ~3 (dead|died|is dead|tot|gestorben|ist tot)'),
  phrase('(deadline|deadlines|dead end|todsicher|todschick|todernst|totsicher|tödlich verliebt|todlich verliebt|tödlich gelangweilt|todlich gelangweilt|ich könnte sterben vor glück|i could die happy)'),
  phrase('(spiel|spielen|game|level|boss|figur|charakter|character|zombie|zombies|mein held|in dem spiel|im spiel|in the game) ~4 (sterben|gestorben|tot|stirbt|died|dies|dead|killed|umgebracht)'),
];

/**
 * Contexts in which a bare keyword or a phrase about someone else is reporting, teaching or
 * fiction: news, prevention talks, studies, books and films, training.
 */
export const REPORTING_CONTEXT = any(
  '(prävention|präventions*|suizidprävention|suizidpravention|prevention|präventionstag|welttag*|aufklärung|aufklarung|awareness)',
  '(vortrag|vorträge|vortrage|seminar|fortbildung|weiterbildung|schulung|workshop|fachtag|tagung|konferenz|lecture|training|webinar|kurs|course|talk on|talk about)',
  '(studie|studien|statistik|statistiken|zahlen|bundesamt|destatis|forschung|forscher|study|studies|statistics|research|researchers|survey|rate|raten|quote)',
  '(nachrichten|zeitung|artikel|bericht*|reportage|dokumentation|doku|tagesschau|presse|journalist*|news|article|report|reported|reports|headline|newspaper|documentary|press)',
  '(film|filme|serie|serien|roman|buch|krimi|tatort|theaterstück|theaterstuck|theater|hörspiel|horspiel|podcast|folge|staffel|hauptfigur|figur|heldin|held|movie|series|novel|book|episode|character|play|song|lied|songtext|lyrics|gedicht|poem|shakespeare|hamlet|werther|romeo)',
  '(anzeichen|warnsignale|warnzeichen|erkennen|warning signs|signs of|how to help|wie helfe ich|wie kann ich helfen|was tun wenn|if someone|wenn jemand|falls jemand|ansprechen)',
  '(angehörige|angehörigen|hinterbliebene|trauergruppe|bereaved|telefonseelsorge|krisendienst|hotline|notfallnummer|helpline|lifeline|988|samaritans)',
  '(polizei|police|ermittler|ermittlungen|investigation|gericht|court|anklage|prozess|täter|tater|opfer|victim|attentäter|attentater|terror*|krieg|war|soldaten|soldiers)',
  '(unterricht|schule|klasse|lehrer|lehrerin|referat|hausarbeit|klausur|prüfung|prufung|school|class|teacher|essay|homework|exam|students|schüler|schuler)',
);

/** Words by which a writer speaks of themselves; a sentence with them is not silenced by context. */
export const FIRST_PERSON = any(
  '(ich|mich|mir|mein|meine|meinem|meinen|meiner|i|me|my|myself|mine)',
);

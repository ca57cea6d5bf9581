// The search page /groups: the question (words, place, radius), filters, results and, when
// nothing is found, ways on (wider radius, related topics, the region's contact point, a note).
import { paginationLabels } from '../../platform/pagination.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import { Button, Checkbox, ChoiceGroup, CsrfField, ErrorSummary, Pagination, Select, Tag, TextInput } from '../../platform/ui/components.tsx';
import type { Place } from '../../platform/geo/index.ts';
import { ACCESSIBILITY, AUDIENCES, FORMATS, GROUP_KINDS, LANGUAGES, PAGE_SIZE, RADII } from './model.ts';
import { ACCESSIBILITY_LABEL, AREA_LABEL, AUDIENCE_LABEL, FORMAT_LABEL, KIND_LABEL, STATUS_LABEL, label, languageName } from './labels.ts';
import { searchHref, type SearchForm } from './schema.ts';

/** Where a kept card takes the distance of the search it is shown in (see result-cards.tsx). */
export const DISTANCE_SLOT = '<!--distance-->';

export interface ResultItem {
  slug: string;
  name: string;
  area: string;
  excerpt: string;
  distanceKm: number | null;
  formats: string[];
  audience: string;
  status: string;
  accepting: boolean;
  kind: string;
  topics: Array<{ slug: string; name: string }>;
  rhythm: string;
  /** The group's state the card shows (kept cards are keyed on it). */
  updatedAt?: string;
}

export interface TopicOption {
  slug: string;
  name: string;
  area: string;
}

export interface SearchView {
  form: SearchForm;
  errors: FieldProblem[];
  place: Place | null;
  placeChoices: Place[];
  /** The result cards as HTML (kept cards with this search's distances spliced in, result-cards.tsx). */
  cards: string[];
  total: number;
  empty: boolean;
  /** The question could not be asked (unknown place, over-long words): no result list, only the way to fix it. */
  failed: boolean;
  topics: TopicOption[];
  corrected: Array<{ word: string; term: string }>;
  /** Shown when nothing was found. */
  help: {
    widerRadius: number | null;
    relatedTopics: TopicOption[];
    contactPoint: { slug: string; name: string; phone: string } | null;
    /** The topic asked for has no group anywhere: offer the note. */
    watchTopic: TopicOption | null;
    signedIn: boolean;
  };
}

const kmFormats = new Map<string, Intl.NumberFormat>();
/** "2,4" under 10 km, "24" above; formatters are made once per language and precision. */
export function formatKm(km: number, locale: string): string {
  const digits = km < 10 ? 1 : 0;
  const key = `${locale}:${digits}`;
  let format = kmFormats.get(key);
  if (!format) kmFormats.set(key, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })));
  return format.format(km);
}

const renderedOptions = new WeakMap<TopicOption[], string>();
/** The topic <option>s, grouped by area: rendered once per list, then the chosen one is marked. */
function topicOptions(topics: TopicOption[], t: PageContext['t'], selected: string): JSX.Element {
  let html = renderedOptions.get(topics);
  if (html === undefined) {
    const areas = [...new Set(topics.map((x) => x.area))];
    html = String(
      <>
        <option value="" safe>{t('directory.search.anyTopic')}</option>
        {areas.map((area) => (
          <optgroup label={t(label(AREA_LABEL, area))}>
            {topics.filter((x) => x.area === area).map((x) => <option value={x.slug} safe>{x.name}</option>)}
          </optgroup>
        ))}
      </>,
    );
    renderedOptions.set(topics, html);
  }
  // Slugs are [a-z0-9-] (the topic form enforces it), so the marker cannot match anything else.
  return (/^[a-z0-9-]+$/.test(selected) ? html.replace(`<option value="${selected}">`, `<option value="${selected}" selected>`) : html) as 'safe';
}

/** One result; with distanceSlot, a marker stands where the distance goes (result-cards.tsx fills it per search). */
export function ResultCard({ item, ctx, distanceSlot = false }: { item: ResultItem; ctx: PageContext; distanceSlot?: boolean }) {
  const { t, locale } = ctx;
  return (
    <li class="result">
      <h3 class="result__title"><a href={`/groups/${item.slug}`} safe>{item.name}</a></h3>
      <p class="result__meta">
        {item.area ? <span safe>{item.area}</span> : ''}
        {distanceSlot ? (DISTANCE_SLOT as 'safe') : item.distanceKm !== null ? <span class="result__distance" safe>{t('directory.search.distance', { km: formatKm(item.distanceKm, locale) })}</span> : ''}
        {item.formats.map((f) => <Tag text={t(label(FORMAT_LABEL, f))} tone="blue" />)}
        {item.status !== 'active' ? <Tag text={t(label(STATUS_LABEL, item.status))} tone="yellow" /> : ''}
        {item.audience !== 'affected' ? <Tag text={t(label(AUDIENCE_LABEL, item.audience))} tone="green" /> : ''}
        {item.kind === 'social' ? <Tag text={t(label(KIND_LABEL, item.kind))} /> : ''}
        {!item.accepting && item.status !== 'paused' ? <Tag text={t('directory.group.notAccepting')} tone="red" /> : ''}
      </p>
      {item.excerpt ? <p class="result__excerpt" safe>{item.excerpt}</p> : ''}
      {item.rhythm ? <p class="result__rhythm"><span class="visually-hidden" safe>{t('directory.group.rhythm')}: </span><span safe>{item.rhythm}</span></p> : ''}
      {item.topics.length ? (
        <p class="result__topics">
          <span class="visually-hidden" safe>{t('directory.group.topics')}: </span>
          <span safe>{item.topics.map((x) => x.name).join(' · ')}</span>
        </p>
      ) : ''}
    </li>
  );
}

export function SearchScreen({ ctx, view }: { ctx: PageContext; view: SearchView }) {
  const { t, locale } = ctx;
  const { form, errors } = view;
  const fieldErrors = errorsByField(errors);
  const pages = Math.max(1, Math.ceil(view.total / PAGE_SIZE));
  const radius = form.radius || '25';
  const title = view.empty ? t('directory.search.title') : t('directory.search.titleResults', { count: view.total });
  // Once there are results, the form shrinks to one bar (two rows on a phone) without the hints, so
  // the count and the first results are on the first screen; the start page keeps the full form.
  const compact = !view.empty;
  return (
    <Layout ctx={ctx} title={title} hasErrors={errors.length > 0} description={t('directory.search.lead')}>
      <h1 class={compact ? 'heading-l search-title' : 'heading-xl'} safe>{t('directory.search.title')}</h1>
      {compact ? '' : <p class="lead" safe>{t('directory.search.lead')}</p>}
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <form method="get" action="/groups" class={compact ? 'finder finder--compact' : 'finder'} role="search" aria-label={t('directory.search.formLabel')}>
        <div class="finder__main">
          <TextInput name="q" type="search" label={t('directory.search.q')} hint={compact ? undefined : t('directory.search.qHint')} value={form.q} error={fieldErrors.q} width="full" />
          <div class="finder__place">
            <TextInput name="near" label={t('directory.search.near')} hint={compact ? undefined : t('directory.search.nearHint')} value={form.near} error={fieldErrors.near} autocomplete="postal-code" spellcheck={false} />
            <Select
              name="radius"
              label={t('directory.search.radius')}
              value={radius}
              error={fieldErrors.radius}
              options={RADII.map((r) => ({ value: String(r), label: t('directory.search.radiusOption', { km: r }) }))}
            />
          </div>
          {view.placeChoices.length ? (
            <div class="place-choices">
              <p safe>{t(view.place ? 'directory.search.didYouMean' : 'directory.search.choosePlace')}</p>
              <ul class="list">
                {view.placeChoices.map((p) => (
                  <li><a href={searchHref(form, { near: p.label, page: 1 })} safe>{`${p.label}, ${p.region}`}</a></li>
                ))}
              </ul>
            </div>
          ) : ''}
          <Button><span safe>{t('directory.search.submit')}</span></Button>
        </div>
        <details class="finder__filters" open={!view.empty && hasFilters(form)}>
          <summary safe>{t('directory.search.filters')}</summary>
          <div class="filters">
            <div class="field">
              <label class="label" for="topic" safe>{t('directory.search.topic')}</label>
              {fieldErrors.topic ? <p id="topic-error" class="field-error" safe>{fieldErrors.topic}</p> : ''}
              <select class="select" id="topic" name="topic" aria-invalid={fieldErrors.topic ? 'true' : undefined} aria-describedby={fieldErrors.topic ? 'topic-error' : undefined}>
                {topicOptions(view.topics, t, form.topic)}
              </select>
            </div>
            <ChoiceGroup type="radio" name="format" legend={t('directory.search.format')} value={form.format} error={fieldErrors.format}
              options={[{ value: '', label: t('directory.search.any') }, ...FORMATS.map((f) => ({ value: f, label: t(label(FORMAT_LABEL, f)) }))]} />
            <ChoiceGroup type="radio" name="audience" legend={t('directory.search.audience')} value={form.audience} error={fieldErrors.audience}
              options={[{ value: '', label: t('directory.search.any') }, ...AUDIENCES.map((a) => ({ value: a, label: t(label(AUDIENCE_LABEL, a)) }))]} />
            <ChoiceGroup type="checkbox" name="accessibility" legend={t('directory.search.accessibility')} value={form.accessibility} error={fieldErrors.accessibility}
              options={ACCESSIBILITY.map((a) => ({ value: a, label: t(label(ACCESSIBILITY_LABEL, a)) }))} />
            <Select name="language" label={t('directory.search.language')} value={form.language} error={fieldErrors.language}
              options={[{ value: '', label: t('directory.search.anyLanguage') }, ...LANGUAGES.map((l) => ({ value: l, label: languageName(l, locale) }))]} />
            <Select name="kind" label={t('directory.search.kind')} value={form.kind} error={fieldErrors.kind}
              options={[{ value: '', label: t('directory.search.any') }, ...GROUP_KINDS.map((k) => ({ value: k, label: t(label(KIND_LABEL, k)) }))]} />
            <Checkbox name="accepting" value="1" checked={form.accepting} label={<span safe>{t('directory.search.accepting')}</span>} />
            <Checkbox name="founding" value="1" checked={form.founding} label={<span safe>{t('directory.search.founding')}</span>} />
            <Select name="sort" label={t('directory.search.sort')} value={form.sort}
              options={[
                { value: '', label: t('directory.search.sortDefault') },
                { value: 'distance', label: t('directory.search.sortDistance') },
                { value: 'relevance', label: t('directory.search.sortRelevance') },
                { value: 'name', label: t('directory.search.sortName') },
              ]} />
            <Button variant="secondary"><span safe>{t('directory.search.apply')}</span></Button>
          </div>
        </details>
      </form>

      {view.failed ? '' : view.empty ? <StartHere ctx={ctx} topics={view.topics} /> : (
        <section class="results" aria-labelledby="results-title">
          <h2 class="heading-l results__count" id="results-title" aria-live="polite" safe>
            {view.place
              ? t('directory.search.countNear', { count: view.total, place: view.place.label, km: radius })
              : t('directory.search.count', { count: view.total })}
          </h2>
          {view.corrected.length ? (
            <p class="hint" safe>{t('directory.search.corrected', { words: view.corrected.map((c) => `${c.word} → ${c.term}`).join(', ') })}</p>
          ) : ''}
          {view.cards.length ? (
            <ol class="result-list" start={String((form.page - 1) * PAGE_SIZE + 1)}>
              {view.cards.join('') as 'safe'}
            </ol>
          ) : <NothingFound ctx={ctx} view={view} />}
          <Pagination
            page={form.page}
            pages={pages}
            href={(n) => searchHref(form, { page: n })}
            labels={paginationLabels(t)}
          />
          <p class="hint"><a href={searchHref(form).replace('/groups', '/api/v1/groups')} safe>{t('directory.search.asData')}</a></p>
        </section>
      )}
      <aside class="aside-note" aria-labelledby="propose-title">
        <h2 class="heading-m" id="propose-title" safe>{t('directory.search.proposeTitle')}</h2>
        <p safe>{t('directory.search.proposeText')}</p>
        <p><a href="/groups/new" safe>{t('directory.search.proposeAction')}</a></p>
      </aside>
    </Layout>
  );
}

function hasFilters(form: SearchForm): boolean {
  return !!(form.topic || form.format || form.audience || form.accessibility.length || form.language || form.accepting || form.founding || form.kind || form.sort);
}

function NothingFound({ ctx, view }: { ctx: PageContext; view: SearchView }) {
  const { t } = ctx;
  const { help, form } = view;
  return (
    <div class="nothing-found">
      <p class="lead" safe>{t('directory.search.nothing')}</p>
      <ul class="list">
        {help.widerRadius ? (
          <li><a href={searchHref(form, { radius: String(help.widerRadius), page: 1 })} safe>{t('directory.search.widen', { km: help.widerRadius })}</a></li>
        ) : ''}
        {form.q || form.format || form.audience || form.accessibility.length || form.language || form.accepting || form.founding || form.kind ? (
          <li><a href={searchHref({ ...form, q: '', format: '', audience: '', accessibility: [], language: '', accepting: false, founding: false, kind: '', page: 1 })} safe>{t('directory.search.clearFilters')}</a></li>
        ) : ''}
        <li><a href={searchHref({ ...form, near: '', format: 'online', page: 1 })} safe>{t('directory.search.tryOnline')}</a></li>
      </ul>
      {help.relatedTopics.length ? (
        <>
          <h3 class="heading-m" safe>{t('directory.search.related')}</h3>
          <ul class="list list--inline">
            {help.relatedTopics.map((x) => <li><a href={searchHref({ ...form, q: '', topic: x.slug, page: 1 })} safe>{x.name}</a></li>)}
          </ul>
        </>
      ) : ''}
      {help.contactPoint ? (
        <div class="card">
          <h3 class="card__title" safe>{t('directory.search.askContactPoint')}</h3>
          <p><a href={`/organisations/${help.contactPoint.slug}`} safe>{help.contactPoint.name}</a></p>
          {help.contactPoint.phone ? <p safe>{t('directory.org.phoneLine', { phone: help.contactPoint.phone })}</p> : ''}
        </div>
      ) : ''}
      {help.watchTopic ? <WatchForm ctx={ctx} topic={help.watchTopic} signedIn={help.signedIn} /> : ''}
    </div>
  );
}

export function WatchForm({ ctx, topic, signedIn, errors = [], email = '' }: { ctx: PageContext; topic: TopicOption; signedIn: boolean; errors?: FieldProblem[]; email?: string }) {
  const { t } = ctx;
  const fieldErrors = errorsByField(errors);
  return (
    <section class="card" aria-labelledby="watch-title">
      <h3 class="card__title" id="watch-title" safe>{t('directory.watch.title', { topic: topic.name })}</h3>
      <p safe>{t('directory.watch.text')}</p>
      <form method="post" action="/topics/watch" novalidate>
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="topic" value={topic.slug} />
        <div class="honeypot" aria-hidden="true">
          <label for="watch-website" safe>{t('directory.contact.honeypot')}</label>
          <input id="watch-website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        <TextInput name="email" type="email" autocomplete="email" label={t(signedIn ? 'directory.watch.emailOptional' : 'directory.watch.email')} hint={t('directory.watch.emailHint')} value={email} error={fieldErrors.email} />
        <Button><span safe>{t('directory.watch.submit')}</span></Button>
      </form>
    </section>
  );
}

function StartHere({ ctx, topics }: { ctx: PageContext; topics: TopicOption[] }) {
  const { t } = ctx;
  const areas = [...new Set(topics.map((x) => x.area))];
  return (
    <section aria-labelledby="start-title">
      <h2 class="heading-l" id="start-title" safe>{t('directory.search.browse')}</h2>
      <div class="topic-areas">
        {areas.map((area) => (
          <details class="topic-area">
            <summary safe>{t(label(AREA_LABEL, area))}</summary>
            <ul class="list list--columns">
              {topics.filter((x) => x.area === area).map((x) => <li><a href={`/groups?topic=${encodeURIComponent(x.slug)}`} safe>{x.name}</a></li>)}
            </ul>
          </details>
        ))}
      </div>
    </section>
  );
}

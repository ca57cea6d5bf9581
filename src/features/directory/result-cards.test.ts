// Kept result cards: keyed on the group's state and the topic names, spliced with each search's
// distance, within their byte bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { ResultCardCache, spliceCard } from './result-cards.tsx';
import type { ResultItem } from './views-search.tsx';

// The catalogs of the features join when the app is built; the card needs only a few words.
const t = ((key: string, params?: { km?: string }) => (key === 'directory.search.distance' ? `etwa ${params?.km} km entfernt` : key)) as PageContext['t'];
const ctx = { locale: 'de', t } as PageContext;
const item = (n: number, updatedAt = '2026-01-01T00:00:00.000Z'): ResultItem => ({
  slug: `gruppe-${n}`, name: `Gruppe <${n}>`, area: 'Leipzig', excerpt: 'Wir treffen uns – jede Woche …', distanceKm: null, formats: ['in_person'],
  audience: 'affected', status: 'active', accepting: true, kind: 'self_help', topics: [{ slug: 'depression', name: 'Depression' }], rhythm: 'Montags', updatedAt,
});

test('a kept card is the card with the search\'s distance, escaped as the view escapes it', () => {
  const cards = new ResultCardCache();
  const topics = {};
  const card = cards.render(ctx, 'g1', item(1), topics);
  const html = spliceCard(card, 2.4, ctx);
  assert.match(html, /Gruppe &lt;1>|Gruppe &lt;1&gt;/);
  assert.match(html, /<span>Leipzig<\/span><span class="result__distance">etwa 2,4 km entfernt<\/span>/);
  assert.doesNotMatch(spliceCard(card, null, ctx), /result__distance|<!--/);
  assert.equal(cards.get('de', 'g1', '2026-01-01T00:00:00.000Z', topics), card);
  assert.equal(cards.get('en', 'g1', '2026-01-01T00:00:00.000Z', topics), undefined, 'another language is another card');
  assert.equal(cards.get('de', 'g1', '2026-02-01T00:00:00.000Z', topics), undefined, 'a changed group is rendered again');
  assert.equal(cards.get('de', 'g1', '2026-01-01T00:00:00.000Z', {}), undefined, 'new topic names are rendered again');
});

test('kept cards stay within their bound, the least recently shown go first', () => {
  const cards = new ResultCardCache(10_000);
  const topics = {};
  for (let n = 0; n < 100; n++) {
    cards.render(ctx, `g${n}`, item(n), topics);
    assert.ok(cards.get('de', 'g0', '2026-01-01T00:00:00.000Z', topics) || n > 3, 'a card shown again stays');
    assert.ok(cards.bytes <= 10_000, `${cards.bytes} bytes`);
  }
  assert.ok(cards.count > 3 && cards.count < 100);
  assert.ok(cards.get('de', 'g99', '2026-01-01T00:00:00.000Z', topics));
  assert.equal(cards.get('de', 'g50', '2026-01-01T00:00:00.000Z', topics), undefined);
});

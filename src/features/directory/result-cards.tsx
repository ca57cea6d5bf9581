// Result cards of the search page, each rendered once per group, language and state of the group
// (its updated_at, which every change of a group moves in the same transaction, and the loaded topic
// names), then spliced into every page that lists the group with the page's own distance. A page of
// twenty results thus reads no description and renders no card that was shown before.
import { ByteLru } from '../../platform/byte-lru.ts';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { DISTANCE_SLOT, ResultCard, formatKm, type ResultItem } from './views-search.tsx';

export interface KeptCard {
  updatedAt: string;
  /** The topic names the card was rendered with (a new taxonomy is a new object). */
  topics: object;
  head: string;
  tail: string;
}

/** A card's weight: strings with a character beyond Latin-1 (dashes, "…") take two bytes a character. */
const weight = (card: KeptCard) => 2 * (card.head.length + card.tail.length) + 100;

export class ResultCardCache {
  private readonly entries: ByteLru<KeptCard>;

  /** maxBytes bounds the kept cards; the least recently shown go first. */
  constructor(readonly maxBytes = 8 * 1024 * 1024) {
    this.entries = new ByteLru(maxBytes);
  }

  get bytes(): number {
    return this.entries.bytes;
  }

  get count(): number {
    return this.entries.count;
  }

  /** The kept card of a group in this state, or undefined. */
  get(locale: string, id: string, updatedAt: string, topics: object): KeptCard | undefined {
    const key = `${locale} ${id}`;
    const card = this.entries.get(key);
    if (!card || card.updatedAt !== updatedAt || card.topics !== topics) return undefined;
    return card;
  }

  /** Renders a group's card with a slot for the distance and keeps it. */
  render(ctx: PageContext, id: string, item: ResultItem, topics: object): KeptCard {
    const html = String(<ResultCard item={item} ctx={ctx} distanceSlot />);
    const at = html.indexOf(DISTANCE_SLOT);
    const card: KeptCard = { updatedAt: item.updatedAt ?? '', topics, head: html.slice(0, at), tail: html.slice(at + DISTANCE_SLOT.length) };
    this.entries.set(`${ctx.locale} ${id}`, card, weight(card));
    return card;
  }
}

/** A kept card with this search's distance in its slot. */
export function spliceCard(card: { head: string; tail: string }, distanceKm: number | null, ctx: PageContext): string {
  if (distanceKm === null) return card.head + card.tail;
  const distance = String(<span class="result__distance" safe>{ctx.t('directory.search.distance', { km: formatKm(distanceKm, ctx.locale) })}</span>);
  return card.head + distance + card.tail;
}

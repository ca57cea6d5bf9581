// Atom feed of a public category: its newest threads with their first post.
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderFeed(
  baseUrl: string,
  category: { slug: string; name: string; updated: string },
  items: Array<{ id: number; title: string; slug: string; created_at: string; edited_at: string | null; html: string; author: string }>,
): string {
  const self = `${baseUrl}/forum/c/${category.slug}/feed.atom`;
  const updated = items[0]?.created_at ?? new Date(0).toISOString();
  const entries = items
    .map((i) => {
      const url = `${baseUrl}/forum/t/${i.id}/${i.slug}`;
      return `<entry><id>${escapeXml(url)}</id><title>${escapeXml(i.title)}</title><link href="${escapeXml(url)}"/><published>${i.created_at}</published><updated>${i.edited_at ?? i.created_at}</updated><author><name>${escapeXml(i.author)}</name></author><content type="html">${escapeXml(i.html)}</content></entry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>${escapeXml(self)}</id><title>${escapeXml(category.name)}</title><link rel="self" href="${escapeXml(self)}"/><link href="${escapeXml(`${baseUrl}/forum/c/${category.slug}`)}"/><updated>${updated}</updated>${entries}</feed>\n`;
}

// Markdown from people and administrators: HTML switched off, links made safe.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// Links in user text open no doors: no referrer, no ranking credit, external links marked.
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = token?.attrGet('href') ?? '';
  if (token && /^https?:\/\//i.test(href)) token.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Renders Markdown to HTML that is safe to insert: markdown-it escapes all raw HTML. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Headings in page bodies start at level 2: the page's own h1 is its title. */
export function renderMarkdownBody(source: string): string {
  return md.render(source.replace(/^# /gm, '## '));
}

// Posts by members (forum): links marked as user content, no images from other hosts (a remote
// image tells a third party who reads the page), and @mentions of known pseudonyms highlighted.
const posts = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
posts.disable(['heading', 'lheading', 'table']);
posts.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  const href = token?.attrGet('href') ?? '';
  if (token && !href.startsWith('#') && !href.startsWith('/')) token.attrSet('rel', 'nofollow ugc noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};
// An image becomes a plain link with its description: nothing is loaded without a click.
posts.renderer.rules.image = (tokens, idx, _options, _env, self) => {
  const token = tokens[idx];
  const src = token?.attrGet('src') ?? '';
  const alt = self.renderInlineAsText(token?.children ?? [], _options, _env) || src;
  const escape = posts.utils.escapeHtml;
  return `<a href="${escape(src)}" rel="nofollow ugc noopener noreferrer">${escape(alt)}</a>`;
};

export const MENTION = /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.-]{2,40})/gu;

posts.core.ruler.push('mentions', (state) => {
  const known = (state.env as { mentions?: ReadonlySet<string> }).mentions;
  if (!known || known.size === 0) return;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: typeof block.children = [];
    let insideLink = 0;
    for (const child of block.children) {
      if (child.type === 'link_open') insideLink++;
      if (child.type === 'link_close') insideLink--;
      if (child.type !== 'text' || insideLink > 0) {
        out.push(child);
        continue;
      }
      let last = 0;
      const text = child.content;
      for (const m of text.matchAll(MENTION)) {
        const name = (m[2] ?? '').replace(/[.-]+$/, '');
        if (!known.has(name.normalize('NFKC').toLocaleLowerCase('de-DE'))) continue;
        const start = (m.index ?? 0) + (m[1] ?? '').length;
        if (start > last) {
          const before = new state.Token('text', '', 0);
          before.content = text.slice(last, start);
          out.push(before);
        }
        const open = new state.Token('mention_open', 'strong', 1);
        open.attrSet('class', 'mention');
        const inner = new state.Token('text', '', 0);
        inner.content = `@${name}`;
        out.push(open, inner, new state.Token('mention_close', 'strong', -1));
        last = start + name.length + 1;
      }
      if (last === 0) out.push(child);
      else if (last < text.length) {
        const rest = new state.Token('text', '', 0);
        rest.content = text.slice(last);
        out.push(rest);
      }
    }
    block.children = out;
  }
});

/** A member's post to HTML; `mentions` holds the folded pseudonyms that exist and may be named. */
export function renderPostMarkdown(source: string, mentions: ReadonlySet<string> = new Set()): string {
  return posts.render(source, { mentions });
}

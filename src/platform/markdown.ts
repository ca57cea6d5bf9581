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

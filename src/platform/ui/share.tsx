// "Help spread the word": plain share links without tracking. Nothing is loaded from a third party
// until the person clicks one of the links; no counters, no buttons from other sites, no script in
// the page. public/js/app.js adds a copy button and the browser's share sheet where they exist.
import type { PageContext } from './layout.tsx';
import type { Translator } from '../i18n/index.ts';

export interface ShareTarget {
  /** Absolute address of the page to share. */
  url: string;
  title: string;
}

/** The services, in the order shown; each builds its link from the address and the text. */
const SERVICES: Array<{ id: string; label: string; href: (url: string, text: string) => string }> = [
  { id: 'whatsapp', label: 'WhatsApp', href: (u, t) => `https://wa.me/?text=${encodeURIComponent(`${t} ${u}`)}` },
  { id: 'telegram', label: 'Telegram', href: (u, t) => `https://t.me/share/url?url=${encodeURIComponent(u)}&text=${encodeURIComponent(t)}` },
  { id: 'threads', label: 'Threads', href: (u, t) => `https://www.threads.net/intent/post?text=${encodeURIComponent(`${t} ${u}`)}` },
  { id: 'bluesky', label: 'Bluesky', href: (u, t) => `https://bsky.app/intent/compose?text=${encodeURIComponent(`${t} ${u}`)}` },
  { id: 'linkedin', label: 'LinkedIn', href: (u) => `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(u)}` },
  { id: 'xing', label: 'XING', href: (u) => `https://www.xing.com/spi/shares/new?url=${encodeURIComponent(u)}` },
  { id: 'facebook', label: 'Facebook', href: (u) => `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(u)}` },
  { id: 'x', label: 'X', href: (u, t) => `https://x.com/intent/post?text=${encodeURIComponent(t)}&url=${encodeURIComponent(u)}` },
  { id: 'reddit', label: 'Reddit', href: (u, t) => `https://www.reddit.com/submit?url=${encodeURIComponent(u)}&title=${encodeURIComponent(t)}` },
];

/** Links to every service for one page (used by the block and by tests). */
export function shareLinks(target: ShareTarget): Array<{ id: string; label: string; href: string }> {
  return SERVICES.map((s) => ({ id: s.id, label: s.label, href: s.href(target.url, target.title) }));
}

/** A Mastodon instance as a person types it: "mastodon.social", "https://chaos.social/", "@me@det.social". */
export function mastodonHost(input: string): string | undefined {
  const value = input.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/^@?[^@]*@/, '');
  return /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value) ? value : undefined;
}

export function mastodonShareUrl(host: string, target: ShareTarget): string {
  return `https://${host}/share?text=${encodeURIComponent(`${target.title} ${target.url}`)}`;
}

/** The share page on this host (Signal, Mastodon with one's own instance, copying the link). */
export function sharePageHref(path: string, title: string): string {
  return `/share?${new URLSearchParams({ path, title }).toString()}`;
}

export function ShareBlock({ ctx, target, path, heading }: { ctx: PageContext; target: ShareTarget; path: string; heading?: string }) {
  const { t } = ctx;
  const mail = `mailto:?subject=${encodeURIComponent(target.title)}&body=${encodeURIComponent(`${target.title}\n${target.url}`)}`;
  return (
    <section class="share no-print" aria-labelledby="share-title" data-share-url={target.url} data-share-title={target.title}>
      <h2 class="heading-s" id="share-title" safe>{heading ?? t('share.title')}</h2>
      <p class="hint" safe>{t('share.hint')}</p>
      <ul class="list--inline share__list">
        <li><a href={mail} safe>{t('share.email')}</a></li>
        {shareLinks(target).map((s) => (
          <li><a href={s.href} rel="nofollow noopener noreferrer" data-share={s.id} safe>{s.label}</a></li>
        ))}
        <li><a href={sharePageHref(path, target.title)} safe>{t('share.signal')}</a></li>
      </ul>
      <form class="share__mastodon" method="get" action="/share" data-share-mastodon>
        <input type="hidden" name="path" value={path} />
        <input type="hidden" name="title" value={target.title} />
        <div class="field">
          <label class="label" for="share-instance" safe>{t('share.mastodon')}</label>
          <div id="share-instance-hint" class="hint" safe>{t('share.mastodonHint')}</div>
          <input class="input input--medium" id="share-instance" name="instance" type="text" autocomplete="off" spellcheck="false" aria-describedby="share-instance-hint" />
        </div>
        <button class="button button--secondary" type="submit" safe>{t('share.mastodonSubmit')}</button>
      </form>
      <ShareScriptButtons t={t} />
    </section>
  );
}

/** "Copy link" and "Share…", shown by the share script when the browser can do them (hidden without JS). */
export function ShareScriptButtons({ t }: { t: Translator }): JSX.Element {
  return (
    <>
      <p class="button-group">
        <button class="button button--secondary" type="button" data-share-copy data-copied={t('share.copied')} hidden safe>{t('share.copy')}</button>
        <button class="button button--secondary" type="button" data-share-native hidden safe>{t('share.native')}</button>
      </p>
      <p class="visually-hidden" role="status" data-share-status></p>
    </>
  );
}

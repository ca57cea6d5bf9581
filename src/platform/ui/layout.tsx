// The page frame: skip link, crisis link, header with navigation, language switch and account menu, footer.
import type { Children } from '@kitajs/html';
import type { Locale } from '../../db/types.ts';
import type { Translator } from '../i18n/index.ts';
import { NotificationBanner } from './components.tsx';

/** A link a feature adds to a person's account menu, with an optional short count ("3 open"). */
export interface HeaderLink {
  href: string;
  label: string;
  detail?: string;
  /** Shown as needing attention soon (e.g. urgent items in the moderation queue). */
  urgent?: boolean;
}

export interface NavItem {
  href: string;
  label: string;
}

/** Everything the frame needs to know about the request; built by platform/http.ts. */
export interface PageContext {
  locale: Locale;
  t: Translator;
  /** Path and query of this page, for the language switch to come back to. */
  path: string;
  csrf: string;
  user: { pseudonym: string; notifications?: number; links?: HeaderLink[] } | undefined;
  can: { administer: boolean };
  nav: NavItem[];
  flash: { kind: 'success' | 'info'; message: string } | undefined;
  assetVersion: string;
}

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: Children;
  /** Set when the page shows a form that failed, so the title says so first. */
  hasErrors?: boolean;
  description?: string;
  /** Extra elements for <head> (e.g. JSON-LD), built by the caller with escaped text. */
  head?: JSX.Element;
}

function isCurrent(path: string, href: string): boolean {
  const pathname = path.split('?')[0] ?? '';
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function Layout({ ctx, title, children, hasErrors, description, head: safeHead }: LayoutProps) {
  const { t, locale } = ctx;
  const other: Locale = locale === 'de' ? 'en' : 'de';
  const fullTitle = (hasErrors ? `${t('form.errorSummary')}: ` : '') + t('layout.title', { title });
  const asset = (path: string) => `${path}?v=${ctx.assetVersion}`;
  return (
    <>
      {'<!doctype html>'}
      <html lang={locale} data-show-password={t('layout.showPassword')} data-hide-password={t('layout.hidePassword')}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{fullTitle}</title>
          {description ? <meta name="description" content={description} /> : ''}
          <meta name="color-scheme" content="light dark" />
          <link rel="stylesheet" href={asset('/assets/css/main.css')} />
          <link rel="icon" href={asset('/assets/icons/favicon.svg')} type="image/svg+xml" />
          <script src={asset('/assets/js/app.js')} defer></script>
          {safeHead ?? ''}
        </head>
        <body>
          <a class="skip-link" href="#main" safe>{t('layout.skip')}</a>
          <header class="header">
            <div class="crisis-bar">
              <div class="width-container">
                <a class="crisis-bar__link" href="/help">
                  <strong safe>{t('layout.crisis')}</strong>
                  <span class="crisis-bar__detail" safe>{t('layout.crisisShort')}</span>
                </a>
              </div>
            </div>
            <div class="width-container header__inner">
              <a class="header__logo" href="/">
                <svg class="header__mark" aria-hidden="true" focusable="false" width="32" height="32" viewBox="0 0 32 32">
                  <circle cx="11" cy="16" r="8" />
                  <circle cx="21" cy="16" r="8" />
                </svg>
                <span safe>{t('site.name')}</span>
              </a>
              <div class="header__tools">
                <a class="header__easy" href="/leichte-sprache" lang="de" aria-current={isCurrent(ctx.path, '/leichte-sprache') ? 'page' : undefined} safe>{t('layout.easyLanguage')}</a>
                {/* A GET form: choosing a language needs no CSRF token, so no page needs one just for this. */}
                <form method="get" action="/language" class="header__language">
                  <input type="hidden" name="locale" value={other} />
                  <input type="hidden" name="back" value={ctx.path} />
                  <button class="link-button" type="submit" lang={other} aria-label={t('layout.otherLanguageLabel')} safe>
                    {t('layout.otherLanguage')}
                  </button>
                </form>
                <nav class="header__account" aria-label={t('layout.accountNav')}>
                  <ul class="header__list">
                    {ctx.user ? (
                      <>
                        {ctx.can.administer ? (
                          <li><a href="/admin" aria-current={isCurrent(ctx.path, '/admin') ? 'page' : undefined} safe>{t('layout.admin')}</a></li>
                        ) : ''}
                        {(ctx.user.links ?? []).map((link) => (
                          <li>
                            <a href={link.href} aria-current={isCurrent(ctx.path, link.href) ? 'page' : undefined}>
                              <span safe>{link.label}</span>
                              {link.detail ? <span class={link.urgent ? 'header__count header__count--urgent' : 'header__count'} safe>{link.detail}</span> : ''}
                            </a>
                          </li>
                        ))}
                        <li>
                          <a href="/notifications" aria-current={isCurrent(ctx.path, '/notifications') ? 'page' : undefined}>
                            <span safe>{t('layout.notifications')}</span>
                            {ctx.user.notifications ? <span class="header__count" safe>{t('layout.notificationsCount', { count: ctx.user.notifications })}</span> : ''}
                          </a>
                        </li>
                        <li>
                          <a href="/account" aria-current={isCurrent(ctx.path, '/account') ? 'page' : undefined}>
                            <span safe>{t('layout.account')}</span>
                            <span class="header__who" safe>{ctx.user.pseudonym}</span>
                          </a>
                        </li>
                        <li>
                          <form method="post" action="/logout">
                            <input type="hidden" name="_csrf" value={ctx.csrf} />
                            <button class="link-button" type="submit" safe>{t('layout.logout')}</button>
                          </form>
                        </li>
                      </>
                    ) : (
                      <>
                        <li><a href="/login" aria-current={isCurrent(ctx.path, '/login') ? 'page' : undefined} safe>{t('layout.login')}</a></li>
                        <li><a href="/register" aria-current={isCurrent(ctx.path, '/register') ? 'page' : undefined} safe>{t('layout.register')}</a></li>
                      </>
                    )}
                  </ul>
                </nav>
              </div>
            </div>
            {ctx.nav.length > 0 ? (
              <nav class="nav" aria-label={t('layout.nav')}>
                <ul class="width-container nav__list">
                  {ctx.nav.map((item) => (
                    <li>
                      <a class="nav__link" href={item.href} aria-current={isCurrent(ctx.path, item.href) ? 'page' : undefined} safe>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : ''}
          </header>
          <div class="width-container">
            <main class="main" id="main" tabindex="-1">
              {ctx.flash ? <NotificationBanner kind={ctx.flash.kind} title={ctx.flash.message} id="flash-title" /> : ''}
              {children}
            </main>
          </div>
          <footer class="footer">
            <div class="width-container">
              <nav aria-label={t('layout.footerNav')}>
                <ul class="footer__list">
                  <li><a class="footer__help" href="/help" safe>{t('page.help')}</a></li>
                  <li><a href="/rules" safe>{t('page.rules')}</a></li>
                  <li><a href="/privacy" safe>{t('page.privacy')}</a></li>
                  <li><a href="/accessibility" safe>{t('page.accessibility')}</a></li>
                  <li><a href="/imprint" safe>{t('page.imprint')}</a></li>
                </ul>
              </nav>
              <p class="footer__about" safe>{t('layout.footerAbout')}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

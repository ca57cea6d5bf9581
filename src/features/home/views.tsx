// The home page: what self-help is, how to join, where to get help now.
import { Layout } from '../../platform/ui/layout.tsx';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { ButtonLink } from '../../platform/ui/components.tsx';

export function HomeScreen({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('site.tagline')} description={t('home.lead')}>
      <div class="hero">
        <h1 class="heading-xl" safe>{t('home.title')}</h1>
        <p class="lead" safe>{ctx.user ? `${t('home.welcomeBack', { name: ctx.user.pseudonym })} ${t('home.lead')}` : t('home.lead')}</p>
      </div>
      <div class="card-grid">
        <section class="card" aria-labelledby="home-selfhelp">
          <h2 class="card__title" id="home-selfhelp" safe>{t('home.selfhelpTitle')}</h2>
          <p safe>{t('home.selfhelpText')}</p>
        </section>
        {ctx.user ? '' : (
          <section class="card" aria-labelledby="home-account">
            <h2 class="card__title" id="home-account" safe>{t('home.accountTitle')}</h2>
            <p safe>{t('home.accountText')}</p>
            <ButtonLink href="/register"><span safe>{t('home.accountAction')}</span></ButtonLink>
          </section>
        )}
        <section class="card card--crisis" aria-labelledby="home-crisis">
          <h2 class="card__title" id="home-crisis" safe>{t('home.crisisTitle')}</h2>
          <p safe>{t('home.crisisText')}</p>
          <p><a href="/help" safe>{t('home.crisisAction')}</a></p>
        </section>
        <section class="card" aria-labelledby="home-privacy">
          <h2 class="card__title" id="home-privacy" safe>{t('home.privacyTitle')}</h2>
          <p safe>{t('home.privacyText')}</p>
          <p><a href="/privacy" safe>{t('home.privacyAction')}</a></p>
        </section>
      </div>
    </Layout>
  );
}

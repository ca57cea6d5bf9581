// Pages of versioned community rules: the page between a member and writing, and the administrators'
// form to publish a new version.
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import { Button, Checkbox, ErrorSummary, NotificationBanner, PostForm, TextArea } from '../../platform/ui/components.tsx';
import { errorsByField } from '../../platform/forms.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { formatDate } from '../../platform/time.ts';
import type { RulesVersion } from './rules.ts';

export function RulesAcceptScreen({ ctx, rules, safeRulesHtml, next, blocked, errors }: { ctx: PageContext; rules: RulesVersion; safeRulesHtml: string; next: string; blocked: boolean; errors: FieldProblem[] }) {
  const { t, locale } = ctx;
  const e = errorsByField(errors);
  const safeBody = safeRulesHtml;
  return (
    <Layout ctx={ctx} title={t('rules.accept.title')} hasErrors={errors.length > 0}>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <h1 class="heading-xl" safe>{t('rules.accept.title')}</h1>
      {blocked && errors.length === 0 ? <NotificationBanner kind="info" title={t('rules.accept.writeBlocked')} /> : ''}
      <p class="lead" safe>{t('rules.accept.lead')}</p>
      {rules.publishedAt ? <p class="hint" safe>{t('rules.accept.version', { version: rules.version, date: formatDate(rules.publishedAt, locale) })}</p> : ''}
      {rules.summary ? (
        <>
          <h2 class="heading-m" safe>{t('rules.accept.changes')}</h2>
          <p class="prewrap" safe>{rules.summary}</p>
        </>
      ) : ''}
      <h2 class="heading-m" safe>{t('rules.accept.rules')}</h2>
      <div class="prose">{safeBody}</div>
      <PostForm action="/rules/accept" csrf={ctx.csrf} class="narrow">
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="version" value={rules.version} />
        <Checkbox name="agree" label={<span safe>{t('rules.accept.confirm')}</span>} error={e.agree} />
        <Button><span safe>{t('rules.accept.submit')}</span></Button>
      </PostForm>
      <p><a href={next} safe>{t('rules.accept.later')}</a></p>
    </Layout>
  );
}

export function RulesPublishScreen({ ctx, rules, accepted, summary, errors }: { ctx: PageContext; rules: RulesVersion; accepted: { count: number; total: number }; summary: string; errors: FieldProblem[] }) {
  const { t, locale } = ctx;
  const e = errorsByField(errors);
  return (
    <Layout ctx={ctx} title={t('rules.admin.title')} hasErrors={errors.length > 0}>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <h1 class="heading-xl" safe>{t('rules.admin.title')}</h1>
      <p class="lead" safe>{t('rules.admin.lead')}</p>
      <p safe>{rules.publishedAt ? t('rules.admin.current', { version: rules.version, date: formatDate(rules.publishedAt, locale) }) : t('rules.admin.currentShipped', { version: rules.version })}</p>
      <p safe>{t('rules.admin.accepted', accepted)}</p>
      <p><a href={`/admin/pages/rules/${locale}`} safe>{t('rules.admin.editText')}</a></p>
      <PostForm action="/admin/rules" csrf={ctx.csrf} class="narrow">
        <TextArea name="summary" label={t('rules.admin.summary')} value={summary} error={e.summary} rows={5} />
        <Button><span safe>{t('rules.admin.publish')}</span></Button>
      </PostForm>
    </Layout>
  );
}

// Pages of the accounts feature: register, log in, reset, confirm, account, export, delete.
import type { Children } from '@kitajs/html';
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import { Layout } from '../../platform/ui/layout.tsx';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Button, Checkbox, ChoiceGroup, ErrorSummary, NotificationBanner, PostForm, SummaryList, Table, Tag, Text, TextInput } from '../../platform/ui/components.tsx';
import { PersonName } from '../../platform/ui/person.tsx';
import { formatDate, formatDateTime } from '../../platform/time.ts';
import type { AccountOverview } from './service.ts';
import type { ApiTokenInfo } from '../../platform/auth/api-tokens.ts';

type Values = Record<string, string | boolean | undefined>;

interface FormPageProps {
  ctx: PageContext;
  errors: FieldProblem[];
  values: Values;
}

const str = (v: string | boolean | undefined): string => (typeof v === 'string' ? v : '');

/** The frame of a one-form page: title, error summary, lead text, form, and links below. */
function FormScreen(p: { ctx: PageContext; title: string; errors: FieldProblem[]; lead?: string; action: string; submit: string; children: Children; after?: Children; warning?: boolean }) {
  return (
    <Layout ctx={p.ctx} title={p.title} hasErrors={p.errors.length > 0}>
      <div class="narrow">
        <ErrorSummary title={p.ctx.t('form.errorSummary')} errors={p.errors} />
        <h1 class="heading-l" safe>{p.title}</h1>
        {p.lead ? <p class="lead" safe>{p.lead}</p> : ''}
        <PostForm action={p.action} csrf={p.ctx.csrf}>
          {p.children}
          <Button variant={p.warning ? 'warning' : 'primary'}><span safe>{p.submit}</span></Button>
        </PostForm>
        {p.after ?? ''}
      </div>
    </Layout>
  );
}

export function RegisterScreen({ ctx, errors, values }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen
      ctx={ctx}
      title={t('register.title')}
      errors={errors}
      lead={t('register.lead')}
      action="/register"
      submit={t('register.submit')}
      after={<p><span safe>{t('register.haveAccount')}</span> <a href="/login" safe>{t('layout.login')}</a></p>}
    >
      <TextInput name="pseudonym" label={t('register.pseudonym')} hint={t('register.pseudonymHint')} error={e.pseudonym} value={str(values.pseudonym)} autocomplete="username" spellcheck={false} />
      <TextInput name="password" type="password" label={t('register.password')} hint={t('password.hint')} error={e.password} autocomplete="new-password" />
      <TextInput name="email" type="email" label={t('register.email')} hint={t('register.emailHint')} error={e.email} value={str(values.email)} autocomplete="email" spellcheck={false} />
      <p safe>{t('register.readFirst')}</p>
      <ul class="list">
        <li><a href="/rules" safe>{t('page.rules')}</a></li>
        <li><a href="/privacy" safe>{t('page.privacy')}</a></li>
      </ul>
      <Checkbox name="rules" label={<span safe>{t('register.rulesConsent')}</span>} error={e.rules} checked={values.rules === true} />
      <Checkbox name="health" label={<span safe>{t('register.healthConsent')}</span>} error={e.health} checked={values.health === true} />
    </FormScreen>
  );
}

export function LoginScreen({ ctx, errors, values }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen
      ctx={ctx}
      title={t('login.title')}
      errors={errors}
      action="/login"
      submit={t('login.submit')}
      after={
        <ul class="list">
          <li><a href="/forgot-password" safe>{t('login.forgot')}</a></li>
          <li><span safe>{t('login.noAccount')}</span> <a href="/register" safe>{t('layout.register')}</a></li>
        </ul>
      }
    >
      <input type="hidden" name="next" value={str(values.next)} />
      <TextInput name="identifier" label={t('login.identifier')} error={e.identifier} value={str(values.identifier)} autocomplete="username" spellcheck={false} />
      <TextInput name="password" type="password" label={t('login.password')} error={e.password} autocomplete="current-password" />
    </FormScreen>
  );
}

export function ForgotScreen({ ctx, errors, values }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen ctx={ctx} title={t('forgot.title')} errors={errors} lead={t('forgot.lead')} action="/forgot-password" submit={t('forgot.submit')} after={<p class="hint" safe>{t('forgot.noEmail')}</p>}>
      <TextInput name="identifier" label={t('login.identifier')} error={e.identifier} value={str(values.identifier)} autocomplete="username" spellcheck={false} />
    </FormScreen>
  );
}

export function ResetScreen({ ctx, errors, values }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen ctx={ctx} title={t('reset.title')} errors={errors} action="/reset-password" submit={t('reset.submit')}>
      <input type="hidden" name="token" value={str(values.token)} />
      <TextInput name="password" type="password" label={t('reset.password')} hint={t('password.hint')} error={e.password} autocomplete="new-password" />
    </FormScreen>
  );
}

/** A page that only explains something, with a link onwards. */
export function MessageScreen({ ctx, title, message, link }: { ctx: PageContext; title: string; message: string; link?: { href: string; label: string } }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="heading-l" safe>{title}</h1>
      <p class="lead" safe>{message}</p>
      {link ? <p><a href={link.href} safe>{link.label}</a></p> : ''}
    </Layout>
  );
}

export function VerifyScreen({ ctx, token, email }: { ctx: PageContext; token: string; email: string }) {
  const { t } = ctx;
  return (
    <FormScreen ctx={ctx} title={t('verify.title')} errors={[]} lead={t('verify.lead', { email })} action="/verify-email" submit={t('verify.submit')}>
      <input type="hidden" name="token" value={token} />
    </FormScreen>
  );
}

/** What the account page shows; the service's overview is exactly that. */
export type AccountView = AccountOverview;

export function AccountScreen({ ctx, account }: { ctx: PageContext; account: AccountView }) {
  const { t, locale } = ctx;
  const change = (href: string, item: string) => (
    <a href={href}>
      <span safe>{t('account.change')}</span>
      <span class="visually-hidden" safe>{` ${item}`}</span>
    </a>
  );
  const emailValue = account.emailPending
    ? t('account.emailPending', { email: account.emailPending })
    : account.email ?? t('account.emailNone');
  const others = account.sessions.filter((s) => !s.current).length;
  return (
    <Layout ctx={ctx} title={t('account.title')}>
      <h1 class="heading-l" safe>{t('account.title')}</h1>
      {account.emailPending ? (
        <NotificationBanner kind="info" title={t('account.verifyBanner')}>
          <PostForm action="/account/verify-email/resend" csrf={ctx.csrf}>
            <Button variant="secondary"><span safe>{t('verify.resend')}</span></Button>
          </PostForm>
        </NotificationBanner>
      ) : ''}
      <h2 class="heading-m" safe>{t('account.profile')}</h2>
      <SummaryList
        rows={[
          { key: t('account.pseudonym'), value: <PersonName name={account.pseudonym} t={t} />, action: change('/account/pseudonym', t('account.pseudonym')) },
          { key: t('account.email'), value: <span safe>{emailValue}</span>, action: change('/account/email', t('account.email')) },
          { key: t('account.password'), value: <span safe>{t('account.passwordSet')}</span>, action: change('/account/password', t('account.password')) },
          { key: t('account.language'), value: <span safe>{t(account.locale === 'en' ? 'language.en' : 'language.de')}</span>, action: change('/account/language', t('account.language')) },
          { key: t('account.role'), value: <span safe>{t(`role.${account.role}`)}</span> },
          { key: t('account.memberSince'), value: <span safe>{formatDate(account.createdAt, locale)}</span> },
        ]}
      />

      <h2 class="heading-m" id="sessions" safe>{t('account.sessions')}</h2>
      <p safe>{t('account.sessionsLead')}</p>
      <Table
        columns={[t('account.sessionDevice'), t('account.sessionStarted'), t('account.sessionLastSeen'), { label: t('account.sessionEnd'), hidden: true }]}
        rows={account.sessions.map((s) => [
          <>
            <span safe>{s.device}</span>
            {s.current ? <> <Tag tone="green" text={t('account.sessionCurrent')} /></> : ''}
          </>,
          <Text value={formatDateTime(s.createdAt, locale)} />,
          <Text value={formatDateTime(s.lastSeenAt, locale)} />,
          s.current ? '' : (
            <PostForm action="/account/sessions/end" csrf={ctx.csrf} class="inline-form">
              <input type="hidden" name="session" value={s.handle} />
              <button class="link-button" type="submit" aria-label={t('account.sessionEndLabel', { device: s.device, date: formatDateTime(s.createdAt, locale) })} safe>
                {t('account.sessionEnd')}
              </button>
            </PostForm>
          ),
        ])}
      />
      {others > 0 ? (
        <PostForm action="/account/sessions/end-others" csrf={ctx.csrf}>
          <Button variant="secondary"><span safe>{t('account.sessionEndOthers')}</span></Button>
        </PostForm>
      ) : ''}

      <h2 class="heading-m" safe>{t('account.safety')}</h2>
      <ul class="list">
        <li><a href="/account/trust" safe>{t('account.trustLink')}</a></li>
        <li><a href="/account/blocked" safe>{t('account.blockedLink')}</a></li>
      </ul>

      <h2 class="heading-m" safe>{t('account.data')}</h2>
      <p safe>{t('account.dataLead')}</p>
      <ul class="list">
        <li><a href="/account/export" safe>{t('account.exportLink')}</a></li>
        <li><a href="/account/delete" safe>{t('account.deleteLink')}</a></li>
      </ul>

      <h2 class="heading-m" safe>{t('account.apiTokens')}</h2>
      <p safe>{t('account.apiTokensShort')}</p>
      <p><a href="/account/api-tokens" safe>{t('account.apiTokensManage')}</a></p>
    </Layout>
  );
}

const currentPasswordInput = (ctx: PageContext, error: string | undefined) => (
  <TextInput name="currentPassword" type="password" label={ctx.t('account.currentPassword')} hint={ctx.t('account.currentPasswordHint')} error={error} autocomplete="current-password" />
);

export function PseudonymScreen({ ctx, errors, values }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen ctx={ctx} title={t('account.pseudonymTitle')} errors={errors} action="/account/pseudonym" submit={t('form.save')} after={<p><a href="/account" safe>{t('form.cancel')}</a></p>}>
      <TextInput name="pseudonym" label={t('account.pseudonymNew')} hint={t('register.pseudonymHint')} error={e.pseudonym} value={str(values.pseudonym)} autocomplete="username" spellcheck={false} />
      {currentPasswordInput(ctx, e.currentPassword)}
    </FormScreen>
  );
}

export function EmailScreen({ ctx, errors, values }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen ctx={ctx} title={t('account.emailTitle')} errors={errors} action="/account/email" submit={t('form.save')} after={<p><a href="/account" safe>{t('form.cancel')}</a></p>}>
      <TextInput name="email" type="email" label={t('account.emailNew')} hint={t('account.emailNewHint')} error={e.email} value={str(values.email)} autocomplete="email" spellcheck={false} />
      {currentPasswordInput(ctx, e.currentPassword)}
    </FormScreen>
  );
}

export function PasswordScreen({ ctx, errors }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen ctx={ctx} title={t('account.passwordTitle')} errors={errors} action="/account/password" submit={t('form.save')} after={<p><a href="/account" safe>{t('form.cancel')}</a></p>}>
      {currentPasswordInput(ctx, e.currentPassword)}
      <TextInput name="password" type="password" label={t('account.passwordNew')} hint={t('password.hint')} error={e.password} autocomplete="new-password" />
    </FormScreen>
  );
}

export function LanguageScreen({ ctx, errors, values }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen ctx={ctx} title={t('account.languageTitle')} errors={errors} action="/account/language" submit={t('form.save')} after={<p><a href="/account" safe>{t('form.cancel')}</a></p>}>
      <input type="hidden" name="back" value="/account" />
      <ChoiceGroup
        type="radio"
        name="locale"
        legend={t('account.language')}
        error={e.locale}
        value={str(values.locale)}
        options={[
          { value: 'de', label: t('language.de') },
          { value: 'en', label: t('language.en') },
        ]}
      />
    </FormScreen>
  );
}

export function ExportScreen({ ctx, errors }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen ctx={ctx} title={t('export.title')} errors={errors} lead={t('export.lead')} action="/account/export" submit={t('export.submit')} after={<p><a href="/account" safe>{t('form.cancel')}</a></p>}>
      <p class="hint" safe>{t('export.warning')}</p>
      {currentPasswordInput(ctx, e.currentPassword)}
    </FormScreen>
  );
}

export function DeleteScreen({ ctx, errors, values }: FormPageProps) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <FormScreen ctx={ctx} title={t('delete.title')} errors={errors} lead={t('delete.lead')} action="/account/delete" submit={t('delete.submit')} warning after={<p><a href="/account" safe>{t('form.cancel')}</a></p>}>
      <p><a href="/account/export" safe>{t('delete.exportFirst')}</a></p>
      <ChoiceGroup
        type="radio"
        name="posts"
        legend={t('delete.posts')}
        error={e.posts}
        value={str(values.posts)}
        options={[
          { value: 'remove', label: t('delete.postsRemove'), hint: t('delete.postsRemoveHint') },
          { value: 'anonymise', label: t('delete.postsKeep'), hint: t('delete.postsKeepHint') },
        ]}
      />
      <Checkbox name="confirm" label={<span safe>{t('delete.confirm')}</span>} error={e.confirm} checked={values.confirm === true} />
      {currentPasswordInput(ctx, e.currentPassword)}
    </FormScreen>
  );
}

export function ApiTokensScreen(p: FormPageProps & { tokens: ApiTokenInfo[]; created?: { name: string; token: string } }) {
  const { ctx } = p;
  const { t, locale } = ctx;
  const e = errorsByField(p.errors);
  return (
    <Layout ctx={ctx} title={t('account.apiTokens')} hasErrors={p.errors.length > 0}>
      <p><a href="/account" safe>{t('account.back')}</a></p>
      <ErrorSummary title={t('form.errorSummary')} errors={p.errors} />
      <h1 class="heading-l" safe>{t('account.apiTokens')}</h1>
      <p safe>{t('account.apiTokensLead')}</p>
      {p.created ? (
        <NotificationBanner kind="success" title={t('account.apiTokenCreated', { name: p.created.name })}>
          <p safe>{t('account.apiTokenOnce')}</p>
          <p><code class="token" safe>{p.created.token}</code></p>
        </NotificationBanner>
      ) : ''}
      {p.tokens.length === 0 ? <p safe>{t('account.apiTokenNone')}</p> : (
        <Table
          columns={[t('account.apiTokenName'), t('account.apiTokenCreatedAt'), t('account.apiTokenLastUsed'), { label: t('account.apiTokenRevoke'), hidden: true }]}
          rows={p.tokens.map((k) => [
            <Text value={k.name} />,
            <Text value={formatDateTime(k.createdAt, locale)} />,
            <Text value={k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : t('account.apiTokenNever')} />,
            <PostForm action="/account/api-tokens/revoke" csrf={ctx.csrf} class="inline-form">
              <input type="hidden" name="token" value={k.id} />
              <button class="link-button" type="submit" aria-label={t('account.apiTokenRevokeLabel', { name: k.name })} safe>{t('account.apiTokenRevoke')}</button>
            </PostForm>,
          ])}
        />
      )}
      <h2 class="heading-m" safe>{t('account.apiTokenCreate')}</h2>
      <PostForm action="/account/api-tokens" csrf={ctx.csrf}>
        <TextInput name="name" label={t('account.apiTokenName')} hint={t('account.apiTokenNameHint')} error={e.name} value={str(p.values.name)} />
        {currentPasswordInput(ctx, e.currentPassword)}
        <Button variant="secondary"><span safe>{t('account.apiTokenCreate')}</span></Button>
      </PostForm>
    </Layout>
  );
}

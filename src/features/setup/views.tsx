// The one-time setup form.
import { errorsByField } from '../../platform/forms.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { Layout } from '../../platform/ui/layout.tsx';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Button, ErrorSummary, PostForm, TextInput } from '../../platform/ui/components.tsx';

export function SetupScreen({ ctx, errors, values }: { ctx: PageContext; errors: FieldProblem[]; values: Record<string, string | boolean | undefined> }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  const v = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return (
    <Layout ctx={ctx} title={t('setup.title')} hasErrors={errors.length > 0}>
      <div class="narrow">
        <ErrorSummary title={t('form.errorSummary')} errors={errors} />
        <h1 class="heading-l" safe>{t('setup.title')}</h1>
        <p class="lead" safe>{t('setup.lead')}</p>
        <PostForm action="/setup" csrf={ctx.csrf}>
          <input type="hidden" name="token" value={v('token')} />
          <TextInput name="pseudonym" label={t('register.pseudonym')} hint={t('register.pseudonymHint')} error={e.pseudonym} value={v('pseudonym')} autocomplete="username" spellcheck={false} />
          <TextInput name="password" type="password" label={t('register.password')} hint={t('password.hint')} error={e.password} autocomplete="new-password" />
          <TextInput name="email" type="email" label={t('register.email')} hint={t('register.emailHint')} error={e.email} value={v('email')} autocomplete="email" spellcheck={false} />
          <Button><span safe>{t('setup.submit')}</span></Button>
        </PostForm>
      </div>
    </Layout>
  );
}

// The calm help page shown before a text that the crisis check matched goes anywhere, and the API's
// answer for the same case (409 problem+json). Other features use these through index.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { HELP_NUMBERS, type CrisisCheck } from '../../platform/crisis/index.ts';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import { Button, ChoiceGroup, ErrorSummary, PostForm } from '../../platform/ui/components.tsx';
import type { Deps } from '../../platform/deps.ts';
import { CRISIS_CHOICES, type CrisisChoice, isCrisisChoice } from './service.ts';

/** The extra field of every form and API body that takes text. */
export const crisisChoiceProperty = {
  crisisChoice: Type.Optional(Type.String({ maxLength: 40, description: 'After a 409 crisis-check answer: publish, publish_and_alert, moderators_only or draft.' })),
  /** Set by the help page's form, so a missing choice there is an error and not a first match. */
  crisisAsked: Type.Optional(Type.String({ maxLength: 5 })),
};

/** True when the request came from the help page (the person saw it and may not have chosen). */
export function crisisAsked(body: unknown): boolean {
  return !!body && typeof body === 'object' && (body as Record<string, unknown>).crisisAsked === '1';
}

/** The writer's choice in a request body, or null when none (or an unknown one) was given. */
export function crisisChoiceOf(body: unknown): CrisisChoice | null {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).crisisChoice : undefined;
  return isCrisisChoice(value) ? value : null;
}

/** Answers an API request whose text matched and which carried no choice: 409, nothing published. */
export function sendCrisisProblem(deps: Deps, req: FastifyRequest, reply: FastifyReply, check: CrisisCheck): FastifyReply {
  const problem = {
    type: `${deps.config.baseUrl}/problems/crisis-check`,
    title: req.t('crisis.problemTitle'),
    status: 409,
    code: 'crisis_check',
    detail: req.t('crisis.problemDetail'),
    instance: req.url.split('?')[0],
    classes: check.classes,
    helpNumbers: HELP_NUMBERS.map((h) => ({ id: h.id, number: h.number, tel: h.tel })),
    helpPage: `${deps.config.baseUrl}/help`,
    choices: [...CRISIS_CHOICES],
  };
  return reply.status(409).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

export interface CrisisHelpProps {
  ctx: PageContext;
  /** Where the form goes back to: the original form's action. */
  action: string;
  /** Every field of the original form, carried along unchanged (the text among them). */
  fields: Record<string, string>;
  /** The text as the writer wrote it, shown once more so they see it is kept. */
  text: string;
  /** Members can send to the moderators only and keep a draft; visitors get their text back in the form. */
  signedIn: boolean;
  error?: boolean;
}

/** The help numbers, as a list of phone links. */
export function HelpNumbers({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const label = (id: string) => (id === 'emergency' ? t('crisis.emergency') : id === 'telefonseelsorge-3' ? t('crisis.childHelp') : t('crisis.telefonseelsorge'));
  return (
    <ul class="list">
      {HELP_NUMBERS.map((h) => (
        <li>
          <span safe>{label(h.id)}</span>: <a href={`tel:${h.tel}`}><strong>{h.number}</strong></a>
        </li>
      ))}
    </ul>
  );
}

export function CrisisHelpScreen(p: CrisisHelpProps) {
  const { ctx } = p;
  const { t } = ctx;
  const choices = CRISIS_CHOICES.filter((c) => p.signedIn || c !== 'moderators_only').map((c) => {
    const visitorDraft = c === 'draft' && !p.signedIn;
    return {
      value: c,
      label: t(visitorDraft ? 'crisis.choice.draftVisitor' : `crisis.choice.${c}`),
      hint: t(visitorDraft ? 'crisis.choice.draftVisitorHint' : `crisis.choice.${c}Hint`),
    };
  });
  return (
    <Layout ctx={ctx} title={t('crisis.title')} hasErrors={p.error}>
      <ErrorSummary title={t('form.errorSummary')} errors={p.error ? [{ field: 'crisisChoice', message: t('crisis.choiceRequired') }] : []} />
      <h1 class="heading-xl" safe>{t('crisis.title')}</h1>
      <p class="lead" safe>{t('crisis.lead')}</p>
      <section class="card card--crisis" aria-labelledby="crisis-now">
        <h2 class="card__title" id="crisis-now" safe>{t('crisis.now')}</h2>
        <HelpNumbers ctx={ctx} />
        <p><a href="/help" safe>{t('crisis.morePage')}</a></p>
      </section>
      <p safe>{t('crisis.kept')}</p>
      <details>
        <summary safe>{t('crisis.yourText')}</summary>
        <p class="pre-line quote" safe>{p.text}</p>
      </details>
      <PostForm action={p.action} csrf={ctx.csrf} class="narrow">
        {Object.entries(p.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="crisisAsked" value="1" />
        <ChoiceGroup type="radio" name="crisisChoice" legend={t('crisis.question')} legendClass="heading-m" options={choices} error={p.error ? t('crisis.choiceRequired') : undefined} />
        <Button><span safe>{t('crisis.continue')}</span></Button>
      </PostForm>
    </Layout>
  );
}

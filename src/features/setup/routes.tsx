// /setup: creates the first administrator with the one-time link printed by `npm start`, then answers 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { formString } from '../../platform/forms.ts';
import { pageContext, seeOther, sendHtml, setFlash, setSessionCookie } from '../../platform/http.tsx';
import { startSession } from '../accounts/index.ts';
import { setupForm } from '../accounts/index.ts';
import { completeSetup, setupTokenValid } from './service.ts';
import { SetupScreen } from './views.tsx';

export const setupRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/setup', { schema: { querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 300 })) }) }, attachValidation: true }, async (req, reply) => {
    const token = formString(req.query.token);
    if (!(await setupTokenValid(deps.db, token))) throw notFound('setup_not_available');
    return sendHtml(reply, <SetupScreen ctx={pageContext(req, reply, deps)} errors={[]} values={{ token }} />);
  });

  app.post('/setup', { schema: { body: setupForm.schema }, attachValidation: true }, async (req, reply) => {
    const { values, errors } = setupForm.parse(req.body, req.t);
    if (!(await setupTokenValid(deps.db, values.token))) throw notFound('setup_not_available');
    if (errors.length === 0) {
      const result = await completeSetup(deps, { ...values, locale: req.locale }, req.t);
      if (result.ok) {
        setSessionCookie(reply, deps, await startSession(deps, result.value.userId, req.headers['user-agent']));
        setFlash(reply, 'setup.done');
        return seeOther(reply, '/admin');
      }
      if ('invalid' in result) throw notFound('setup_not_available');
      errors.push(...result.errors);
    }
    return sendHtml(reply, <SetupScreen ctx={pageContext(req, reply, deps)} errors={errors} values={values} />, 400);
  });
};

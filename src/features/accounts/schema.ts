// Forms and API schemas of the accounts feature.
import { Type } from 'typebox';
import { defineForm } from '../../platform/forms.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../platform/auth/passwords.ts';

export const PSEUDONYM_MIN = 3;
export const PSEUDONYM_MAX = 30;
export const EMAIL_MAX = 254;
/** Letters and digits of any script, then also spaces, full stops, hyphens and underscores. */
export const PSEUDONYM_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}\p{M} ._-]*$/u;

const pseudonymField = {
  kind: 'text',
  label: 'register.pseudonym',
  required: true,
  min: PSEUDONYM_MIN,
  max: PSEUDONYM_MAX,
  pattern: PSEUDONYM_PATTERN,
  messages: { required: 'register.pseudonymRequired', invalid: 'register.pseudonymInvalid' },
} as const;
const newPasswordField = {
  kind: 'password',
  label: 'register.password',
  required: true,
  min: PASSWORD_MIN,
  max: PASSWORD_MAX,
  messages: { required: 'register.passwordRequired', tooShort: 'password.tooShort' },
} as const;
const currentPasswordField = {
  kind: 'password',
  label: 'account.currentPassword',
  required: true,
  max: PASSWORD_MAX,
  messages: { required: 'account.currentPasswordRequired' },
} as const;
const emailField = { kind: 'email', label: 'register.email', max: EMAIL_MAX } as const;
const tokenField = { kind: 'text', label: 'verify.title', required: true, max: 200 } as const;

export const registerForm = defineForm({
  pseudonym: pseudonymField,
  password: newPasswordField,
  email: emailField,
  rules: { kind: 'checkbox', label: 'register.rulesConsent', required: true, messages: { required: 'register.rulesRequired' } },
  health: { kind: 'checkbox', label: 'register.healthConsent', required: true, messages: { required: 'register.healthRequired' } },
});

export const loginForm = defineForm({
  identifier: { kind: 'text', label: 'login.identifier', required: true, max: EMAIL_MAX, messages: { required: 'login.identifierRequired' } },
  password: { kind: 'password', label: 'login.password', required: true, max: PASSWORD_MAX, messages: { required: 'login.passwordRequired' } },
  next: { kind: 'text', label: 'login.title', max: 1000 },
});

export const forgotForm = defineForm({
  identifier: { kind: 'text', label: 'login.identifier', required: true, max: EMAIL_MAX, messages: { required: 'login.identifierRequired' } },
});

export const resetForm = defineForm({
  token: tokenField,
  password: { ...newPasswordField, label: 'reset.password' },
});

export const tokenForm = defineForm({ token: tokenField });

export const pseudonymForm = defineForm({
  pseudonym: { ...pseudonymField, label: 'account.pseudonymNew' },
  currentPassword: currentPasswordField,
});

export const emailForm = defineForm({
  email: { ...emailField, label: 'account.emailNew' },
  currentPassword: currentPasswordField,
});

export const passwordForm = defineForm({
  currentPassword: currentPasswordField,
  password: { ...newPasswordField, label: 'account.passwordNew' },
});

export const languageForm = defineForm({
  locale: { kind: 'choice', label: 'account.language', required: true, values: ['de', 'en'] },
  back: { kind: 'text', label: 'account.language', max: 1000 },
});

export const sessionForm = defineForm({
  session: { kind: 'text', label: 'account.sessionDevice', required: true, max: 40 },
});

export const exportForm = defineForm({ currentPassword: currentPasswordField });

export const deleteForm = defineForm({
  posts: { kind: 'choice', label: 'delete.posts', required: true, values: ['remove', 'anonymise'], messages: { required: 'delete.postsRequired', invalid: 'delete.postsRequired' } },
  confirm: { kind: 'checkbox', label: 'delete.confirm', required: true, messages: { required: 'delete.confirmRequired' } },
  currentPassword: currentPasswordField,
});

export const setupForm = defineForm({
  token: tokenField,
  pseudonym: pseudonymField,
  password: newPasswordField,
  email: emailField,
});

export const apiTokenForm = defineForm({
  name: { kind: 'text', label: 'account.apiTokenName', required: true, max: 60, messages: { required: 'account.apiTokenNameRequired' } },
  // A key outlives the session: only the person who knows the password may make one.
  currentPassword: currentPasswordField,
});

export const apiTokenRevokeForm = defineForm({
  token: { kind: 'text', label: 'account.apiTokens', required: true, max: 60 },
});

export const MeUpdate = Type.Object(
  { locale: Type.Union([Type.Literal('de'), Type.Literal('en')], { description: 'Language of pages and mails' }) },
  { additionalProperties: false },
);

export const MeResponse = Type.Object({
  authenticated: Type.Boolean(),
  pseudonym: Type.Optional(Type.String()),
  role: Type.Optional(Type.Union([Type.Literal('member'), Type.Literal('staff'), Type.Literal('moderator'), Type.Literal('admin')])),
  locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
  emailVerified: Type.Optional(Type.Boolean()),
});

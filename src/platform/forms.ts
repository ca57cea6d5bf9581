// One description per form gives both the route schema (validation, OpenAPI) and
// per-field messages in the person's language.
import { Type } from 'typebox';
import type { TObject, TSchema } from 'typebox';
import type { FieldProblem } from './errors.ts';
import type { MessageKey, Translator } from './i18n/index.ts';

interface BaseField {
  label: MessageKey;
  required?: boolean;
  /** Message keys that replace the generic ones for this field. */
  messages?: Partial<Record<'required' | 'tooShort' | 'tooLong' | 'invalid', MessageKey>>;
}
export interface TextField extends BaseField {
  kind: 'text' | 'email' | 'password' | 'longtext';
  min?: number;
  max: number;
  pattern?: RegExp;
}
export interface CheckboxField extends BaseField {
  kind: 'checkbox';
}
export interface ChoiceField extends BaseField {
  kind: 'choice';
  values: readonly string[];
}
export type FieldSpec = TextField | CheckboxField | ChoiceField;

export type FormValues<F extends Record<string, FieldSpec>> = { [K in keyof F]: F[K] extends CheckboxField ? boolean : string };

export interface FormResult<F extends Record<string, FieldSpec>> {
  values: FormValues<F>;
  errors: FieldProblem[];
}

export interface Form<F extends Record<string, FieldSpec>> {
  fields: F;
  /** Route schema for the request body: loose enough that bad input reaches the handler. */
  schema: TObject;
  parse(body: unknown, t: Translator): FormResult<F>;
}

// A simple, permissive address check: something@something.tld, no spaces. The one pattern of the app.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}

export function characterCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Reads a form value as one string, whatever the client sent (arrays, numbers, nothing). */
export function formString(value: unknown): string {
  if (Array.isArray(value)) return formString(value[0]);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function fieldSchema(spec: FieldSpec): TSchema {
  if (spec.kind === 'checkbox') return Type.Optional(Type.String({ maxLength: 20 }));
  if (spec.kind === 'choice') return Type.Optional(Type.String({ maxLength: 100 }));
  // A hard ceiling well above the rule, so long input gets a friendly message, not a 400 page.
  return Type.Optional(Type.String({ maxLength: spec.max * 4 + 100 }));
}

export function defineForm<F extends Record<string, FieldSpec>>(fields: F): Form<F> {
  const properties: Record<string, TSchema> = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
  for (const [name, spec] of Object.entries(fields)) properties[name] = fieldSchema(spec);
  const schema = Type.Object(properties);

  function parse(body: unknown, t: Translator): FormResult<F> {
    const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const values: Record<string, string | boolean> = {};
    const errors: FieldProblem[] = [];
    for (const [name, spec] of Object.entries(fields)) {
      const label = t(spec.label);
      const message = (rule: 'required' | 'tooShort' | 'tooLong' | 'invalid', fallback: MessageKey, params = {}) =>
        t(spec.messages?.[rule] ?? fallback, { label, ...params });
      if (spec.kind === 'checkbox') {
        const raw = formString(input[name]);
        const checked = raw !== '' && raw !== '0' && raw !== 'false';
        values[name] = checked;
        if (spec.required && !checked) errors.push({ field: name, message: message('required', 'form.checkboxRequired') });
        continue;
      }
      const raw = formString(input[name]).normalize('NFC');
      const value = spec.kind === 'password' ? raw : spec.kind === 'longtext' ? raw.replace(/\r\n/g, '\n').trim() : raw.trim();
      values[name] = value;
      if (value === '') {
        if (spec.required) {
          errors.push({ field: name, message: message('required', spec.kind === 'choice' ? 'form.choiceRequired' : 'form.required') });
        }
        continue;
      }
      if (spec.kind === 'choice') {
        if (!spec.values.includes(value)) errors.push({ field: name, message: message('invalid', 'form.choiceRequired') });
        continue;
      }
      const length = characterCount(value);
      if (spec.min !== undefined && length < spec.min) {
        errors.push({ field: name, message: message('tooShort', 'form.tooShort', { min: spec.min }) });
      } else if (length > spec.max) {
        errors.push({ field: name, message: message('tooLong', 'form.tooLong', { max: spec.max, count: length }) });
      } else if (spec.kind === 'email' && !EMAIL.test(value)) {
        errors.push({ field: name, message: message('invalid', 'form.email') });
      } else if (spec.pattern && !spec.pattern.test(value)) {
        errors.push({ field: name, message: message('invalid', 'form.invalid') });
      }
    }
    return { values: values as FormValues<F>, errors };
  }

  return { fields, schema, parse };
}

/** Turns a list of problems into a lookup by field, keeping the first message per field. */
export function errorsByField(errors: FieldProblem[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of errors) if (!(e.field in map)) map[e.field] = e.message;
  return map;
}

// UI kit: form fields, error summary, buttons, banners, pagination, tags and cards.
// Field ids follow one pattern: the input has id=name, its hint name-hint, its error name-error.
import type { Children } from '@kitajs/html';
import type { FieldProblem } from '../errors.ts';

export interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  /** Show the label as the page heading (GOV.UK pattern for one-question pages). */
  labelClass?: string;
}

function describedBy(name: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function HintAndError({ name, hint, error }: { name: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint ? <div id={`${name}-hint`} class="hint" safe>{hint}</div> : ''}
      {error ? (
        <p id={`${name}-error`} class="field-error" safe>{error}</p>
      ) : ''}
    </>
  );
}

export interface TextInputProps extends FieldProps {
  value?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'search' | 'tel' | 'url' | 'date';
  inputmode?: 'numeric' | 'tel' | 'email';
  autocomplete?: string;
  width?: 'short' | 'medium' | 'full';
  spellcheck?: boolean;
  maxlength?: number;
  required?: boolean;
}

export function TextInput(p: TextInputProps) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label class={p.labelClass ?? 'label'} for={p.name} safe>{p.label}</label>
      <HintAndError name={p.name} hint={p.hint} error={p.error} />
      <input
        class={`input input--${p.width ?? 'medium'}`}
        id={p.name}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : p.value}
        autocomplete={p.autocomplete}
        spellcheck={p.spellcheck === undefined ? undefined : p.spellcheck ? 'true' : 'false'}
        maxlength={p.maxlength}
        required={p.required}
        inputmode={p.inputmode}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

export interface TextAreaProps extends FieldProps {
  value?: string | undefined;
  rows?: number;
  maxlength?: number;
  /** When one field appears several times on a page; defaults to the name. */
  id?: string;
}

export function TextArea(p: TextAreaProps) {
  const id = p.id ?? p.name;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label class={p.labelClass ?? 'label'} for={id} safe>{p.label}</label>
      <HintAndError name={id} hint={p.hint} error={p.error} />
      <textarea
        class="textarea"
        id={id}
        name={p.name}
        rows={String(p.rows ?? 6)}
        maxlength={p.maxlength}
        aria-describedby={describedBy(id, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
        safe
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface SelectProps extends FieldProps {
  options: Option[];
  value?: string | undefined;
  /** When one form field appears many times on a page (e.g. in table rows); defaults to the name. */
  id?: string;
}

export function Select(p: SelectProps) {
  const id = p.id ?? p.name;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label class={p.labelClass ?? 'label'} for={id} safe>{p.label}</label>
      <HintAndError name={id} hint={p.hint} error={p.error} />
      <select
        class="select"
        id={id}
        name={p.name}
        aria-describedby={describedBy(id, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} safe>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

export interface CheckboxProps {
  name: string;
  label: Children;
  hint?: string;
  error?: string | undefined;
  checked?: boolean;
  value?: string;
}

/** A single checkbox, e.g. a consent. The label may contain links, so it takes markup. */
export function Checkbox(p: CheckboxProps) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <HintAndError name={p.name} hint={p.hint} error={p.error} />
      <div class="choice">
        <input
          class="choice__input"
          type="checkbox"
          id={p.name}
          name={p.name}
          value={p.value ?? 'yes'}
          checked={p.checked}
          aria-describedby={describedBy(p.name, p.hint, p.error)}
          aria-invalid={p.error ? 'true' : undefined}
        />
        <label class="choice__label" for={p.name}>{p.label}</label>
      </div>
    </div>
  );
}

export interface ChoiceGroupProps {
  name: string;
  legend: string;
  hint?: string;
  error?: string | undefined;
  options: Array<Option & { hint?: string }>;
  /** Checked values. */
  value?: string | string[] | undefined;
  type: 'radio' | 'checkbox';
  legendClass?: string;
}

/** A fieldset of radios or checkboxes. The first input carries the field's id for the error summary. */
export function ChoiceGroup(p: ChoiceGroupProps) {
  const checked = new Set(Array.isArray(p.value) ? p.value : p.value ? [p.value] : []);
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <fieldset class="fieldset" aria-describedby={describedBy(p.name, p.hint, p.error)}>
        <legend class={p.legendClass ?? 'legend'} safe>{p.legend}</legend>
        <HintAndError name={p.name} hint={p.hint} error={p.error} />
        {p.options.map((o, i) => {
          const id = i === 0 ? p.name : `${p.name}-${i + 1}`;
          return (
            <div class="choice">
              <input
                class="choice__input"
                type={p.type}
                id={id}
                name={p.name}
                value={o.value}
                checked={checked.has(o.value)}
                aria-describedby={o.hint ? `${id}-item-hint` : undefined}
              />
              <label class="choice__label" for={id} safe>{o.label}</label>
              {o.hint ? <div id={`${id}-item-hint`} class="hint choice__hint" safe>{o.hint}</div> : ''}
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

/** Error summary at the top of a form; each message links to its field. Focused on load. */
export function ErrorSummary({ title, errors }: { title: string; errors: FieldProblem[] }) {
  if (errors.length === 0) return '';
  return (
    <div class="error-summary" role="alert" tabindex="-1" autofocus>
      <h2 class="error-summary__title" safe>{title}</h2>
      <ul class="error-summary__list">
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`} safe>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface ButtonProps {
  children: Children;
  variant?: 'primary' | 'secondary' | 'warning' | 'link';
  name?: string;
  value?: string;
  type?: 'submit' | 'button';
}

export function Button(p: ButtonProps) {
  return (
    <button class={`button button--${p.variant ?? 'primary'}`} type={p.type ?? 'submit'} name={p.name} value={p.value}>
      {p.children}
    </button>
  );
}

/** A link that looks like a button, for navigation (never for changing state). */
export function ButtonLink({ href, children, variant }: { href: string; children: Children; variant?: 'primary' | 'secondary' }) {
  return (
    <a class={`button button--${variant ?? 'primary'}`} href={href}>
      {children}
    </a>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A POST form with the CSRF token already in it. */
export function PostForm(p: { action: string; csrf: string; children: Children; class?: string; novalidate?: boolean }) {
  return (
    <form method="post" action={p.action} class={p.class} novalidate={p.novalidate ?? true}>
      <CsrfField token={p.csrf} />
      {p.children}
    </form>
  );
}

export function NotificationBanner(p: { kind: 'success' | 'info' | 'warning'; title: string; children?: Children; id?: string }) {
  const id = p.id ?? 'banner-title';
  return (
    <div class={`banner banner--${p.kind}`} role={p.kind === 'success' ? 'alert' : 'region'} aria-labelledby={id}>
      <h2 class="banner__title" id={id} safe>{p.title}</h2>
      {p.children ?? ''}
    </div>
  );
}

export interface PaginationProps {
  page: number;
  pages: number;
  href: (page: number) => string;
  labels: { nav: string; previous: string; next: string; page: (n: number) => string };
}

export function Pagination(p: PaginationProps) {
  if (p.pages <= 1) return '';
  const shown: number[] = [];
  for (let n = 1; n <= p.pages; n++) {
    if (n === 1 || n === p.pages || Math.abs(n - p.page) <= 1) shown.push(n);
  }
  return (
    <nav class="pagination" aria-label={p.labels.nav}>
      <ul class="pagination__list">
        {p.page > 1 ? (
          <li><a class="pagination__link" href={p.href(p.page - 1)} rel="prev" safe>{p.labels.previous}</a></li>
        ) : ''}
        {shown.map((n, i) => (
          <>
            {i > 0 && n - (shown[i - 1] ?? n) > 1 ? <li class="pagination__gap" aria-hidden="true">…</li> : ''}
            <li>
              {n === p.page ? (
                <a class="pagination__link pagination__link--current" href={p.href(n)} aria-current="page" aria-label={p.labels.page(n)} safe>{String(n)}</a>
              ) : (
                <a class="pagination__link" href={p.href(n)} aria-label={p.labels.page(n)} safe>{String(n)}</a>
              )}
            </li>
          </>
        ))}
        {p.page < p.pages ? (
          <li><a class="pagination__link" href={p.href(p.page + 1)} rel="next" safe>{p.labels.next}</a></li>
        ) : ''}
      </ul>
    </nav>
  );
}

export function Tag({ text, tone }: { text: string; tone?: 'neutral' | 'green' | 'blue' | 'yellow' | 'red' }) {
  return <strong class={`tag tag--${tone ?? 'neutral'}`} safe>{text}</strong>;
}

export function Card(p: { title: string; href?: string; children?: JSX.Element; headingLevel?: 2 | 3 }) {
  const safeBody = p.children;
  const heading = p.href ? <a class="card__link" href={p.href} safe>{p.title}</a> : <span safe>{p.title}</span>;
  return (
    <div class="card">
      {p.headingLevel === 3 ? <h3 class="card__title">{heading}</h3> : <h2 class="card__title">{heading}</h2>}
      {safeBody ? <div class="card__body">{safeBody}</div> : ''}
    </div>
  );
}

/** A summary list of key/value rows (GOV.UK summary list). */
/** Values and actions are markup built by the caller with escaped text. */
export function SummaryList({ rows }: { rows: Array<{ key: string; value: JSX.Element; action?: JSX.Element }> }) {
  return (
    <dl class="summary-list">
      {rows.map((r) => (
        <div class="summary-list__row">
          <dt class="summary-list__key" safe>{r.key}</dt>
          <dd class="summary-list__value">{r.value as 'safe'}</dd>
          {r.action ? <dd class="summary-list__action">{r.action as 'safe'}</dd> : ''}
        </div>
      ))}
    </dl>
  );
}

export interface TableColumn {
  label: string;
  /** Read by screen readers only, e.g. over a column of buttons. */
  hidden?: boolean;
}

/** A data table; cells are markup built by the caller with escaped text. Scrolls sideways on small screens. */
export function Table(p: { columns: Array<string | TableColumn>; rows: JSX.Element[][]; caption?: string }) {
  return (
    <div class="table-wrap">
      <table class="table">
        {p.caption ? <caption class="table__caption" safe>{p.caption}</caption> : ''}
        <thead>
          <tr>
            {p.columns.map((c) => {
              const column = typeof c === 'string' ? { label: c } : c;
              return column.hidden ? <th scope="col"><span class="visually-hidden" safe>{column.label}</span></th> : <th scope="col" safe>{column.label}</th>;
            })}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((cells) => (
            <tr>{cells.map((cell) => <td>{cell as 'safe'}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Escaped text as a table cell or list value. */
export function Text({ value }: { value: string }) {
  return <span safe>{value}</span>;
}

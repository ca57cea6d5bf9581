// A group's pages: its profile, first contact, conversations, joining, the members' space,
// the facilitators' member management, editing and its revision history.
import type { FieldProblem } from '../../platform/errors.ts';
import { errorsByField } from '../../platform/forms.ts';
import type { PageContext } from '../../platform/ui/layout.tsx';
import { Layout } from '../../platform/ui/layout.tsx';
import {
  Button, ButtonLink, Checkbox, ChoiceGroup, ErrorSummary, NotificationBanner, PostForm, Select, SummaryList, Table, Tag, Text, TextArea, TextInput,
} from '../../platform/ui/components.tsx';
import { renderMarkdown } from '../../platform/markdown.ts';
import { formatDateTime } from '../../platform/time.ts';
import { PersonName } from '../../platform/ui/person.tsx';
import type { StaffBadge } from '../../platform/ui/person.tsx';
import { displayPseudonym } from '../../platform/auth/pseudonyms.ts';
import { ACCESSIBILITY, AUDIENCES, FORMATS, GROUP_KINDS, LANGUAGES, STATUSES } from './model.ts';
import { ACCESSIBILITY_LABEL, AUDIENCE_LABEL, FORMAT_LABEL, KIND_LABEL, STATUS_LABEL, label, languageName } from './labels.ts';
import { MAX_MESSAGE_LENGTH } from './schema.ts';
import type { ConversationMessage } from './contact.ts';
import type { MemberEntry } from './membership.ts';
import type { TopicOption } from './views-search.tsx';

export interface GroupView {
  slug: string;
  name: string;
  description: string;
  /** The description rendered from Markdown (kept per state of the group, routes.tsx). */
  descriptionHtml: string;
  kind: string;
  audience: string;
  formats: string[];
  area: string;
  address: string | null;
  rhythm: string;
  languages: string[];
  accessibility: string[];
  status: string;
  accepting: boolean;
  topics: TopicOption[];
  contactPoint: { slug: string; name: string } | null;
  organisation: { slug: string; name: string } | null;
  updatedAt: string;
  membership: { role: string; status: string; listed: boolean; decisionMessage?: string } | null;
  interest: { count: number; mine: boolean } | null;
  can: {
    edit: boolean;
    join: boolean;
    leave: boolean;
    manageMembers: boolean;
    enterSpace: boolean;
    inbox: boolean;
    publish: boolean;
    interested: boolean;
  };
  pendingRequests: number;
  openConversations: number;
  /** Next meetings and events, from the events feature. */
}

const groupPath = (slug: string, rest = '') => `/groups/${slug}${rest}`;

/** `sections` are other features' parts of the page (events: the next meetings), already rendered HTML. */
export function GroupScreen({ ctx, group, jsonLd, sections }: { ctx: PageContext; group: GroupView; jsonLd: string; sections: string[] }) {
  const { t, locale } = ctx;
  const rows = [
    { key: t('directory.group.topics'), value: <span safe>{group.topics.map((x) => x.name).join(', ') || '—'}</span> },
    { key: t('directory.group.audience'), value: <span safe>{t(label(AUDIENCE_LABEL, group.audience))}</span> },
    { key: t('directory.group.kind'), value: <span safe>{t(label(KIND_LABEL, group.kind))}</span> },
    { key: t('directory.group.format'), value: <span safe>{group.formats.map((f) => t(label(FORMAT_LABEL, f))).join(', ')}</span> },
    {
      key: t('directory.group.place'),
      value: group.address ? (
        <div>
          <p safe>{group.area}</p>
          <p class="exact-place"><strong safe>{t('directory.group.exactPlace')}:</strong> <span safe>{group.address}</span></p>
        </div>
      ) : (
        <div>
          <p safe>{group.area || t('directory.group.noPlace')}</p>
          {group.formats.includes('in_person') || group.formats.includes('hybrid') ? <p class="hint" safe>{t('directory.group.placeHidden')}</p> : ''}
        </div>
      ),
    },
    { key: t('directory.group.rhythm'), value: <span safe>{group.rhythm || t('directory.group.rhythmAsk')}</span> },
    { key: t('directory.group.languages'), value: <span safe>{group.languages.map((l) => languageName(l, locale)).join(', ')}</span> },
    {
      key: t('directory.group.accessibility'),
      value: <span safe>{group.accessibility.length ? group.accessibility.map((a) => t(label(ACCESSIBILITY_LABEL, a))).join(', ') : t('directory.group.accessibilityAsk')}</span>,
    },
  ];
  if (group.contactPoint) {
    rows.push({ key: t('directory.group.contactPoint'), value: <a href={`/organisations/${group.contactPoint.slug}`} safe>{group.contactPoint.name}</a> });
  }
  if (group.organisation) {
    rows.push({ key: t('directory.group.organisation'), value: <a href={`/organisations/${group.organisation.slug}`} safe>{group.organisation.name}</a> });
  }
  return (
    <Layout ctx={ctx} title={group.name} description={group.description.slice(0, 160)} head={<script type="application/ld+json">{jsonLd as 'safe'}</script>}>
      <p class="breadcrumb"><a href="/groups" safe>{t('directory.search.title')}</a></p>
      <h1 class="heading-xl" safe>{group.name}</h1>
      <p class="tags">
        {group.status !== 'active' ? <Tag text={t(label(STATUS_LABEL, group.status))} tone="yellow" /> : ''}
        {group.accepting ? <Tag text={t('directory.group.accepting')} tone="green" /> : <Tag text={t('directory.group.notAccepting')} tone="red" />}
        {group.membership?.role === 'facilitator' ? <Tag text={t('directory.group.youFacilitate')} tone="blue" /> : ''}
        {group.membership?.role === 'member' && group.membership.status === 'admitted' ? <Tag text={t('directory.group.youAreMember')} tone="blue" /> : ''}
        {group.membership?.role === 'member' && group.membership.status === 'requested' ? <Tag text={t('directory.group.youAsked')} tone="yellow" /> : ''}
      </p>
      <div class="two-columns">
        <div class="two-columns__main">
          <div class="prose">{group.descriptionHtml as 'safe'}</div>
          <SummaryList rows={rows} />
          {sections.map((html) => html as 'safe')}
          <p class="hint" safe>{t('directory.group.updated', { date: formatDateTime(group.updatedAt, locale) })}</p>
        </div>
        <div class="two-columns__side">
          <section class="card" aria-labelledby="next-steps">
            <h2 class="card__title" id="next-steps" safe>{t('directory.group.nextSteps')}</h2>
            <p safe>{t('directory.group.contactText')}</p>
            <p><ButtonLink href={groupPath(group.slug, '/contact')}><span safe>{t('directory.group.contact')}</span></ButtonLink></p>
            {group.can.join ? (
              <p><a href={groupPath(group.slug, '/join')} safe>{t('directory.group.join')}</a></p>
            ) : ''}
            {!ctx.user && group.accepting ? (
              <p class="hint"><a href={`/login?next=${encodeURIComponent(groupPath(group.slug))}`} safe>{t('directory.group.loginToJoin')}</a></p>
            ) : ''}
            {group.membership?.status === 'declined' && group.membership.decisionMessage ? (
              <p class="hint" safe>{t('directory.group.declinedWith', { message: group.membership.decisionMessage })}</p>
            ) : ''}
            {group.can.enterSpace ? <p><a href={groupPath(group.slug, '/space')} safe>{t('directory.group.space')}</a></p> : ''}
            {group.interest ? (
              <div>
                <p safe>{t('directory.group.interestCount', { count: group.interest.count })}</p>
                {group.can.interested ? (
                  <PostForm action={groupPath(group.slug, '/interest')} csrf={ctx.csrf}>
                    <input type="hidden" name="interested" value={group.interest.mine ? '0' : '1'} />
                    <Button variant="secondary"><span safe>{t(group.interest.mine ? 'directory.group.notInterested' : 'directory.group.interested')}</span></Button>
                  </PostForm>
                ) : ''}
              </div>
            ) : ''}
            {ctx.user ? (
              <PostForm action="/network/entries/from-directory" csrf={ctx.csrf}>
                <input type="hidden" name="ref" value={`group:${group.slug}`} />
                <Button variant="secondary"><span safe>{t('directory.group.addToNetwork')}</span></Button>
              </PostForm>
            ) : ''}
          </section>
          {group.can.edit || group.can.manageMembers || group.can.inbox ? (
            <section class="card" aria-labelledby="manage">
              <h2 class="card__title" id="manage" safe>{t('directory.group.manage')}</h2>
              <ul class="list">
                {group.can.inbox ? <li><a href={groupPath(group.slug, '/inbox')} safe>{t('directory.group.inbox', { count: group.openConversations })}</a></li> : ''}
                {group.can.manageMembers ? <li><a href={groupPath(group.slug, '/members')} safe>{t('directory.group.requests', { count: group.pendingRequests })}</a></li> : ''}
                {group.can.edit ? <li><a href={groupPath(group.slug, '/edit')} safe>{t('directory.group.edit')}</a></li> : ''}
                {group.can.edit ? <li><a href={groupPath(group.slug, '/history')} safe>{t('directory.group.history')}</a></li> : ''}
              </ul>
              {group.can.publish ? (
                <PostForm action={groupPath(group.slug, '/publish')} csrf={ctx.csrf}>
                  <Button><span safe>{t('directory.group.publish')}</span></Button>
                </PostForm>
              ) : ''}
            </section>
          ) : ''}
        </div>
      </div>
    </Layout>
  );
}

// --- First contact --------------------------------------------------------------

export function ContactScreen(p: { ctx: PageContext; group: { slug: string; name: string }; signedIn: boolean; errors: FieldProblem[]; values: Record<string, string | boolean> }) {
  const { ctx } = p;
  const { t } = ctx;
  const e = errorsByField(p.errors);
  const v = (k: string) => (typeof p.values[k] === 'string' ? (p.values[k] as string) : '');
  return (
    <Layout ctx={ctx} title={t('directory.contact.title', { group: p.group.name })} hasErrors={p.errors.length > 0}>
      <p class="breadcrumb"><a href={groupPath(p.group.slug)} safe>{p.group.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.contact.title', { group: p.group.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={p.errors} />
      <p class="lead" safe>{t('directory.contact.lead')}</p>
      <p safe>{t(p.signedIn ? 'directory.contact.privacyMember' : 'directory.contact.privacyVisitor')}</p>
      <PostForm action={groupPath(p.group.slug, '/contact')} csrf={ctx.csrf} class="narrow">
        {p.signedIn ? '' : (
          <>
            <TextInput name="name" label={t('directory.contact.name')} hint={t('directory.contact.nameHint')} value={v('name')} error={e.name} autocomplete="nickname" />
            <TextInput name="email" type="email" label={t('directory.contact.email')} hint={t('directory.contact.emailHint')} value={v('email')} error={e.email} autocomplete="email" />
          </>
        )}
        <TextArea name="message" label={t('directory.contact.message')} hint={t('directory.contact.messageHint', { max: MAX_MESSAGE_LENGTH })} value={v('message')} error={e.message} rows={8} />
        <div class="honeypot" aria-hidden="true">
          <label for="website" safe>{t('directory.contact.honeypot')}</label>
          <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        {p.signedIn ? '' : <Checkbox name="consent" checked={p.values.consent === true} error={e.consent} label={<span safe>{t('directory.contact.consent')}</span>} />}
        <Button><span safe>{t('directory.contact.send')}</span></Button>
      </PostForm>
      <p class="hint"><a href="/help" safe>{t('directory.contact.crisis')}</a></p>
    </Layout>
  );
}

export function ContactSentScreen({ ctx, group }: { ctx: PageContext; group: { slug: string; name: string } }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory.contact.sentTitle')}>
      <NotificationBanner kind="success" title={t('directory.contact.sentTitle')}>
        <p safe>{t('directory.contact.sentVisitor')}</p>
      </NotificationBanner>
      <p><a href={groupPath(group.slug)} safe>{t('directory.contact.back', { group: group.name })}</a></p>
    </Layout>
  );
}

export interface ConversationView {
  id: string;
  group: { slug: string; name: string };
  starter: string;
  status: string;
  messages: ConversationMessage[];
  /** The one reading is on the group's side (facilitator). */
  groupSide: boolean;
  /** Visitor link key, carried in forms. */
  key: string | null;
}

export function ConversationScreen({ ctx, view, errors, values }: { ctx: PageContext; view: ConversationView; errors: FieldProblem[]; values: Record<string, string> }) {
  const { t, locale } = ctx;
  const e = errorsByField(errors);
  const keyField = view.key ? <input type="hidden" name="key" value={view.key} /> : '';
  const action = (rest: string) => `/conversations/${view.id}${rest}`;
  return (
    <Layout ctx={ctx} title={t('directory.conversation.title', { group: view.group.name })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={view.groupSide ? groupPath(view.group.slug, '/inbox') : groupPath(view.group.slug)} safe>{view.group.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.conversation.title', { group: view.group.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      {view.status === 'unconfirmed' ? (
        <NotificationBanner kind="info" title={t('directory.conversation.confirmTitle')}>
          <p safe>{t('directory.conversation.confirmText')}</p>
          <PostForm action={action('/confirm')} csrf={ctx.csrf}>
            {keyField}
            <Button><span safe>{t('directory.conversation.confirm')}</span></Button>
          </PostForm>
        </NotificationBanner>
      ) : ''}
      <p class="hint" safe>{view.groupSide ? t('directory.conversation.withPerson', { name: displayPseudonym(view.starter) }) : t('directory.conversation.withGroup')}</p>
      <ol class="messages">
        {view.messages.map((m) => (
          <li class={m.fromGroup ? 'message message--group' : 'message'}>
            <p class="message__meta">
              <strong>{m.fromGroup ? <PersonName name={t('directory.conversation.fromGroup', { name: displayPseudonym(m.author ?? '') })} badge={m.badge} t={t} /> : <PersonName name={m.author ?? view.starter} badge={m.badge} t={t} />}</strong>
              {' · '}
              <time datetime={m.createdAt} safe>{formatDateTime(m.createdAt, locale)}</time>
            </p>
            <div class="prose">{renderMarkdown(m.body) as 'safe'}</div>
          </li>
        ))}
      </ol>
      {view.status === 'open' ? (
        <PostForm action={action('/reply')} csrf={ctx.csrf} class="narrow">
          {keyField}
          <TextArea name="message" label={t('directory.conversation.reply')} value={values.message ?? ''} error={e.message} rows={6} hint={t('directory.contact.messageHint', { max: MAX_MESSAGE_LENGTH })} />
          <Button><span safe>{t('directory.conversation.send')}</span></Button>
        </PostForm>
      ) : view.status === 'closed' ? <p safe>{t('directory.conversation.closed')}</p> : ''}
      {view.status === 'open' && view.groupSide ? (
        <PostForm action={action('/close')} csrf={ctx.csrf}>
          <Button variant="secondary"><span safe>{t('directory.conversation.close')}</span></Button>
        </PostForm>
      ) : ''}
    </Layout>
  );
}

export function InboxScreen({ ctx, group, items }: { ctx: PageContext; group: { slug: string; name: string }; items: Array<{ id: string; starter: string; status: string; lastMessageAt: string; messages: number }> }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory.inbox.title', { group: group.name })}>
      <p class="breadcrumb"><a href={groupPath(group.slug)} safe>{group.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.inbox.title', { group: group.name })}</h1>
      {items.length === 0 ? <p safe>{t('directory.inbox.empty')}</p> : (
        <Table
          columns={[t('directory.inbox.person'), t('directory.inbox.last'), t('directory.inbox.count'), t('directory.inbox.status')]}
          rows={items.map((c) => [
            <a href={`/conversations/${c.id}`} safe>{c.starter}</a>,
            <Text value={formatDateTime(c.lastMessageAt, locale)} />,
            <Text value={String(c.messages)} />,
            <Text value={t(c.status === 'closed' ? 'directory.inbox.closed' : 'directory.inbox.open')} />,
          ])}
        />
      )}
    </Layout>
  );
}

export function MessagesScreen({ ctx, items }: { ctx: PageContext; items: Array<{ id: string; group: string; lastMessageAt: string; status: string }> }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory.messages.title')}>
      <h1 class="heading-xl" safe>{t('directory.messages.title')}</h1>
      {items.length === 0 ? <p safe>{t('directory.messages.empty')}</p> : (
        <Table
          columns={[t('directory.messages.group'), t('directory.inbox.last'), t('directory.inbox.status')]}
          rows={items.map((c) => [
            <a href={`/conversations/${c.id}`} safe>{c.group}</a>,
            <Text value={formatDateTime(c.lastMessageAt, locale)} />,
            <Text value={t(c.status === 'closed' ? 'directory.inbox.closed' : c.status === 'unconfirmed' ? 'directory.inbox.unconfirmed' : 'directory.inbox.open')} />,
          ])}
        />
      )}
    </Layout>
  );
}

// --- Joining and the members' space ------------------------------------------------------

export function JoinScreen({ ctx, group, errors, values }: { ctx: PageContext; group: { slug: string; name: string }; errors: FieldProblem[]; values: { message?: string; listed?: boolean } }) {
  const { t } = ctx;
  const e = errorsByField(errors);
  return (
    <Layout ctx={ctx} title={t('directory.join.title', { group: group.name })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={groupPath(group.slug)} safe>{group.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.join.title', { group: group.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <p class="lead" safe>{t('directory.join.lead')}</p>
      <PostForm action={groupPath(group.slug, '/join')} csrf={ctx.csrf} class="narrow">
        <TextArea name="message" label={t('directory.join.message')} hint={t('directory.join.messageHint')} value={values.message ?? ''} error={e.message} rows={5} />
        <Checkbox name="listed" checked={values.listed ?? false} hint={t('directory.join.listedHint')} label={<span safe>{t('directory.join.listed')}</span>} />
        <Button><span safe>{t('directory.join.submit')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function MembersScreen({ ctx, group, members, errors }: { ctx: PageContext; group: { slug: string; name: string }; members: MemberEntry[]; errors: FieldProblem[] }) {
  const { t, locale } = ctx;
  const requests = members.filter((m) => m.status === 'requested');
  const admitted = members.filter((m) => m.status === 'admitted');
  return (
    <Layout ctx={ctx} title={t('directory.members.title', { group: group.name })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={groupPath(group.slug)} safe>{group.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.members.title', { group: group.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <h2 class="heading-l" safe>{t('directory.members.requests', { count: requests.length })}</h2>
      {requests.length === 0 ? <p safe>{t('directory.members.noRequests')}</p> : ''}
      {requests.map((m, i) => (
        <section class="card" aria-labelledby={`request-${i}`}>
          <h3 class="card__title" id={`request-${i}`}><PersonName name={m.pseudonym} badge={m.badge} t={t} /></h3>
          <p class="hint" safe>{t('directory.members.askedOn', { date: formatDateTime(m.requestedAt, locale) })}</p>
          {m.requestMessage ? <blockquote class="quote" safe>{m.requestMessage}</blockquote> : ''}
          <PostForm action={groupPath(group.slug, '/members')} csrf={ctx.csrf}>
            <input type="hidden" name="user" value={m.userId} />
            <TextArea id={`message-${i}`} name="message" label={t('directory.members.decisionMessage')} hint={t('directory.members.decisionHint')} rows={3} />
            <div class="button-group">
              <Button name="decision" value="admit"><span safe>{t('directory.members.admit')}</span></Button>
              <Button name="decision" value="decline" variant="secondary"><span safe>{t('directory.members.decline')}</span></Button>
            </div>
          </PostForm>
        </section>
      ))}
      <h2 class="heading-l" safe>{t('directory.members.admitted', { count: admitted.length })}</h2>
      <Table
        columns={[t('directory.members.person'), t('directory.members.role'), t('directory.members.listedColumn')]}
        rows={admitted.map((m) => [
          <PersonName name={m.pseudonym} badge={m.badge} t={t} />,
          <Text value={t(m.role === 'facilitator' ? 'directory.members.facilitator' : 'directory.members.member')} />,
          <Text value={t(m.listed ? 'directory.members.yes' : 'directory.members.no')} />,
        ])}
      />
    </Layout>
  );
}

export interface SpaceView {
  group: { slug: string; name: string; area: string; address: string; rhythm: string };
  announcements: Array<{ id: string; body: string; created_at: string; pseudonym: string | null; badge?: StaffBadge | undefined }>;
  members: Array<{ name: string; badge?: StaffBadge | undefined }>;
  hiddenCount: number;
  me: { listed: boolean; role: string };
  canAnnounce: boolean;
  canLeave: boolean;
}

export function SpaceScreen({ ctx, view, errors, values }: { ctx: PageContext; view: SpaceView; errors: FieldProblem[]; values: { body?: string } }) {
  const { t, locale } = ctx;
  const e = errorsByField(errors);
  const g = view.group;
  return (
    <Layout ctx={ctx} title={t('directory.space.title', { group: g.name })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={groupPath(g.slug)} safe>{g.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.space.title', { group: g.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <section class="card" aria-labelledby="where">
        <h2 class="card__title" id="where" safe>{t('directory.space.where')}</h2>
        <p class="exact-place" safe>{g.address || t('directory.space.noAddress')}</p>
        {g.area ? <p class="hint" safe>{g.area}</p> : ''}
        {g.rhythm ? <p safe>{g.rhythm}</p> : ''}
      </section>
      <h2 class="heading-l" safe>{t('directory.space.announcements')}</h2>
      {view.canAnnounce ? (
        <PostForm action={groupPath(g.slug, '/announcements')} csrf={ctx.csrf} class="narrow">
          <TextArea name="body" label={t('directory.space.announcement')} hint={t('directory.space.announcementHint')} value={values.body ?? ''} error={e.body} rows={4} />
          <Button><span safe>{t('directory.space.post')}</span></Button>
        </PostForm>
      ) : ''}
      {view.announcements.length === 0 ? <p safe>{t('directory.space.noAnnouncements')}</p> : (
        <ol class="messages">
          {view.announcements.map((a) => (
            <li class="message message--group">
              <p class="message__meta"><strong>{a.pseudonym ? <PersonName name={a.pseudonym} badge={a.badge} t={t} /> : <span safe>{t('directory.space.formerMember')}</span>}</strong> · <time datetime={a.created_at} safe>{formatDateTime(a.created_at, locale)}</time></p>
              <div class="prose">{renderMarkdown(a.body) as 'safe'}</div>
            </li>
          ))}
        </ol>
      )}
      <h2 class="heading-l" safe>{t('directory.space.members')}</h2>
      <ul class="list list--inline">{view.members.map((m) => <li><PersonName name={m.name} badge={m.badge} t={t} /></li>)}</ul>
      {view.hiddenCount ? <p class="hint" safe>{t('directory.space.hidden', { count: view.hiddenCount })}</p> : ''}
      <PostForm action={groupPath(g.slug, '/listed')} csrf={ctx.csrf}>
        <input type="hidden" name="listed" value={view.me.listed ? '' : '1'} />
        <Button variant="secondary"><span safe>{t(view.me.listed ? 'directory.space.unlist' : 'directory.space.list')}</span></Button>
      </PostForm>
      {view.canLeave ? (
        <PostForm action={groupPath(g.slug, '/leave')} csrf={ctx.csrf}>
          <Button variant="warning"><span safe>{t('directory.space.leave')}</span></Button>
        </PostForm>
      ) : ''}
    </Layout>
  );
}

// --- Editing ---------------------------------------------------------------------

export interface GroupFormValues {
  name: string;
  description: string;
  kind: string;
  audience: string;
  formats: string[];
  place: string;
  area: string;
  address: string;
  rhythm: string;
  rrule: string;
  startTime: string;
  duration: string;
  languages: string[];
  accessibility: string[];
  status: string;
  accepting: boolean;
  topics: string[];
}

export function GroupFormFields({ ctx, values, errors, topics, proposal, statusOptions }: { ctx: PageContext; values: GroupFormValues; errors: FieldProblem[]; topics: TopicOption[]; proposal: boolean; statusOptions?: readonly string[] }) {
  const { t, locale } = ctx;
  const e = errorsByField(errors);
  return (
    <>
      <TextInput name="name" label={t('directory.edit.name')} hint={t('directory.edit.nameHint')} value={values.name} error={e.name} width="full" />
      <TextArea name="description" label={t('directory.edit.description')} hint={t('directory.edit.descriptionHint')} value={values.description} error={e.description} rows={8} />
      <ChoiceGroup type="radio" name="kind" legend={t('directory.edit.kind')} value={values.kind} error={e.kind} options={GROUP_KINDS.map((k) => ({ value: k, label: t(label(KIND_LABEL, k)) }))} />
      <ChoiceGroup type="radio" name="audience" legend={t('directory.edit.audience')} value={values.audience} error={e.audience} options={AUDIENCES.map((k) => ({ value: k, label: t(label(AUDIENCE_LABEL, k)) }))} />
      <div class="field">
        <label class="label" for="topics" safe>{t('directory.edit.topics')}</label>
        <div id="topics-hint" class="hint" safe>{t('directory.edit.topicsHint')}</div>
        {e.topics ? <p id="topics-error" class="field-error" safe>{e.topics}</p> : ''}
        <select class="select select--multi" id="topics" name="topics" multiple="multiple" size="8" aria-describedby={e.topics ? 'topics-hint topics-error' : 'topics-hint'} aria-invalid={e.topics ? 'true' : undefined}>
          {topics.map((x) => <option value={x.slug} selected={values.topics.includes(x.slug)} safe>{x.name}</option>)}
        </select>
      </div>
      {proposal ? '' : <ChoiceGroup type="checkbox" name="formats" legend={t('directory.edit.formats')} value={values.formats} error={e.formats} options={FORMATS.map((k) => ({ value: k, label: t(label(FORMAT_LABEL, k)) }))} />}
      <TextInput name="place" label={t('directory.edit.place')} hint={t('directory.edit.placeHint')} value={values.place} error={e.place} />
      <TextInput name="area" label={t('directory.edit.area')} hint={t('directory.edit.areaHint')} value={values.area} error={e.area} />
      {proposal ? '' : <TextArea name="address" label={t('directory.edit.address')} hint={t('directory.edit.addressHint')} value={values.address} error={e.address} rows={3} />}
      <TextInput name="rhythm" label={t('directory.edit.rhythm')} hint={t('directory.edit.rhythmHint')} value={values.rhythm} error={e.rhythm} width="full" />
      {proposal ? '' : (
        <>
          <TextInput name="rrule" label={t('directory.edit.rrule')} hint={t('directory.edit.rruleHint')} value={values.rrule} error={e.rrule} width="full" spellcheck={false} />
          <TextInput name="startTime" label={t('directory.edit.startTime')} hint={t('directory.edit.startTimeHint')} value={values.startTime} error={e.startTime} width="short" />
          <TextInput name="duration" label={t('directory.edit.duration')} value={values.duration} error={e.duration} width="short" />
          <ChoiceGroup type="checkbox" name="languages" legend={t('directory.edit.languages')} value={values.languages} error={e.languages} options={LANGUAGES.map((l) => ({ value: l, label: languageName(l, locale) }))} />
          <ChoiceGroup type="checkbox" name="accessibility" legend={t('directory.edit.accessibility')} value={values.accessibility} error={e.accessibility} options={ACCESSIBILITY.map((k) => ({ value: k, label: t(label(ACCESSIBILITY_LABEL, k)) }))} />
          <Select name="status" label={t('directory.edit.status')} hint={statusOptions && statusOptions.length < STATUSES.length - 1 ? t('directory.edit.statusHint') : undefined} value={values.status} error={e.status} options={(statusOptions ?? STATUSES).map((s) => ({ value: s, label: t(label(STATUS_LABEL, s)) }))} />
          <Checkbox name="accepting" checked={values.accepting} label={<span safe>{t('directory.edit.accepting')}</span>} />
        </>
      )}
    </>
  );
}

export function EditGroupScreen({ ctx, group, values, errors, topics, statusOptions }: { ctx: PageContext; group: { slug: string; name: string }; values: GroupFormValues; errors: FieldProblem[]; topics: TopicOption[]; statusOptions: readonly string[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory.edit.title', { group: group.name })} hasErrors={errors.length > 0}>
      <p class="breadcrumb"><a href={groupPath(group.slug)} safe>{group.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.edit.title', { group: group.name })}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <PostForm action={groupPath(group.slug, '/edit')} csrf={ctx.csrf} class="narrow">
        <GroupFormFields ctx={ctx} values={values} errors={errors} topics={topics} proposal={false} statusOptions={statusOptions} />
        <Button><span safe>{t('directory.edit.save')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function ProposeScreen({ ctx, values, errors, topics }: { ctx: PageContext; values: GroupFormValues; errors: FieldProblem[]; topics: TopicOption[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory.propose.title')} hasErrors={errors.length > 0}>
      <h1 class="heading-xl" safe>{t('directory.propose.title')}</h1>
      <ErrorSummary title={t('form.errorSummary')} errors={errors} />
      <p class="lead" safe>{t('directory.propose.lead')}</p>
      <PostForm action="/groups/new" csrf={ctx.csrf} class="narrow">
        <GroupFormFields ctx={ctx} values={values} errors={errors} topics={topics} proposal={true} />
        <Button><span safe>{t('directory.propose.submit')}</span></Button>
      </PostForm>
    </Layout>
  );
}

export function HistoryScreen({ ctx, group, revisions }: { ctx: PageContext; group: { slug: string; name: string }; revisions: Array<{ id: number; actor: string; createdAt: string; fields: string[] }> }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory.history.title', { group: group.name })}>
      <p class="breadcrumb"><a href={groupPath(group.slug)} safe>{group.name}</a></p>
      <h1 class="heading-xl" safe>{t('directory.history.title', { group: group.name })}</h1>
      <Table
        columns={[t('directory.history.when'), t('directory.history.who'), t('directory.history.what')]}
        rows={revisions.map((r) => [<Text value={formatDateTime(r.createdAt, locale)} />, <Text value={r.actor} />, <Text value={r.fields.join(', ')} />])}
      />
    </Layout>
  );
}

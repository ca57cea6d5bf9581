// Events in Chromium: one place left — one person takes it, another joins the waiting list; the first
// cancels from "my registrations"; the second moves up and gets the mail. On the way every new page
// type (list, month, event, forms, my registrations, participants, meetings) goes through axe-core,
// and the server HTML of every page through the Nu Html Checker.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { A11yLog, browserSuite, HtmlCollector, launchBrowser, logInThroughForm, navigation, newContext, screenshot, startApp, visit } from './support.ts';
import type { RunningApp } from './support.ts';
import { buildFixture } from '../../src/features/directory/fixture.test-support.ts';
import * as events from '../../src/features/events/service.ts';
import { isoToLocal } from '../../src/platform/recurrence.ts';

browserSuite('events journey (Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let first: Page;
  let second: Page;
  let fixture: Awaited<ReturnType<typeof buildFixture>>;
  let eventId = '';
  const axe = new A11yLog();
  const html = new HtmlCollector();
  const startsAt = new Date(Date.now() + 5 * 86_400_000).toISOString();

  before(async () => {
    app = await startApp();
    fixture = await buildFixture(app.t.app);
    const deps = app.t.app.deps;
    const point = fixture.point;
    eventId = await events.createEvent(deps, {
      actor: { id: null },
      organiser: { kind: 'organisation', id: point.id, slug: point.slug, name: point.name, url: `/organisations/${point.slug}` },
      input: {
        title: 'Online-Austausch: Wieder Tritt fassen', description: 'Eine Stunde **Austausch** am Bildschirm.', startsAt, endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
        format: 'online', area: '', placeId: null, lat: null, lon: null, address: '', onlineUrl: 'https://meet.example.org/austausch', accessibility: ['easy_language'], audience: 'affected',
        topics: ['depression'], contactName: 'Maria Beispiel', contactRole: 'Beraterin der Kontaktstelle', contactPhone: '0341 1234567', contactEmail: 'kontakt@example.org',
        registration: 'open', capacity: 2, deadline: null,
      },
    });
    // Someone else already holds one of the two places.
    const event = (await events.getEvent(deps.db, eventId))!;
    await events.register(deps, { event, who: { userId: fixture.people.facilitator.userId, name: '', email: null, locale: 'de' }, waitlist: false });
    browser = await launchBrowser();
    first = await (await newContext(browser, app.base)).newPage();
    second = await (await newContext(browser, app.base)).newPage();
    html.watch(first, 'first');
    html.watch(second, 'second');
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    html.dispose();
  });

  test('a visitor finds the event in the list and the month view and sees the registration form', async () => {
    await visit(first, '/events');
    await axe.check(first, 'events list');
    assert.match(await first.locator('main').innerText(), /Online-Austausch: Wieder Tritt fassen/);
    await screenshot(first, 'events-list');
    await visit(first, `/events?view=month&month=${isoToLocal(startsAt).date.slice(0, 7)}`);
    await axe.check(first, 'events month');
    assert.match(await first.locator('.month__grid').innerText(), /Online-Austausch/);
    await screenshot(first, 'events-month');
    await visit(first, '/events?near=Xyzabcdorf', 400);
    await axe.check(first, 'events list with a bad place');
    await visit(first, `/events/${eventId}`);
    await axe.check(first, 'event page (visitor)');
    assert.match(await first.locator('main').innerText(), /Noch 1 Platz frei/);
    await screenshot(first, 'event-page');
  });

  test('the first person takes the last place, the second joins the waiting list', async () => {
    await logInThroughForm(first, 'Sonnenblume');
    await visit(first, `/events/${eventId}`);
    await navigation(first, () => first.getByRole('button', { name: 'Jetzt anmelden' }).click());
    assert.match(await first.locator('main').innerText(), /Sie sind angemeldet/);
    assert.match(await first.locator('main').innerText(), /meet\.example\.org\/austausch/);
    await axe.check(first, 'event page (registered)');
    await logInThroughForm(second, 'Kranich');
    await visit(second, `/events/${eventId}`);
    assert.match(await second.locator('main').innerText(), /Alle Plätze sind vergeben/);
    await axe.check(second, 'event page (full)');
    await navigation(second, () => second.getByRole('button', { name: 'Auf die Warteliste setzen' }).click());
    assert.match(await second.locator('main').innerText(), /Sie stehen auf der Warteliste/);
    assert.doesNotMatch(await second.locator('main').innerText(), /meet\.example\.org/);
  });

  test('the first cancels; the second moves up and gets the mail', async () => {
    await visit(first, '/events/mine');
    await axe.check(first, 'my registrations');
    await navigation(first, () => first.getByRole('button', { name: /^Abmelden: / }).click());
    assert.match(await first.locator('main').innerText(), /Sie sind zurzeit für keine Veranstaltung angemeldet/);
    await visit(second, `/events/${eventId}`);
    assert.match(await second.locator('main').innerText(), /Sie sind angemeldet/);
    await app.t.app.deps.jobs.runDue(100);
    const mails = await app.t.app.deps.db.selectFrom('outbox').selectAll().where('to_address', '=', 'kranich@example.org').execute();
    assert.ok(mails.some((m) => m.subject === 'Ein Platz ist frei geworden: Online-Austausch: Wieder Tritt fassen'), mails.map((m) => m.subject).join(' | '));
    await visit(second, '/events/mine');
    await navigation(second, () => second.getByRole('button', { name: 'Geheime Kalender-Adresse erstellen' }).click());
    assert.match(await second.locator('.feed-url').innerText(), /\/events\/feed\/.+\.ics$/);
    await axe.check(second, 'my registrations with a new feed address');
  });

  test('organisers: the event form (also with errors), participants, meetings', async () => {
    const staff = await (await newContext(browser, app.base)).newPage();
    html.watch(staff, 'staff');
    await logInThroughForm(staff, 'Kontakt Karl');
    await visit(staff, `/events/${eventId}/participants`);
    assert.match(await staff.locator('main').innerText(), /Kranich/);
    await axe.check(staff, 'participants');
    await visit(staff, '/events/new');
    await axe.check(staff, 'choose an organiser');
    await visit(staff, `/events/new?organisation=${fixture.point.slug}`);
    await axe.check(staff, 'new event form');
    await staff.getByLabel('Titel').fill('Infoabend');
    await staff.getByLabel('Plätze').fill('0');
    await navigation(staff, () => staff.getByRole('button', { name: 'Veranstaltung veröffentlichen' }).click());
    assert.match(await staff.locator('.error-summary').innerText(), /ganze Zahl ab 1/);
    assert.equal(await staff.getByLabel('Titel').inputValue(), 'Infoabend');
    await axe.check(staff, 'new event form with errors');
    await visit(staff, `/events/${eventId}/edit`);
    await axe.check(staff, 'edit event form');
    await visit(staff, `/events/${eventId}/cancel`);
    await axe.check(staff, 'cancel event form');
    await visit(staff, `/groups/${fixture.groups.leipzigGroup.slug}/meetings`);
    await axe.check(staff, 'manage meetings');
    await visit(staff, `/groups/${fixture.groups.leipzigGroup.slug}`);
    assert.match(await staff.locator('.meetings').innerText(), /Nächste Treffen/);
    await axe.check(staff, 'group page with meetings');
  });

  test('axe-core: 0 violations on every events page', () => {
    axe.assertClean();
  });

  test('Nu Html Checker: 0 errors in the server HTML of every events page', async () => {
    await html.assertValid();
  });
});

/**
 * The page a message's link opens (src/http/record-page.ts) in a real browser: a member of staff
 * gives their token and sees the complaint, as the graph lets them read it; a partner, a bad token
 * and a complaint out of the caller's scope are told so; the page asks nothing of any origin but the
 * gateway's and breaks none of its content security policy. Screenshot: artifacts/complaint-page.png.
 * A compliment's link opens its page the same way.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/domain/enums';
import { createWorld, type World } from '../test/fixtures/procedure';
import { launchChromium } from './chromium';

let browser: Browser;
let w: World;
let link: string;

beforeAll(async () => {
  browser = await launchChromium();
  w = await createWorld(new Date('2026-11-02T10:00:00Z'));
  const complaint = await w.recordAdult();
  const [{ link: sent }] = await w.db.dataSource.query(
    `SELECT payload->>'link' AS link FROM notifications WHERE complaint_id = $1 LIMIT 1`,
    [complaint.id],
  );
  // The message's link, on the gateway's own port (its public address would be a proxy's).
  link = new URL(w.gw.gateway.url).origin + new URL(sent).pathname;
});

afterAll(async () => {
  await browser?.close();
  await w?.stop();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Requests to anywhere but the gateway, and console errors (a policy violation is one). */
  strays: string[];
  problems: string[];
}

async function open(url = link): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  const strays: string[] = [];
  const problems: string[] = [];
  const origin = new URL(url).origin;
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).origin === origin) return route.continue();
    strays.push(route.request().url());
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, strays, problems };
}

async function signIn(page: Page, token: string) {
  await page.fill('#token', token);
  await page.click('button[type=submit]');
}

const status = (page: Page) => page.locator('#status');

describe('the complaint page in chromium', () => {
  it('shows the complaint to staff who give their token, keeps it for the tab, and signs out', async () => {
    const { context, page, strays, problems } = await open();
    const reference = new URL(link).pathname.split('/').pop()!;
    expect(await page.title()).toBe(`Complaint ${reference}`);
    await expect.poll(() => status(page).textContent()).toBe('Give your access token to see it.');
    expect(await page.locator('#record').isHidden()).toBe(true);

    await signIn(page, w.tokens.officer);
    await page.locator('#record').waitFor({ state: 'visible' });
    const details = await page.locator('#fields').innerText();
    expect(details).toContain(reference);
    expect(details).toContain('The report says I missed contact sessions that I attended.');
    expect(details).toContain('Response due\n2026-11-23');
    await mkdir('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/complaint-page.png', fullPage: true });

    // The token stays for the tab: a reload shows the complaint again without asking.
    await page.reload({ waitUntil: 'load' });
    await page.locator('#record').waitFor({ state: 'visible' });
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
    await page.click('#sign-out');
    await expect.poll(() => status(page).textContent()).toBe('Signed out.');
    expect(await page.locator('#record').isHidden()).toBe(true);
    await page.reload({ waitUntil: 'load' });
    expect(await page.locator('#sign-in').isVisible()).toBe(true);

    expect(strays).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tells a partner, a bad token and a caller who may not read the complaint what happened', async () => {
    const outsider = await w.f.staff({ role: Role.PRACTITIONER });
    const cases: [string, string][] = [
      [await w.gw.token(Role.PROVIDER, w.provider.id), 'This page is for the service’s staff'],
      ['not-a-token', 'That token was not accepted'],
      [await w.gw.token(Role.PRACTITIONER, outsider.id), 'that you may read'],
    ];
    for (const [token, told] of cases) {
      const { context, page, strays, problems } = await open();
      await signIn(page, token);
      await expect.poll(() => status(page).textContent()).toContain(told);
      expect(await page.locator('#record').isHidden()).toBe(true);
      expect(strays).toEqual([]);
      // A refused token is answered 401, which chromium logs as a failed resource: nothing else.
      expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
      await context.close();
    }
  });

  it('shows a compliment from its message’s link to its praised member of staff’s line manager', async () => {
    const recorded = await w.mutate(
      `mutation ($input: RecordComplimentInput!) { recordCompliment(input: $input) { compliment { id } errors { code } } }`,
      { staffId: w.practitioner.id, source: 'SERVICE_USER', receivedOn: '2026-10-30', summary: 'Kind and clear.' },
    );
    expect(recorded.errors).toEqual([]);
    const [{ link: sent }] = await w.db.dataSource.query(
      `SELECT payload->>'link' AS link FROM notifications WHERE template = 'compliment-recorded'`,
    );
    expect(sent).toBe(`https://complaints.example.org/compliments/${recorded.compliment.id}`);
    const { context, page, strays, problems } = await open(new URL(link).origin + new URL(sent).pathname);
    expect(await page.title()).toBe('A compliment');
    await signIn(page, w.tokens.lineManager);
    await page.locator('#record').waitFor({ state: 'visible' });
    const details = await page.locator('#fields').innerText();
    expect(details).toContain(`For\n${w.practitioner.firstName} ${w.practitioner.lastName}`);
    expect(details).toContain('Compliment\nKind and clear.');
    expect(strays).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

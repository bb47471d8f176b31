/**
 * The explorer (src/http/explorer.ts) in a real browser, offline: GET /graphql opens it with its example
 * tabs and, before a token is given, asks the gateway nothing; a member of staff pastes their token into
 * the Headers panel, the schema loads with it, an example runs and shows the complaint with its case
 * file. Every request the page makes is to the gateway (anything else is aborted and recorded), and
 * nothing breaks its content security policy. Screenshot: artifacts/explorer.png.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../test/fixtures/procedure';
import { waitUntil } from '../test/fixtures/wait';
import { launchChromium } from './chromium';

let browser: Browser;
let w: World;
let origin: string;

beforeAll(async () => {
  browser = await launchChromium();
  w = await createWorld(new Date('2026-11-02T10:00:00Z'), { EXPLORER: 'on' });
  origin = new URL(w.gw.gateway.url).origin;
});

afterAll(async () => {
  await browser?.close();
  await w?.stop();
});

/** Replaces the text of an editor (`request-headers`, `variables`) as a user does: select all, paste. */
async function paste(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(`.monaco-editor[data-uri$="-${editor}.json"]`).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.evaluate((value) => (globalThis as any).navigator.clipboard.writeText(value), text);
  await page.keyboard.press('ControlOrMeta+v');
}

/** An editor's text as shown (Monaco shows spaces as no-break spaces). */
const textOf = async (page: Page, label: string) =>
  (await page.locator(`section[aria-label="${label}"]`).innerText()).replaceAll('\u00a0', ' ');

describe('the explorer in chromium', () => {
  it('takes a token in its Headers panel, loads the schema with it and runs an example', async () => {
    const complaint = await w.recordAdult();
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const strays: string[] = [];
    const problems: string[] = [];
    const posts: string[] = [];
    await context.route('**/*', (route) => {
      const request = route.request();
      if (new URL(request.url()).origin !== origin) {
        strays.push(request.url());
        return route.abort();
      }
      if (request.method() === 'POST') posts.push(request.postDataJSON().operationName ?? 'anonymous');
      return route.continue();
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const result = () => textOf(page, 'Result Window');

    await page.goto(`${origin}/graphql`, { waitUntil: 'load' });
    expect(await page.title()).toBe('GraphQL explorer · complaints gateway');
    // Without a token the explorer says where it goes, and asks the gateway nothing.
    await waitUntil('the hint that a token is needed', result, (text) => text.includes('No token yet'));
    const tabs = await page.getByRole('tab').allInnerTexts();
    expect(tabs).toEqual([
      'WhoAmI',
      'MyWorkQueue',
      'ComplaintWithCaseFile',
      'TeamCaseload',
      'ProviderComplaints',
      'CaseByNumber',
      'OpenReferrals',
      'QuarterFigures',
      'Refetch',
    ]);
    expect(await textOf(page, 'Headers')).toContain('"Authorization": "Bearer <token: npm run -s token');
    expect(posts).toEqual([]);

    await page.getByRole('tab', { name: 'ComplaintWithCaseFile' }).click();
    const [schema] = await Promise.all([
      page.waitForResponse((r) => r.request().postDataJSON()?.operationName === 'IntrospectionQuery'),
      paste(page, 'request-headers', JSON.stringify({ Authorization: `Bearer ${w.tokens.officer}` })),
    ]);
    expect(schema.status()).toBe(200);
    await page.getByText('Variables', { exact: true }).click();
    await paste(page, 'variables', JSON.stringify({ reference: complaint.reference }));
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const shown = await waitUntil('the answer', result, (text) => text.includes('Section 7 welfare report'));
    expect(shown).toContain(`"reference": "${complaint.reference}"`);
    expect(shown).toContain('"caseNumber": "BM26P00001"');
    expect(shown).toContain('"name": "Family Court at Birmingham"');
    expect(posts).toEqual(['IntrospectionQuery', 'ComplaintWithCaseFile']);

    // The schema the token loaded, in the documentation explorer.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('query:').waitFor();
    await mkdir('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/explorer.png' });

    expect(strays).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

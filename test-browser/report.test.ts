/**
 * The quarterly report rendered by a real browser (Debian's chromium through playwright-core): it
 * draws its charts, logs no errors and asks the network for nothing. A screenshot goes to
 * artifacts/report.png for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presentStatistics } from '../src/domain/statistics';
import { buildReport } from '../src/report/report-model';
import { renderReportHtml } from '../src/report/report-html';
import { FIGURES } from '../test/fixtures/report-figures';
import { launchChromium } from './chromium';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in chromium', () => {
  it('renders its charts offline, without errors, and is saved as artifacts/report.png', async () => {
    const html = renderReportHtml(
      buildReport(presentStatistics(FIGURES, true), {
        periodLabel: '2026-Q3',
        serviceArea: 'Midlands',
        generatedOn: '2026-10-05',
      }),
    );
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    // Anything the page asks the network for is recorded and refused.
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => requests.push(request.url()));

    await page.setContent(html, { waitUntil: 'load' });

    expect(await page.title()).toBe('Complaints and compliments: 2026-Q3, Midlands');
    expect(await page.locator('svg.chart').count()).toBe(11);
    // The charts were laid out: every one has a size, and bars were drawn (a suppressed count has none).
    const boxes = await page
      .locator('svg.chart')
      .evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect()).map((r) => [r.width, r.height]));
    for (const [width, height] of boxes) {
      expect(width).toBeGreaterThan(200);
      expect(height).toBeGreaterThan(20);
    }
    expect(await page.locator('#received-by-channel svg rect.bar').count()).toBe(3);
    expect(await page.locator('#received-by-channel svg text.suppressed').textContent()).toBe('<5');
    expect(await page.locator('#key-figures td.value').first().textContent()).toBe('48');

    await mkdir('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/report.png', fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });
});

/**
 * Links in messages open (issue 15): every message links to `FRONTEND_URL/complaints/REF`, a
 * frontend's address when one is set and by default the gateway, which answers the link with a page
 * for staff (src/http/record-page.ts; test-browser/record-page.test.ts runs it in chromium).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';
import { createWorld, type World } from './fixtures/procedure';
import { startTestGateway, TEST_ENV } from './fixtures/gateway';

let w: World;

beforeAll(async () => {
  // No FRONTEND_URL: links point at the gateway's public address (TEST_ENV: https://complaints.example.org).
  w = await createWorld(new Date('2026-11-02T10:00:00Z'));
});

afterAll(async () => {
  await w?.stop();
});

/** The gateway's own origin (its URL ends in /graphql). */
const origin = () => new URL(w.gw.gateway.url).origin;

const links = async (reference: string): Promise<string[]> =>
  (
    await w.db.dataSource.query(
      `SELECT DISTINCT n.payload->>'link' AS link FROM notifications n
         JOIN complaints c ON c.id = n.complaint_id WHERE c.reference = $1`,
      [reference],
    )
  ).map((r: { link: string }) => r.link);

describe('a link in a message', () => {
  it('points at the gateway by default, and the gateway answers it with the complaint’s page', async () => {
    const complaint = await w.recordAdult();
    const found = await links(complaint.reference);
    expect(found).toEqual([`https://complaints.example.org/complaints/${complaint.reference}`]);

    // The same path on the gateway (its public address is a proxy's, here the test's own port).
    const response = await fetch(origin() + new URL(found[0]).pathname);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain(`<main data-page="complaints" data-key="${complaint.reference}">`);
    expect(html).toContain('<script src="/assets/record-page.js"></script>');
    // The page holds no data of the complaint: only its script, with the caller's token, asks for it.
    expect(html).not.toContain('missed contact sessions');
    expect(html).not.toContain('<script>');

    const script = await fetch(`${origin()}/assets/record-page.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const text = await script.text();
    expect(text).toMatch(/fetch\(['"]\/graphql['"]/);
    expect(text).toContain('complaint(reference: $key)');
    expect(() => new Function(text)).not.toThrow();

    const head = await fetch(origin() + new URL(found[0]).pathname, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('is not found for anything but a reference, or for another method', async () => {
    for (const path of [
      '/complaints/',
      '/complaints/nope',
      '/complaints/CMP-2026-12',
      '/complaints/CMP-2026-0001234',
      '/complaints/CMP-2026-000001/x',
      '/complaints/%3Cscript%3E',
      '/assets/other.js',
      '/compliments/not-an-id',
      '/constructor/x',
      '/__proto__/x',
    ]) {
      const response = await fetch(origin() + path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('<script');
    }
    const post = await fetch(`${origin()}/complaints/CMP-2026-000001`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('points at the frontend when FRONTEND_URL is set', async () => {
    const gw = await startTestGateway(w.db, {
      now: () => new Date('2026-11-02T10:00:00Z'),
      env: { FRONTEND_URL: 'https://frontend.example.org/casework/' },
    });
    try {
      const result = await gw.query(
        `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { complaint { reference } errors { code } } }`,
        {
          input: {
            channel: 'EMAIL',
            receivedAt: '2026-11-02T09:00:00Z',
            summary: 'Calls were not returned.',
            caseId: w.kase.id,
            complainant: { kind: 'ADULT_PARTY', firstName: 'Alex', lastName: 'Applicant', partyId: w.party.id },
          },
        },
        w.tokens.officer,
      );
      expect(result.data.recordComplaint.errors).toEqual([]);
      const { reference } = result.data.recordComplaint.complaint;
      expect(await links(reference)).toEqual([`https://frontend.example.org/casework/complaints/${reference}`]);
    } finally {
      await gw.stop();
    }
  });
});

describe('FRONTEND_URL', () => {
  it.each([
    ['complaints.example.org', 'FRONTEND_URL is not a valid URL: "complaints.example.org"'],
    ['ftp://complaints.example.org', 'FRONTEND_URL must be an http or https address: "ftp://complaints.example.org"'],
  ])('refuses %s, naming the setting', (value, message) => {
    expect(() => readConfig({ ...TEST_ENV, FRONTEND_URL: value })).toThrow(new ConfigError(message));
  });

  it('defaults to PUBLIC_URL', () => {
    expect(readConfig({ ...TEST_ENV, PUBLIC_URL: 'https://gateway.example.org/' }).frontendUrl).toBe(
      'https://gateway.example.org',
    );
  });
});

/**
 * CORS over HTTP (CORS_ORIGINS): a browser page on an allowed origin gets its preflight answered (204, the
 * methods and headers a frontend sends) and may read `/graphql`'s answers; any other origin gets no CORS
 * header at all, and without CORS_ORIGINS no origin does.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';
import { Role } from '../src/domain/enums';
import { createTestDatabase, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';

const FRONTEND = 'https://frontend.example.org';
const DEV_FRONTEND = 'http://localhost:5173';
const ELSEWHERE = 'https://elsewhere.example.com';

let db: TestDatabase;
let gw: TestGateway;
let plain: TestGateway;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  gw = await startTestGateway(db, { env: { CORS_ORIGINS: `${FRONTEND}, ${DEV_FRONTEND}` } });
  plain = await startTestGateway(db);
  const officer = await new Factory(db.dataSource).staff({ role: Role.CST_OFFICER });
  token = await gw.token(Role.CST_OFFICER, officer.id);
});

afterAll(async () => {
  await gw?.stop();
  await plain?.stop();
  await db?.drop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request as a browser sends it (Node's http client: it sends the Origin header it is given). */
function request(target: TestGateway, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: target.gateway.port, path: '/graphql', method, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const preflight = (target: TestGateway, origin: string) =>
  request(target, 'OPTIONS', {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization,content-type,idempotency-key',
  });

/** The Access-Control-* headers of an answer. */
const corsHeaders = (answer: Answer) =>
  Object.fromEntries(Object.entries(answer.headers).filter(([name]) => name.startsWith('access-control-')));

describe('CORS', () => {
  it('answers a preflight from an allowed origin with 204 and what the frontend may send', async () => {
    for (const origin of [FRONTEND, DEV_FRONTEND]) {
      const answer = await preflight(gw, origin);
      expect(answer.status).toBe(204);
      expect(answer.body).toBe('');
      expect(corsHeaders(answer)).toEqual({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers':
          'content-type, authorization, idempotency-key, x-request-id, apollo-require-preflight, ' +
          'x-apollo-operation-name',
        'access-control-max-age': '600',
      });
      expect(answer.headers.vary).toBe('Origin');
    }
  });

  it('lets an allowed origin read the answer to its request', async () => {
    const answer = await request(
      gw,
      'POST',
      { origin: FRONTEND, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      JSON.stringify({ query: '{ me { role } }' }),
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { me: { role: 'CST_OFFICER' } } });
    expect(corsHeaders(answer)).toEqual({
      'access-control-allow-origin': FRONTEND,
      'access-control-expose-headers': 'x-request-id, retry-after',
    });
    expect(answer.headers.vary).toBe('Origin');
  });

  it('gives any other origin no CORS header, on the preflight or the request', async () => {
    const refused = await preflight(gw, ELSEWHERE);
    expect(refused.status).toBe(204);
    expect(corsHeaders(refused)).toEqual({});
    // A look-alike of an allowed origin is another origin.
    for (const origin of [`${FRONTEND}:8443`, 'http://frontend.example.org', 'https://frontend.example.org.evil.test'])
      expect(corsHeaders(await preflight(gw, origin))).toEqual({});
    const answer = await request(
      gw,
      'POST',
      { origin: ELSEWHERE, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      JSON.stringify({ query: '{ me { role } }' }),
    );
    expect(answer.status).toBe(200); // served (CORS is the browser's to enforce): the page cannot read it
    expect(corsHeaders(answer)).toEqual({});
  });

  it('gives no CORS header to any origin without CORS_ORIGINS, and answers a preflight 204, not 400', async () => {
    const answer = await preflight(plain, FRONTEND);
    expect(answer.status).toBe(204);
    expect(answer.headers.allow).toBe('POST, GET, OPTIONS');
    expect(corsHeaders(answer)).toEqual({});
    expect(answer.headers.vary).toBeUndefined();
  });

  it.each([
    ['*', ''],
    ['https://frontend.example.org/', ': did you mean "https://frontend.example.org"?'],
    ['https://Frontend.example.org', ': did you mean "https://frontend.example.org"?'],
    ['https://frontend.example.org:443', ': did you mean "https://frontend.example.org"?'],
    ['frontend.example.org', ''],
    ['ftp://frontend.example.org', ''],
  ])('refuses CORS_ORIGINS=%j in one line', (origin, hint) => {
    expect(() => readConfig({ CORS_ORIGINS: `${DEV_FRONTEND},${origin}` })).toThrowError(
      new ConfigError(
        'CORS_ORIGINS must list origins as a browser sends them (scheme://host[:port], no path or wildcard), ' +
          `got "${origin}"${hint}`,
      ),
    );
  });

  it('is empty unless set', () => {
    expect(readConfig({}).operations.corsOrigins).toEqual([]);
    expect(readConfig({ CORS_ORIGINS: `${FRONTEND},${FRONTEND}` }).operations.corsOrigins).toEqual([FRONTEND]);
  });
});

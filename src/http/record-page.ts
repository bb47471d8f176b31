/**
 * The pages a message's link opens when no frontend has its own address (`FRONTEND_URL` unset): a
 * complaint (`/complaints/REF`) or a compliment (`/compliments/ID`), for a member of staff who gives
 * their access token. A page holds nothing but the reference or id from its address; its script asks
 * `/graphql` with the caller's token, so what it shows is exactly what that caller may read, under the
 * same authorization and audit as any request. Others (a complainant following their acknowledgement,
 * a partner) are told how to reach the service.
 *
 * Strict content security policy: the script is served by the gateway (no inline script), it may talk
 * to this origin only, and nothing is fetched from anywhere else (internal networks are often offline).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isReference } from '../domain/reference';
import { isId } from '../domain/validation';
import { escapeHtml } from '../integrations/templates/html';
import { sendPage } from './respond';

const SCRIPT_PATH = '/assets/record-page.js';

const STYLE = `body{font-family:Arial,sans-serif;line-height:1.5;margin:0;color:#1b1b1b}
main{max-width:46rem;margin:2rem auto;padding:0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}
label{display:block;font-weight:bold}input{width:100%;max-width:30rem;padding:.4rem;margin:.25rem 0 .75rem}
button{padding:.4rem 1rem}pre{background:#f3f3f3;padding:.75rem;overflow:auto}
[role=status]{padding:.5rem 0}`;

const CSP = [
  "default-src 'none'",
  `script-src 'self'`,
  "connect-src 'self'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What a page shows, run by the page's script (so plain data: it is sent to the browser as JSON). */
interface PageSpec {
  /** The operation, with one variable `$key`. */
  query: string;
  /** The root field it reads. */
  root: string;
  /** Fields shown, in order, with their labels (an object's values are joined: a person's names). */
  labels: [string, string][];
  /** A list field shown as items (`a: b` of each item's values) under its heading. */
  list: { field: string; title: string; empty: string } | null;
  /** Roles the page serves; the graph decides the rest. */
  roles: string[];
  /** Said when the record is unknown or out of the caller's scope. */
  missing: string;
}

interface Page {
  /** Whether the path's last part names such a record. */
  key: (value: string) => boolean;
  title: (key: string) => string;
  /** The first paragraph, for whoever opens the link. */
  intro: (key: string) => string;
  spec: PageSpec;
}

const PAGES: Record<string, Page> = {
  complaints: {
    key: isReference,
    title: (reference) => `Complaint ${reference}`,
    intro: (reference) =>
      `If you made this complaint, quote its reference ${reference} when you contact us: ` +
      'this page is for the service’s staff.',
    spec: {
      // What every role that reads the whole complaint (O, M, S, L, P) may see of it.
      query: `query ComplaintPage($key: String!) {
  complaint(reference: $key) {
    reference status channel receivedAt dueReason nextDueOn responseDueOn summary
    aspects { category description }
  }
}`,
      root: 'complaint',
      labels: [
        ['reference', 'Reference'],
        ['status', 'Status'],
        ['channel', 'Received by'],
        ['receivedAt', 'Received at'],
        ['dueReason', 'Deadline rule'],
        ['nextDueOn', 'Next step due'],
        ['responseDueOn', 'Response due'],
        ['summary', 'Summary'],
      ],
      list: { field: 'aspects', title: 'Aspects', empty: 'None recorded yet.' },
      roles: ['CST_OFFICER', 'CST_MANAGER', 'SENIOR_MANAGER', 'LINE_MANAGER', 'PRACTITIONER'],
      missing: 'There is no such complaint that you may read.',
    },
  },
  compliments: {
    key: isId,
    title: () => 'A compliment',
    intro: () => 'A compliment for a member of staff: this page is for the service’s staff.',
    spec: {
      query: `query ComplimentPage($key: ID!) {
  compliment(id: $key) { staff { firstName lastName } source receivedOn summary }
}`,
      root: 'compliment',
      labels: [
        ['staff', 'For'],
        ['source', 'From'],
        ['receivedOn', 'Received on'],
        ['summary', 'Compliment'],
      ],
      list: null,
      roles: ['CST_OFFICER', 'CST_MANAGER', 'SENIOR_MANAGER', 'LINE_MANAGER'],
      missing: 'There is no such compliment that you may read.',
    },
  },
};

/** Fills the page's details from the record read (in the browser, beside pageScript). */
function showRecord(doc: any, record: any, spec: PageSpec): void {
  const text = (value: any): string =>
    value !== null && typeof value === 'object' ? Object.values(value).filter(Boolean).join(' ') : String(value);
  const fields = doc.getElementById('fields');
  fields.replaceChildren();
  for (const [name, label] of spec.labels) {
    if (record[name] === null || record[name] === undefined) continue;
    const term = doc.createElement('dt');
    term.textContent = label;
    const value = doc.createElement('dd');
    value.textContent = text(record[name]);
    fields.append(term, value);
  }
  if (spec.list) {
    const items = (record[spec.list.field] ?? []).map((item: any) => Object.values(item).map(text).join(': '));
    const list = doc.getElementById('list');
    list.replaceChildren();
    for (const line of items.length ? items : [spec.list.empty]) {
      const item = doc.createElement('li');
      item.textContent = line;
      list.append(item);
    }
  }
  doc.getElementById('record').hidden = false;
}

/**
 * The page's script, run in the browser (served as a file: the policy allows no inline script). Text
 * goes in through textContent only. The token is kept for the browser tab (sessionStorage), not beyond.
 */
function pageScript(specs: Record<string, PageSpec>): void {
  const doc: any = (globalThis as any).document;
  const storage: any = (globalThis as any).sessionStorage;
  const TOKEN = 'complaints-gateway-token';
  const main = doc.querySelector('main');
  const spec = specs[main.dataset.page];
  const key: string = main.dataset.key;
  const $ = (id: string) => doc.getElementById(id);
  const say = (text: string): void => {
    $('status').textContent = text;
  };
  $('query').textContent = spec.query + '\n\nvariables: ' + JSON.stringify({ key });
  async function ask(token: string, text: string, variables: object): Promise<any> {
    const response = await (globalThis as any).fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query: text, variables }),
    });
    return response.json();
  }
  function signedOut(message: string): void {
    storage.removeItem(TOKEN);
    $('record').hidden = true;
    $('sign-in').hidden = false;
    $('sign-out').hidden = true;
    say(message);
  }
  async function load(token: string): Promise<void> {
    say('Loading…');
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    try {
      const me = await ask(token, '{ me { role } }', {});
      const code = me.errors?.[0]?.extensions?.code;
      if (code === 'UNAUTHENTICATED') return signedOut('That token was not accepted: it may have expired.');
      if (!me.data) return say('The service could not answer: ' + (me.errors?.[0]?.message ?? 'try again.'));
      if (!spec.roles.includes(me.data.me.role)) {
        return say('This page is for the service’s staff; partners read the service’s records through the API.');
      }
      const answer = await ask(token, spec.query, { key });
      const record = answer.data?.[spec.root];
      if (!record) return say(answer.errors?.[0]?.message ?? spec.missing);
      showRecord(doc, record, spec);
      say(answer.errors ? 'Some details are not shown to your role.' : '');
    } catch {
      say('The service could not be reached: try again.');
    }
  }
  $('sign-in').addEventListener('submit', (event: any) => {
    event.preventDefault();
    const token = $('token').value.trim();
    storage.setItem(TOKEN, token);
    $('token').value = '';
    void load(token);
  });
  $('sign-out').addEventListener('click', () => signedOut('Signed out.'));
  const kept = storage.getItem(TOKEN);
  if (kept) void load(kept);
}

const SPECS = Object.fromEntries(Object.entries(PAGES).map(([name, page]) => [name, page.spec]));
const SCRIPT = `${showRecord.toString()}\n(${pageScript.toString()})(${JSON.stringify(SPECS)});\n`;

function html(name: string, page: Page, key: string): string {
  const title = escapeHtml(page.title(key));
  const list = page.spec.list ? `<h2>${escapeHtml(page.spec.list.title)}</h2><ul id="list"></ul>` : '';
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><main data-page="${name}" data-key="${escapeHtml(key)}">
<h1>${title}</h1>
<p>${escapeHtml(page.intro(key))}</p>
<p id="status" role="status">Give your access token to see it.</p>
<form id="sign-in"><label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Show it</button></form>
<section id="record" hidden aria-labelledby="details">
<h2 id="details">Details</h2><dl id="fields"></dl>${list}</section>
<p><button id="sign-out" type="button" hidden>Sign out</button></p>
<details><summary>The query this page sends to /graphql</summary><pre id="query"></pre></details>
</main><script src="${SCRIPT_PATH}"></script></body></html>
`;
}

function answer(req: IncomingMessage, res: ServerResponse, type: string, body: string): void {
  sendPage(req, res, { type, body, csp: CSP });
}

/** Answers a record's page and the pages' script; false when `path` is neither (or the method is not GET/HEAD). */
export function serveRecordPage(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === SCRIPT_PATH) {
    answer(req, res, 'text/javascript; charset=utf-8', SCRIPT);
    return true;
  }
  const match = /^\/([a-z-]+)\/([^/]+)$/.exec(path);
  const page = match && Object.hasOwn(PAGES, match[1]) ? PAGES[match[1]] : undefined;
  if (!match || !page || !page.key(match[2])) return false;
  answer(req, res, 'text/html; charset=utf-8', html(match[1], page, match[2]));
  return true;
}

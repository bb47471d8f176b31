/**
 * The page a message's link opens when no frontend has its own address (`FRONTEND_URL` unset): the
 * complaint, for a member of staff who gives their access token. The page itself holds nothing but the
 * reference from its address; its script asks `/graphql` with the caller's token, so what it shows is
 * exactly what that caller may read, under the same authorization and audit as any request. Others
 * (a complainant following their acknowledgement, a partner) are told how to reach the service.
 *
 * Strict content security policy: the script is served by the gateway (no inline script), it may talk
 * to this origin only, and nothing is fetched from anywhere else (internal networks are often offline).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LINKED_REFERENCE } from '../services/links';
import { escapeHtml } from '../integrations/templates/html';

const SCRIPT_PATH = '/assets/complaint-page.js';

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

/** What every role that reads the whole complaint (O, M, S, L, P) may see of it. */
const QUERY = `query ComplaintPage($reference: String!) {
  complaint(reference: $reference) {
    reference status channel receivedAt dueReason nextDueOn responseDueOn summary
    aspects { category description }
  }
}`;

const STAFF_ROLES = ['CST_OFFICER', 'CST_MANAGER', 'SENIOR_MANAGER', 'LINE_MANAGER', 'PRACTITIONER'];

/** Fills the page's details from the complaint read (in the browser, beside pageScript). */
function showComplaint(doc: any, complaint: any): void {
  const LABELS: [string, string][] = [
    ['reference', 'Reference'],
    ['status', 'Status'],
    ['channel', 'Received by'],
    ['receivedAt', 'Received at'],
    ['dueReason', 'Deadline rule'],
    ['nextDueOn', 'Next step due'],
    ['responseDueOn', 'Response due'],
    ['summary', 'Summary'],
  ];
  const list = doc.getElementById('fields');
  list.replaceChildren();
  for (const [name, label] of LABELS) {
    if (complaint[name] === null || complaint[name] === undefined) continue;
    const term = doc.createElement('dt');
    term.textContent = label;
    const value = doc.createElement('dd');
    value.textContent = String(complaint[name]);
    list.append(term, value);
  }
  const aspects = doc.getElementById('aspects');
  aspects.replaceChildren();
  const items = (complaint.aspects ?? []).map((aspect: any) => aspect.category + ': ' + aspect.description);
  for (const text of items.length ? items : ['None recorded yet.']) {
    const item = doc.createElement('li');
    item.textContent = text;
    aspects.append(item);
  }
  doc.getElementById('complaint').hidden = false;
}

/**
 * The page's script, run in the browser (served as a file: the policy allows no inline script). Text
 * goes in through textContent only. The token is kept for the browser tab (sessionStorage), not beyond.
 */
function pageScript(query: string, staffRoles: string[]): void {
  const doc: any = (globalThis as any).document;
  const storage: any = (globalThis as any).sessionStorage;
  const KEY = 'complaints-gateway-token';
  const reference: string = doc.querySelector('main').dataset.reference;
  const $ = (id: string) => doc.getElementById(id);
  const say = (text: string): void => {
    $('status').textContent = text;
  };
  $('query').textContent = query + '\n\nvariables: ' + JSON.stringify({ reference });
  async function ask(token: string, text: string, variables: object): Promise<any> {
    const response = await (globalThis as any).fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query: text, variables }),
    });
    return response.json();
  }
  function signedOut(message: string): void {
    storage.removeItem(KEY);
    $('complaint').hidden = true;
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
      if (!staffRoles.includes(me.data.me.role)) {
        return say('This page is for the service’s staff; partners read complaints through the API.');
      }
      const answer = await ask(token, query, { reference });
      if (!answer.data?.complaint) {
        return say(answer.errors?.[0]?.message ?? 'There is no complaint ' + reference + ' that you may read.');
      }
      showComplaint(doc, answer.data.complaint);
      say(answer.errors ? 'Some details are not shown to your role.' : '');
    } catch {
      say('The service could not be reached: try again.');
    }
  }
  $('sign-in').addEventListener('submit', (event: any) => {
    event.preventDefault();
    const token = $('token').value.trim();
    storage.setItem(KEY, token);
    $('token').value = '';
    void load(token);
  });
  $('sign-out').addEventListener('click', () => signedOut('Signed out.'));
  const kept = storage.getItem(KEY);
  if (kept) void load(kept);
}

const ARGUMENTS = [QUERY, STAFF_ROLES].map((value) => JSON.stringify(value)).join(', ');
const SCRIPT = `${showComplaint.toString()}\n(${pageScript.toString()})(${ARGUMENTS});\n`;

function page(reference: string): string {
  const ref = escapeHtml(reference);
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Complaint ${ref}</title><style>${STYLE}</style></head>
<body><main data-reference="${ref}">
<h1>Complaint ${ref}</h1>
<p>If you made this complaint, quote its reference ${ref} when you contact us: this page is for the service’s staff.</p>
<p id="status" role="status">Give your access token to see this complaint.</p>
<form id="sign-in"><label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Show the complaint</button></form>
<section id="complaint" hidden aria-labelledby="details"><h2 id="details">Details</h2><dl id="fields"></dl>
<h2>Aspects</h2><ul id="aspects"></ul></section>
<p><button id="sign-out" type="button" hidden>Sign out</button></p>
<details><summary>The query this page sends to /graphql</summary><pre id="query"></pre></details>
</main><script src="${SCRIPT_PATH}"></script></body></html>
`;
}

function answer(req: IncomingMessage, res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Answers the complaint page and its script; false when `path` is neither (or the method is not GET/HEAD). */
export function serveComplaintPage(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === SCRIPT_PATH) {
    answer(req, res, 'text/javascript; charset=utf-8', SCRIPT);
    return true;
  }
  const match = /^\/complaints\/([^/]+)$/.exec(path);
  if (!match) return false;
  const reference = match[1];
  if (!LINKED_REFERENCE.test(reference)) return false;
  answer(req, res, 'text/html; charset=utf-8', page(reference));
  return true;
}

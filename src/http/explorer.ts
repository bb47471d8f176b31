/**
 * The GraphQL explorer, served by the gateway itself (`EXPLORER`, on by default outside production): GET
 * /graphql from a browser (one that prefers HTML, without a `query` parameter) answers the page; API
 * clients' GET and POST requests go to GraphQL as ever. The page is Ruru (the PostGraphile team's
 * distribution of GraphiQL, https://grafast.org/ruru): its prebuilt bundle, copied from the npm package
 * into dist/explorer at build time (scripts/copy-explorer.mjs), is served from /explorer/ruru/.
 *
 * Nothing is fetched from anywhere else (internal networks are often offline): the content security policy
 * allows this origin only (fonts inlined as data: URLs), and no inline script. Styles may be inline: the
 * editor (Monaco) and the UI add theirs at run time. The page carries no data: the schema and every answer
 * come from /graphql with the token its user types in the Headers panel, under the same authorization as
 * any request (introspection outside development: staff only, src/graphql/introspection.ts). Tokens are
 * not stored by the page (GraphiQL keeps tabs and history in localStorage, headers left out).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { ConfigError, type Config } from '../config';
import { EXPLORER_EXAMPLES } from './explorer-examples';
import { sendPage } from './respond';

const ASSETS = '/explorer/';
const VENDOR = `${ASSETS}ruru/`;
const SCRIPT_PATH = `${ASSETS}explorer.js`;
const STYLE_PATH = `${ASSETS}explorer.css`;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The bundle's files served, by extension (its source maps are left out). */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Where Ruru's bundle is: the installed package when there is one (development and tests, where `npm start`
 * compiles but does not copy), else the copy the build made (production, where `npm prune --omit=dev` drops
 * the package).
 */
function bundleFolder(): string | null {
  try {
    return path.join(path.dirname(require.resolve('ruru')), '..', 'static');
  } catch {
    const built = path.resolve(__dirname, '..', '..', 'explorer');
    return existsSync(built) ? built : null;
  }
}

interface BundleFile {
  file: string;
  type: string;
  etag: string;
}

function bundleFiles(folder: string): Map<string, BundleFile> {
  const files = new Map<string, BundleFile>();
  for (const name of readdirSync(folder)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const file = path.join(folder, name);
    const { size, mtimeMs } = statSync(file);
    files.set(name, { file, type, etag: `"${size.toString(36)}-${Math.trunc(mtimeMs).toString(36)}"` });
  }
  return files;
}

/** The explorer's settings, sent to the browser as JSON. */
interface ExplorerSettings {
  vendor: string;
  endpoint: string;
  /** Said instead of fetching the schema while no token is given. */
  noToken: string;
  /** Ruru's (and so GraphiQL's) properties. */
  props: Record<string, unknown>;
}

/** The Headers panel's hint: a token of the role, and how to make one where `npm run token` makes them. */
function headerHint(role: string, localTokens: boolean): string {
  const token = localTokens ? `<token: npm run -s token -- --role ${role}>` : '<your access token>';
  return JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);
}

function settingsOf(config: Config): ExplorerSettings {
  // Development tokens (signed with the local secret) are accepted unless an identity provider's key set is set.
  const localTokens = !config.auth.jwksUrl;
  const make = localTokens ? ' (in development, npm run -s token -- --role CST_OFFICER prints one)' : '';
  return {
    vendor: VENDOR,
    endpoint: '/graphql',
    noToken:
      `No token yet: in the Headers panel below, put your access token after Bearer${make}. ` +
      'The schema loads once the gateway accepts it.',
    props: {
      endpoint: '/graphql',
      defaultTabs: EXPLORER_EXAMPLES.map((example) => ({
        query: example.query,
        variables: JSON.stringify(example.variables, null, 2),
        headers: headerHint(example.role, localTokens),
      })),
      defaultQuery: '# Write an operation here; the example tabs show what each kind of client asks.\n',
      defaultHeaders: headerHint('CST_OFFICER', localTokens),
      defaultEditorToolsVisibility: 'headers',
      // Tokens stay out of localStorage, whatever the user ticks.
      shouldPersistHeaders: false,
      showPersistHeadersSettings: false,
      // Ruru's "explain" asks PostGraphile for its SQL plans: nothing here answers it.
      debugTools: [],
    },
  };
}

/**
 * The explorer's script, run in the browser as a module after Ruru's bundle is imported: Monaco's workers
 * from this origin, a fetcher that posts to /graphql with the tab's headers, and the schema fetched again
 * whenever the Authorization header changes to a token (GraphiQL would fetch it only on load).
 */
function explorerScript(React: any, createRoot: any, Ruru: any, settings: ExplorerSettings): void {
  const g: any = globalThis;
  const workers: Record<string, string> = { json: 'jsonWorker.js', graphql: 'graphqlWorker.js' };
  g.MonacoEnvironment = {
    getWorker: (_id: string, label: string) =>
      new g.Worker(settings.vendor + (workers[label] ?? 'editorWorker.js'), { type: 'module' }),
  };
  const TOKEN = /^Bearer\s+[\w-]+\.[\w-]+\.[\w-]+$/i;
  const tokenIn = (headers: Record<string, unknown> | undefined): string | null => {
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (name.toLowerCase() === 'authorization' && typeof value === 'string' && TOKEN.test(value.trim())) return value;
    }
    return null;
  };
  const parsed = (text: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  async function post(params: any, options?: { headers?: Record<string, unknown> }): Promise<unknown> {
    if (params.operationName === 'IntrospectionQuery' && !tokenIn(options?.headers)) {
      return { errors: [{ message: settings.noToken }] };
    }
    const response = await g.fetch(settings.endpoint, {
      method: 'POST',
      headers: {
        ...options?.headers,
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify(params),
    });
    return response.json();
  }
  function Explorer() {
    const [fetcher, setFetcher] = React.useState(() => post);
    const seen = React.useRef(null);
    const timer = React.useRef(undefined);
    const onEditHeaders = React.useCallback((text: string) => {
      g.clearTimeout(timer.current);
      // Once the panel has settled (a token typed by hand passes through many token-like prefixes).
      timer.current = g.setTimeout(() => {
        const token = tokenIn(parsed(text));
        if (token === seen.current) return;
        seen.current = token;
        // A new fetcher makes GraphiQL fetch the schema again, with the headers now in the panel.
        if (token) setFetcher(() => (params: any, options: any) => post(params, options));
      }, 500);
    }, []);
    return React.createElement(Ruru, { ...settings.props, fetcher, onEditHeaders });
  }
  createRoot(g.document.getElementById('explorer')).render(React.createElement(Explorer));
}

const STYLE = 'body{margin:0}#explorer{height:100vh}';

const PAGE = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphQL explorer · complaints gateway</title>
<link rel="stylesheet" href="${VENDOR}ruru.css"><link rel="stylesheet" href="${STYLE_PATH}">
<script type="module" src="${SCRIPT_PATH}"></script></head>
<body><div id="explorer"></div>
<noscript>The explorer needs JavaScript. API clients send their GraphQL requests to this address.</noscript>
</body></html>
`;

const JSON_RANGES = new Set(['application/json', 'application/graphql-response+json']);

/** Whether an Accept header ranks HTML at least as high as JSON: a browser's navigation (a bare wildcard is not). */
export function prefersHtml(accept: string | undefined): boolean {
  let html = 0;
  let json = 0;
  for (const range of (accept ?? '').toLowerCase().split(',')) {
    const [type, ...parameters] = range.split(';').map((part) => part.trim());
    const q = parameters.find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) || 0 : 1;
    if (type === 'text/html') html = Math.max(html, quality);
    else if (JSON_RANGES.has(type)) json = Math.max(json, quality);
  }
  return html > 0 && html >= json;
}

/** GET /graphql asking for a page: a browser's, not a GraphQL request over GET (`query`, `extensions`). */
function asksForPage(req: IncomingMessage, url: URL): boolean {
  return (
    url.pathname === '/graphql' &&
    !url.searchParams.has('query') &&
    !url.searchParams.has('extensions') &&
    prefersHtml(req.headers.accept)
  );
}

export interface Explorer {
  /** Answers the page or one of its files; false when the request is neither. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

/** The explorer, or null when it is off. Its bundle must be there: start-up stops with one line if not. */
export function createExplorer(config: Config): Explorer | null {
  if (!config.explorer) return null;
  const folder = bundleFolder();
  if (!folder) {
    throw new ConfigError('EXPLORER=on, but the explorer is not built: run npm run build (or set EXPLORER=off)');
  }
  const files = bundleFiles(folder);
  const settings = JSON.stringify(settingsOf(config));
  const script =
    `import { React, createRoot, Ruru } from '${VENDOR}ruru.js';\n` +
    `(${explorerScript.toString()})(React, createRoot, Ruru, ${settings});\n`;
  return {
    async serve(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const name = url.pathname;
      if (asksForPage(req, url)) sendPage(req, res, { type: 'text/html; charset=utf-8', body: PAGE, csp: CSP });
      else if (name === SCRIPT_PATH) sendPage(req, res, { type: TYPES['.js'], body: script, csp: CSP });
      else if (name === STYLE_PATH) sendPage(req, res, { type: TYPES['.css'], body: STYLE, csp: CSP });
      else {
        const file = name.startsWith(VENDOR) ? files.get(name.slice(VENDOR.length)) : undefined;
        if (!file) return false;
        const body = req.headers['if-none-match'] === file.etag ? '' : await readFile(file.file);
        sendPage(req, res, { type: file.type, body, csp: CSP, etag: file.etag });
      }
      return true;
    },
  };
}

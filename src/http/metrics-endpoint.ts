/**
 * `GET /metrics` where METRICS_PORT puts it: on a listener of its own (only `/metrics` there; the
 * production default, 9464) or on the gateway's port; either way behind METRICS_TOKEN when one is set.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type Config } from '../config';
import type { Metrics } from './metrics';
import { send, sendError } from './respond';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Answers `/metrics`: the Prometheus text, or 401 without the token (when one is configured). */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  token: string | undefined,
): Promise<void> {
  if (token && !timingSafeEqual(digest(req.headers.authorization ?? ''), digest(`Bearer ${token}`))) {
    res.setHeader('www-authenticate', 'Bearer');
    return sendError(res, 401, 'metrics need the metrics token', 'UNAUTHENTICATED');
  }
  send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** The listener of its own, when METRICS_PORT names a port; null when `/metrics` is on the main port. */
export async function startMetricsListener(config: Config, metrics: Metrics): Promise<MetricsListener | null> {
  const { port, token } = config.metrics;
  if (port === 'main') return null;
  const listener = await startSideListener(port, config.host, 'METRICS_PORT', (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || req.method !== 'GET') return send(res, 404, JSON.stringify({ error: 'not found' }));
    serveMetrics(req, res, metrics, token).catch(() =>
      sendError(res, 500, 'metrics unavailable', 'INTERNAL_SERVER_ERROR'),
    );
  });
  return { url: `${listener.origin}/metrics`, close: listener.close };
}

/** A small HTTP listener beside the main one (metrics, a worker's health); `origin` is `http://localhost:port`. */
export interface SideListener {
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0: any free port) of `host`; a port in use is a one-line error naming `setting`. */
export async function startSideListener(
  port: number,
  host: string,
  setting: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<SideListener> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(`${setting} ${port} is in use: stop the other process or set ${setting}`)
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    origin: `http://localhost:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

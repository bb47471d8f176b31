/**
 * Tracing's settings (issue 17): off unless an OTLP endpoint is configured, with the standard variables
 * of OpenTelemetry. The exporter reads the rest of them itself (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, …).
 */
import { ConfigError } from './config-values';

export interface TracingConfig {
  /**
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT: where spans are sent (OTLP over
   * HTTP). null: tracing is off, and no SDK is loaded (src/telemetry/tracing.ts).
   */
  endpoint: string | null;
  /** OTEL_SERVICE_NAME, by default `complaints-gateway`. */
  serviceName: string;
}

export function readTracing(env: NodeJS.ProcessEnv): TracingConfig {
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || 'complaints-gateway';
  const name = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
    ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'
    : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const endpoint = env[name]?.trim() || null;
  // The specification's switch for the whole SDK; "none" is its word for "no traces exported".
  if (!endpoint || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' || env.OTEL_TRACES_EXPORTER === 'none')
    return { endpoint: null, serviceName };
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol === 'grpc')
    throw new ConfigError('OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: OTLP over HTTP only');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${endpoint}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`${name} must be an http or https address (OTLP over HTTP): "${endpoint}"`);
  return { endpoint, serviceName };
}

/**
 * What never leaves in a span (SPEC §1.14, as for logs): SQL parameters (the pg instrumentation records
 * none unless asked), the literals of statements sent without parameters (a partner's read audit quotes
 * what it read), and error messages (PostgreSQL's may quote a value; an SMTP refusal names its recipient).
 * A span keeps an error's type or SQLSTATE; the message is in the log line that carries the same trace id.
 */
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Lru } from '../lru';

/** Longest statement text a span carries (a generated read is a few kilobytes). */
export const STATEMENT_TEXT_MAX = 8_000;

/** String literals (`'…'`, `E'…'`, quotes doubled inside) and dollar-quoted ones (`$tag$…$tag$`). */
const LITERALS = /'(?:[^']|'')*'?|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g;

/** The same few texts come with every request: each is redacted once. */
const redacted = new Lru<string>(1000);

/** A statement's text with every literal blanked (`'?'`), cut to STATEMENT_TEXT_MAX characters. */
export function statementText(text: string): string {
  let result = redacted.get(text);
  if (result === undefined) {
    result = text.replace(LITERALS, (literal) => (literal.startsWith("'") ? "'?'" : '$$?$$'));
    if (result.length > STATEMENT_TEXT_MAX) result = `${result.slice(0, STATEMENT_TEXT_MAX)}…`;
    // Long texts (an audit's literals) are not kept: they are never sent twice.
    if (text.length <= STATEMENT_TEXT_MAX) redacted.set(text, result);
  }
  return result;
}

/** A span as exported: the same span without its status message, if it had one. */
function withoutStatusMessage(span: ReadableSpan): ReadableSpan {
  if (span.status.message === undefined) return span;
  // Everything else (its context, times, attributes) is read through to the span itself.
  return Object.create(span, { status: { value: { code: span.status.code } } }) as ReadableSpan;
}

/** Exports through `exporter` with no status message (the pg instrumentation sets PostgreSQL's). */
export class WithoutErrorMessages implements SpanExporter {
  constructor(private readonly exporter: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exporter.export(spans.map(withoutStatusMessage), done);
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }
}

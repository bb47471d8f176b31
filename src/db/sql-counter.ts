/** Counts SQL statements per request (AsyncLocalStorage) and in total, for the statement-count test and metrics. */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, QueryRunner } from 'typeorm';

export interface SqlScope {
  statements: number;
}

const scope = new AsyncLocalStorage<SqlScope>();
let total = 0;

/** Runs `fn` with its own statement count; everything it awaits is counted there. */
export function withSqlScope<T>(target: SqlScope, fn: () => T): T {
  return scope.run(target, fn);
}

export function countStatement(statements = 1): void {
  total += statements;
  const current = scope.getStore();
  if (current) current.statements += statements;
}

/**
 * The statements in a query string: one, unless it was sent without parameters (the simple protocol,
 * the only one that takes several), then one per `;` outside quotes — as PostgreSQL counts them.
 */
export function statementsIn(query: string, parameters?: unknown[]): number {
  if (parameters?.length) return 1;
  let count = 1;
  // From one quote or semicolon to the next (a partner's read audit is tens of kilobytes of literals).
  const next = (from: number) => {
    const semicolon = query.indexOf(';', from);
    const quote = query.indexOf("'", from);
    return semicolon === -1 ? quote : quote === -1 ? semicolon : Math.min(semicolon, quote);
  };
  for (let i = next(0); i !== -1; i = next(i + 1)) {
    if (query[i] === "'") {
      i = query.indexOf("'", i + 1); // the literal's end ('' inside it: an end and a new start)
      if (i === -1) break;
    } else if (query.slice(i + 1).trim()) count += 1;
  }
  return count;
}

export function totalStatements(): number {
  return total;
}

/** A TypeORM logger that counts every statement and reports only errors and slow queries. */
export class CountingLogger implements Logger {
  constructor(
    private readonly onProblem: (message: string, detail: Record<string, unknown>) => void = () => undefined,
  ) {}

  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner): void {
    countStatement(statementsIn(query, parameters));
  }

  logQueryError(error: string | Error, query: string): void {
    // Parameters are never logged: they carry personal data.
    this.onProblem('query failed', { error: error instanceof Error ? error.message : error, query });
  }

  logQuerySlow(time: number, query: string): void {
    this.onProblem('slow query', { ms: time, query });
  }

  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

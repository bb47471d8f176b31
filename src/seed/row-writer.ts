/** Writes the seed's rows with multi-row INSERTs and counts them per table. */
import type { EntityManager } from 'typeorm';

export type Row = Record<string, unknown>;

export interface SeedCounts {
  [table: string]: number;
}

/** Under PostgreSQL's limit of 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

/** Bulk insert with multi-row VALUES, batched under PostgreSQL's parameter limit. */
async function insertRows(em: EntityManager, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const perBatch = Math.floor(MAX_PARAMETERS / columns.length);
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${columns.map((c) => `$${params.push(row[c] ?? null)}`).join(',')})`);
    await em.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}`,
      params,
    );
  }
}

/** The rows of one chunk of cases, per table, until they are written together. */
export class ChunkRows {
  private readonly tables = new Map<string, Row[]>();

  add(table: string, row: Row): void {
    const rows = this.tables.get(table);
    if (rows) rows.push(row);
    else this.tables.set(table, [row]);
  }

  of(table: string): Row[] {
    return this.tables.get(table) ?? [];
  }
}

export class RowWriter {
  /** Rows written per table, in the order the tables were first written (a table written empty counts 0). */
  readonly counts: SeedCounts = {};

  constructor(private readonly em: EntityManager) {}

  async write(table: string, rows: Row[]): Promise<void> {
    await insertRows(this.em, table, rows);
    this.counts[table] = (this.counts[table] ?? 0) + rows.length;
  }
}

/**
 * Writes a migration with the SQL that brings the migrated schema up to the entities
 * (what `typeorm migration:generate` does), against a scratch embedded PostgreSQL.
 * Usage: npm run migration:generate -- <Name>
 */
import 'reflect-metadata';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../src/db/data-source';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { commandLine, run, UsageError } from './cli';

const USAGE = 'npm run migration:generate -- <PascalCaseName>';

run(async () => {
  const [name] = commandLine(USAGE, {}, 1).positionals;
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new UsageError(name ? `'${name}' is not a PascalCase name` : 'the migration needs a name', USAGE);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'migration-'));
  await chmod(dir, 0o755); // PostgreSQL runs as the OS user postgres
  const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
  try {
    const ds = createDataSource({ url: server.url('postgres') });
    await ds.initialize();
    await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    if (sql.upQueries.length === 0) {
      console.log('the schema matches the entities: nothing to generate');
      return;
    }
    const timestamp = Date.now();
    const quote = (q: string) => '`' + q.replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    // Enums shared by several tables (role, contact_method…) come out once per table: keep the first.
    const once = (queries: { query: string }[]) => [...new Map(queries.map((q) => [q.query, q])).values()];
    const up = once(sql.upQueries)
      .map((q) => `    await queryRunner.query(${quote(q.query)});`)
      .join('\n');
    const down = once([...sql.downQueries].reverse())
      .map((q) => `    await queryRunner.query(${quote(q.query)});`)
      .join('\n');
    const file = path.resolve(
      'src/db/migrations',
      `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
    );
    await writeFile(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
        `export class ${name}${timestamp} implements MigrationInterface {\n` +
        `  name = '${name}${timestamp}';\n\n` +
        `  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n` +
        `  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    console.log(`wrote ${path.relative(process.cwd(), file)}: add it to src/db/migrations/index.ts`);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

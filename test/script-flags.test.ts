/**
 * The scripts read their command line strictly (node:util parseArgs): a mistyped flag stops the script
 * before it touches anything. Real processes of the compiled scripts (`dist/`), over a test database.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from './fixtures/procedure';
import { processEnv } from './fixtures/processes';

/** Long enough ago that the default retention of six years after closure has passed, whatever today is. */
const NOW = new Date('2018-03-07T10:00:00Z');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

let w: World;
let dataDir: string;

beforeAll(async () => {
  w = await createWorld(NOW);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'script-flags-'));
});

afterAll(async () => {
  await w?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs `dist/scripts/<script>.js args` against the world's database and waits for it to exit. */
async function script(name: string, args: string[]): Promise<Ran> {
  const env = processEnv(w.db, dataDir, { WORKERS: 'off', LOG_LEVEL: 'error' });
  try {
    const ran = await promisify(execFile)(process.execPath, [path.resolve(`dist/scripts/${name}.js`), ...args], {
      env,
      cwd: dataDir, // where a script would write (schema.graphql, reports/) and look for `.env`
      timeout: 120_000,
    });
    return { code: 0, ...ran };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A complaint withdrawn (closed) on NOW, long past its retention. */
async function closedLongAgo(): Promise<{ id: string; reference: string }> {
  const recorded = await w.mutate(
    `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { complaint { id reference } errors { code } } }`,
    {
      channel: 'EMAIL',
      receivedAt: '2018-03-05T09:00:00Z',
      summary: 'the adviser did not return calls',
      caseId: w.kase.id,
      complainant: { kind: 'ADULT_PARTY', firstName: 'Alex', lastName: 'Applicant', partyId: w.party.id },
    },
  );
  expect(recorded.errors).toEqual([]);
  const withdrawn = await w.mutate(
    `mutation ($input: WithdrawComplaintInput!) { withdrawComplaint(input: $input) { errors { code } } }`,
    { complaintId: recorded.complaint.id, reason: 'resolved by a call' },
  );
  expect(withdrawn.errors).toEqual([]);
  return recorded.complaint;
}

async function anonymisedAt(id: string): Promise<Date | null> {
  const [row] = await w.db.dataSource.query('SELECT anonymised_at FROM complaints WHERE id = $1', [id]);
  return row.anonymised_at;
}

describe('npm run retention', () => {
  it('refuses --dryrun (for --dry-run) and anonymises nothing; --dry-run lists; no flag anonymises', async () => {
    const complaint = await closedLongAgo();

    const mistyped = await script('retention', ['--dryrun']);
    expect(mistyped).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: Unknown option '--dryrun'\nusage: npm run retention [-- --dry-run]\n",
    });
    expect(await anonymisedAt(complaint.id)).toBeNull();

    const dryRun = await script('retention', ['--dry-run']);
    expect(dryRun).toMatchObject({ code: 0, stderr: '' });
    expect(dryRun.stdout).toContain(`would anonymise ${complaint.reference} (closed 2018-03-07`);
    expect(dryRun.stdout).toContain('(dry run: nothing changed)');
    expect(await anonymisedAt(complaint.id)).toBeNull();

    const real = await script('retention', []);
    expect(real).toMatchObject({ code: 0, stderr: '' });
    expect(real.stdout).toContain(`anonymised ${complaint.reference} (closed 2018-03-07`);
    expect(await anonymisedAt(complaint.id)).not.toBeNull();
  });
});

describe('every script', () => {
  it.each([
    ['audit-verify', ['--seel'], "Unknown option '--seel'", 'npm run audit:verify [-- --seal]'],
    ['audit-verify', ['--seal=yes'], "Option '--seal' does not take an argument", 'npm run audit:verify [-- --seal]'],
    [
      'report',
      ['--quarter'],
      "Option '--quarter <value>' argument missing",
      'npm run report -- --quarter 2026-Q3 [--service-area <id, code or name>] [--out dir]',
    ],
    [
      'report',
      ['--quarter', '2026-Q3', '--area', 'Midlands'],
      "Unknown option '--area'",
      'npm run report -- --quarter 2026-Q3 [--service-area <id, code or name>] [--out dir]',
    ],
    [
      'seed',
      ['--scale', '1', '--rest'],
      "Unknown option '--rest'",
      'npm run seed -- [--scale N] [--today YYYY-MM-DD] [--reset]',
    ],
    [
      'token',
      ['--role', 'CST_OFFICER', 'CST_MANAGER'],
      "Unexpected argument 'CST_MANAGER'. This command does not take positional arguments",
      'npm run token -- --role ROLE [--subject <id>] [--ttl 8h]',
    ],
    ['emit-schema', ['--out', 'x.graphql'], "Unknown option '--out'", 'npm run schema:emit'],
    [
      'generate-migration',
      ['AddThing', 'Extra'],
      "Unexpected argument 'Extra'",
      'npm run migration:generate -- <PascalCaseName>',
    ],
  ])('%s refuses %j with exit code 2, the reason and its usage', async (name, args, reason, usage) => {
    const ran = await script(name, args);
    expect(ran).toEqual({ code: 2, stdout: '', stderr: `error: ${reason}\nusage: ${usage}\n` });
  });

  it('prints its usage for --help', async () => {
    expect(await script('seed', ['--help'])).toEqual({
      code: 0,
      stdout: 'usage: npm run seed -- [--scale N] [--today YYYY-MM-DD] [--reset]\n',
      stderr: '',
    });
  });

  it('takes a good flag: report --quarter with --out', async () => {
    const out = path.join(dataDir, 'quarterly'); // not the default, ./reports
    const ran = await script('report', ['--quarter', '2018-Q1', `--out=${out}`]);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout).toBe('wrote quarterly/complaints-2018-Q1.html\nwrote quarterly/complaints-2018-Q1.csv\n');
  });
});

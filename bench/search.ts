/**
 * `npm run bench:search`: how long `complaints(filter: { search })` takes on a large data set (issue
 * 15: a median of at most 50 ms at scale 100 on one connection). Seeds scale 100 (~204,000
 * complaints) into a scratch embedded PostgreSQL, starts the gateway in a child process and times a
 * page of 20 found complaints over HTTP, one request at a time, as a CST officer, for texts taken
 * from the data: part of a reference, part of a case number, a surname with a typo, a whole name, part
 * of an email, two words of a summary, and a text found nowhere. Every answer is checked. Options:
 * --scale N (100), --runs N (20), --database-url URL (an already seeded database: no seeding).
 */
import 'reflect-metadata';
import os from 'node:os';
import pg from 'pg';
import { Role } from '../src/domain/enums';
import { run } from '../scripts/cli';
import { onLargeData, timeRequests } from './harness';

const PAGE = `query Search($search: String!) {
  complaints(first: 20, filter: { search: $search }) { edges { node { reference status nextDueOn case { caseNumber } } } }
}`;

/** A typo: the letter in the middle of the word changed. */
function misspelt(word: string): string {
  const i = Math.floor(word.length / 2);
  const letter = word[i] === 'e' ? 'a' : 'e';
  return word.slice(0, i) + letter + word.slice(i + 1);
}

/** Texts to search for, taken from the data (the same rows every run: the seed is deterministic). */
async function searches(url: string): Promise<{ name: string; text: string }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string) => (await client.query(sql)).rows[0];
    const complaint = await one(
      `SELECT c.reference, k.case_number, n.first_name, n.last_name, n.email, c.summary FROM complaints c
       JOIN cases k ON k.id = c.case_id JOIN complainants n ON n.id = c.complainant_id
       WHERE n.email IS NOT NULL AND length(n.last_name) >= 5 ORDER BY c.reference LIMIT 1 OFFSET 1000`,
    );
    const words = (complaint.summary as string).split(/\W+/).filter((w) => w.length >= 5);
    return [
      { name: 'part of a reference', text: complaint.reference.slice(-6) },
      { name: 'part of a case number', text: complaint.case_number.slice(2, -1) },
      { name: 'a surname with a typo', text: misspelt(complaint.last_name) },
      { name: 'a whole name', text: `${complaint.first_name} ${complaint.last_name}` },
      { name: 'part of an email', text: complaint.email.split('@')[0] },
      { name: 'two words of a summary', text: words.slice(0, 2).join(' ') },
      { name: 'a text found nowhere', text: 'Zanzibar quokka' },
    ];
  } finally {
    await client.end();
  }
}

run(() =>
  onLargeData('npm run bench:search', async ({ gateway, database, runs }) => {
    const officer = await gateway.token(Role.CST_OFFICER);
    const post = async (search: string) => {
      const response = await fetch(`${gateway.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
        body: JSON.stringify({ query: PAGE, variables: { search } }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    };
    console.log(
      `complaints(first: 20, filter: { search }) over HTTP as a CST officer, ${runs} requests one at a time after one ` +
        `warm-up (${os.cpus().length} cores, PostgreSQL on the same machine):`,
    );
    const medians: number[] = [];
    for (const { name, text } of await searches(database.ownerUrl)) {
      const probe = await post(text);
      if (probe.errors) throw new Error(`${name}: ${JSON.stringify(probe.errors)}`);
      const hits = probe.data.complaints.edges.length as number;
      if (name !== 'a text found nowhere' && hits === 0) throw new Error(`${name} (${text}): nothing found`);
      const t = await timeRequests(
        runs,
        () => post(text),
        (answer) => {
          if (answer.errors) throw new Error(`${name}: ${JSON.stringify(answer.errors)}`);
        },
      );
      medians.push(t.median);
      console.log(
        `  ${name} ("${text}"): median ${t.median.toFixed(1)} ms, min ${t.min.toFixed(1)} ms, ` +
          `max ${t.max.toFixed(1)} ms (${hits} on the first page)`,
      );
    }
    console.log(`slowest median: ${Math.max(...medians).toFixed(1)} ms (issue 15 asks for at most 50 ms)`);
  }),
);

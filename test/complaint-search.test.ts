/**
 * Finding complaints (issue 15): `complaints(filter: { search })` by any part of the reference or
 * case number, names with typos, emails and the words of the summary, only where the caller may
 * read; and the work queue's filters a team needs on its first day (unassigned, mine, overdue,
 * received between two dates). Bad input is refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalStatements } from '../src/db/sql-counter';
import { AspectCategory, Role } from '../src/domain/enums';
import { createTestDatabase, onConnection, queryOnce, type TestDatabase } from './fixtures/database';
import { Factory } from './fixtures/factories';
import { startTestGateway, type TestGateway } from './fixtures/gateway';
import { waitUntil } from './fixtures/wait';

let db: TestDatabase;
let gw: TestGateway;
const tokens: Record<string, string> = {};
const refs = { hearing: 'CMP-2026-424242', rude: 'CMP-2026-515151', contact: 'CMP-2026-606060' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const f = new Factory(db.dataSource);
  const area = await f.serviceArea();
  const court = await f.court();
  const provider = await f.provider({ name: 'Harbour Contact' });
  const officer = await f.staff({ role: 'CST_OFFICER' as Role });
  const otherOfficer = await f.staff({ role: 'CST_OFFICER' as Role });
  const practitionerA = await f.staff({ serviceAreaId: area.id });
  const practitionerB = await f.staff({ serviceAreaId: area.id });
  const caseA = await f.case({ caseNumber: 'LV26P00777', courtId: court.id, practitionerId: practitionerA.id });
  const caseB = await f.case({ caseNumber: 'MA26C00123', courtId: court.id, practitionerId: practitionerB.id });
  await f.party(caseA.id, { firstName: 'Bartholomew', lastName: 'Quigley', email: 'b.quigley@example.org' });
  await f.party(caseB.id, { firstName: 'Ronan', lastName: 'Quigly' });
  const smith = await f.complainant({ firstName: 'Siobhan', lastName: 'Smith', email: 'siobhan.smith@example.net' });
  const haddad = await f.complainant({ firstName: 'Tariq', lastName: 'Haddad', email: null });
  Object.assign(ids, { caseA: caseA.id, caseB: caseB.id, smith: smith.id, provider: provider.id });
  await f.complaint({
    reference: refs.hearing,
    caseId: caseA.id,
    complainantId: smith.id,
    summary: 'The hearing was adjourned without notice to the family.',
    assigneeId: officer.id,
    receivedAt: new Date('2026-11-02T10:00:00Z'),
    nextDueOn: '2026-11-03',
  });
  await f.complaint({
    reference: refs.rude,
    caseId: caseB.id,
    complainantId: haddad.id,
    summary: 'Staff at the contact centre were rude on the telephone.',
    assigneeId: null,
    receivedAt: new Date('2026-11-09T23:30:00Z'),
    nextDueOn: '2026-11-20',
  });
  const contact = await f.complaint({
    reference: refs.contact,
    caseId: caseB.id,
    complainantId: haddad.id,
    summary: 'Supervised contact sessions were cancelled twice.',
    assigneeId: otherOfficer.id,
    receivedAt: new Date('2026-11-05T09:00:00Z'),
    nextDueOn: '2026-11-12',
  });
  await f.aspect(contact.id, { category: AspectCategory.PROVIDER_ACTIONS, providerId: provider.id });
  gw = await startTestGateway(db, { now: () => new Date('2026-11-10T12:00:00Z') });
  tokens.officer = await gw.token(Role.CST_OFFICER, officer.id);
  tokens.practitionerA = await gw.token(Role.PRACTITIONER, practitionerA.id);
  tokens.practitionerB = await gw.token(Role.PRACTITIONER, practitionerB.id);
  tokens.provider = await gw.token(Role.PROVIDER, provider.id);
  for (const bearer of Object.values(tokens))
    expect((await gw.query('{ me { role } }', {}, bearer)).errors).toBeUndefined();
});

afterAll(async () => {
  await gw?.stop();
  await db?.drop();
});

const QUEUE = `query ($filter: ComplaintFilter) { complaints(first: 20, filter: $filter) { edges { node { reference } } } }`;

/** The references a filter finds for a caller, sorted. */
async function found(filter: Record<string, unknown>, bearer = tokens.officer): Promise<string[]> {
  const result = await gw.query(QUEUE, { filter }, bearer);
  expect(result.errors).toBeUndefined();
  return result.data.complaints.edges.map((e: any) => e.node.reference).sort();
}

describe('search', () => {
  it.each<[string, string, string[]]>([
    ['any part of a reference', '424242', [refs.hearing]],
    ['any part of a case number', 'ma26c', [refs.contact, refs.rude]],
    ["a complainant's name with a typo", 'Smyth', [refs.hearing]],
    ["a complainant's whole name with typos", 'Tarik Hadad', [refs.contact, refs.rude]],
    ["any part of a complainant's email", 'smith@example', [refs.hearing]],
    ["a party's name", 'Bartholomew', [refs.hearing]],
    ["any part of a party's email", 'quigley@', [refs.hearing]],
    ['words of the summary, in any form', 'adjourning notice', [refs.hearing]],
    ['words of the summary in another order', 'telephone rude', [refs.rude]],
    ['a name as written, not the names that only look like it', 'Quigley', [refs.hearing]],
    ['names that look like it when none is as written', 'Quiglee', [refs.hearing, refs.contact, refs.rude]],
    ['nothing for a text found nowhere', 'Zanzibar', []],
    ['nothing for % and _, which are only themselves', '%_%', []],
  ])('finds %s', async (_what, search, references) => {
    expect(await found({ search })).toEqual([...references].sort());
  });

  it('combines with the other filters', async () => {
    expect(await found({ search: 'Haddad', unassigned: true })).toEqual([refs.rude]);
  });

  it("only finds what the caller may read: a practitioner their own cases' complaints", async () => {
    expect(await found({ search: 'Smyth' }, tokens.practitionerA)).toEqual([refs.hearing]);
    expect(await found({ search: 'Smyth' }, tokens.practitionerB)).toEqual([]);
    // Quigley, as written, is only on a case practitioner B may not read: B gets the names like it on its own.
    expect(await found({ search: 'Quigley' }, tokens.practitionerB)).toEqual([refs.contact, refs.rude].sort());
    expect(await found({ search: 'MA26C' }, tokens.practitionerA)).toEqual([]);
  });

  it('lets a provider find its complaints by reference and case number, never by what it may not read', async () => {
    expect(await found({ search: '606060' }, tokens.provider)).toEqual([refs.contact]);
    expect(await found({ search: 'MA26C' }, tokens.provider)).toEqual([refs.contact]);
    // Its own complaint's summary, complainant and email: not readable by a provider, so not searched.
    expect(await found({ search: 'cancelled' }, tokens.provider)).toEqual([]);
    expect(await found({ search: 'Haddad' }, tokens.provider)).toEqual([]);
  });

  it('is one statement, as the work queue is', async () => {
    const before = totalStatements();
    await found({ search: 'Smyth' });
    expect(totalStatements() - before).toBe(1);
  });
});

describe('filters', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['unassigned', { unassigned: true }, [refs.rude]],
    ['assigned to me', { assignedToMe: true }, [refs.hearing]],
    ['overdue (the next due date before today, 10 November)', { overdue: true }, [refs.hearing]],
    ['received from a London date', { receivedFrom: '2026-11-05' }, [refs.contact, refs.rude]],
    [
      'received up to a London date (23:30 GMT on the 9th is the 9th)',
      { receivedTo: '2026-11-09' },
      Object.values(refs).sort(),
    ],
    ['received on one day', { receivedFrom: '2026-11-02', receivedTo: '2026-11-02' }, [refs.hearing]],
    ['by status set', { status: ['RECEIVED'] }, Object.values(refs).sort()],
  ])('%s', async (_what, filter, references) => {
    expect(await found(filter)).toEqual([...references].sort());
  });
});

describe('bad filters', () => {
  it.each<[string, Record<string, unknown>, string, 'officer' | 'provider']>([
    ['a search of one character', { search: ' a ' }, 'filter.search', 'officer'],
    ['a search too long', { search: 'x'.repeat(201) }, 'filter.search', 'officer'],
    [
      'unassigned and an assignee',
      { unassigned: true, assigneeId: '00000000-0000-4000-8000-000000000000' },
      'filter.unassigned',
      'officer',
    ],
    [
      'received from after received to',
      { receivedFrom: '2026-11-09', receivedTo: '2026-11-01' },
      'filter.receivedFrom',
      'officer',
    ],
    ['assigned to me from a provider', { assignedToMe: true }, 'filter.assignedToMe', 'provider'],
  ])('refuses %s, naming the field, and runs nothing', async (_what, filter, field, caller) => {
    const before = totalStatements();
    const result = await gw.query(QUEUE, { filter }, tokens[caller]);
    expect(result.data?.complaints ?? null).toBeNull();
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    // A provider's request opens its transaction before the filter is read: nothing else runs.
    expect(totalStatements() - before).toBeLessThanOrEqual(caller === 'provider' ? 3 : 0);
  });
});

describe('what is searched', () => {
  it('follows the data: a corrected name, a new party, a renumbered case, a party removed', async () => {
    await db.dataSource.query(
      `UPDATE complainants SET last_name = 'Oyelaran', email = 's.oyelaran@example.net' WHERE id = $1`,
      [ids.smith],
    );
    expect(await found({ search: 'Oyelaran' })).toEqual([refs.hearing]);
    expect(await found({ search: 'Smith' })).toEqual([]);
    const [party] = await db.dataSource.query(
      `INSERT INTO parties (case_id, first_name, last_name, role) VALUES ($1, 'Wilhelmina', 'Fairweather', 'RESPONDENT') RETURNING id`,
      [ids.caseA],
    );
    expect(await found({ search: 'Fairweather' })).toEqual([refs.hearing]);
    await db.dataSource.query(`UPDATE cases SET case_number = 'LV26P09999' WHERE id = $1`, [ids.caseA]);
    expect(await found({ search: 'P09999' })).toEqual([refs.hearing]);
    await db.dataSource.query('DELETE FROM parties WHERE id = $1', [party.id]);
    expect(await found({ search: 'Fairweather' })).toEqual([]);
  });

  it("is out of the application role's reach but through its function, which a provider's scope limits", async () => {
    await expect(db.dataSource.query('SELECT names FROM complaint_search')).rejects.toThrow(/permission denied/);
    const find = (scope: string, text: string, lookAlike: boolean) =>
      db.dataSource.transaction(async (tx) => {
        await tx.query("SELECT set_config('app.provider_id', $1, true)", [scope]);
        return (await tx.query(`SELECT find_complaints($1, $2, true, true, $3) AS id`, [text, `%${text}%`, lookAlike]))
          .length;
      });
    expect(await find('', 'Haddad', false)).toBe(2);
    expect(await find('', 'Hadad', true)).toBe(2);
    // Inside a provider's transaction, names are never searched, whatever the caller asks for.
    expect(await find(ids.provider, 'Haddad', false)).toBe(0);
    expect(await find(ids.provider, 'Hadad', true)).toBe(0);
    await expect(db.dataSource.query('SELECT word FROM complaint_search_vocabulary')).rejects.toThrow(
      /permission denied/,
    );
    // The same of the function a page reads them in order through, all of them or the first few, and
    // with names like it when nothing is found as written (null).
    const inOrder = (scope: string, text: string, lookAlike: boolean | null, first: number | null) =>
      db.dataSource.transaction(async (tx) => {
        await tx.query("SELECT set_config('app.provider_id', $1, true)", [scope]);
        const sql = `SELECT find_complaints_in_order($1, $2, true, true, $3, 'NEXT_DUE_ON', $4) AS id`;
        return (await tx.query(sql, [text, `%${text}%`, lookAlike, first])).length;
      });
    for (const first of [null, 1, 21]) {
      expect(await inOrder('', 'Haddad', false, first)).toBe(Math.min(2, first ?? 2));
      expect(await inOrder('', 'Hadad', null, first)).toBe(Math.min(2, first ?? 2));
      expect(await inOrder(ids.provider, 'Haddad', false, first)).toBe(0);
      expect(await inOrder(ids.provider, 'Hadad', null, first)).toBe(0);
      expect(await inOrder(ids.provider, 'Hadad', true, first)).toBe(0);
    }
  });
});

const PAGES = `query ($filter: ComplaintFilter, $orderBy: ComplaintOrder, $after: String) {
  complaints(first: 1, filter: $filter, orderBy: $orderBy, after: $after) {
    totalCount edges { node { reference } } pageInfo { hasNextPage endCursor }
  }
}`;

/** The references a search finds, a page of one at a time in `orderBy`, and the total each page gave. */
async function paged(search: string, orderBy: string): Promise<{ references: string[]; totals: number[] }> {
  const references: string[] = [];
  const totals: number[] = [];
  for (let after: string | null = null; ;) {
    const result: any = await gw.query(PAGES, { filter: { search }, orderBy, after }, tokens.officer);
    expect(result.errors).toBeUndefined();
    const { edges, pageInfo, totalCount } = result.data.complaints;
    references.push(...edges.map((e: any) => e.node.reference));
    totals.push(totalCount);
    if (!pageInfo.hasNextPage) return { references, totals };
    after = pageInfo.endCursor;
  }
}

/** The words names that look like a text are found through (as the owner: the application role cannot read them). */
async function vocabulary(): Promise<string[]> {
  const rows = await queryOnce(db.ownerUrl, 'SELECT word FROM complaint_search_vocabulary ORDER BY word');
  return rows.map((r) => r.word);
}

describe('the order of what a search finds', () => {
  it('is the work queue order asked for, page after page, and follows due dates and dates received', async () => {
    // "Quiglee" finds all three, through names like it (Quigley on case A, Quigly on case B).
    const all = [refs.hearing, refs.contact, refs.rude];
    expect(await paged('Quiglee', 'NEXT_DUE_ON')).toEqual({ references: all, totals: [3, 3, 3] });
    expect(await paged('Quiglee', 'RECEIVED_AT')).toEqual({ references: all, totals: [3, 3, 3] });
    expect((await paged('Quiglee', 'RECEIVED_AT_DESC')).references).toEqual([...all].reverse());
    // Nothing due on the hearing complaint any more (last in the work queue); the rude one received first.
    await db.dataSource.query('UPDATE complaints SET next_due_on = NULL WHERE reference = $1', [refs.hearing]);
    await db.dataSource.query(`UPDATE complaints SET received_at = '2026-11-01T08:00:00Z' WHERE reference = $1`, [
      refs.rude,
    ]);
    expect((await paged('Quiglee', 'NEXT_DUE_ON')).references).toEqual([refs.contact, refs.rude, refs.hearing]);
    expect((await paged('Quiglee', 'RECEIVED_AT')).references).toEqual([refs.rude, refs.hearing, refs.contact]);
    expect((await paged('telephone', 'RECEIVED_AT_DESC')).references).toEqual([refs.rude]);
  });
});

describe('the words of names', () => {
  it('follow the names: a new name is found by a typo, a name no complaint has any more is not kept', async () => {
    const [party] = await db.dataSource.query(
      `INSERT INTO parties (case_id, first_name, last_name, role) VALUES ($1, 'Ottoline', 'Zebedee', 'RESPONDENT') RETURNING id`,
      [ids.caseB],
    );
    expect(await vocabulary()).toEqual(expect.arrayContaining(['ottoline', 'zebedee']));
    expect(await found({ search: 'Zebadee' })).toEqual([refs.contact, refs.rude].sort());
    await db.dataSource.query('DELETE FROM parties WHERE id = $1', [party.id]);
    expect(await found({ search: 'Zebadee' })).toEqual([]);
    expect(await vocabulary()).not.toContain('zebedee');
    expect(await vocabulary()).not.toContain('ottoline');
  });

  it('keeps a word a transaction still adding it uses while another removes its last use', async () => {
    const [first] = await db.dataSource.query(
      `INSERT INTO parties (case_id, first_name, last_name, role) VALUES ($1, 'Peregrine', 'Vandeleur', 'RESPONDENT') RETURNING id`,
      [ids.caseA],
    );
    await onConnection(db.ownerUrl, async (adding) => {
      // One transaction gives case B a Vandeleur too and holds on; another removes case A's, its last use then.
      await adding.query('BEGIN');
      await adding.query(
        `INSERT INTO parties (case_id, first_name, last_name, role) VALUES ($1, 'Hester', 'Vandeleur', 'RESPONDENT')`,
        [ids.caseB],
      );
      await onConnection(db.ownerUrl, async (removing) => {
        const [{ pid }] = (await removing.query('SELECT pg_backend_pid() AS pid')).rows;
        const removed = removing.query('DELETE FROM parties WHERE id = $1', [first.id]);
        // It waits for the one adding the word before it looks again whether any complaint has it.
        await waitUntil(
          'the removal to wait for the transaction adding the word',
          async () =>
            (await queryOnce(db.ownerUrl, 'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid]))[0],
          (row) => row?.wait_event_type === 'Lock',
        );
        await adding.query('COMMIT');
        await removed;
      });
    });
    expect(await vocabulary()).toContain('vandeleur');
    expect(await found({ search: 'Vandeleor' })).toEqual([refs.contact, refs.rude].sort());
  });
});

describe('a first page', () => {
  it('has the first of many found and the one found after the rows its search walks first', async () => {
    // Sixty complaints due before every other: a first page walks the first rows of the order, which
    // hold the Plovers and not the one complaint due last that mentions a xylophone.
    const f = new Factory(db.dataSource);
    const plover = await f.complainant({ firstName: 'Wendell', lastName: 'Plover', email: null });
    const plovers: string[] = [];
    for (let day = 1; day <= 60; day++) {
      const nextDueOn = new Date(Date.UTC(2026, 7, day)).toISOString().slice(0, 10);
      plovers.push((await f.complaint({ complainantId: plover.id, nextDueOn })).reference);
    }
    const late = await f.complaint({ summary: 'The xylophone was left at the centre.', nextDueOn: '2026-12-31' });
    expect(await paged('Plover', 'NEXT_DUE_ON')).toEqual({ references: plovers, totals: plovers.map(() => 60) });
    expect((await paged('Plover', 'RECEIVED_AT_DESC')).references).toHaveLength(60);
    expect(await paged('xylophone', 'NEXT_DUE_ON')).toEqual({ references: [late.reference], totals: [1] });
    expect(await found({ search: 'xylophone' })).toEqual([late.reference]);
  });
});

/** The pure rules of the case-file sync (and the deadline move it alerts on), table by table. */
import { describe, expect, it } from 'vitest';
import { involvementEndedOn, recordCount } from '../src/domain/case-file';
import { movedEarlier } from '../src/domain/deadlines';
import { CaseStatus } from '../src/domain/enums';

const { OPEN, CLOSED } = CaseStatus;
const TODAY = '2026-11-05';

describe('involvementEndedOn: the start of the six-month window', () => {
  it.each([
    ['a new open case', null, OPEN, undefined, null],
    ['a new closed case', null, CLOSED, undefined, TODAY],
    ['a new closed case with the date given', null, CLOSED, '2026-10-01', '2026-10-01'],
    ['an open case closing', { status: OPEN, involvementEndedOn: null }, CLOSED, undefined, TODAY],
    [
      'a closed case staying closed',
      { status: CLOSED, involvementEndedOn: '2026-09-30' },
      CLOSED,
      undefined,
      '2026-09-30',
    ],
    [
      'a closed case with no date staying closed',
      { status: CLOSED, involvementEndedOn: null },
      CLOSED,
      undefined,
      TODAY,
    ],
    ['a closed case reopening', { status: CLOSED, involvementEndedOn: '2026-09-30' }, OPEN, undefined, null],
    [
      'an open case with a date keyed by hand',
      { status: OPEN, involvementEndedOn: '2026-08-01' },
      OPEN,
      undefined,
      '2026-08-01',
    ],
    ['the case system clearing the date', { status: CLOSED, involvementEndedOn: '2026-09-30' }, CLOSED, null, null],
  ] as const)('%s', (_, before, status, given, expected) => {
    expect(involvementEndedOn(before, status, given, TODAY)).toBe(expected);
  });
});

describe('movedEarlier', () => {
  it.each([
    [{ from: '2026-11-23', to: '2026-11-20' }, true],
    [{ from: '2026-11-20', to: '2026-11-23' }, false],
    [{ from: '2026-11-20', to: '2026-11-20' }, false],
    [{ from: null, to: '2026-11-20' }, false],
    [{ from: '2026-11-20', to: null }, false],
    [undefined, false],
  ])('%j → %s', (change, expected) => {
    expect(movedEarlier(change)).toBe(expected);
  });
});

describe('recordCount: each case and every record nested in it', () => {
  it.each<[Parameters<typeof recordCount>[0], number]>([
    [[], 0],
    [[{}], 1],
    [
      [
        { parties: [1, 2], hearings: [1] },
        { children: [1], courtReports: [1], contactLogs: [1, 2] },
      ],
      2 + 3 + 4,
    ],
    [[{ parties: null }], 1],
  ])('%j → %i', (cases, expected) => {
    expect(recordCount(cases)).toBe(expected);
  });
});

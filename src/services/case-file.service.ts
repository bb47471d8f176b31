/**
 * The case management system's push (SPEC §2 `upsertCaseFile`): cases, parties, children,
 * hearings, court reports and contact logs, keyed by the source system's own ids. Each case is
 * applied in its own savepoint; an invalid record comes back as an error and the rest are applied;
 * identical data changes nothing and audits nothing. A hearing listed, moved, postponed, adjourned,
 * cancelled or completed recomputes the deadlines of the case's open complaints.
 *
 * Here: the batch, a savepoint per case, the case's own row, its audit event and its result. The
 * records nested in a case are matched, validated and written by `case-file-records.ts`.
 */
import { QueryFailedError } from 'typeorm';
import { MAX_CASE_FILE_RECORDS, involvementEndedOn, recordCount, type CaseFileRecord } from '../domain/case-file';
import { CaseStatus } from '../domain/enums';
import type { EnumDoc } from '../domain/enum-docs';
import { Problems, UserErrorCode, fail, type UserErrorData } from '../domain/problems';
import { SHORT_TEXT, requiredDate, requiredText } from '../domain/validation';
import { Case } from '../entities';
import { AuditService, diff } from './audit.service';
import { CaseFileLookups } from './case-file-lookups';
import { applyCaseRecords, checkSourceId, given, type Values } from './case-file-records';
import { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';

export interface CaseFileSyncInput {
  cases: CaseFileRecord[];
}

export enum CaseFileOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  REJECTED = 'REJECTED',
}

export const CASE_FILE_OUTCOME_DOCS: EnumDoc<CaseFileOutcome> = {
  description: 'What `upsertCaseFile` did with a case.',
  values: {
    CREATED: 'A new case was created, with the valid records under it.',
    UPDATED: 'The case or at least one record under it changed; invalid records are named in `errors`.',
    UNCHANGED: 'Identical data: nothing was written and nothing audited.',
    REJECTED:
      'Nothing of the case was applied: its own fields were invalid, its sourceId was sent twice in the batch, ' +
      'or a key it carries belongs to another case (`errors` says which).',
  },
};

export interface CaseFileResultData {
  sourceId: string;
  outcome: CaseFileOutcome;
  case: Case | null;
  /** Records created or changed (the case itself included). */
  changedRecords: number;
  /** Open complaints whose deadlines moved because a hearing changed. */
  recomputedComplaints: number;
}

export interface CaseFileSyncResult {
  cases: CaseFileResultData[];
  errors: UserErrorData[];
}

/** One case of the batch: its result, and the errors of its records (or why it was rejected). */
interface CaseApplied {
  result: CaseFileResultData;
  errors: UserErrorData[];
}

/** The case's own row as written: whether it is new, and its fields that changed. */
interface CaseWritten {
  kase: Case;
  created: boolean;
  changed: ReturnType<typeof diff>;
}

export class CaseFileService {
  constructor(
    private readonly audit: AuditService,
    private readonly deadlines: DeadlineService,
  ) {}

  async upsert(t: TxContext, input: CaseFileSyncInput): Promise<CaseFileSyncResult> {
    checkBatchSize(input.cases);
    const lookups = await CaseFileLookups.load(t, input.cases);
    const sync: CaseFileSyncResult = { cases: [], errors: [] };
    const seen = new Set<string>();
    for (const [i, record] of input.cases.entries()) {
      const path = `input.cases.${i}`;
      const p = new Problems();
      checkSourceId(p, `${path}.sourceId`, record.sourceId, seen, { what: 'case', among: 'batch' });
      const { result, errors } = p.any
        ? rejected(record, p.errors)
        : await this.applyInSavepoint(t, record, path, lookups);
      sync.cases.push(result);
      sync.errors.push(...errors);
    }
    return sync;
  }

  /** Its own savepoint: a case that fails half-way leaves nothing of itself, and the others stand. */
  private async applyInSavepoint(
    t: TxContext,
    record: CaseFileRecord,
    path: string,
    lookups: CaseFileLookups,
  ): Promise<CaseApplied> {
    try {
      return await t.tx.transaction((tx) => this.applyCase({ ...t, tx }, record, path, lookups));
    } catch (error) {
      const problems = rejection(error, path);
      if (!problems) throw error;
      return rejected(record, problems);
    }
  }

  /** One case: its own row, the records under it, the deadlines its hearings move, one audit event. */
  private async applyCase(
    t: TxContext,
    r: CaseFileRecord,
    path: string,
    lookups: CaseFileLookups,
  ): Promise<CaseApplied> {
    const written = await this.writeCase(t, r, path, lookups);
    const { kase } = written;
    const nested = await applyCaseRecords(t, kase, r, path, lookups);
    const recomputed = nested.hearingsChanged.length
      ? await this.deadlines.recomputeCase(
          t,
          kase.id,
          `hearings changed in the case system: ${nested.hearingsChanged.join(', ')}`,
        )
      : 0;
    const changedRecords = (written.created || Object.keys(written.changed).length ? 1 : 0) + nested.audited.length;
    if (changedRecords) {
      await this.audit.record(
        t.tx,
        t.actor,
        {
          action: written.created ? 'case-file.created' : 'case-file.updated',
          entityType: 'Case',
          entityId: kase.id,
          caseId: kase.id,
          change: { sourceId: r.sourceId, case: written.changed, records: nested.audited },
        },
        t.now(),
      );
    }
    const outcome = written.created
      ? CaseFileOutcome.CREATED
      : changedRecords
        ? CaseFileOutcome.UPDATED
        : CaseFileOutcome.UNCHANGED;
    return {
      result: { sourceId: r.sourceId, outcome, case: kase, changedRecords, recomputedComplaints: recomputed },
      errors: nested.errors,
    };
  }

  /** Creates the case or updates what changed in it; problems with its own fields reject it. */
  private async writeCase(
    t: TxContext,
    r: CaseFileRecord,
    path: string,
    lookups: CaseFileLookups,
  ): Promise<CaseWritten> {
    const existing = await findCase(t, r, path);
    const p = new Problems();
    const values = caseValues(p, path, r, existing, lookups);
    p.throwIfAny();
    const status = r.status ?? existing?.status ?? CaseStatus.OPEN;
    values.status = status;
    values.sourceId = r.sourceId;
    values.involvementEndedOn = involvementEndedOn(existing, status, r.involvementEndedOn, t.today);
    const repo = t.tx.getRepository(Case);
    if (!existing) {
      const kase = await repo.save(repo.create(values as Partial<Case>));
      return { kase, created: true, changed: diff({}, values) };
    }
    const changed = diff(existing, values as Partial<Case>);
    if (Object.keys(changed).length) await repo.update(existing.id, values);
    return { kase: Object.assign(existing, values), created: false, changed };
  }
}

function checkBatchSize(cases: readonly CaseFileRecord[]): void {
  const count = recordCount(cases);
  if (count === 0) fail(UserErrorCode.INVALID, 'input.cases', 'input.cases must hold at least one case');
  if (count > MAX_CASE_FILE_RECORDS) {
    fail(
      UserErrorCode.INVALID,
      'input.cases',
      `at most ${MAX_CASE_FILE_RECORDS} records per call (cases and the records in them); ` +
        `this batch has ${count}: send it in parts`,
    );
  }
}

/**
 * The case by its source id, locked; else a case keyed by hand before the case system knew it, by
 * its number, whose source id is then recorded on it; null for a new case.
 */
async function findCase(t: TxContext, r: CaseFileRecord, path: string): Promise<Case | null> {
  const repo = t.tx.getRepository(Case);
  const bySource = await repo.findOne({ where: { sourceId: r.sourceId }, lock: { mode: 'pessimistic_write' } });
  if (bySource || !r.caseNumber) return bySource;
  const byNumber = await repo.findOne({
    where: { caseNumber: r.caseNumber.trim() },
    lock: { mode: 'pessimistic_write' },
  });
  if (byNumber?.sourceId)
    fail(
      UserErrorCode.CONFLICT,
      `${path}.caseNumber`,
      `case number ${r.caseNumber} belongs to the case system's case "${byNumber.sourceId}"`,
    );
  return byNumber;
}

/** The case's own values: required when it is new, only what is given when it exists. */
function caseValues(
  p: Problems,
  path: string,
  r: CaseFileRecord,
  existing: Case | null,
  lookups: CaseFileLookups,
): Values {
  const v: Values = {};
  const isNew = !existing;
  const caseNumber = caseField(p, path, r, 'caseNumber', isNew);
  if (caseNumber !== undefined) v.caseNumber = requiredText(p, `${path}.caseNumber`, caseNumber, SHORT_TEXT);
  const courtCode = caseField(p, path, r, 'courtCode', isNew);
  if (courtCode !== undefined) {
    const court = lookups.court(p, `${path}.courtCode`, courtCode);
    if (court) v.courtId = court.id;
  }
  const areaCode = caseField(p, path, r, 'serviceAreaCode', isNew);
  if (areaCode !== undefined) {
    const area = lookups.area(p, `${path}.serviceAreaCode`, areaCode);
    if (area) v.serviceAreaId = area.id;
  }
  const openedOn = caseField(p, path, r, 'openedOn', isNew);
  if (openedOn !== undefined) v.openedOn = requiredDate(p, `${path}.openedOn`, openedOn);
  given(v, 'practitionerId', r.practitionerEmail, (x) => lookups.staffId(p, `${path}.practitionerEmail`, x));
  caseField(p, path, r, 'status', false); // not required: a new case is OPEN unless the record says otherwise
  return v;
}

/**
 * A field every case has: required for a new case when `requiredWhenNew`, never cleared (null) on a
 * known one. Its value when the record gives it.
 */
function caseField<K extends keyof CaseFileRecord>(
  p: Problems,
  path: string,
  r: CaseFileRecord,
  key: K,
  requiredWhenNew: boolean,
): NonNullable<CaseFileRecord[K]> | undefined {
  const field = `${path}.${key}`;
  const value = r[key];
  if (requiredWhenNew && value == null) p.add(UserErrorCode.INVALID, field, `${field} is required for a new case`);
  else if (value === null) p.add(UserErrorCode.INVALID, field, `${field} cannot be cleared`);
  return value ?? undefined;
}

/** A rejected case: nothing of it was written. */
function rejected(record: CaseFileRecord, errors: readonly UserErrorData[]): CaseApplied {
  const result: CaseFileResultData = {
    sourceId: record.sourceId,
    outcome: CaseFileOutcome.REJECTED,
    case: null,
    changedRecords: 0,
    recomputedComplaints: 0,
  };
  return { result, errors: [...errors] };
}

/** Why a case's savepoint failed, when the case system can correct it: its problems, or a key held twice. */
function rejection(error: unknown, path: string): readonly UserErrorData[] | null {
  if (error instanceof Problems) return error.errors;
  if (!(error instanceof QueryFailedError) || (error.driverError as { code?: string })?.code !== '23505') return null;
  const detail = (error.driverError as { detail?: string }).detail ?? 'duplicate key';
  const message = `a record of this case is already held under another case or number (${detail})`;
  return [{ code: UserErrorCode.CONFLICT, field: path, message }];
}

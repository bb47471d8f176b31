/**
 * The records nested in a case file (parties, children, hearings, court reports, contact logs): how
 * each kind is validated into a row's values, and how a list of them is matched to the rows already
 * held by `sourceId` and written. An invalid record comes back as an error and the rest are applied.
 */
import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { NESTED_KINDS, type CaseFileRecord, type NestedKind, type NestedRecord } from '../domain/case-file';
import { Problems, UserErrorCode, type UserErrorData } from '../domain/problems';
import { LONG_TEXT, SHORT_TEXT, optionalText, pastInstant, requiredDate, requiredText } from '../domain/validation';
import { Case, Child, ContactLog, CourtReport, Hearing, Party } from '../entities';
import { diff } from './audit.service';
import type { CaseFileLookups } from './case-file-lookups';
import type { TxContext } from './mutation';

export type Values = Record<string, unknown>;
type FieldChanges = ReturnType<typeof diff>;

/** What validating a record may use besides the record. */
interface RecordContext {
  lookups: CaseFileLookups;
  kase: Case;
  now: Date;
}

interface RecordKind<R extends { sourceId: string }> {
  entity: EntityTarget<ObjectLiteral>;
  type: string;
  /** Personal data: the audit names the fields that changed, not their values. */
  personal: boolean;
  /** The row's values from the record; problems are added under `path`. */
  values(p: Problems, path: string, record: R, context: RecordContext): Values;
  /** Hearings bind deadlines: what a created (`changed` null) or changed row did to them, if anything. */
  movesDeadlines?(values: Values, changed: FieldChanges | null): string | null;
}

/** `value` for a field the record gives (null clears it); nothing for a field it leaves out. */
export function given<T>(values: Values, key: string, value: T | null | undefined, check: (v: T) => unknown): void {
  if (value !== undefined) values[key] = value === null ? null : check(value);
}

/**
 * A record's own key (a case's too): given, and once only among those sent with it (`seen`); the
 * message names it as `what` (`case`, `Hearing`) and them as `among` (`batch`, `case`).
 */
export function checkSourceId(
  p: Problems,
  field: string,
  sourceId: string,
  seen: Set<string>,
  { what, among }: { what: string; among: string },
): void {
  requiredText(p, field, sourceId, SHORT_TEXT);
  if (seen.has(sourceId)) p.add(UserErrorCode.INVALID, field, `${what} "${sourceId}" appears twice in this ${among}`);
  seen.add(sourceId);
}

const KINDS: { [K in NestedKind]: RecordKind<NestedRecord<K>> } = {
  parties: {
    entity: Party,
    type: 'Party',
    personal: true,
    values: (p, path, r) => {
      const v: Values = {
        firstName: requiredText(p, `${path}.firstName`, r.firstName, SHORT_TEXT),
        lastName: requiredText(p, `${path}.lastName`, r.lastName, SHORT_TEXT),
        role: r.role,
      };
      for (const key of ['email', 'phone', 'address', 'ethnicity', 'disability'] as const)
        given(v, key, r[key], (x) => optionalText(p, `${path}.${key}`, x, SHORT_TEXT));
      return v;
    },
  },
  children: {
    entity: Child,
    type: 'Child',
    personal: true,
    values: (p, path, r) => {
      const v: Values = {
        firstName: requiredText(p, `${path}.firstName`, r.firstName, SHORT_TEXT),
        lastName: requiredText(p, `${path}.lastName`, r.lastName, SHORT_TEXT),
        dateOfBirth: requiredDate(p, `${path}.dateOfBirth`, r.dateOfBirth),
      };
      given(v, 'preferredContact', r.preferredContact, (x) => x);
      for (const key of ['ethnicity', 'disability'] as const)
        given(v, key, r[key], (x) => optionalText(p, `${path}.${key}`, x, SHORT_TEXT));
      return v;
    },
  },
  hearings: {
    entity: Hearing,
    type: 'Hearing',
    personal: false,
    movesDeadlines: (values, changed) => {
      if (!changed) return String(values.status);
      if (changed.status) return `${String(changed.status.from)} → ${String(changed.status.to)}`;
      return changed.startsAt ? 'moved' : null;
    },
    values: (p, path, r, { lookups, kase }) => {
      const court = r.courtCode ? lookups.court(p, `${path}.courtCode`, r.courtCode) : null;
      return {
        startsAt: r.startsAt,
        hearingType: requiredText(p, `${path}.hearingType`, r.hearingType, SHORT_TEXT),
        status: r.status,
        courtId: court?.id ?? kase.courtId,
      };
    },
  },
  courtReports: {
    entity: CourtReport,
    type: 'CourtReport',
    personal: false,
    values: (p, path, r, { lookups }) => {
      const v: Values = {
        title: requiredText(p, `${path}.title`, r.title, SHORT_TEXT),
        reportType: requiredText(p, `${path}.reportType`, r.reportType, SHORT_TEXT),
        filedOn: requiredDate(p, `${path}.filedOn`, r.filedOn),
      };
      given(v, 'authorId', r.authorEmail, (x) => lookups.staffId(p, `${path}.authorEmail`, x));
      return v;
    },
  },
  contactLogs: {
    entity: ContactLog,
    type: 'ContactLog',
    personal: true,
    values: (p, path, r, { lookups, now }) => {
      const v: Values = {
        occurredAt: pastInstant(p, `${path}.occurredAt`, r.occurredAt, now),
        method: r.method,
        withWhom: requiredText(p, `${path}.withWhom`, r.withWhom, SHORT_TEXT),
        summary: requiredText(p, `${path}.summary`, r.summary, LONG_TEXT),
      };
      given(v, 'staffId', r.staffEmail, (x) => lookups.staffId(p, `${path}.staffEmail`, x));
      return v;
    },
  },
};

/** One audited record: its personal data by the names of the fields, the rest by value. */
export interface AuditedRecord {
  record: string;
  created?: true;
  changed: unknown;
}

/** What applying one list of records did. */
export interface RecordsApplied {
  errors: UserErrorData[];
  audited: AuditedRecord[];
  /** The hearings that moved deadlines, each with what happened to it. */
  hearingsChanged: string[];
}

/** The audit's entry for a created (`changed` null) or changed record. */
function audited<R extends { sourceId: string }>(
  kind: RecordKind<R>,
  sourceId: string,
  changed: FieldChanges | null,
  values: Values,
): AuditedRecord {
  const record = `${kind.type}:${sourceId}`;
  const shown = (fields: Values) => (kind.personal ? Object.keys(fields) : fields);
  return changed ? { record, changed: shown(changed) } : { record, created: true, changed: shown(values) };
}

/** Applies every list of records a case file holds, kind by kind. */
export async function applyCaseRecords(
  t: TxContext,
  kase: Case,
  r: CaseFileRecord,
  path: string,
  lookups: CaseFileLookups,
): Promise<RecordsApplied> {
  const all: RecordsApplied = { errors: [], audited: [], hearingsChanged: [] };
  for (const key of NESTED_KINDS) {
    const records = r[key] ?? [];
    if (!records.length) continue;
    const applied = await applyRecords(t, kase, key, records, `${path}.${key}`, lookups);
    all.errors.push(...applied.errors);
    all.audited.push(...applied.audited);
    all.hearingsChanged.push(...applied.hearingsChanged);
  }
  return all;
}

/** Inserts the new records of one kind and updates the changed ones; invalid ones come back as errors. */
async function applyRecords<K extends NestedKind>(
  t: TxContext,
  kase: Case,
  key: K,
  records: readonly NestedRecord<K>[],
  path: string,
  lookups: CaseFileLookups,
): Promise<RecordsApplied> {
  const kind: RecordKind<NestedRecord<K>> = KINDS[key];
  const applied: RecordsApplied = { errors: [], audited: [], hearingsChanged: [] };
  const valid: { record: NestedRecord<K>; values: Values; at: string }[] = [];
  const seen = new Set<string>();
  for (const [i, record] of records.entries()) {
    const at = `${path}.${i}`;
    const p = new Problems();
    checkSourceId(p, `${at}.sourceId`, record.sourceId, seen, { what: kind.type, among: 'case' });
    const values = kind.values(p, at, record, { lookups, kase, now: t.now() });
    if (p.any) applied.errors.push(...p.errors);
    else valid.push({ record, values, at });
  }
  if (!valid.length) return applied;
  const repo = t.tx.getRepository(kind.entity);
  const rows = await repo.findBy({ sourceId: In(valid.map((v) => v.record.sourceId)) });
  const held = new Map(rows.map((row) => [row.sourceId as string, row]));
  for (const { record, values, at } of valid) {
    const row = held.get(record.sourceId);
    if (row && row.caseId !== kase.id) {
      applied.errors.push({
        code: UserErrorCode.CONFLICT,
        field: `${at}.sourceId`,
        message: `${kind.type} "${record.sourceId}" belongs to another case`,
      });
      continue;
    }
    const changed = row ? diff(row, values) : null;
    if (changed && !Object.keys(changed).length) continue;
    if (row) await repo.update(row.id, values);
    else await repo.insert({ ...values, caseId: kase.id, sourceId: record.sourceId });
    applied.audited.push(audited(kind, record.sourceId, changed, values));
    const moved = kind.movesDeadlines?.(values, changed);
    if (moved) applied.hearingsChanged.push(`${record.sourceId} ${moved}`);
  }
  return applied;
}

/**
 * The case management system's push (SPEC §2 `upsertCaseFile`): cases, parties, children,
 * hearings, court reports and contact logs, keyed by the source system's own ids. Each case is
 * applied in its own savepoint; an invalid record comes back as an error and the rest are applied;
 * identical data changes nothing and audits nothing. A hearing listed, moved, postponed, adjourned,
 * cancelled or completed recomputes the deadlines of the case's open complaints.
 */
import { In, QueryFailedError, type EntityTarget, type ObjectLiteral } from 'typeorm';
import {
  MAX_CASE_FILE_RECORDS,
  NESTED_KINDS,
  involvementEndedOn,
  recordCount,
  type NestedKind,
} from '../domain/case-file';
import { CaseStatus, ContactMethod, HearingStatus, PartyRole } from '../domain/enums';
import { Problems, UserErrorCode, fail, type UserErrorData } from '../domain/problems';
import { LONG_TEXT, SHORT_TEXT, optionalText, pastInstant, requiredDate, requiredText } from '../domain/validation';
import { Case, Child, ContactLog, Court, CourtReport, Hearing, Party, ServiceArea, Staff } from '../entities';
import { AuditService, diff } from './audit.service';
import { DeadlineService } from './deadline.service';
import type { TxContext } from './mutation';

export interface PartyRecord {
  sourceId: string;
  firstName: string;
  lastName: string;
  role: PartyRole;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  ethnicity?: string | null;
  disability?: string | null;
}

export interface ChildRecord {
  sourceId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  preferredContact?: ContactMethod | null;
  ethnicity?: string | null;
  disability?: string | null;
}

export interface HearingRecord {
  sourceId: string;
  startsAt: Date;
  hearingType: string;
  status: HearingStatus;
  /** The court sitting; defaults to the case's court. */
  courtCode?: string | null;
}

export interface CourtReportRecord {
  sourceId: string;
  title: string;
  reportType: string;
  filedOn: string;
  authorEmail?: string | null;
}

export interface ContactLogRecord {
  sourceId: string;
  occurredAt: Date;
  method: ContactMethod;
  withWhom: string;
  summary: string;
  staffEmail?: string | null;
}

export interface CaseFileRecord {
  sourceId: string;
  caseNumber?: string | null;
  courtCode?: string | null;
  serviceAreaCode?: string | null;
  practitionerEmail?: string | null;
  status?: CaseStatus | null;
  openedOn?: string | null;
  involvementEndedOn?: string | null;
  parties?: PartyRecord[] | null;
  children?: ChildRecord[] | null;
  hearings?: HearingRecord[] | null;
  courtReports?: CourtReportRecord[] | null;
  contactLogs?: ContactLogRecord[] | null;
}

export enum CaseFileOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  REJECTED = 'REJECTED',
}

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

/** Courts, service areas and staff named in the batch, read once. */
interface Lookups {
  courts: Map<string, Court>;
  areas: Map<string, ServiceArea>;
  staff: Map<string, Staff>;
}

type Values = Record<string, unknown>;

interface RecordKind<I extends { sourceId: string }> {
  entity: EntityTarget<ObjectLiteral>;
  type: string;
  /** Personal data: the audit names the fields that changed, not their values. */
  personal: boolean;
  /** The row's values from the record; problems are added under `path`. */
  values(p: Problems, path: string, record: I, env: { lookups: Lookups; kase: Case; now: Date }): Values;
  /** Hearings bind deadlines: what a created or changed row did to them, if anything (for the recomputation's cause). */
  movesDeadlines?(values: Values, changed: Record<string, { from: unknown; to: unknown }> | null): string | null;
}

/** `value` for a field the record gives (null clears it); nothing for a field it leaves out. */
function given<T>(values: Values, key: string, value: T | null | undefined, check: (v: T) => unknown): void {
  if (value !== undefined) values[key] = value === null ? null : check(value);
}

function staffByEmail(p: Problems, field: string, email: string, lookups: Lookups): string | null {
  const staff = lookups.staff.get(email.trim().toLowerCase());
  if (!staff) p.add(UserErrorCode.NOT_FOUND, field, `no member of staff has the email "${email}"`);
  return staff?.id ?? null;
}

const PARTIES: RecordKind<PartyRecord> = {
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
};

const CHILDREN: RecordKind<ChildRecord> = {
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
};

const HEARINGS: RecordKind<HearingRecord> = {
  entity: Hearing,
  type: 'Hearing',
  personal: false,
  movesDeadlines: (values, changed) => {
    if (!changed) return String(values.status);
    if (changed.status) return `${String(changed.status.from)} → ${String(changed.status.to)}`;
    return changed.startsAt ? 'moved' : null;
  },
  values: (p, path, r, { lookups, kase }) => {
    let courtId = kase.courtId;
    if (r.courtCode) {
      const court = lookups.courts.get(r.courtCode);
      if (!court) p.add(UserErrorCode.NOT_FOUND, `${path}.courtCode`, `no court has the code "${r.courtCode}"`);
      courtId = court?.id ?? courtId;
    }
    return {
      startsAt: r.startsAt,
      hearingType: requiredText(p, `${path}.hearingType`, r.hearingType, SHORT_TEXT),
      status: r.status,
      courtId,
    };
  },
};

const COURT_REPORTS: RecordKind<CourtReportRecord> = {
  entity: CourtReport,
  type: 'CourtReport',
  personal: false,
  values: (p, path, r, { lookups }) => {
    const v: Values = {
      title: requiredText(p, `${path}.title`, r.title, SHORT_TEXT),
      reportType: requiredText(p, `${path}.reportType`, r.reportType, SHORT_TEXT),
      filedOn: requiredDate(p, `${path}.filedOn`, r.filedOn),
    };
    given(v, 'authorId', r.authorEmail, (x) => staffByEmail(p, `${path}.authorEmail`, x, lookups));
    return v;
  },
};

const CONTACT_LOGS: RecordKind<ContactLogRecord> = {
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
    given(v, 'staffId', r.staffEmail, (x) => staffByEmail(p, `${path}.staffEmail`, x, lookups));
    return v;
  },
};

const KINDS: Record<NestedKind, RecordKind<never>> = {
  parties: PARTIES,
  children: CHILDREN,
  hearings: HEARINGS,
  courtReports: COURT_REPORTS,
  contactLogs: CONTACT_LOGS,
};

/** What applying one case did, for its audit event and its result. */
interface CaseChanges {
  created: boolean;
  case: Record<string, { from: unknown; to: unknown }>;
  records: { record: string; created?: true; changed: unknown }[];
  hearingsChanged: string[];
}

export class CaseFileService {
  constructor(
    private readonly audit: AuditService,
    private readonly deadlines: DeadlineService,
  ) {}

  async upsert(t: TxContext, input: { cases: CaseFileRecord[] }): Promise<CaseFileSyncResult> {
    const count = recordCount(input.cases);
    if (count === 0) fail(UserErrorCode.INVALID, 'input.cases', 'input.cases must hold at least one case');
    if (count > MAX_CASE_FILE_RECORDS) {
      fail(
        UserErrorCode.INVALID,
        'input.cases',
        `at most ${MAX_CASE_FILE_RECORDS} records per call (cases and the records in them); this batch has ${count}: send it in parts`,
      );
    }
    const lookups = await this.lookups(t, input.cases);
    const errors: UserErrorData[] = [];
    const results: CaseFileResultData[] = [];
    const seen = new Set<string>();
    for (const [i, record] of input.cases.entries()) {
      const path = `input.cases.${i}`;
      const rejected = (problems: readonly UserErrorData[]): void => {
        errors.push(...problems);
        results.push({
          sourceId: record.sourceId,
          outcome: CaseFileOutcome.REJECTED,
          case: null,
          changedRecords: 0,
          recomputedComplaints: 0,
        });
      };
      if (seen.has(record.sourceId)) {
        rejected([
          {
            code: UserErrorCode.INVALID,
            field: `${path}.sourceId`,
            message: `case "${record.sourceId}" appears twice in this batch`,
          },
        ]);
        continue;
      }
      seen.add(record.sourceId);
      try {
        // Its own savepoint: a case that fails half-way leaves nothing of itself, and the others stand.
        const outcome = await t.tx.transaction((tx) => this.applyCase({ ...t, tx }, record, path, lookups));
        errors.push(...outcome.errors);
        results.push(outcome.result);
      } catch (error) {
        if (error instanceof Problems) rejected(error.errors);
        else if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505') {
          rejected([
            {
              code: UserErrorCode.CONFLICT,
              field: path,
              message: `a record of this case is already held under another case or number (${(error.driverError as { detail?: string }).detail ?? 'duplicate key'})`,
            },
          ]);
        } else throw error;
      }
    }
    return { cases: results, errors };
  }

  /** Every court code, service-area code and staff email the batch names, in three statements. */
  private async lookups(t: TxContext, cases: CaseFileRecord[]): Promise<Lookups> {
    const courts = new Set<string>();
    const areas = new Set<string>();
    const emails = new Set<string>();
    for (const c of cases) {
      if (c.courtCode) courts.add(c.courtCode);
      if (c.serviceAreaCode) areas.add(c.serviceAreaCode);
      if (c.practitionerEmail) emails.add(c.practitionerEmail.trim().toLowerCase());
      for (const h of c.hearings ?? []) if (h.courtCode) courts.add(h.courtCode);
      for (const r of c.courtReports ?? []) if (r.authorEmail) emails.add(r.authorEmail.trim().toLowerCase());
      for (const l of c.contactLogs ?? []) if (l.staffEmail) emails.add(l.staffEmail.trim().toLowerCase());
    }
    const [courtRows, areaRows, staffRows] = [
      courts.size ? await t.tx.getRepository(Court).findBy({ code: In([...courts]) }) : [],
      areas.size ? await t.tx.getRepository(ServiceArea).findBy({ code: In([...areas]) }) : [],
      emails.size
        ? await t.tx
            .getRepository(Staff)
            .createQueryBuilder('s')
            .where('lower(s.email) = ANY(:emails)', { emails: [...emails] })
            .getMany()
        : [],
    ];
    return {
      courts: new Map(courtRows.map((c) => [c.code, c])),
      areas: new Map(areaRows.map((a) => [a.code, a])),
      staff: new Map(staffRows.map((s) => [s.email.toLowerCase(), s])),
    };
  }

  /** The case's own values: required when it is new, only what is given when it exists. */
  private caseValues(p: Problems, path: string, r: CaseFileRecord, existing: Case | null, lookups: Lookups): Values {
    const v: Values = {};
    const required = (key: keyof CaseFileRecord & string) => {
      if (!existing && (r[key] === undefined || r[key] === null))
        p.add(UserErrorCode.INVALID, `${path}.${key}`, `${path}.${key} is required for a new case`);
      else if (existing && r[key] === null)
        p.add(UserErrorCode.INVALID, `${path}.${key}`, `${path}.${key} cannot be cleared`);
      return r[key] !== undefined && r[key] !== null;
    };
    if (required('caseNumber')) v.caseNumber = requiredText(p, `${path}.caseNumber`, r.caseNumber, SHORT_TEXT);
    if (required('courtCode')) {
      const court = lookups.courts.get(r.courtCode!);
      if (!court) p.add(UserErrorCode.NOT_FOUND, `${path}.courtCode`, `no court has the code "${r.courtCode}"`);
      else v.courtId = court.id;
    }
    if (required('serviceAreaCode')) {
      const area = lookups.areas.get(r.serviceAreaCode!);
      if (!area)
        p.add(
          UserErrorCode.NOT_FOUND,
          `${path}.serviceAreaCode`,
          `no service area has the code "${r.serviceAreaCode}"`,
        );
      else v.serviceAreaId = area.id;
    }
    if (required('openedOn')) v.openedOn = requiredDate(p, `${path}.openedOn`, r.openedOn);
    given(v, 'practitionerId', r.practitionerEmail, (x) => staffByEmail(p, `${path}.practitionerEmail`, x, lookups));
    if (r.status === null) p.add(UserErrorCode.INVALID, `${path}.status`, `${path}.status cannot be cleared`);
    return v;
  }

  private async applyCase(
    t: TxContext,
    r: CaseFileRecord,
    path: string,
    lookups: Lookups,
  ): Promise<{ result: CaseFileResultData; errors: UserErrorData[] }> {
    const p = new Problems();
    requiredText(p, `${path}.sourceId`, r.sourceId, SHORT_TEXT);
    p.throwIfAny();
    const repo = t.tx.getRepository(Case);
    let existing = await repo.findOne({ where: { sourceId: r.sourceId }, lock: { mode: 'pessimistic_write' } });
    if (!existing && r.caseNumber) {
      // A case keyed by hand before the case system knew it: the case system's id is recorded on it.
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
      existing = byNumber;
    }
    const values = this.caseValues(p, path, r, existing, lookups);
    p.throwIfAny();
    const status = r.status ?? existing?.status ?? CaseStatus.OPEN;
    values.status = status;
    values.sourceId = r.sourceId;
    values.involvementEndedOn = involvementEndedOn(existing, status, r.involvementEndedOn, t.today);

    const changes: CaseChanges = { created: !existing, case: {}, records: [], hearingsChanged: [] };
    let kase: Case;
    if (existing) {
      changes.case = diff(existing, values as Partial<Case>);
      if (Object.keys(changes.case).length) await repo.update(existing.id, values);
      kase = Object.assign(existing, values);
    } else {
      kase = await repo.save(repo.create(values as Partial<Case>));
      changes.case = diff({}, values);
    }

    const errors: UserErrorData[] = [];
    for (const key of NESTED_KINDS) {
      const records = (r[key] ?? []) as { sourceId: string }[];
      if (records.length)
        errors.push(...(await this.applyRecords(t, kase, KINDS[key], records, `${path}.${key}`, lookups, changes)));
    }

    let recomputed = 0;
    if (changes.hearingsChanged.length) {
      recomputed = await this.deadlines.recomputeCase(
        t,
        kase.id,
        `hearings changed in the case system: ${changes.hearingsChanged.join(', ')}`,
      );
    }
    const changedRecords = (changes.created || Object.keys(changes.case).length ? 1 : 0) + changes.records.length;
    if (changedRecords) {
      await this.audit.record(
        t.tx,
        t.actor,
        {
          action: changes.created ? 'case-file.created' : 'case-file.updated',
          entityType: 'Case',
          entityId: kase.id,
          caseId: kase.id,
          change: { sourceId: r.sourceId, case: changes.case, records: changes.records },
        },
        t.now(),
      );
    }
    const outcome = changes.created
      ? CaseFileOutcome.CREATED
      : changedRecords
        ? CaseFileOutcome.UPDATED
        : CaseFileOutcome.UNCHANGED;
    return {
      result: { sourceId: r.sourceId, outcome, case: kase, changedRecords, recomputedComplaints: recomputed },
      errors,
    };
  }

  /** Inserts the new records of one kind and updates the changed ones; invalid ones come back as errors. */
  private async applyRecords<I extends { sourceId: string }>(
    t: TxContext,
    kase: Case,
    kind: RecordKind<I>,
    records: I[],
    path: string,
    lookups: Lookups,
    changes: CaseChanges,
  ): Promise<UserErrorData[]> {
    const errors: UserErrorData[] = [];
    const valid: { record: I; values: Values; at: string }[] = [];
    const seen = new Set<string>();
    for (const [i, record] of records.entries()) {
      const at = `${path}.${i}`;
      const p = new Problems();
      requiredText(p, `${at}.sourceId`, record.sourceId, SHORT_TEXT);
      if (seen.has(record.sourceId))
        p.add(UserErrorCode.INVALID, `${at}.sourceId`, `${kind.type} "${record.sourceId}" appears twice in this case`);
      seen.add(record.sourceId);
      const values = kind.values(p, at, record, { lookups, kase, now: t.now() });
      if (p.any) errors.push(...p.errors);
      else valid.push({ record, values, at });
    }
    if (!valid.length) return errors;
    const repo = t.tx.getRepository(kind.entity);
    const existing = new Map(
      (await repo.findBy({ sourceId: In(valid.map((v) => v.record.sourceId)) })).map((row) => [
        row.sourceId as string,
        row,
      ]),
    );
    for (const { record, values, at } of valid) {
      const row = existing.get(record.sourceId);
      const label = `${kind.type}:${record.sourceId}`;
      if (row && row.caseId !== kase.id) {
        errors.push({
          code: UserErrorCode.CONFLICT,
          field: `${at}.sourceId`,
          message: `${kind.type} "${record.sourceId}" belongs to another case`,
        });
        continue;
      }
      if (!row) {
        await repo.insert({ ...values, caseId: kase.id, sourceId: record.sourceId });
        changes.records.push({ record: label, created: true, changed: kind.personal ? Object.keys(values) : values });
        const moved = kind.movesDeadlines?.(values, null);
        if (moved) changes.hearingsChanged.push(`${record.sourceId} ${moved}`);
        continue;
      }
      const changed = diff(row, values);
      if (!Object.keys(changed).length) continue;
      await repo.update(row.id, values);
      changes.records.push({ record: label, changed: kind.personal ? Object.keys(changed) : changed });
      const moved = kind.movesDeadlines?.(values, changed);
      if (moved) changes.hearingsChanged.push(`${record.sourceId} ${moved}`);
    }
    return errors;
  }
}

/**
 * Row scoping (SPEC §3): which rows of each table a caller may read, as one SQL condition per
 * entity. Every read path asks here: the services' root queries (through `fetchWithRelations` and
 * `countRows`), every DataLoader batch, every look-ahead sub-select and the mutations' row locks.
 * An entity without a rule cannot be read at all (`condition` throws), so a new table is closed
 * until someone writes its rule. A look-ahead sub-select under a complaint the statement admitted
 * does not repeat "its complaint is readable" for a row reached through that complaint (`Reached`).
 *
 * Row-level security in PostgreSQL repeats the provider part of these rules underneath
 * (src/db/migrations/…-row-level-security.ts), so that a forgotten condition returns nothing.
 */
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { entitySql, SqlParams } from '../db/entity-sql';
import { Role } from '../domain/enums';
import {
  AuditEvent,
  BankHoliday,
  Case,
  Child,
  Complainant,
  ComplaintAspect,
  Complaint,
  ComplaintNote,
  Compliment,
  Document,
  ContactLog,
  ContactRestriction,
  Court,
  CourtNotification,
  CourtReport,
  DeadlineExtension,
  Evidence,
  EvidenceFile,
  Hearing,
  LearningPoint,
  Notification,
  OmbudsmanEscalation,
  OmbudsmanRecommendation,
  Party,
  Provider,
  ProviderEngagement,
  ReasonableAdjustment,
  Referral,
  ReportCorrection,
  Response,
  ServiceArea,
  Staff,
  InboundMessage,
} from '../entities';
import type { Identity } from './identity';

type Class = abstract new (...args: any[]) => unknown;

/** A condition on the row aliased `a`; null admits every row. */
type Condition = string | null;

const NONE = 'false';

/** The caller, with its ids bound as parameters of the statement being built. */
interface Who {
  role: Role;
  staff(): string;
  provider(): string;
  /** How the row is reached from a complaint the caller was admitted to, when it is (see `Reached`). */
  reached?: Reached;
}

/**
 * A row reached from a complaint row the statement has already admitted, through the join
 * `<row> = <complaint>.<column>` (e.g. `k.id = c.case_id` for a complaint's case, `e.complaint_id =
 * c.id` for its evidence). A rule "rows of a complaint the caller may read, through `column`" holds
 * of such a row by construction, so its condition is not repeated (look-ahead's sub-selects).
 */
export interface Reached {
  row: string;
  column: string;
}

type Rule = (a: string, who: Who) => Condition;

const {
  CST_OFFICER: O,
  CST_MANAGER: M,
  SENIOR_MANAGER: S,
  LINE_MANAGER: L,
  PRACTITIONER: P,
  PROVIDER: V,
  HR_SYSTEM: H,
  CASE_SYSTEM: C,
} = Role;

const inLine = (column: string, who: Who) => `${column} IN (SELECT staff_line(${who.staff()}))`;

/**
 * Complaints: O, M, S all; L those naming staff they manage, those they answer as the local manager
 * or own (a staff-not-case complaint routed to them at triage, §2.3) and children's complaints on the
 * cases of practitioners they manage (a local manager contacts the child, §5.2); P those on their own
 * cases; V its own; H those with a referral sent to it.
 */
function complaintRows(c: string, who: Who): Condition {
  switch (who.role) {
    case O:
    case M:
    case S:
      return null;
    case L:
      return (
        `(${c}.local_manager_id = ${who.staff()} OR ${c}.owner_id = ${who.staff()} OR ` +
        `${inLine(`${c}.subject_staff_id`, who)} OR ` +
        `EXISTS (SELECT 1 FROM complaint_aspects scope_a WHERE scope_a.complaint_id = ${c}.id ` +
        `AND ${inLine('scope_a.staff_id', who)}) OR ` +
        `EXISTS (SELECT 1 FROM complainants scope_p JOIN cases scope_k ON scope_k.id = ${c}.case_id ` +
        `WHERE scope_p.id = ${c}.complainant_id ` +
        `AND scope_p.kind = 'CHILD' AND ${inLine('scope_k.practitioner_id', who)}))`
      );
    case P:
      return (
        `EXISTS (SELECT 1 FROM cases scope_k WHERE scope_k.id = ${c}.case_id ` +
        `AND scope_k.practitioner_id = ${who.staff()})`
      );
    case V:
      return (
        `(${c}.referred_provider_id = ${who.provider()} OR ` +
        `EXISTS (SELECT 1 FROM complaint_aspects scope_a WHERE scope_a.complaint_id = ${c}.id ` +
        `AND scope_a.category = 'PROVIDER_ACTIONS' AND scope_a.provider_id = ${who.provider()}))`
      );
    case H:
      return `EXISTS (SELECT 1 FROM referrals scope_r WHERE scope_r.complaint_id = ${c}.id AND scope_r.sent_to_hr)`;
    default:
      return NONE;
  }
}

/** `EXISTS (SELECT 1 FROM <from> WHERE <join> AND <visible>)`, or `visible` itself when it admits all or nothing. */
function exists(from: string, join: string, visible: Condition): Condition {
  if (visible === null || visible === NONE) return visible;
  return `EXISTS (SELECT 1 FROM ${from} WHERE ${join} AND ${visible})`;
}

/** Rows whose complaint (through `column`) the caller may read. */
function throughComplaint(a: string, column: string, who: Who): Condition {
  // Reached from an admitted complaint by this very join: that complaint is the one EXISTS would find.
  if (who.reached?.row === a && who.reached.column === column) return null;
  return exists('complaints scope_c', `scope_c.${column} = ${a}`, complaintRows('scope_c', who));
}

/** Records under a complaint that only complaint readers see (not providers, not the HR system). */
const complaintRecord: Rule = (a, who) =>
  who.role === V || who.role === H ? NONE : throughComplaint(`${a}.complaint_id`, 'id', who);

/** The case file: O, M, S, L all; P their own cases; C the cases it sent. */
function caseFileRows(k: string, who: Who): Condition {
  switch (who.role) {
    case O:
    case M:
    case S:
    case L:
      return null;
    case P:
      return `${k}.practitioner_id = ${who.staff()}`;
    case C:
      return `${k}.source_id IS NOT NULL`;
    default:
      return NONE;
  }
}

/** Records of the case file (hearings, reports, logs, parties, children). */
const caseRecord: Rule = (a, who) => exists('cases scope_k', `scope_k.id = ${a}.case_id`, caseFileRows('scope_k', who));

/** Records of a complainant's that only complaint readers see (restrictions, adjustments). */
const complainantRecord: Rule = (a, who) =>
  who.role === V || who.role === H ? NONE : throughComplaint(`${a}.complainant_id`, 'complainant_id', who);

/** Only these roles, every row. */
const onlyRoles =
  (...roles: Role[]): Rule =>
  (_a, who) =>
    roles.includes(who.role) ? null : NONE;

const RULES = new Map<Class, Rule>([
  [Complaint, complaintRows],
  [
    ComplaintAspect,
    (a, who) => {
      if (who.role === V) return `(${a}.category = 'PROVIDER_ACTIONS' AND ${a}.provider_id = ${who.provider()})`;
      if (who.role === H)
        return `EXISTS (SELECT 1 FROM referrals scope_r WHERE scope_r.aspect_id = ${a}.id AND scope_r.sent_to_hr)`;
      return throughComplaint(`${a}.complaint_id`, 'id', who);
    },
  ],
  [
    ProviderEngagement,
    (a, who) => {
      if (who.role === V) return `${a}.provider_id = ${who.provider()}`;
      return complaintRecord(a, who);
    },
  ],
  [
    Referral,
    (a, who) => {
      if (who.role === L) return inLine(`${a}.staff_id`, who);
      if (who.role === H) return `${a}.sent_to_hr`;
      return complaintRecord(a, who);
    },
  ],
  [Complainant, (a, who) => (who.role === H ? NONE : throughComplaint(`${a}.id`, 'complainant_id', who))],
  [ContactRestriction, complainantRecord],
  [ReasonableAdjustment, complainantRecord],
  [Evidence, complaintRecord],
  [ComplaintNote, complaintRecord],
  [Document, complaintRecord],
  [EvidenceFile, complaintRecord],
  [CourtNotification, complaintRecord],
  [ReportCorrection, complaintRecord],
  [Response, complaintRecord],
  [DeadlineExtension, complaintRecord],
  [OmbudsmanEscalation, complaintRecord],
  [
    OmbudsmanRecommendation,
    (a, who) =>
      exists('ombudsman_escalations scope_e', `scope_e.id = ${a}.escalation_id`, complaintRecord('scope_e', who)),
  ],
  [Notification, onlyRoles(O, M, S)],
  [AuditEvent, onlyRoles(M, S)],
  [Compliment, onlyRoles(O, M, L, S)],
  [LearningPoint, onlyRoles(O, M, L, S)],
  [
    Case,
    (k, who) => {
      // Providers and the HR system see the case number of the complaints they see.
      if (who.role === V || who.role === H) return throughComplaint(`${k}.id`, 'case_id', who);
      return caseFileRows(k, who);
    },
  ],
  [Hearing, caseRecord],
  [CourtReport, caseRecord],
  [ContactLog, caseRecord],
  [Party, caseRecord],
  [Child, caseRecord],
  [
    Staff,
    (a, who) => {
      if (who.role === V) return NONE;
      if (who.role === Role.ANALYST) return `${a}.id = ${who.staff()}`;
      return null;
    },
  ],
  [Provider, (a, who) => (who.role === V ? `${a}.id = ${who.provider()}` : null)],
  // Added holidays: who reads the working-day calendar (`bankHolidays`).
  [BankHoliday, onlyRoles(O, M, S, L, P)],
  [Court, () => null],
  [ServiceArea, () => null],
  [
    InboundMessage,
    (a, who) => {
      // The mailbox as a whole (the quarantine among it) is the CST managers'; else a complaint's correspondence.
      if (who.role === M) return null;
      const ofComplaint = complaintRecord(a, who);
      return ofComplaint === null ? `${a}.complaint_id IS NOT NULL` : ofComplaint;
    },
  ],
]);

/** What one request may read. */
export class RowScope {
  /**
   * @param identity the caller; null reads nothing.
   * @param unrestricted skips the application's conditions (tests use it to show that row-level
   *   security alone isolates providers).
   */
  constructor(
    readonly identity: Identity | null,
    private readonly unrestricted = false,
  ) {}

  /**
   * The condition on rows of `entity` aliased `alias`, its parameters added to `p`; null admits every
   * row. `reached`: how the row is joined to a complaint row the statement already admits.
   */
  condition(entity: Class, alias: string, p: SqlParams, reached?: Reached): string | null {
    const rule = RULES.get(entity);
    if (!rule) throw new Error(`no row scoping rule for ${entity.name} in src/auth/row-scope.ts`);
    if (this.unrestricted) return null;
    const identity = this.identity;
    if (!identity) return NONE;
    const who: Who = {
      role: identity.role,
      staff: () => (identity.staffId ? `${p.p(identity.staffId)}::uuid` : 'NULL::uuid'),
      provider: () => (identity.providerId ? `${p.p(identity.providerId)}::uuid` : 'NULL::uuid'),
      reached,
    };
    return rule(alias, who);
  }

  /** Whether the caller may read the row `id` of `entity` (mutations check this before touching it). */
  async admits(em: EntityManager, entity: new () => unknown, id: string): Promise<boolean> {
    const params = new SqlParams();
    const condition = this.condition(entity, 't', params);
    if (condition === null) return true;
    const table = entitySql<ObjectLiteral>(em.connection, entity).table;
    const [row] = await em.query(
      `SELECT 1 FROM ${table} t WHERE t.id = ${params.p(id)} AND ${condition}`,
      params.values,
    );
    return row !== undefined;
  }

  /**
   * Whose staff personal data (qualifications, training) the caller may read, as a condition on the
   * staff row aliased `alias`: S everyone's; L their reporting line's; H referred staff's.
   */
  personalData(alias: string, p: SqlParams): string | null {
    if (this.unrestricted) return null;
    const identity = this.identity;
    switch (identity?.role) {
      case S:
        return null;
      case L:
        return identity.staffId ? `${alias}.id IN (SELECT staff_line(${p.p(identity.staffId)}::uuid))` : NONE;
      case H:
        return `EXISTS (SELECT 1 FROM referrals scope_r WHERE scope_r.staff_id = ${alias}.id AND scope_r.sent_to_hr)`;
      default:
        return NONE;
    }
  }

  /** `where` plus the condition on rows of `entity`, when there is one. */
  restrict(entity: Class, alias: string, where: readonly string[], p: SqlParams, reached?: Reached): string[] {
    const condition = this.condition(entity, alias, p, reached);
    return condition === null ? [...where] : [...where, condition];
  }
}

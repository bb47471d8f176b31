/**
 * Routing to people (SPEC §1.5): the line manager at the time, the senior manager of an area (its
 * Head of Practice, else any senior manager there), never the member of staff complained about.
 */
import type { EntityManager } from 'typeorm';
import { Role } from '../domain/enums';
import { Case, Complaint, Staff } from '../entities';
import { UserWarningCode, warning, type UserWarningData } from '../domain/warnings';

/** Who answers or acts, and why it is not the first choice when it is not (shown to the CST as a warning). */
export interface Routed {
  staff: Staff;
  fallback: UserWarningData | null;
}

const fullName = (s: Staff) => `${s.firstName} ${s.lastName}`;

export class RoutingService {
  /** The Head of Practice of the area, else any senior manager of it; none of `excluded`. */
  async seniorManager(
    tx: EntityManager,
    serviceAreaId: string | null,
    excluded: readonly (string | null)[] = [],
  ): Promise<Staff | null> {
    if (!serviceAreaId) return null;
    const candidates = await tx.getRepository(Staff).find({
      where: { serviceAreaId, role: Role.SENIOR_MANAGER },
      order: { headOfPractice: 'DESC', lastName: 'ASC', id: 'ASC' },
    });
    return candidates.find((s) => !excluded.includes(s.id)) ?? null;
  }

  /** "The court": the court of the next listed hearing, else the case's court (SPEC §4). */
  async courtFor(tx: EntityManager, caseId: string, now: Date): Promise<string> {
    const [next] = await tx.query(
      `SELECT court_id FROM hearings
        WHERE case_id = $1 AND status = 'LISTED' AND starts_at > $2 ORDER BY starts_at LIMIT 1`,
      [caseId, now],
    );
    if (next) return next.court_id;
    return (await tx.getRepository(Case).findOneByOrFail({ id: caseId })).courtId;
  }

  async lineManagerOf(tx: EntityManager, staffId: string): Promise<Staff | null> {
    const staff = await tx.getRepository(Staff).findOne({ where: { id: staffId } });
    return staff?.lineManagerId ? tx.getRepository(Staff).findOne({ where: { id: staff.lineManagerId } }) : null;
  }

  /** Whether `managerId` is in `staffId`'s reporting line (their manager, or their manager's, …). */
  async manages(tx: EntityManager, managerId: string, staffId: string): Promise<boolean> {
    const [row] = await tx.query('SELECT $2::uuid IN (SELECT staff_line($1::uuid)) AS manages', [managerId, staffId]);
    return row.manages;
  }

  /**
   * Who answers a complaint about a member of staff unrelated to a case (§2.3): their line manager;
   * when they have none (or the one recorded has left), the senior manager of their service area
   * (SPEC "Routing to people"). Never the member of staff complained about; null when nobody can.
   */
  async staffComplaintAnswerer(
    tx: EntityManager,
    subject: Staff,
    serviceAreaId: string | null,
  ): Promise<Routed | null> {
    const manager = await this.lineManagerOf(tx, subject.id);
    if (manager && manager.active && manager.id !== subject.id) return { staff: manager, fallback: null };
    const senior = await this.seniorManager(tx, subject.serviceAreaId ?? serviceAreaId, [subject.id]);
    if (!senior) return null;
    const why = manager && manager.id !== subject.id ? 'their line manager has left' : 'they have no line manager';
    return {
      staff: senior,
      fallback: warning(
        UserWarningCode.ROUTED_TO_ALTERNATE,
        `${fullName(subject)} is complained about and ${why}: ` +
          `${fullName(senior)}, senior manager of their service area, answers the complaint`,
      ),
    };
  }

  /**
   * The local manager who contacts a child about their complaint (§5.2): the line manager of the
   * case's practitioner (who reads the children's complaints on their practitioners' cases), not
   * complained about and still here; else the complaint's owner, the senior manager of the area.
   */
  async childContactManager(tx: EntityManager, complaint: Complaint): Promise<Routed | null> {
    const kase = complaint.caseId ? await tx.getRepository(Case).findOneBy({ id: complaint.caseId }) : null;
    const manager = kase?.practitionerId ? await this.lineManagerOf(tx, kase.practitionerId) : null;
    if (manager && manager.active && manager.id !== complaint.subjectStaffId) return { staff: manager, fallback: null };
    const owner = complaint.ownerId ? await tx.getRepository(Staff).findOneBy({ id: complaint.ownerId }) : null;
    if (!owner) return null;
    return {
      staff: owner,
      fallback: warning(
        UserWarningCode.ROUTED_TO_ALTERNATE,
        "no line manager of the case's practitioner can contact the child: " +
          `${fullName(owner)}, who owns the complaint, is asked to`,
      ),
    };
  }
}

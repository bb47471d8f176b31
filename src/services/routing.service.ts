/**
 * Routing to people (SPEC §1.5): the line manager at the time, the senior manager of an area (its
 * Head of Practice, else any senior manager there), never the member of staff complained about.
 */
import type { EntityManager } from 'typeorm';
import { Role } from '../domain/enums';
import { Case, Staff } from '../entities';

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
}

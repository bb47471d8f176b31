/** What several use cases read of a complaint's response and the staff it is about. */
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { ResponseStatus } from '../domain/enums';
import { Complaint, ComplaintAspect, Response, Staff } from '../entities';

/** The response being worked on (not yet sent), if any. */
export function currentResponse(tx: EntityManager, complaintId: string): Promise<Response | null> {
  return tx
    .getRepository(Response)
    .findOne({ where: { complaintId, status: Not(ResponseStatus.SENT) }, order: { createdAt: 'DESC' } });
}

/** A draft submitted or approved: changing it takes the approval back. */
export function approvalGiven(response: Response | null): boolean {
  return response?.status === ResponseStatus.APPROVED || response?.status === ResponseStatus.AWAITING_APPROVAL;
}

/** The staff the complaint is about: its subject and every employee of a conduct aspect. */
export async function staffComplainedAbout(tx: EntityManager, complaint: Complaint): Promise<string[]> {
  const conduct = await tx
    .getRepository(ComplaintAspect)
    .find({ where: { complaintId: complaint.id, staffId: Not(IsNull()) } });
  return [
    ...new Set([complaint.subjectStaffId, ...conduct.map((a) => a.staffId)].filter((id): id is string => Boolean(id))),
  ];
}

/** The line managers of the staff the complaint is about, who are not complained about themselves. */
export async function theirLineManagers(tx: EntityManager, complaint: Complaint): Promise<Staff[]> {
  const named = await staffComplainedAbout(tx, complaint);
  const staff = named.length ? await tx.getRepository(Staff).findBy({ id: In(named) }) : [];
  const managers = [
    ...new Set(staff.map((s) => s.lineManagerId).filter((id): id is string => Boolean(id) && !named.includes(id!))),
  ];
  return managers.length ? tx.getRepository(Staff).findBy({ id: In(managers) }) : [];
}

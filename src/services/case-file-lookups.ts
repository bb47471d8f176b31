/**
 * Courts, service areas and staff that a case-file batch names by code or email: read once for the
 * whole batch (three statements), then found per field, an unknown one a NOT_FOUND naming the field.
 */
import { In } from 'typeorm';
import type { CaseFileRecord } from '../domain/case-file';
import { UserErrorCode, type Problems } from '../domain/problems';
import { Court, ServiceArea, Staff } from '../entities';
import type { TxContext } from './mutation';

/** Staff are matched by email without regard to case or surrounding spaces. */
const emailKey = (email: string): string => email.trim().toLowerCase();

export class CaseFileLookups {
  private constructor(
    private readonly courts: Map<string, Court>,
    private readonly areas: Map<string, ServiceArea>,
    private readonly staff: Map<string, Staff>,
  ) {}

  /** Every court code, service-area code and staff email the batch names. */
  static async load(t: TxContext, cases: readonly CaseFileRecord[]): Promise<CaseFileLookups> {
    const courts = new Set<string>();
    const areas = new Set<string>();
    const emails = new Set<string>();
    for (const c of cases) {
      if (c.courtCode) courts.add(c.courtCode);
      if (c.serviceAreaCode) areas.add(c.serviceAreaCode);
      if (c.practitionerEmail) emails.add(emailKey(c.practitionerEmail));
      for (const h of c.hearings ?? []) if (h.courtCode) courts.add(h.courtCode);
      for (const r of c.courtReports ?? []) if (r.authorEmail) emails.add(emailKey(r.authorEmail));
      for (const l of c.contactLogs ?? []) if (l.staffEmail) emails.add(emailKey(l.staffEmail));
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
    return new CaseFileLookups(
      new Map(courtRows.map((c) => [c.code, c])),
      new Map(areaRows.map((a) => [a.code, a])),
      new Map(staffRows.map((s) => [emailKey(s.email), s])),
    );
  }

  court(p: Problems, field: string, code: string): Court | null {
    return found(p, field, this.courts.get(code), `no court has the code "${code}"`);
  }

  area(p: Problems, field: string, code: string): ServiceArea | null {
    return found(p, field, this.areas.get(code), `no service area has the code "${code}"`);
  }

  /** The id of the member of staff with this email. */
  staffId(p: Problems, field: string, email: string): string | null {
    return found(p, field, this.staff.get(emailKey(email)), `no member of staff has the email "${email}"`)?.id ?? null;
  }
}

function found<T>(p: Problems, field: string, row: T | undefined, notFound: string): T | null {
  if (!row) p.add(UserErrorCode.NOT_FOUND, field, notFound);
  return row ?? null;
}

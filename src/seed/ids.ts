/** Deterministic ids for demo data, so that demo users' tokens can be made without the database. */
import { createHash } from 'node:crypto';
import { Role } from '../domain/enums';

/** A stable uuid (version 4 layout) for a label such as `case:42`. */
export function seedUuid(label: string): string {
  const h = createHash('sha256').update(`complaints-gateway-demo:${label}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const staffId = (role: Role, area: number | 'cst', index: number) => seedUuid(`staff:${role}:${area}:${index}`);
export const providerId = (index: number) => seedUuid(`provider:${index}`);

/** The subject each role's demo token carries. */
export function demoSubject(role: Role): { subject: string; partnerId?: string } {
  switch (role) {
    case Role.CST_OFFICER:
    case Role.CST_MANAGER:
    case Role.ANALYST:
      return { subject: staffId(role, 'cst', 0) };
    case Role.PRACTITIONER:
    case Role.LINE_MANAGER:
    case Role.SENIOR_MANAGER:
      return { subject: staffId(role, 0, 0) };
    case Role.PROVIDER:
      return { subject: providerId(0), partnerId: providerId(0) };
    case Role.CASE_SYSTEM:
      return { subject: 'case-management-system' };
    case Role.HR_SYSTEM:
      return { subject: 'hr-system' };
  }
}

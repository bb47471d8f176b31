/**
 * Links in messages (SPEC §4: "a link (`PUBLIC_URL`)"): `FRONTEND_URL/complaints/REF`. A frontend that
 * has its own address takes the same path; by default the gateway answers it with a page that shows
 * the complaint to a signed-in user (src/http/complaint-page.ts).
 */
import type { Config } from '../config';

/** A complaint's reference as it may appear in a link (`CMP-YYYY-NNNNNN`, more digits past a million). */
export const LINKED_REFERENCE = /^CMP-\d{4}-\d{6,}$/;

export const complaintPath = (reference: string) => `/complaints/${encodeURIComponent(reference)}`;

export function complaintLink(config: Pick<Config, 'frontendUrl'>, reference: string): string {
  return `${config.frontendUrl}${complaintPath(reference)}`;
}

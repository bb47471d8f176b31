/**
 * Links in messages (SPEC §4: "a link (`PUBLIC_URL`)"): `FRONTEND_URL/complaints/REF`, and
 * `FRONTEND_URL/compliments/ID` for a compliment. A frontend that has its own address takes the same
 * paths; by default the gateway answers them with a page that shows the record to a signed-in member of
 * staff (src/http/record-page.ts).
 */
import type { Config } from '../config';

export const complaintPath = (reference: string) => `/complaints/${encodeURIComponent(reference)}`;

export function complaintLink(config: Pick<Config, 'frontendUrl'>, reference: string): string {
  return linkTo(config, complaintPath(reference));
}

export const complimentPath = (id: string) => `/compliments/${encodeURIComponent(id)}`;

/** A link to `path` (one of the paths above) on the frontend. */
export function linkTo(config: Pick<Config, 'frontendUrl'>, path: string): string {
  return `${config.frontendUrl}${path}`;
}

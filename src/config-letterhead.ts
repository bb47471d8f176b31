/** The letterhead of every letter (PDF) to a complainant: the service's name and address lines. */
import type { NotificationConfig } from './config';

/**
 * LETTERHEAD_NAME and LETTERHEAD_ADDRESS (lines separated by `|`); by default the service's name and,
 * under "Customer Service Team", the address replies go to (MAIL_FROM's).
 */
export function readLetterhead(env: NodeJS.ProcessEnv): NotificationConfig['letterhead'] {
  const from = env.MAIL_FROM || 'complaints@localhost';
  const replyTo = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const lines = (env.LETTERHEAD_ADDRESS ?? '')
    .split('|')
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    name: env.LETTERHEAD_NAME?.trim() || 'Complaints Service',
    addressLines: lines.length ? lines : ['Customer Service Team', replyTo.trim()],
  };
}

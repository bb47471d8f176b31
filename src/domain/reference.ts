/**
 * A complaint's reference as issued (SPEC §1.1): `CMP-YYYY-NNNNNN`, numbered per year of receipt, with a
 * seventh digit and more past a million (migration ReferenceSequences pads to six digits, never fewer).
 * One pattern for every place that recognises one: links, replies by email.
 */
export const REFERENCE_PATTERN = 'CMP-(\\d{4})-(\\d{6}|[1-9]\\d{6,})';

const EXACTLY = new RegExp(`^${REFERENCE_PATTERN}$`);

/** Whether `value` is a reference as issued (upper case). */
export function isReference(value: string): boolean {
  return EXACTLY.test(value);
}

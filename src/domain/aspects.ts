/**
 * The aspects of an assessment (SPEC §1.4; procedure §4.4–4.9): what each category names and
 * needs. Pure: the service looks up the rows an aspect names (a court report, a member of staff, a
 * provider) and passes what it found.
 */
import { levelAllowed, referralLevelOf } from './consequences';
import { AspectCategory, type ReferralLevel, type Seriousness } from './enums';
import { UserErrorCode, noSuch, type Problems } from './problems';
import { LONG_TEXT, SHORT_TEXT, optionalText, requiredText } from './validation';

const MAX_ASPECTS = 50;

export interface AspectInput {
  category: AspectCategory;
  description: string;
  finding?: string | null;
  remedialAction?: string | null;
  courtReportId?: string | null;
  otherCommunication?: string | null;
  staffId?: string | null;
  seriousness?: Seriousness | null;
  referralLevel?: ReferralLevel | null;
  drawToCourt?: boolean | null;
  providerId?: string | null;
}

/** An aspect's values, checked. */
export interface AspectValues {
  position: number;
  category: AspectCategory;
  description: string;
  finding: string | null;
  remedialAction: string | null;
  courtReportId: string | null;
  otherCommunication: string | null;
  staffId: string | null;
  seriousness: Seriousness | null;
  referralLevel: ReferralLevel | null;
  drawToCourt: boolean;
  providerId: string | null;
}

/**
 * The rows an aspect names, as the service found them: undefined when the aspect names none (or
 * its category takes none), null when the id names nothing.
 */
export interface NamedRows {
  courtReport?: { id: string; caseId: string } | null;
  staff?: { id: string } | null;
  provider?: { id: string } | null;
}

/** Whether the service should look up what the aspect names (only what its category takes). */
export function namesOf(a: AspectInput): { courtReportId?: string; staffId?: string; providerId?: string } {
  return {
    courtReportId: a.category === AspectCategory.FACTUAL_ERROR ? (a.courtReportId ?? undefined) : undefined,
    staffId: a.category === AspectCategory.STAFF_CONDUCT ? (a.staffId ?? undefined) : undefined,
    providerId: a.category === AspectCategory.PROVIDER_ACTIONS ? (a.providerId ?? undefined) : undefined,
  };
}

/** Fields that belong to one category only: given with another, they are a mistake. */
const ONLY_WITH: [keyof AspectInput, AspectCategory, string][] = [
  ['courtReportId', AspectCategory.FACTUAL_ERROR, 'the court report in error'],
  ['otherCommunication', AspectCategory.FACTUAL_ERROR, 'the other communication in error'],
  ['staffId', AspectCategory.STAFF_CONDUCT, 'the employee'],
  ['seriousness', AspectCategory.STAFF_CONDUCT, 'how serious the conduct is'],
  ['referralLevel', AspectCategory.STAFF_CONDUCT, 'the referral'],
  ['drawToCourt', AspectCategory.STAFF_CONDUCT, "drawing conduct to the court's attention"],
  ['providerId', AspectCategory.PROVIDER_ACTIONS, 'the provider'],
];

/** Serious conduct goes to the senior manager (§4.6): a lower level is refused, naming `field`. */
export function checkReferralLevel(
  seriousness: Seriousness | null,
  level: ReferralLevel,
  field: string,
  problems: Problems,
): void {
  if (!levelAllowed(seriousness, level)) {
    const message = 'serious conduct is referred to the senior manager (SENIOR_MANAGER is the minimum)';
    problems.add(UserErrorCode.INVALID, field, message);
  }
}

/** The number of aspects an assessment records. */
export function checkAspectCount(count: number, problems: Problems): void {
  if (count === 0) problems.add(UserErrorCode.INVALID, 'input.aspects', 'record at least one aspect');
  if (count > MAX_ASPECTS) problems.add(UserErrorCode.INVALID, 'input.aspects', `at most ${MAX_ASPECTS} aspects`);
}

/**
 * Checks aspect `i` (its fields are named `input.aspects.i.…`) of a complaint on case `caseId`
 * (null: none), with the rows it names; returns its values.
 */
export function checkAspect(
  a: AspectInput,
  i: number,
  caseId: string | null,
  found: NamedRows,
  problems: Problems,
): AspectValues {
  const f = (name: string) => `input.aspects.${i}.${name}`;
  for (const [name, category, what] of ONLY_WITH) {
    const value = a[name];
    if (value !== null && value !== undefined && value !== false && a.category !== category) {
      problems.add(UserErrorCode.INVALID, f(name), `${name} (${what}) goes with ${category}, not ${a.category}`);
    }
  }
  const values: AspectValues = {
    position: i,
    category: a.category,
    description: requiredText(problems, f('description'), a.description, LONG_TEXT),
    finding: optionalText(problems, f('finding'), a.finding, LONG_TEXT),
    remedialAction: optionalText(problems, f('remedialAction'), a.remedialAction, LONG_TEXT),
    courtReportId: null,
    otherCommunication: null,
    staffId: null,
    seriousness: null,
    referralLevel: null,
    drawToCourt: false,
    providerId: null,
  };
  const needsCourt =
    a.category === AspectCategory.PROFESSIONAL_JUDGEMENT ||
    a.category === AspectCategory.FACTUAL_ERROR ||
    Boolean(a.drawToCourt);
  if (needsCourt && !caseId) {
    const message = `${a.category} concerns what the court was told: the complaint has no case`;
    problems.add(UserErrorCode.INVALID, f('category'), message);
  }
  if (a.category === AspectCategory.FACTUAL_ERROR)
    Object.assign(values, checkFactualError(a, f, caseId, found, problems));
  if (a.category === AspectCategory.STAFF_CONDUCT) Object.assign(values, checkConduct(a, f, found, problems));
  if (a.category === AspectCategory.PROVIDER_ACTIONS) {
    if (!a.providerId) problems.add(UserErrorCode.INVALID, f('providerId'), 'a provider aspect names the provider');
    else if (!found.provider) problems.add(UserErrorCode.NOT_FOUND, f('providerId'), noSuch('provider', a.providerId));
    values.providerId = found.provider?.id ?? null;
  }
  return values;
}

/** A factual error is in a court report or in another communication to the court, one of the two. */
function checkFactualError(
  a: AspectInput,
  f: (name: string) => string,
  caseId: string | null,
  found: NamedRows,
  problems: Problems,
): Partial<AspectValues> {
  const other = optionalText(problems, f('otherCommunication'), a.otherCommunication, SHORT_TEXT);
  const report = found.courtReport;
  if (!a.courtReportId && !other) {
    const message =
      'a factual error names the court report in error ' +
      '(or describes the other communication to the court in otherCommunication)';
    problems.add(UserErrorCode.INVALID, f('courtReportId'), message);
  } else if (a.courtReportId && other) {
    const message = 'a factual error is in a court report or in another communication, not both';
    problems.add(UserErrorCode.INVALID, f('otherCommunication'), message);
  } else if (a.courtReportId && !report) {
    problems.add(UserErrorCode.NOT_FOUND, f('courtReportId'), noSuch('court report', a.courtReportId));
  } else if (report && report.caseId !== caseId) {
    problems.add(UserErrorCode.INVALID, f('courtReportId'), "the report is not on the complaint's case");
  }
  return { otherCommunication: other, courtReportId: !other && report ? report.id : null };
}

/** Conduct names the employee and how serious it is; serious conduct goes to a senior manager (§4.6). */
function checkConduct(
  a: AspectInput,
  f: (name: string) => string,
  found: NamedRows,
  problems: Problems,
): Partial<AspectValues> {
  if (!a.staffId) problems.add(UserErrorCode.INVALID, f('staffId'), 'a conduct aspect names the employee');
  else if (!found.staff) problems.add(UserErrorCode.NOT_FOUND, f('staffId'), noSuch('member of staff', a.staffId));
  if (!a.seriousness) {
    problems.add(UserErrorCode.INVALID, f('seriousness'), 'say whether the conduct is STANDARD or SERIOUS');
  }
  const level = referralLevelOf(a);
  if (a.seriousness) checkReferralLevel(a.seriousness, level, f('referralLevel'), problems);
  return {
    staffId: found.staff?.id ?? null,
    seriousness: a.seriousness ?? null,
    referralLevel: level,
    drawToCourt: Boolean(a.drawToCourt),
  };
}

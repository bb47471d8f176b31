/**
 * The consequences of assessment (SPEC §1.5), planned from the aspects: pure, so that the rules
 * are read and tested in one place. The service turns the plan into rows.
 */
import { AspectCategory, CourtNotificationReason, ReferralLevel, Seriousness } from './enums';

export interface AspectFacts {
  id: string;
  category: AspectCategory;
  courtReportId: string | null;
  otherCommunication: string | null;
  staffId: string | null;
  seriousness: Seriousness | null;
  referralLevel: ReferralLevel | null;
  drawToCourt: boolean;
  providerId: string | null;
}

export type PlannedConsequence =
  | { kind: 'court-notification'; key: string; aspectId: string; reason: CourtNotificationReason }
  | { kind: 'report-correction'; key: string; aspectId: string; courtReportId: string }
  | { kind: 'referral'; key: string; aspectId: string; staffId: string; level: ReferralLevel }
  | { kind: 'provider-engagement'; key: string; aspectId: string; providerId: string };

/** The referral level of a conduct aspect: SENIOR_MANAGER by default, and at least that for SERIOUS. */
export function referralLevelOf(a: { referralLevel?: ReferralLevel | null }): ReferralLevel {
  return a.referralLevel ?? ReferralLevel.SENIOR_MANAGER;
}

/** Whether a chosen level is allowed for the seriousness (SERIOUS needs SENIOR_MANAGER). */
export function levelAllowed(seriousness: Seriousness | null, level: ReferralLevel): boolean {
  return seriousness !== Seriousness.SERIOUS || level === ReferralLevel.SENIOR_MANAGER;
}

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * One consequence per key, the first aspect giving it. Professional judgement: one notification
 * to the court for the complaint (it carries the complaint and, when sent, the response).
 */
export function planConsequences(aspects: readonly AspectFacts[]): PlannedConsequence[] {
  const planned = new Map<string, PlannedConsequence>();
  const add = (c: PlannedConsequence) => {
    if (!planned.has(c.key)) planned.set(c.key, c);
  };
  for (const a of aspects) {
    switch (a.category) {
      case AspectCategory.PROFESSIONAL_JUDGEMENT:
        add({
          kind: 'court-notification',
          key: 'court-notification:professional-judgement',
          aspectId: a.id,
          reason: CourtNotificationReason.PROFESSIONAL_JUDGEMENT,
        });
        break;
      case AspectCategory.FACTUAL_ERROR:
        if (a.courtReportId) {
          add({
            kind: 'report-correction',
            key: `report-correction:${a.courtReportId}`,
            aspectId: a.id,
            courtReportId: a.courtReportId,
          });
        } else {
          add({
            kind: 'court-notification',
            key: `court-notification:factual-error:${normalise(a.otherCommunication ?? '')}`,
            aspectId: a.id,
            reason: CourtNotificationReason.FACTUAL_ERROR,
          });
        }
        break;
      case AspectCategory.STAFF_CONDUCT: {
        const level = referralLevelOf(a);
        if (a.staffId && level !== ReferralLevel.NONE) {
          add({ kind: 'referral', key: `referral:${a.staffId}:${level}`, aspectId: a.id, staffId: a.staffId, level });
        }
        if (a.staffId && a.drawToCourt) {
          add({
            kind: 'court-notification',
            key: `court-notification:staff-conduct:${a.staffId}`,
            aspectId: a.id,
            reason: CourtNotificationReason.STAFF_CONDUCT,
          });
        }
        break;
      }
      case AspectCategory.PROVIDER_ACTIONS:
        if (a.providerId)
          add({
            kind: 'provider-engagement',
            key: `provider-engagement:${a.providerId}`,
            aspectId: a.id,
            providerId: a.providerId,
          });
        break;
      case AspectCategory.CASE_MANAGEMENT:
        break; // remedial action only
    }
  }
  return [...planned.values()];
}

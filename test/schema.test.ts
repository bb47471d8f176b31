import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createSchema, printSchemaFile } from '../src/graphql/schema';
import { createServices } from '../src/services/services';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:emit` when this fails)', async () => {
    const committed = await readFile('schema.graphql', 'utf8');
    expect(printSchemaFile(await createSchema(createServices()))).toBe(committed);
  });

  it('keeps the names of the minimum contract', async () => {
    const sdl = await readFile('schema.graphql', 'utf8');
    for (const type of [
      'Complaint',
      'ComplaintAspect',
      'Complainant',
      'Evidence',
      'Case',
      'Party',
      'Child',
      'CourtReport',
      'ContactLog',
      'Hearing',
      'Court',
      'Staff',
      'ServiceArea',
      'Provider',
      'Referral',
      'CourtNotification',
      'ReportCorrection',
      'ProviderEngagement',
      'Response',
      'OmbudsmanEscalation',
      'Compliment',
      'LearningPoint',
      'ContactRestriction',
      'Notification',
      'AuditEvent',
      'ComplaintStatistics',
    ]) {
      expect(sdl, type).toMatch(new RegExp(`^type ${type}( implements Node)? \\{`, 'm'));
    }
    for (const e of [
      'ComplaintStatus',
      'ComplainantKind',
      'Channel',
      'TriageOutcome',
      'NotAcceptedReason',
      'AspectCategory',
      'Seriousness',
      'ReferralLevel',
      'ReferralOutcome',
      'DueReason',
      'HearingStatus',
      'OmbudsmanOutcome',
      'Role',
      'NotificationChannel',
      'NotificationStatus',
    ]) {
      expect(sdl, e).toMatch(new RegExp(`^enum ${e} \\{`, 'm'));
    }
    const complaint = /^type Complaint(?: implements Node)? \{([^}]*)\}/m.exec(sdl)![1];
    for (const field of [
      'id',
      'reference',
      'status',
      'channel',
      'receivedAt',
      'cstReceivedAt',
      'cstDueOn',
      'acknowledgementDueOn',
      'responseDueOn',
      'dueReason',
      'nextDueOn',
      'complainant',
      'case',
      'subjectStaff',
      'aspects',
      'referrals',
      'courtNotifications',
      'responses',
      'notifications',
      'auditTrail',
      'version',
    ]) {
      expect(complaint, field).toMatch(new RegExp(`\\n  ${field}[(:]`));
    }
    const kase = /^type Case(?: implements Node)? \{([^}]*)\}/m.exec(sdl)![1];
    for (const field of [
      'caseNumber',
      'court',
      'serviceArea',
      'practitioner',
      'status',
      'involvementEndedOn',
      'hearings',
      'courtReports',
      'contactLogs',
      'parties',
      'children',
      'complaints',
    ]) {
      expect(kase, field).toMatch(new RegExp(`\\n  ${field}[(:]`));
    }
  });
});

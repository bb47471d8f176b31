/**
 * Retention (SPEC §1.12, §5): anonymises closed complaints past the retention period. Personal data
 * is replaced, everything reports count is kept (statuses, categories, channel, kinds, dates, ids,
 * referral levels and outcomes), the complaint's audit changes are redacted keeping their digests,
 * and one `complaint.anonymised` event is written — one transaction per complaint, so a failure
 * leaves nothing half-done and a second run finds nothing to do.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import { londonDate, type CalendarDate } from '../domain/calendar-date';
import {
  latestEligibleClosure,
  retentionDecision,
  type RetentionBlock,
  type OmbudsmanFacts,
} from '../domain/retention';
import { FINAL_STATUSES } from '../domain/complaint-status';
import { Complaint } from '../entities';
import { LetterWriter } from '../integrations/post/letter-writer';
import { fileStores, type ConfiguredStores } from '../integrations/files/file-stores';
import { AuditService, SYSTEM } from './audit.service';
import type { WriteContext } from './mutation';
import { RetainedFiles, type PendingRemoval } from './retention-files';
import { apply, COMPLAINANT_DATA, COMPLAINANT_MESSAGES, COMPLAINT_DATA } from './retention-data';

export { ANONYMISED, COMPLAINANT_DATA, COMPLAINT_DATA, type Anonymisation } from './retention-data';

type AnonymiseOutcome =
  | {
      anonymised: true;
      complaintId: string;
      reference: string;
      closedOn: CalendarDate;
      complainantAnonymised: boolean;
      letterFiles: string[];
      /** What object stores delete once the anonymisation has committed. */
      removals: PendingRemoval[];
    }
  | { anonymised: false; complaintId: string; reference: string | null; reason: RetentionBlock | 'NOT_FOUND' };

export interface RetentionRunOptions {
  now: () => Date;
  /** Decide and report, change nothing. */
  dryRun?: boolean;
}

export interface RetentionRun {
  today: CalendarDate;
  years: number;
  dryRun: boolean;
  /** Complaints anonymised (in a dry run: that would be). */
  anonymised: { complaintId: string; reference: string; closedOn: CalendarDate; complainantAnonymised: boolean }[];
  /** Complaints the pre-selection found that the rule keeps, with why. */
  kept: { complaintId: string; reference: string | null; reason: string }[];
  failed: { complaintId: string; error: string }[];
  /** Files object stores held that no row needed (uploads that failed, deletions cut short), deleted. */
  sweptFiles: number;
}

const PAGE = 200;

export class RetentionService {
  constructor(
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly config: Pick<Config, 'retention' | 'files'> & {
      notifications: Pick<Config['notifications'], 'letterDir'>;
    },
    stores: ConfiguredStores = fileStores(config.files),
    private readonly letters = new LetterWriter(config.notifications.letterDir),
  ) {
    this.files = new RetainedFiles(stores);
  }

  private readonly files: RetainedFiles;

  /**
   * Every complaint due for anonymisation on the run's date, each in its own transaction. The SQL
   * pre-selection is generous; `retentionDecision` decides, under the complaint's row lock.
   */
  async run(options: RetentionRunOptions): Promise<RetentionRun> {
    const started = options.now();
    const today = londonDate(started);
    const years = this.config.retention.years;
    const dryRun = options.dryRun ?? false;
    const result: RetentionRun = { today, years, dryRun, anonymised: [], kept: [], failed: [], sweptFiles: 0 };
    const wouldAnonymise = new Set<string>();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM complaints
         WHERE anonymised_at IS NULL AND NOT legal_hold AND status = ANY($1::complaint_status[]) AND id > $3
           AND (greatest(closed_at, responded_at, triaged_at, withdrawn_at) AT TIME ZONE 'Europe/London')::date
               <= $2::date
         ORDER BY id LIMIT ${PAGE}`,
        [FINAL_STATUSES, latestEligibleClosure(today, years), after],
      );
      for (const { id } of page) {
        try {
          const outcome = await this.dataSource.transaction((tx) =>
            this.anonymise({ tx, actor: SYSTEM, now: options.now, today }, id, {
              years,
              dryRun,
              alsoAnonymised: wouldAnonymise,
            }),
          );
          if (outcome.anonymised) {
            const { letterFiles, removals, anonymised: _, ...done } = outcome;
            result.anonymised.push(done);
            // Only a dry run needs them: a real run's are committed with anonymised_at set.
            if (dryRun) wouldAnonymise.add(id);
            // Printable letters are files: removed after the commit.
            for (const file of letterFiles) await this.letters.remove(file);
            await this.files.removeAfterCommit(this.dataSource, removals);
          } else {
            result.kept.push({ complaintId: id, reference: outcome.reference, reason: outcome.reason });
          }
        } catch (error) {
          result.failed.push({ complaintId: id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    if (!dryRun) {
      try {
        result.sweptFiles = await this.files.sweep(this.dataSource, options.now());
      } catch (error) {
        result.failed.push({
          complaintId: '(file sweep)',
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return result;
  }

  /**
   * In the caller's transaction: locks the complaint, decides, and anonymises it if it is due.
   * The complainant goes too when every other complaint of theirs is anonymised already
   * (`alsoAnonymised`: complaints a dry run would have anonymised before this one).
   */
  private async anonymise(
    t: Pick<WriteContext, 'tx' | 'actor' | 'now' | 'today'>,
    complaintId: string,
    options: { years: number; dryRun?: boolean; alsoAnonymised?: ReadonlySet<string> },
  ): Promise<AnonymiseOutcome> {
    // A dry run changes nothing, so it locks nothing.
    const lock = options.dryRun ? {} : { lock: { mode: 'pessimistic_write' as const } };
    const complaint = await t.tx.getRepository(Complaint).findOne({ where: { id: complaintId }, ...lock });
    if (!complaint) return { anonymised: false, complaintId, reference: null, reason: 'NOT_FOUND' };
    const decision = retentionDecision(
      { ...complaint, escalations: await this.ombudsman(t.tx, complaintId) },
      t.today,
      options.years,
    );
    if (!decision.eligible)
      return { anonymised: false, complaintId, reference: complaint.reference, reason: decision.reason };

    // The complainant row is locked before the check, so two of their complaints anonymised at once
    // (or a new complaint recorded for them) cannot both miss the last one.
    if (!options.dryRun)
      await t.tx.query('SELECT id FROM complainants WHERE id = $1 FOR UPDATE', [complaint.complainantId]);
    const [{ others }] = await t.tx.query(
      `SELECT count(*)::int AS others FROM complaints
        WHERE complainant_id = $1 AND id <> $2 AND anonymised_at IS NULL AND NOT (id = ANY($3::uuid[]))`,
      [complaint.complainantId, complaint.id, [...(options.alsoAnonymised ?? [])]],
    );
    const complainantAnonymised = others === 0;
    const done = {
      anonymised: true as const,
      complaintId,
      reference: complaint.reference,
      closedOn: decision.closedOn,
      complainantAnonymised,
    };
    if (options.dryRun) return { ...done, letterFiles: [], removals: [] };

    const at = t.now();
    const letterFiles: string[] = (
      await t.tx.query(
        `SELECT letter_file AS file FROM notifications WHERE letter_file IS NOT NULL
            AND (complaint_id = $1 OR ($3 AND ${COMPLAINANT_MESSAGES.replace('$1', '$2')}))`,
        [complaint.id, complaint.complainantId, complainantAnonymised],
      )
    ).map((r: { file: string }) => r.file);
    const removals = await this.files.forget(t.tx, complaint.id);
    const rows: Record<string, number> = {};
    for (const a of COMPLAINT_DATA) {
      const n = await apply(t.tx, a, complaint.id, at);
      if (n && a.table !== 'complaints') rows[a.table] = n;
    }
    if (complainantAnonymised) {
      for (const a of COMPLAINANT_DATA) {
        const n = await apply(t.tx, a, complaint.complainantId, at);
        if (n) rows[a.table] = (rows[a.table] ?? 0) + n;
      }
    }
    // The one path that redacts (the application role has no UPDATE on the trail): the function checks the
    // complaint is anonymised and past retention, and records the redaction (migration AuditSeals).
    const [{ redacted }]: { redacted: number[] }[] = await t.tx.query(
      'SELECT redact_complaint_audit($1, $2, $3) AS redacted',
      [complaint.id, options.years, at],
    );
    await this.audit.record(
      t.tx,
      t.actor,
      {
        action: 'complaint.anonymised',
        entityType: 'Complaint',
        entityId: complaint.id,
        complaintId: complaint.id,
        caseId: complaint.caseId,
        change: {
          anonymisedAt: { from: null, to: at },
          closedOn: decision.closedOn,
          retainedUntil: decision.retainedUntil,
          retentionYears: options.years,
          complainant: complainantAnonymised ? 'anonymised' : 'kept: another of their complaints is not anonymised yet',
          rows,
          redactedEvents: redacted.length,
          // verify accepts a redacted event only when the anonymisation after it names it.
          redactedSequences: redacted,
        },
      },
      at,
    );
    return { ...done, letterFiles, removals };
  }

  private async ombudsman(tx: EntityManager, complaintId: string): Promise<OmbudsmanFacts[]> {
    const rows: { outcomeOn: string | null; completed: (string | null)[] }[] = await tx.query(
      `SELECT e.outcome_on::text AS "outcomeOn",
              coalesce(array_agg(r.completed_on::text) FILTER (WHERE r.id IS NOT NULL), '{}') AS completed
       FROM ombudsman_escalations e LEFT JOIN ombudsman_recommendations r ON r.escalation_id = e.id
       WHERE e.complaint_id = $1 GROUP BY e.id`,
      [complaintId],
    );
    return rows.map((r) => ({ outcomeOn: r.outcomeOn, recommendationsCompletedOn: r.completed }));
  }
}

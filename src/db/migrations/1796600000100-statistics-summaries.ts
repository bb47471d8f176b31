import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily summaries of the complaint statistics (issue 14): what `complaintStatistics` counts by receipt
 * date and by sent date, kept per London day and service area, so a year's figures sum summary
 * rows (about 100,000 at scale 100) instead of reading every complaint and response of the year. Periods are whole London
 * days, so no period has a ragged edge: the sums are exactly what counting the complaints gives.
 *
 * - `statistics_received_daily`: complaints by receipt day, area, channel, status, complainant kind,
 *   triage outcome and acknowledgement (ON_TIME, LATE, or PENDING with its due date: whether a pending
 *   one is late depends on the day the statistics are asked for).
 * - `statistics_categories_daily`: complaints by receipt day, area and aspect category (each complaint
 *   once per category it has an aspect in), and `ANY` for complaints with any aspect.
 * - `statistics_responses_daily`: responses sent, by sent day, area, timeliness against the
 *   complaint's due date and its original due date, and the day its procedure started (for the median
 *   working days to respond, computed from these pairs with the calendar of the day it is asked).
 *
 * Kept up to date by triggers in the transaction of every write that changes them (complaints,
 * complainants' kind, aspects, responses): inserts, deletions and aspects' updates per statement, with
 * transition tables, so a bulk write is one upsert; other updates per row, only when a column the
 * summaries read changed (a bulk update of other columns, such as renumbering references, costs nothing). A complaint's deletion is taken off before it happens (its aspects and responses go
 * with it by cascade, when it can no longer be read). Summary rows are upserted in key order.
 * Providers read none of it (row-level security as for the other closed tables).
 */
const LONDON = (instant: string) => `(${instant} AT TIME ZONE 'Europe/London')::date`;

const RECEIVED_KEYS = [
  'received_on',
  'service_area_id',
  'channel',
  'status',
  'kind',
  'triage_outcome',
  'acknowledgement',
  'acknowledgement_due_on',
  'slot',
].join(', ');

/**
 * Each complaint counts in one of 16 rows of its key, chosen by its id: concurrent writes of complaints
 * with the same key (16 intakes at once, all received today by email in one area) mostly update
 * different rows instead of queueing on one row's lock until each commits (issue 12's counter row).
 */
const SLOTS = 16;
const slot = (complaintId: string) => `get_byte(uuid_send(${complaintId}), 15) % ${SLOTS}`;

/** The received key of complaint `c` whose complainant is `k`. */
const receivedKey = (c: string, k: string) =>
  `${LONDON(`${c}.received_at`)}, ${c}.service_area_id, ${c}.channel, ${c}.status, ${k}.kind, ${c}.triage_outcome,
   CASE WHEN ${c}.acknowledged_at IS NULL THEN 'PENDING'
        WHEN ${LONDON(`${c}.acknowledged_at`)} <= ${c}.acknowledgement_due_on THEN 'ON_TIME' ELSE 'LATE' END,
   CASE WHEN ${c}.acknowledged_at IS NULL THEN ${c}.acknowledgement_due_on END, ${slot(`${c}.id`)}`;

const CATEGORY_KEYS = 'received_on, service_area_id, category, slot';
const RESPONSE_KEYS = 'sent_on, service_area_id, against_due, against_original, procedure_start_on, slot';

const timeliness = (sentOn: string, dueOn: string) =>
  `CASE WHEN ${dueOn} IS NULL THEN 'NO_DUE_DATE' WHEN ${sentOn} <= ${dueOn} THEN 'ON_TIME' ELSE 'LATE' END`;

/** The response key of response `r` of complaint `c`. */
const responseKey = (r: string, c: string) =>
  `${LONDON(`${r}.sent_at`)}, ${c}.service_area_id, ${timeliness(LONDON(`${r}.sent_at`), `${c}.response_due_on`)},
   ${timeliness(LONDON(`${r}.sent_at`), `${c}.original_response_due_on`)}, ${c}.procedure_start_on, ${slot(`${c}.id`)}`;

/** Adds the signed rows `deltas` (the table's keys and `d`, +1 or -1) to a summary table. */
const apply = (table: string, keys: string, deltas: string) => `
  INSERT INTO ${table} AS s (${keys}, n)
  SELECT ${keys}, sum(d) FROM (${deltas}) deltas (${keys}, d)
  GROUP BY ${keys} HAVING sum(d) <> 0 ORDER BY ${keys}
  ON CONFLICT ON CONSTRAINT ${table}_key DO UPDATE SET n = s.n + excluded.n`;

/** Received deltas of complaints `removed` (-1) and `added` (+1), relations of complaints rows. */
const receivedDeltas = (removed: string, added: string) =>
  apply(
    'statistics_received_daily',
    RECEIVED_KEYS,
    `SELECT ${receivedKey('c', 'k')}, -1 FROM ${removed} c JOIN complainants k ON k.id = c.complainant_id
     UNION ALL
     SELECT ${receivedKey('c', 'k')}, 1 FROM ${added} c JOIN complainants k ON k.id = c.complainant_id`,
  );

/** Category deltas of complaints `removed` (-1) and `added` (+1) with their current aspects. */
const categoryOfComplaintDeltas = (removed: string, added: string) =>
  apply(
    'statistics_categories_daily',
    CATEGORY_KEYS,
    `SELECT ${LONDON('c.received_at')}, c.service_area_id, x.category, ${slot('c.id')}, x.d
     FROM (SELECT c.*, -1 AS d FROM ${removed} c UNION ALL SELECT c.*, 1 FROM ${added} c) c
     CROSS JOIN LATERAL (
       SELECT DISTINCT a.category::text AS category, c.d FROM complaint_aspects a WHERE a.complaint_id = c.id
       UNION ALL
       SELECT 'ANY', c.d WHERE EXISTS (SELECT 1 FROM complaint_aspects a WHERE a.complaint_id = c.id)
     ) x`,
  );

/** Response deltas of complaints `removed` (-1) and `added` (+1) with their sent responses. */
const responseOfComplaintDeltas = (removed: string, added: string) =>
  apply(
    'statistics_responses_daily',
    RESPONSE_KEYS,
    `SELECT ${responseKey('r', 'c')}, -1 FROM ${removed} c JOIN responses r ON r.complaint_id = c.id AND r.sent_at IS NOT NULL
     UNION ALL
     SELECT ${responseKey('r', 'c')}, 1 FROM ${added} c JOIN responses r ON r.complaint_id = c.id AND r.sent_at IS NOT NULL`,
  );

/** Response deltas of responses `removed` (-1) and `added` (+1) against their complaints. */
const responseDeltas = (removed: string, added: string) =>
  apply(
    'statistics_responses_daily',
    RESPONSE_KEYS,
    `SELECT ${responseKey('r', 'c')}, -1 FROM ${removed} r JOIN complaints c ON c.id = r.complaint_id WHERE r.sent_at IS NOT NULL
     UNION ALL
     SELECT ${responseKey('r', 'c')}, 1 FROM ${added} r JOIN complaints c ON c.id = r.complaint_id WHERE r.sent_at IS NOT NULL`,
  );

/**
 * Category deltas of a statement on aspects: per complaint touched, its categories before (the
 * aspects now, less those the statement wrote, plus those it removed or overwrote) and after.
 */
const aspectDeltas = (removed: string | null, added: string | null) => {
  const oldRows = removed ?? 'complaint_aspects WHERE false';
  const newRows = added ?? 'complaint_aspects WHERE false';
  return apply(
    'statistics_categories_daily',
    CATEGORY_KEYS,
    `WITH touched AS (SELECT complaint_id FROM ${oldRows} UNION SELECT complaint_id FROM ${newRows}),
     after AS (
       SELECT a.complaint_id, a.category::text AS category FROM complaint_aspects a
       WHERE a.complaint_id IN (SELECT complaint_id FROM touched)
     ),
     before AS (
       SELECT a.complaint_id, a.category::text FROM complaint_aspects a
       WHERE a.complaint_id IN (SELECT complaint_id FROM touched) AND a.id NOT IN (SELECT id FROM ${newRows})
       UNION ALL
       SELECT complaint_id, category::text FROM ${oldRows}
     ),
     after_set AS (SELECT complaint_id, category FROM after UNION SELECT complaint_id, 'ANY' FROM after),
     before_set AS (SELECT complaint_id, category FROM before UNION SELECT complaint_id, 'ANY' FROM before),
     changes AS (
       (SELECT complaint_id, category, 1 AS d FROM after_set EXCEPT SELECT complaint_id, category, 1 FROM before_set)
       UNION ALL
       (SELECT complaint_id, category, -1 FROM before_set EXCEPT SELECT complaint_id, category, -1 FROM after_set)
     )
     SELECT ${LONDON('c.received_at')}, c.service_area_id, x.category, ${slot('c.id')}, x.d
     FROM changes x JOIN complaints c ON c.id = x.complaint_id`,
  );
};

/** A row trigger's condition: one of `columns` changed. */
const distinct = (columns: string[]) =>
  `(${columns.map((c) => `OLD.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `NEW.${c}`).join(', ')})`;

/**
 * Locks the complaints of the rows a statement on aspects or responses wrote, before reading them: a
 * concurrent writer of the same complaint (its due dates, another aspect) has committed or waits.
 */
const lockComplaints = (...relations: string[]) =>
  `PERFORM 1 FROM complaints c WHERE c.id IN (${relations.map((r) => `SELECT complaint_id FROM ${r}`).join(' UNION ')})
   ORDER BY c.id FOR NO KEY UPDATE`;

const RECEIVED_COLUMNS = [
  'received_at',
  'service_area_id',
  'channel',
  'status',
  'triage_outcome',
  'acknowledged_at',
  'acknowledgement_due_on',
  'complainant_id',
];
const PLACE_COLUMNS = ['received_at', 'service_area_id'];
const DUE_COLUMNS = ['service_area_id', 'response_due_on', 'original_response_due_on', 'procedure_start_on'];

/** A row trigger's row before and after, as one-row relations. */
const OLD_ROW = '(SELECT OLD.*) ';
const NEW_ROW = '(SELECT NEW.*) ';

const plpgsql = (name: string, body: string, returns = 'NULL') => `
  CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${body};
    RETURN ${returns};
  END $$`;

const FUNCTIONS: Record<string, string> = {
  statistics_complaints_inserted: plpgsql('statistics_complaints_inserted', receivedDeltas(NONE_COMPLAINTS(), 'new_rows')),
  // Updates are row by row, each trigger only when its columns changed (most updates change none).
  statistics_complaint_received_moved: plpgsql('statistics_complaint_received_moved', receivedDeltas(OLD_ROW, NEW_ROW)),
  statistics_complaint_place_moved: plpgsql(
    'statistics_complaint_place_moved',
    categoryOfComplaintDeltas(OLD_ROW, NEW_ROW),
  ),
  statistics_complaint_due_moved: plpgsql('statistics_complaint_due_moved', responseOfComplaintDeltas(OLD_ROW, NEW_ROW)),
  statistics_complaint_deleting: plpgsql(
    'statistics_complaint_deleting',
    `${receivedDeltas(OLD_ROW, NONE_COMPLAINTS())};
     ${categoryOfComplaintDeltas(OLD_ROW, NONE_COMPLAINTS())};
     ${responseOfComplaintDeltas(OLD_ROW, NONE_COMPLAINTS())}`,
    'OLD',
  ),
  statistics_complainant_kind_changed: plpgsql(
    'statistics_complainant_kind_changed',
    apply(
      'statistics_received_daily',
      RECEIVED_KEYS,
      `SELECT ${receivedKey('c', 'k')}, -1 FROM complaints c JOIN ${OLD_ROW} k ON k.id = c.complainant_id
       UNION ALL
       SELECT ${receivedKey('c', 'k')}, 1 FROM complaints c JOIN ${NEW_ROW} k ON k.id = c.complainant_id`,
    ),
  ),
  statistics_aspects_inserted: plpgsql(
    'statistics_aspects_inserted',
    `${lockComplaints('new_rows')}; ${aspectDeltas(null, 'new_rows')}`,
  ),
  // Per statement: whether a complaint has a category depends on all its aspects, so the rows a statement
  // changed are taken together (row by row, each would be judged against the others already changed).
  statistics_aspects_updated: plpgsql(
    'statistics_aspects_updated',
    `${lockComplaints('old_rows', 'new_rows')}; ${aspectDeltas('old_rows', 'new_rows')}`,
  ),
  statistics_aspects_deleted: plpgsql(
    'statistics_aspects_deleted',
    `${lockComplaints('old_rows')}; ${aspectDeltas('old_rows', null)}`,
  ),
  statistics_responses_inserted: plpgsql(
    'statistics_responses_inserted',
    `IF EXISTS (SELECT 1 FROM new_rows WHERE sent_at IS NOT NULL) THEN
       ${lockComplaints('new_rows')}; ${responseDeltas(NONE_RESPONSES(), 'new_rows')};
     END IF`,
  ),
  statistics_response_moved: plpgsql(
    'statistics_response_moved',
    `${lockComplaints(OLD_ROW, NEW_ROW)}; ${responseDeltas(OLD_ROW, NEW_ROW)}`,
  ),
  statistics_responses_deleted: plpgsql(
    'statistics_responses_deleted',
    `IF EXISTS (SELECT 1 FROM old_rows WHERE sent_at IS NOT NULL) THEN
       ${lockComplaints('old_rows')}; ${responseDeltas('old_rows', NONE_RESPONSES())};
     END IF`,
  ),
  // A table emptied (TRUNCATE fires no row trigger): the summaries named as the trigger's arguments are too.
  statistics_emptied: plpgsql(
    'statistics_emptied',
    `FOR i IN 0 .. TG_NARGS - 1 LOOP EXECUTE format('DELETE FROM %I', TG_ARGV[i]); END LOOP`,
  ),
};

function NONE_COMPLAINTS(): string {
  return '(SELECT * FROM complaints WHERE false)';
}

function NONE_RESPONSES(): string {
  return '(SELECT * FROM responses WHERE false)';
}

const ALL_SUMMARIES = `'statistics_received_daily', 'statistics_categories_daily', 'statistics_responses_daily'`;

/** Triggers: [name, table, timing and event, level and transition tables, function]. */
const TRIGGERS: [string, string, string, string, string][] = [
  ['statistics_inserted', 'complaints', 'AFTER INSERT', 'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT', 'statistics_complaints_inserted'],
  ['statistics_received_moved', 'complaints', 'AFTER UPDATE', `FOR EACH ROW WHEN (${distinct(RECEIVED_COLUMNS)})`, 'statistics_complaint_received_moved'],
  ['statistics_place_moved', 'complaints', 'AFTER UPDATE', `FOR EACH ROW WHEN (${distinct(PLACE_COLUMNS)})`, 'statistics_complaint_place_moved'],
  ['statistics_due_moved', 'complaints', 'AFTER UPDATE', `FOR EACH ROW WHEN (${distinct(DUE_COLUMNS)})`, 'statistics_complaint_due_moved'],
  ['statistics_deleting', 'complaints', 'BEFORE DELETE', 'FOR EACH ROW', 'statistics_complaint_deleting'],
  ['statistics_updated', 'complainants', 'AFTER UPDATE', `FOR EACH ROW WHEN (${distinct(['kind'])})`, 'statistics_complainant_kind_changed'],
  ['statistics_inserted', 'complaint_aspects', 'AFTER INSERT', 'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT', 'statistics_aspects_inserted'],
  ['statistics_updated', 'complaint_aspects', 'AFTER UPDATE', 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT', 'statistics_aspects_updated'],
  ['statistics_deleted', 'complaint_aspects', 'AFTER DELETE', 'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT', 'statistics_aspects_deleted'],
  ['statistics_inserted', 'responses', 'AFTER INSERT', 'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT', 'statistics_responses_inserted'],
  ['statistics_updated', 'responses', 'AFTER UPDATE', `FOR EACH ROW WHEN (${distinct(['complaint_id', 'sent_at'])})`, 'statistics_response_moved'],
  ['statistics_deleted', 'responses', 'AFTER DELETE', 'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT', 'statistics_responses_deleted'],
  ['statistics_emptied', 'complaints', 'AFTER TRUNCATE', 'FOR EACH STATEMENT', `statistics_emptied(${ALL_SUMMARIES})`],
  ['statistics_emptied', 'complainants', 'AFTER TRUNCATE', 'FOR EACH STATEMENT', `statistics_emptied(${ALL_SUMMARIES})`],
  ['statistics_emptied', 'complaint_aspects', 'AFTER TRUNCATE', 'FOR EACH STATEMENT', `statistics_emptied('statistics_categories_daily')`],
  ['statistics_emptied', 'responses', 'AFTER TRUNCATE', 'FOR EACH STATEMENT', `statistics_emptied('statistics_responses_daily')`],
];

const TABLES = {
  statistics_received_daily: `
    "received_on" date NOT NULL, "service_area_id" uuid, "channel" "public"."channel" NOT NULL,
    "status" "public"."complaint_status" NOT NULL, "kind" "public"."complainant_kind" NOT NULL,
    "triage_outcome" "public"."triage_outcome", "acknowledgement" text NOT NULL, "acknowledgement_due_on" date,
    "slot" smallint NOT NULL, "n" integer NOT NULL,
    CONSTRAINT "statistics_received_daily_key" UNIQUE NULLS NOT DISTINCT (${RECEIVED_KEYS})`,
  statistics_categories_daily: `
    "received_on" date NOT NULL, "service_area_id" uuid, "category" text NOT NULL, "slot" smallint NOT NULL,
    "n" integer NOT NULL,
    CONSTRAINT "statistics_categories_daily_key" UNIQUE NULLS NOT DISTINCT (${CATEGORY_KEYS})`,
  statistics_responses_daily: `
    "sent_on" date NOT NULL, "service_area_id" uuid, "against_due" text NOT NULL, "against_original" text NOT NULL,
    "procedure_start_on" date NOT NULL, "slot" smallint NOT NULL, "n" integer NOT NULL,
    CONSTRAINT "statistics_responses_daily_key" UNIQUE NULLS NOT DISTINCT (${RESPONSE_KEYS})`,
};

export class StatisticsSummaries1796600000100 implements MigrationInterface {
  name = 'StatisticsSummaries1796600000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(TABLES)) {
      await queryRunner.query(`CREATE TABLE "${table}" (${columns})`);
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY provider_scope ON "${table}" USING (app_provider_id() IS NULL)`);
    }
    // The summaries of the data already there.
    await queryRunner.query(receivedDeltas(NONE_COMPLAINTS(), 'complaints'));
    await queryRunner.query(categoryOfComplaintDeltas(NONE_COMPLAINTS(), 'complaints'));
    await queryRunner.query(responseDeltas(NONE_RESPONSES(), 'responses'));
    for (const sql of Object.values(FUNCTIONS)) await queryRunner.query(sql);
    for (const [name, table, when, how, fn] of TRIGGERS) {
      await queryRunner.query(`CREATE TRIGGER ${name} ${when} ON "${table}" ${how} EXECUTE FUNCTION ${fn.includes('(') ? fn : `${fn}()`}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table] of [...TRIGGERS].reverse()) await queryRunner.query(`DROP TRIGGER ${name} ON "${table}"`);
    for (const fn of Object.keys(FUNCTIONS).reverse()) await queryRunner.query(`DROP FUNCTION ${fn}()`);
    for (const table of Object.keys(TABLES).reverse()) await queryRunner.query(`DROP TABLE "${table}"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FIND, REFRESH } from './1796600000200-complaint-search';

/**
 * Finding complaints in the work queue's order (issue 15: at most 50 ms at scale 100).
 *
 * A search that finds thousands of complaints (a common word, a name with a typo) spent its time
 * joining every id found to the complaints to sort them, and a typo rechecked the word similarity of
 * every complaint's names (83 ms and 52 ms at scale 100). So `complaint_search` now also keeps the
 * work queue's sort keys (next due date, received at, each with an index), and
 * `find_complaints_in_order` gives the ids found sorted as the page asks: the page joins the ids in
 * that order and stops at the first page's worth the caller may read. For a first page that takes
 * the first rows as they come, the first rows of a text found often are found by walking the order
 * (a few hundred rows) rather than by finding and sorting all of them. Names that look like the text
 * are found through the words of the names (`name_words`, and `complaint_search_vocabulary`, the
 * distinct words, with a trigram index): a name looks like the text when one of its words does (word
 * similarity of at least 0.3), checked once per distinct word, not once per complaint.
 *
 * The words are kept by triggers on complaint_search, whatever changes it (a refresh, a deletion by
 * cascade): a word goes when no complaint's names have it any more (anonymisation leaves no name in
 * the list). A transaction that adds a word holds a KEY SHARE lock on it until it ends, and one that
 * removes a word locks it FOR UPDATE and looks again before deleting: the one waits for the other,
 * and a word in use is never removed (nor a removed one missing: the adder inserts it again).
 */

/** What q matches, its parts named (`q`, `pattern`, `case_numbers`) or bound ($1, $2, $3, in dynamic SQL). */
const matching = (q: string, pattern: string, caseNumbers: string) => {
  /** As written, where a caller without people may look: reference, case number. */
  const codes = `reference ILIKE ${pattern} OR (${caseNumbers} AND case_number ILIKE ${pattern})`;
  return {
    codes,
    /** ... and where a complaint reader may: names, emails and the summary's words too (one scan, BitmapOr). */
    everywhere: `${codes} OR names ILIKE ${pattern} OR emails ILIKE ${pattern} OR words @@ websearch_to_tsquery('english', ${q})`,
    /** Names with a word that looks like q. */
    alike: `name_words && ARRAY(SELECT word FROM complaint_search_vocabulary WHERE word %> ${q})`,
  };
};
const NAMED = matching('q', 'pattern', 'case_numbers');
const BOUND = matching('$1', '$2', '$3');
const PEOPLE = 'people AND app_provider_id() IS NULL';

/**
 * `columns` of the rows found: as written (by two exclusive kinds of caller), or by names that look
 * like q: with `look_alike` true, or null and nothing found as written (asked once, of the rows found).
 */
const found = (columns: string) => `
    WITH written AS MATERIALIZED (
      SELECT ${columns} FROM complaint_search WHERE look_alike IS NOT TRUE AND NOT (${PEOPLE}) AND (${NAMED.codes})
      UNION ALL SELECT ${columns} FROM complaint_search
        WHERE look_alike IS NOT TRUE AND ${PEOPLE} AND (${NAMED.everywhere}))
    SELECT ${columns} FROM written
    UNION ALL SELECT ${columns} FROM complaint_search
      WHERE (look_alike OR (look_alike IS NULL AND NOT EXISTS (SELECT 1 FROM written))) AND ${PEOPLE}
      AND ${NAMED.alike}`;

const HEADER = (name: string, extra: string, language: 'sql' | 'plpgsql') =>
  `CREATE OR REPLACE FUNCTION ${name}(q text, pattern text, people boolean, case_numbers boolean, look_alike boolean${extra})
  RETURNS SETOF uuid
  LANGUAGE ${language} STABLE SECURITY DEFINER SET search_path = public SET pg_trgm.word_similarity_threshold = 0.3 AS`;

/**
 * The complaints q finds (`pattern`: q as an ILIKE pattern for any part), each once, in no order:
 * as written; with `look_alike` those whose names have a word that looks like q; with `look_alike`
 * null, those found as written or, when there are none, those by names like q (for a caller who may
 * read every complaint: one who may not asks which of those found as written it may read, and says
 * true or false). People and summaries only when the caller may read them and never while a
 * provider's scope is set. Rows come as they are found (a caller asking whether any is readable
 * stops at the first).
 */
const FIND_ANY = `${HEADER('find_complaints', '', 'sql')} $$${found('complaint_id')}
$$`;

/** All of them, sorted as the work queue's `sort` (NEXT_DUE_ON, RECEIVED_AT or RECEIVED_AT_DESC), the id last. */
const FIND_SORTED = `${HEADER('find_complaints_sorted', ', sort text', 'sql')} $$
  SELECT complaint_id FROM (${found('complaint_id, next_due_on, received_at')}) f
  ORDER BY CASE sort WHEN 'NEXT_DUE_ON' THEN next_due_on END ASC NULLS LAST,
    CASE sort WHEN 'RECEIVED_AT' THEN received_at END ASC,
    CASE sort WHEN 'RECEIVED_AT_DESC' THEN received_at END DESC,
    CASE sort WHEN 'RECEIVED_AT_DESC' THEN complaint_id END DESC,
    complaint_id ASC
$$`;

/** How many rows of the work queue's order a page walks, at most, for its `first` rows: 25 each, up to 1,000. */
const WALK = 'least(25 * first, 1000)';

/**
 * The same in order; with `first`, only the first so many (for a caller whose page takes the first
 * rows as they come: nothing else filters them). A text found in a twenty-fifth of the complaints or
 * more (a common word, a common name) has its first rows among the first few hundred of the whole
 * order: they are found by walking the order (an index) and testing each row, not by finding all of
 * them and sorting (17,000 for two common words of the seed's summaries). Failing that, all are found
 * and sorted. No plan is left to guess: a guess that a rare text is common walked the whole order.
 */
const FIND_IN_ORDER = `${HEADER('find_complaints_in_order', ', sort text, first integer', 'plpgsql')} $$
  DECLARE
    order_by text := CASE sort WHEN 'NEXT_DUE_ON' THEN 'next_due_on, complaint_id'
      WHEN 'RECEIVED_AT' THEN 'received_at, complaint_id' WHEN 'RECEIVED_AT_DESC' THEN 'received_at DESC, complaint_id DESC' END;
    written text := CASE WHEN ${PEOPLE} THEN $c$${BOUND.everywhere}$c$ ELSE $c$${BOUND.codes}$c$ END;
    walk text := 'SELECT ARRAY(SELECT complaint_id FROM (SELECT * FROM complaint_search ORDER BY %1$s LIMIT $4) w '
      'WHERE %2$s ORDER BY %1$s LIMIT $5)';
    walked uuid[];
    sorted uuid[];
    alike text[];
  BEGIN
    IF order_by IS NULL THEN RAISE EXCEPTION 'find_complaints_in_order: no order %', sort; END IF;
    IF first IS NULL THEN
      RETURN QUERY SELECT f FROM find_complaints_sorted(q, pattern, people, case_numbers, look_alike, sort) f;
      RETURN;
    END IF;
    IF look_alike IS NOT TRUE THEN
      EXECUTE format(walk, order_by, written) INTO walked USING q, pattern, case_numbers, ${WALK}, first;
      IF cardinality(walked) = first THEN RETURN QUERY SELECT unnest(walked); RETURN; END IF;
      sorted := ARRAY(SELECT f FROM find_complaints_sorted(q, pattern, people, case_numbers, false, sort) f LIMIT first);
      IF look_alike IS NOT NULL OR cardinality(sorted) > 0 THEN RETURN QUERY SELECT unnest(sorted); RETURN; END IF;
    END IF;
    -- Names like q: asked for, or nothing is found as written; none when no word of any name looks like q.
    IF NOT (${PEOPLE}) THEN RETURN; END IF;
    alike := ARRAY(SELECT word FROM complaint_search_vocabulary WHERE word %> q);
    IF cardinality(alike) = 0 THEN RETURN; END IF;
    EXECUTE format(walk, order_by, 'name_words && $6') INTO walked USING q, pattern, case_numbers, ${WALK}, first, alike;
    IF cardinality(walked) = first THEN RETURN QUERY SELECT unnest(walked); RETURN; END IF;
    RETURN QUERY SELECT f FROM find_complaints_sorted(q, pattern, people, case_numbers, true, sort) f LIMIT first;
  END
$$`;

/** The names' words: lower case, split where pg_trgm splits words (anything not a letter or a digit). */
const NAME_WORDS = (names: string) =>
  `ARRAY(SELECT DISTINCT w FROM regexp_split_to_table(lower(${names}), '[^[:alnum:]]+') w WHERE w <> '' ORDER BY w)`;

const REFRESH_WITH_KEYS = `
  CREATE OR REPLACE FUNCTION refresh_complaint_search(ids uuid[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public SET app.provider_id = '' AS $$
    INSERT INTO complaint_search AS s
      (complaint_id, reference, case_number, names, emails, words, name_words, next_due_on, received_at)
    SELECT c.id, c.reference, k.case_number, x.names,
           concat_ws(' ', n.email, (SELECT string_agg(y.email, ' ') FROM parties y WHERE y.case_id = c.case_id)),
           to_tsvector('english', c.summary), ${NAME_WORDS('x.names')}, c.next_due_on, c.received_at
    FROM complaints c LEFT JOIN cases k ON k.id = c.case_id LEFT JOIN complainants n ON n.id = c.complainant_id
    CROSS JOIN LATERAL (SELECT concat_ws(' | ', n.first_name || ' ' || n.last_name,
      (SELECT string_agg(y.first_name || ' ' || y.last_name, ' | ') FROM parties y WHERE y.case_id = c.case_id)) AS names) x
    WHERE c.id = ANY(ids)
    ON CONFLICT (complaint_id) DO UPDATE SET reference = EXCLUDED.reference, case_number = EXCLUDED.case_number,
      names = EXCLUDED.names, emails = EXCLUDED.emails, words = EXCLUDED.words, name_words = EXCLUDED.name_words,
      next_due_on = EXCLUDED.next_due_on, received_at = EXCLUDED.received_at
  $$`;

/** Adds words to the list and holds them (KEY SHARE) until the transaction ends; a word removed meanwhile is added again. */
const ADD_WORDS = `
  CREATE FUNCTION add_search_vocabulary(added text[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
  BEGIN
    IF cardinality(added) = 0 THEN RETURN; END IF;
    LOOP
      INSERT INTO complaint_search_vocabulary (word) SELECT w FROM unnest(added) w ORDER BY w ON CONFLICT DO NOTHING;
      EXIT WHEN (SELECT count(*) FROM (SELECT 1 FROM complaint_search_vocabulary WHERE word = ANY(added)
        ORDER BY word FOR KEY SHARE) held) = cardinality(added);
    END LOOP;
  END $$`;

/** Removes those of `removed` that no complaint's names have, once the transactions adding them have ended. */
const PRUNE_WORDS = `
  CREATE FUNCTION prune_search_vocabulary(removed text[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
  DECLARE unused text[];
  BEGIN
    unused := ARRAY(SELECT v.word FROM complaint_search_vocabulary v WHERE v.word = ANY(removed)
      AND NOT EXISTS (SELECT 1 FROM complaint_search s WHERE s.name_words @> ARRAY[v.word]) ORDER BY v.word);
    IF cardinality(unused) = 0 THEN RETURN; END IF;
    PERFORM 1 FROM complaint_search_vocabulary WHERE word = ANY(unused) ORDER BY word FOR UPDATE;
    DELETE FROM complaint_search_vocabulary v WHERE v.word = ANY(unused)
      AND NOT EXISTS (SELECT 1 FROM complaint_search s WHERE s.name_words @> ARRAY[v.word]);
  END $$`;

/** Words of `from`'s names not in `other`'s, row by row (the two transition tables of an update). */
const wordsOnlyIn = (from: string, other: string) =>
  `ARRAY(SELECT DISTINCT w FROM before o JOIN changed n ON n.complaint_id = o.complaint_id, ` +
  `unnest(${from}.name_words) w WHERE NOT (w = ANY(${other}.name_words)))`;

/** [trigger, table, event, transition tables, body], each once per statement, as migration ComplaintSearch's. */
const TRIGGERS: [string, string, string, string, string][] = [
  ['search_complaints_sort_keys', 'complaints', 'UPDATE', 'OLD TABLE AS before NEW TABLE AS changed',
    'UPDATE complaint_search s SET next_due_on = n.next_due_on, received_at = n.received_at ' +
    'FROM changed n JOIN before o ON o.id = n.id WHERE s.complaint_id = n.id ' +
    'AND (o.next_due_on IS DISTINCT FROM n.next_due_on OR o.received_at IS DISTINCT FROM n.received_at);'],
  ['search_words_inserted', 'complaint_search', 'INSERT', 'NEW TABLE AS changed',
    'PERFORM add_search_vocabulary(ARRAY(SELECT DISTINCT unnest(name_words) FROM changed));'],
  ['search_words_updated', 'complaint_search', 'UPDATE', 'OLD TABLE AS before NEW TABLE AS changed',
    `PERFORM prune_search_vocabulary(${wordsOnlyIn('o', 'n')}); ` +
    `PERFORM add_search_vocabulary(${wordsOnlyIn('n', 'o')});`],
  ['search_words_deleted', 'complaint_search', 'DELETE', 'OLD TABLE AS before',
    'PERFORM prune_search_vocabulary(ARRAY(SELECT DISTINCT unnest(name_words) FROM before));'],
];

export class ComplaintSearchOrder1796700000000 implements MigrationInterface {
  name = 'ComplaintSearchOrder1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE complaint_search ADD COLUMN name_words text[] NOT NULL DEFAULT '{}', ` +
        'ADD COLUMN next_due_on date, ADD COLUMN received_at timestamptz',
    );
    await queryRunner.query('CREATE INDEX complaint_search_name_words ON complaint_search USING gin (name_words)');
    // The work queue's orders, walked for the first rows of a common text.
    await queryRunner.query('CREATE INDEX complaint_search_next_due_on ON complaint_search (next_due_on, complaint_id)');
    await queryRunner.query('CREATE INDEX complaint_search_received_at ON complaint_search (received_at, complaint_id)');
    await queryRunner.query('CREATE TABLE complaint_search_vocabulary (word text PRIMARY KEY)');
    await queryRunner.query(
      'CREATE INDEX complaint_search_vocabulary_trgm ON complaint_search_vocabulary USING gin (word gin_trgm_ops)',
    );
    await queryRunner.query(ADD_WORDS);
    await queryRunner.query(PRUNE_WORDS);
    // Only the triggers use them (as the owner).
    await queryRunner.query(
      'REVOKE EXECUTE ON FUNCTION add_search_vocabulary(text[]), prune_search_vocabulary(text[]) FROM PUBLIC',
    );
    for (const [name, table, event, tables, body] of TRIGGERS) {
      await queryRunner.query(
        `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public ` +
          `SET app.provider_id = '' AS $$ BEGIN ${body} RETURN NULL; END $$`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${name} AFTER ${event} ON "${table}" REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
      );
    }
    await queryRunner.query(REFRESH_WITH_KEYS);
    await queryRunner.query(FIND_ANY);
    await queryRunner.query(FIND_SORTED);
    await queryRunner.query(FIND_IN_ORDER);
    await queryRunner.query('SELECT refresh_complaint_search(ARRAY(SELECT id FROM complaints))');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP FUNCTION find_complaints_in_order(text, text, boolean, boolean, boolean, text, integer)',
    );
    await queryRunner.query('DROP FUNCTION find_complaints_sorted(text, text, boolean, boolean, boolean, text)');
    await queryRunner.query(FIND.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await queryRunner.query(REFRESH.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    for (const [name, table] of TRIGGERS) {
      await queryRunner.query(`DROP TRIGGER ${name} ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION ${name}()`);
    }
    await queryRunner.query('DROP FUNCTION prune_search_vocabulary(text[])');
    await queryRunner.query('DROP FUNCTION add_search_vocabulary(text[])');
    await queryRunner.query('DROP TABLE complaint_search_vocabulary');
    await queryRunner.query('DROP INDEX complaint_search_name_words, complaint_search_next_due_on, complaint_search_received_at');
    await queryRunner.query(
      'ALTER TABLE complaint_search DROP COLUMN name_words, DROP COLUMN next_due_on, DROP COLUMN received_at',
    );
  }
}

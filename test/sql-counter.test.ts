import { describe, expect, it } from 'vitest';
import { statementsIn } from '../src/db/sql-counter';

describe('statementsIn', () => {
  it.each<[string, unknown[] | undefined, number]>([
    ['SELECT 1', undefined, 1],
    ['SELECT 1;', undefined, 1],
    ['SELECT $1; SELECT 2', [1], 1],
    ['START TRANSACTION; SELECT set_config($$a$$, 1, true)', undefined, 2],
    ["SELECT 'a;b'; COMMIT", undefined, 2],
    ["SELECT 'it''s; here'; SELECT ';'; COMMIT  ", undefined, 3],
    ["SELECT append_partner_read('x', ' E''\\\\''; DROP'); COMMIT", undefined, 2],
    ["SELECT 'unterminated; literal", undefined, 1],
    ['BEGIN;\n  SELECT 1;\n  COMMIT;\n', undefined, 3],
  ])('counts %j as %i statement(s)', (query, parameters, count) => {
    expect(statementsIn(query, parameters)).toBe(count);
  });
});

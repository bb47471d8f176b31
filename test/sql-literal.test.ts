import { escapeLiteral } from 'pg';
import { describe, expect, it } from 'vitest';
import { sqlLiteral } from '../src/db/sql-literal';

describe('sqlLiteral', () => {
  it.each([
    [''],
    ['plain'],
    ["O'Brien"],
    ["''"],
    ['back\\slash'],
    ["both ' and \\ and \\'"],
    ['{"name":"Zoë \\"quoted\\"","note":"it\'s"}'],
    ['line\nbreak\ttab'],
  ])('writes %j as pg writes it', (text) => {
    expect(sqlLiteral(text)).toBe(escapeLiteral(text));
  });
});

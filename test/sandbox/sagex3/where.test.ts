import { describe, expect, it } from 'vitest';
import { CLASSES, queryField } from '../../../src/sandbox/sagex3/classes.js';
import { X3Error } from '../../../src/sandbox/sagex3/errors.js';
import type { FieldMap } from '../../../src/sandbox/sagex3/store.js';
import { compileWhere } from '../../../src/sandbox/sagex3/where.js';

const spec = CLASSES.SORDER!;
const options = {
  resolveField: (name: string) => queryField(spec, name),
  dateLiterals: ['sdata', 'quoted'] as ('sdata' | 'quoted')[],
  badWhereStatus: 400,
  unknownPropertyStatus: 500,
};
const order: FieldMap = {
  SOHNUM: "SON'01",
  BPCORD: 'C100',
  BPCNAM: 'Quayside Traders',
  ORDDAT: '2026-03-02',
  ORDINVNOT: 154.97,
  ORDSTA: 1,
  UPDDATTIM: '2026-03-05T10:15:00Z',
};
const test = (where: string, opts = options) => compileWhere(where, opts)(order);

describe('SData where expressions', () => {
  it('evaluates comparisons, logic, functions and lists', () => {
    expect(test("BPCORD eq 'C100'")).toBe(true);
    expect(test("BPCORD ne 'C100' or ORDSTA eq 1")).toBe(true);
    expect(test("not (BPCORD eq 'C100') and ORDSTA eq 1")).toBe(false);
    expect(test("SOHNUM eq 'SON''01'")).toBe(true);
    expect(test("left(BPCNAM, 8) eq 'Quayside'")).toBe(true);
    expect(test("upper(BPCNAM) like '%TRADERS'")).toBe(true);
    expect(test("BPCNAM not like 'Acme%'")).toBe(true);
    expect(test("BPCORD in ('C1', 'C100')")).toBe(true);
    expect(test('ORDINVNOT between 150 and 155')).toBe(true);
    expect(test('ORDINVNOT mul 2 gt 300 and ORDINVNOT - 4.97 eq 150')).toBe(true);
    expect(test('ORDINVNOT >= 154.97')).toBe(true);
  });

  it('compares dates and date-times with @…@ literals and, when allowed, quoted strings', () => {
    expect(test('ORDDAT ge @2026-03-01@')).toBe(true);
    expect(test('ORDDAT lt @2026-03-02@')).toBe(false);
    expect(test('UPDDATTIM gt @2026-03-05T10:14:59Z@')).toBe(true);
    expect(test('UPDDATTIM gt @2026-03-05T10:15:00Z@')).toBe(false);
    expect(test("ORDDAT eq '2026-03-02'")).toBe(true);
    expect(() => test("ORDDAT eq '2026-03-02'", { ...options, dateLiterals: ['sdata'] })).toThrow(X3Error);
    expect(() => test('ORDDAT eq @2026-03-02@', { ...options, dateLiterals: ['quoted'] })).toThrow(X3Error);
  });

  it('fails with the configured statuses', () => {
    const status = (where: string): number => {
      try {
        test(where);
        return 0;
      } catch (error) {
        return (error as X3Error).statusCode;
      }
    };
    expect(status("ITMREF eq 'X'")).toBe(500);
    expect(status("BPCORD eq 'C100")).toBe(400);
    expect(status('BPCORD eq')).toBe(400);
    expect(status('nosuch(BPCORD)')).toBe(400);
    expect(status("BPCORD eq 'a' extra")).toBe(400);
  });
});

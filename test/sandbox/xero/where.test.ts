import { describe, expect, it } from 'vitest';
import { compileOrder, compileWhere, QueryParseError } from '../../../src/sandbox/xero/where.js';

const options = {
  fields: new Set(['Status', 'Contact', 'Date', 'Total', 'Type', 'IsSold', 'Name', 'EmailAddress', 'UpdatedDateUTC']),
  typeName: 'Invoice',
  caseInsensitiveStrings: true,
};

const invoice = {
  Status: 'AUTHORISED',
  Type: 'ACCREC',
  Contact: { ContactID: '6b1c2a4e-0f3d-4c55-9a1b-2d3e4f5a6b7c', Name: 'Acme Ltd' },
  Date: '2024-03-15',
  Total: 120.5,
  Name: 'Invoice for Acme',
  UpdatedDateUTC: '2024-03-16T10:00:00.000Z',
};

function matches(where: string, record: Record<string, unknown> = invoice): boolean {
  return compileWhere(where, options)(record);
}

describe('the where-clause evaluator', () => {
  it('handles the expressions xero-node users send', () => {
    expect(matches('Status=="AUTHORISED"')).toBe(true);
    expect(matches('Contact.ContactID==guid("6B1C2A4E-0F3D-4C55-9A1B-2D3E4F5A6B7C")')).toBe(true);
    expect(matches('Date>=DateTime(2024,01,01)')).toBe(true);
    expect(matches('Date>=DateTime(2024, 04, 01)')).toBe(false);
    expect(matches('Status=="DRAFT" || Type=="ACCREC"')).toBe(true);
    expect(matches('Status=="DRAFT" OR (Type=="ACCREC" AND Total>100)')).toBe(true);
    expect(matches('Type=="ACCPAY" && Status=="AUTHORISED"')).toBe(false);
    expect(matches('NOT Status=="PAID"')).toBe(true);
    expect(matches('UpdatedDateUTC>DateTime(2024,03,16,09,00,00)')).toBe(true);
  });

  it('compares strings without regard to case and supports string methods and nulls', () => {
    expect(matches('Contact.Name=="ACME LTD"')).toBe(true);
    expect(matches('Name.Contains("acme")')).toBe(true);
    expect(matches('Name.StartsWith("Invoice")')).toBe(true);
    expect(matches('EmailAddress==null')).toBe(true);
    expect(matches('EmailAddress!=null')).toBe(false);
    expect(matches('IsSold==true', { IsSold: true })).toBe(true);
    expect(matches('IsSold', { IsSold: false })).toBe(false);
  });

  it('respects case when configured to', () => {
    const strict = compileWhere('Status=="authorised"', { ...options, caseInsensitiveStrings: false });
    expect(strict(invoice)).toBe(false);
  });

  it('rejects unknown fields and bad syntax with Xero-style messages', () => {
    expect(() => compileWhere('Colour=="red"', options)).toThrow(
      new QueryParseError("No property or field 'Colour' exists in type 'Invoice'"),
    );
    expect(() => compileWhere('Status=="open', options)).toThrow(QueryParseError);
    expect(() => compileWhere('Date>DateTime(2024,02,30)', options)).toThrow(QueryParseError);
    expect(() => compileWhere('Status== ', options)).toThrow(QueryParseError);
  });

  it('orders by several keys in either direction', () => {
    const rows = [
      { Name: 'b', Total: 1 },
      { Name: 'a', Total: 2 },
      { Name: 'a', Total: 3 },
    ];
    const sorted = [...rows].sort(compileOrder('Name ASC, Total DESC', options));
    expect(sorted).toEqual([
      { Name: 'a', Total: 3 },
      { Name: 'a', Total: 2 },
      { Name: 'b', Total: 1 },
    ]);
    expect(() => compileOrder('Name SIDEWAYS', options)).toThrow(QueryParseError);
  });
});

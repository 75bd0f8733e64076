import { describe, expect, it } from 'vitest';
import { validateResponse } from './specValidator.js';

describe('the Xero spec validator used by the sandbox tests', () => {
  it('accepts a body shaped like the spec', () => {
    const result = validateResponse('GET', '/Invoices', 200, {
      pagination: { page: 1, pageSize: 100, pageCount: 1, itemCount: 1 },
      Invoices: [
        { InvoiceID: '4f8d1b2e-6a4c-4b1d-9f0e-2c3b4a5d6e7f', Type: 'ACCREC', Status: 'AUTHORISED', Total: 10 },
      ],
    });
    expect(result).toEqual({ checked: true, errors: [] });
  });

  it('rejects a body with a value outside an enum, a wrong type or a malformed id', () => {
    const result = validateResponse('GET', '/Invoices/4f8d1b2e-6a4c-4b1d-9f0e-2c3b4a5d6e7f', 200, {
      Invoices: [{ InvoiceID: 'not-a-guid', Status: 'BOGUS', Total: '10.00' }],
    });
    expect(result.checked).toBe(true);
    expect(result.errors.join('\n')).toMatch(/Status must be equal to one of the allowed values/);
    expect(result.errors.join('\n')).toMatch(/Total must be number/);
    expect(result.errors.join('\n')).toMatch(/InvoiceID must match format "uuid"/);
  });

  it('checks 400 bodies against the Error schema and skips statuses the spec leaves undocumented', () => {
    expect(validateResponse('PUT', '/Contacts', 400, { ErrorNumber: 'ten' }).errors).not.toEqual([]);
    expect(validateResponse('GET', '/Contacts', 403, { Title: 'Forbidden' })).toEqual({ checked: false, errors: [] });
  });
});

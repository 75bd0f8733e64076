import { describe, expect, it } from 'vitest';
import { suggestFieldMappings } from '../../src/mapping/fieldSuggestions.js';
import { demoSystem } from './demoRecords.js';

/** Salesforce Account rows as the REST API returns them, for the demo customers. */
function accountRows() {
  return demoSystem('salesforce')
    .view.parties.slice(0, 40)
    .map((party) => {
      const billing = party.addresses.find((address) => address.kind === 'billing');
      return {
        Id: party.source?.id,
        Name: party.name,
        AccountNumber: party.code,
        Phone: party.phone,
        Website: party.website ?? null,
        BillingStreet: billing?.lines.join('\n'),
        BillingCity: billing?.city,
        BillingPostalCode: billing?.postalCode,
        BillingCountry: billing?.countryCode,
        Customer_Since__c: party.customFields?.Customer_Since__c,
      };
    });
}

describe('field suggestions', () => {
  const suggestions = suggestFieldMappings({
    sourceRecords: accountRows(),
    targetRecords: demoSystem('xero').view.parties.slice(0, 40),
  });
  const best = (target: string) => suggestions.find((entry) => entry.target === target)?.candidates[0];

  it('ranks AccountNumber first for code and BillingPostalCode first for addresses[].postalCode', () => {
    expect(best('code')).toMatchObject({
      source: 'AccountNumber',
      reason: 'names share number~code; 100% of values in common',
    });
    expect(best('addresses[].postalCode')?.source).toBe('BillingPostalCode');
    expect(best('addresses[].city')?.source).toBe('BillingCity');
    expect(best('addresses[].lines[]')?.source).toBe('BillingStreet');
    expect(best('name')?.source).toBe('Name');
    expect(best('customFields.Customer_Since__c')?.source).toBe('Customer_Since__c');
  });

  it('reads X3 codes and ranks by values when names say little', () => {
    const x3 = demoSystem('sagex3')
      .view.parties.slice(0, 30)
      .map((party) => ({ BPCNUM: party.code, BPCNAM: party.name, EECNUM: party.taxNumber, ZREF: party.code }));
    const ranked = suggestFieldMappings({
      sourceRecords: x3,
      targetRecords: demoSystem('xero').view.parties.slice(0, 30),
      limit: 2,
    });
    const forTarget = (target: string) =>
      ranked.find((entry) => entry.target === target)?.candidates.map((c) => c.source);
    expect(forTarget('code')?.[0]).toBe('BPCNUM');
    expect(forTarget('code')).toContain('ZREF');
    expect(forTarget('name')?.[0]).toBe('BPCNAM');
    expect(forTarget('taxNumber')?.[0]).toBe('EECNUM');
  });

  it('never suggests for a record’s own identity and scores between 0 and 1', () => {
    expect(suggestions.some((entry) => entry.target.startsWith('source.'))).toBe(false);
    for (const entry of suggestions) {
      for (const candidate of entry.candidates) expect(candidate.score).toBeGreaterThanOrEqual(0.45);
      for (const candidate of entry.candidates) expect(candidate.score).toBeLessThanOrEqual(1);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMinorUnits } from '../../src/model/money.js';
import { plainMinorUnits } from '../../src/recon/input/rows.js';
import {
  formatDay,
  normaliseKey,
  normaliseKeyByPattern,
  normalisePartyName,
  normaliseStatus,
  normaliseText,
  parseDay,
  periodDays,
} from '../../src/recon/normalise.js';

describe('normaliseKey', () => {
  it('drops document prefixes, punctuation, case and leading zeros', () => {
    for (const text of ['INV-000123', 'inv 123', '#123', '000123', 'Inv/0123', 'INV_123']) {
      expect(normaliseKey(text)).toBe('123');
    }
  });

  it('keeps letters that are part of the number', () => {
    expect(normaliseKey('AB-0012')).toBe('AB0012');
    expect(normaliseKey('INV-12A')).toBe('12A');
  });

  it('keeps a lone zero', () => {
    expect(normaliseKey('0000')).toBe('0');
  });
});

describe('normaliseText and party names', () => {
  it('folds accents, case, punctuation and spacing', () => {
    expect(normaliseText('  Étienne-Hippolyte  g. ')).toBe('ETIENNE HIPPOLYTE G');
  });

  it('drops legal forms from party names', () => {
    expect(normalisePartyName('ACME Ltd')).toBe(normalisePartyName('Acme Limited'));
    expect(normalisePartyName('The Widget Co.')).toBe('WIDGET');
  });
});

describe('parseDay', () => {
  it('reads the ways exports write dates', () => {
    const day = Date.UTC(2024, 2, 31) / 86_400_000;
    for (const text of [
      '2024-03-31',
      '2024-03-31T10:00:00Z',
      '31/03/2024',
      '31-Mar-2024',
      '20240331',
      '2024/03/31',
      '31.03.2024',
    ]) {
      expect(parseDay(text), text).toBe(day);
    }
    expect(parseDay('/Date(1711843200000+0000)/')).toBe(day);
  });

  it('reads day first unless told month first', () => {
    expect(formatDay(parseDay('03/04/2024')!)).toBe('2024-04-03');
    expect(formatDay(parseDay('03/04/2024', true)!)).toBe('2024-03-04');
  });

  it('rejects what is not a date', () => {
    for (const text of ['', 'soon', '2024-02-30', '31/13/2024', '12345']) expect(parseDay(text), text).toBeUndefined();
  });

  it('formats any day back to the same ISO text (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 84_000 }), (day) => {
        const text = formatDay(day);
        expect(text).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
        expect(parseDay(text)).toBe(day);
      }),
    );
  });

  it('knows the days of a period', () => {
    expect(periodDays('2024-02')).toEqual({ start: parseDay('2024-02-01'), end: parseDay('2024-02-29') });
    expect(periodDays('2024-13')).toBeUndefined();
  });
});

describe('normaliseStatus', () => {
  it('maps each system’s words onto draft, open, paid and void', () => {
    expect(normaliseStatus('AUTHORISED')).toBe('open');
    expect(normaliseStatus('Open')).toBe('open');
    expect(normaliseStatus('PAID')).toBe('paid');
    expect(normaliseStatus('Fully paid')).toBe('paid');
    expect(normaliseStatus('VOIDED')).toBe('void');
    expect(normaliseStatus('')).toBe('');
  });
});

describe('normaliseKey', () => {
  it('agrees with its definition by regular expressions on any key (property)', () => {
    const key = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('', 'INV', 'inv', 'Sinv', 'CN', 'AB', 'INVX', 'DOC', 'co', 'X'),
          fc.constantFrom('', '-', '_', '/', '#', '.', ' ', ':', '--'),
          fc.stringMatching(/^[0-9]{0,6}$/),
          fc.constantFrom('', 'a', ' ', '-1'),
        )
        .map((parts) => parts.join('')),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(key, (text) => {
        expect(normaliseKey(text)).toBe(normaliseKeyByPattern(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('plainMinorUnits', () => {
  it('agrees with the general money parser on plain decimals (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 3 }), (minor, exponent) => {
        const text = (minor / 10 ** exponent).toFixed(exponent);
        expect(plainMinorUnits(text, exponent)).toBe(parseMinorUnits(text, exponent));
      }),
    );
  });

  it('leaves anything unusual to the general parser', () => {
    for (const text of ['1,234.56', '(12.30)', '£5', '1.234', '', '-', '1e5'])
      expect(plainMinorUnits(text, 2), text).toBeUndefined();
  });
});

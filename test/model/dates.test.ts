import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  CalendarDate,
  compareCalendarDates,
  daysBetween,
  Instant,
  isCalendarDate,
  todayUtc,
} from '../../src/model/dates.js';
import { RecordSource, recordVersionKey } from '../../src/model/recordRef.js';

describe('calendar dates', () => {
  it('accept real days only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('2024-04-31')).toBe(false);
    expect(isCalendarDate('2024-4-1')).toBe(false);
    expect(isCalendarDate('2024-04-01T00:00:00Z')).toBe(false);
    expect(CalendarDate.safeParse('2023-02-29').error?.issues[0]?.message).toContain('real calendar date');
  });

  it('do day and month arithmetic across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2024-03-01')).toBe(60);
    expect(addMonths('2024-11-15', 2)).toBe('2025-01-01');
    expect(addMonths('2024-01-31', -3)).toBe('2023-10-01');
    expect(compareCalendarDates('2024-01-02', '2024-01-10')).toBe(-1);
    expect(todayUtc(new Date('2024-05-31T23:59:59Z'))).toBe('2024-05-31');
  });
});

describe('instants', () => {
  it('are ISO-8601 in UTC', () => {
    expect(Instant.safeParse('2024-05-31T17:02:11Z').success).toBe(true);
    expect(Instant.safeParse('2024-05-31T17:02:11.123Z').success).toBe(true);
    expect(Instant.safeParse('2024-05-31T17:02:11+01:00').success).toBe(false);
    expect(Instant.safeParse('2024-05-31 17:02:11').success).toBe(false);
  });
});

describe('record sources', () => {
  it('carry the system, id and change stamp that sync de-duplicates on', () => {
    const source = RecordSource.parse({
      system: 'xero',
      id: '8a1e4c1b-0b7e-4c4f-9a55-1f3f0c2e7d11',
      number: 'INV-0042',
      updatedAt: '2024-05-31T17:02:11Z',
    });
    expect(recordVersionKey(source)).toBe('xero|8a1e4c1b-0b7e-4c4f-9a55-1f3f0c2e7d11|2024-05-31T17:02:11Z|');
    expect(recordVersionKey({ ...source, updatedAt: '2024-06-01T08:00:00Z' })).not.toBe(recordVersionKey(source));
  });

  it('refuse an unknown system', () => {
    const result = RecordSource.safeParse({ system: 'sage50', id: '1', updatedAt: '2024-05-31T17:02:11Z' });
    expect(result.error?.issues[0]?.path).toEqual(['system']);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultDataDirectory, resolveDataDirectory } from '../../src/store/dataDirectory.js';

describe('data directory', () => {
  it('prefers --data-dir, then COUNTERPART_HOME, then the OS app-data folder', () => {
    const env = { COUNTERPART_HOME: '/srv/counterpart', HOME: '/home/ann' };
    expect(resolveDataDirectory({ flag: '/mnt/books', env })).toBe('/mnt/books');
    expect(resolveDataDirectory({ env })).toBe('/srv/counterpart');
    expect(resolveDataDirectory({ env: { HOME: '/home/ann' } })).toBe(
      defaultDataDirectory(process.platform, { HOME: '/home/ann' }),
    );
  });

  it('follows each OS convention for per-user application data', () => {
    expect(defaultDataDirectory('linux', { HOME: '/home/ann' })).toBe('/home/ann/.local/share/counterpart');
    expect(defaultDataDirectory('linux', { HOME: '/home/ann', XDG_DATA_HOME: '/data' })).toBe('/data/counterpart');
    expect(defaultDataDirectory('darwin', { HOME: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/Counterpart',
    );
    expect(defaultDataDirectory('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' })).toMatch(
      /Roaming.Counterpart$/,
    );
  });
});

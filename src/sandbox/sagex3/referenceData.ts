import type { SageX3Seed } from './seed.js';
import { loadSeed } from './seed.js';
import type { SageX3Settings } from './settings.js';
import type { X3Store } from './store.js';

/** Every folder has the reference data documents need (tax codes, a chart of accounts) unless a seed brought its own. */
export function loadReferenceData(store: X3Store, settings: SageX3Settings): void {
  const missing = Object.fromEntries(
    Object.entries(REFERENCE_DATA).filter(([name]) => store.all(name).length === 0),
  ) as SageX3Seed;
  if (Object.keys(missing).length > 0) loadSeed(store, missing, settings);
}

export const REFERENCE_DATA: SageX3Seed = {
  TABVAT: [
    { VAT: 'NOR', DES: 'Standard rate 20%', SHO: 'Standard', VATRAT: 20 },
    { VAT: 'RED', DES: 'Reduced rate 5%', SHO: 'Reduced', VATRAT: 5 },
    { VAT: 'ZER', DES: 'Zero rate', SHO: 'Zero', VATRAT: 0 },
    { VAT: 'EXE', DES: 'Exempt', SHO: 'Exempt', VATRAT: 0 },
  ],
  GACCOUNT: [
    { COA: 'UKGAAP', ACC: '1100', DES: 'Trade debtors', SHO: 'Debtors', ACCTYP: 1 },
    { COA: 'UKGAAP', ACC: '1200', DES: 'Bank current account', SHO: 'Bank', ACCTYP: 1 },
    { COA: 'UKGAAP', ACC: '2100', DES: 'Trade creditors', SHO: 'Creditors', ACCTYP: 2 },
    { COA: 'UKGAAP', ACC: '2200', DES: 'VAT control', SHO: 'VAT', ACCTYP: 2 },
    { COA: 'UKGAAP', ACC: '4000', DES: 'Sales', SHO: 'Sales', ACCTYP: 4 },
    { COA: 'UKGAAP', ACC: '5000', DES: 'Cost of sales', SHO: 'COGS', ACCTYP: 5 },
  ],
};

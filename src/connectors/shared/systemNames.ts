import type { SystemName } from '../../model/index.js';

/** How each system is named to a person in messages. */
export const SYSTEM_DISPLAY_NAMES: Readonly<Record<SystemName, string>> = {
  xero: 'Xero',
  kashflow: 'KashFlow',
  sagex3: 'Sage X3',
  salesforce: 'Salesforce',
};

export function displayName(system: SystemName): string {
  return SYSTEM_DISPLAY_NAMES[system];
}

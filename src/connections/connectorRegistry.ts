import { CounterpartError } from '../errors.js';
import type { SystemName } from '../model/index.js';
import type { ConnectorDescriptor } from './connectorDescriptor.js';
import { kashflowDescriptor } from './descriptors/kashflow.js';
import { sagex3Descriptor } from './descriptors/sagex3.js';
import { salesforceDescriptor } from './descriptors/salesforce.js';
import { xeroDescriptor } from './descriptors/xero.js';

/** The systems Counterpart connects to, in the order the console lists them. */
const descriptors: Partial<Record<SystemName, ConnectorDescriptor>> = {
  xero: xeroDescriptor,
  salesforce: salesforceDescriptor,
  sagex3: sagex3Descriptor,
  kashflow: kashflowDescriptor,
};

export function availableSystems(): ConnectorDescriptor[] {
  return Object.values(descriptors);
}

export function descriptorFor(system: SystemName): ConnectorDescriptor {
  const descriptor = descriptors[system];
  if (!descriptor) {
    throw new CounterpartError(
      'connections.system_unavailable',
      `Connecting to ${system} is not available in this version yet; available: ${availableSystems()
        .map((d) => d.system)
        .join(', ')}.`,
      { system },
    );
  }
  return descriptor;
}

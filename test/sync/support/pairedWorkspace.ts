import { openWorkspace } from '../../../src/store/workspace.js';

/** A workspace with a Xero connection ("Books") paired with a Sage X3 one ("Orders"), as a person would set it up. */
export function pairedWorkspace(dataDirectory: string) {
  const workspace = openWorkspace({ dataDirectory, name: 'default' });
  const books = workspace.connections.create({ system: 'xero', name: 'Books' });
  const orders = workspace.connections.create({ system: 'sagex3', name: 'Orders' });
  const { pair } = workspace.syncPairs.ensure({
    accountingConnectionId: books.id,
    erpConnectionId: orders.id,
    label: 'Books:Orders',
    mappingId: 'xero-sagex3',
    mappingVersion: 1,
  });
  return { workspace, books, orders, pair };
}

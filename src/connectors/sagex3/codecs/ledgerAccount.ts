import {
  type LedgerAccount,
  LedgerAccount as LedgerAccountSchema,
  ledgerAccountClassOf,
} from '../../../model/index.js';
import { ConnectorError } from '../../shared/connectorError.js';
import { AccountWire, parseWire, stampsOf, type X3Resource } from '../wire.js';
import { canonical } from './canonical.js';
import { type CodecContext, compact, fromMenu, present, sourceOf } from './shared.js';

/** GACCOUNT (key COA~ACC) → LedgerAccount: ACC is the code, ACCTYP (menu 2511) the type through the settings' table. */
export function ledgerAccountFromX3(ctx: CodecContext, resource: X3Resource): LedgerAccount {
  const { settings } = ctx;
  const className = settings.classes.ledgerAccount.className;
  const wire = parseWire(AccountWire, resource, className, 'record');
  const key = `${wire.COA}~${wire.ACC}`;
  const type = fromMenu(settings.menus.accountType, wire.ACCTYP);
  if (type === undefined) {
    throw new ConnectorError({
      kind: 'configuration',
      system: 'sagex3',
      message: `Sage X3 account ${key} has account type ${wire.ACCTYP ?? '(none)'}, which the connection's account-type table does not map: add it to menus.accountType.`,
      context: { class: className, key, accountType: wire.ACCTYP ?? null },
    });
  }
  const account = {
    source: sourceOf(key, stampsOf(resource, settings, className), wire.ACC),
    code: wire.ACC,
    name: present(wire.DES) ?? wire.ACC,
    class: ledgerAccountClassOf(type),
    type,
    status: wire.ENAFLG === settings.menus.no ? 'archived' : 'active',
    customFields: { chartOfAccounts: wire.COA },
  };
  return canonical(LedgerAccountSchema, compact(account), className, key);
}

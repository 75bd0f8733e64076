import { roundTo } from '../amounts.js';
import { newId, type WriteContext } from '../context.js';
import type { ItemRecord } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { ItemInput } from '../wire.js';
import { type EntityKind, fieldSet, findById, type View } from './kind.js';

function checkAccounts(context: WriteContext, input: ItemInput, errors: string[]): void {
  for (const code of [input.SalesDetails?.AccountCode, input.PurchaseDetails?.AccountCode]) {
    if (code && !context.book.accountByCode(code)) errors.push(`Account code '${code}' is not a valid code.`);
  }
  for (const taxType of [input.SalesDetails?.TaxType, input.PurchaseDetails?.TaxType]) {
    if (taxType && !context.book.taxRates.has(taxType)) errors.push(`The TaxType code '${taxType}' does not exist.`);
  }
}

function build(context: WriteContext, input: ItemInput, existing: ItemRecord | undefined): Outcome<ItemRecord> {
  const errors: string[] = [];
  const code = input.Code ?? existing?.Code;
  if (!code || code.trim() === '') return failed('Item code must be specified.');
  if (code.length > 30) errors.push('The Item Code must not exceed 30 characters.');
  if (input.Name !== undefined && input.Name.length > 50) errors.push('The Item Name must not exceed 50 characters.');
  const clash = context.book.itemByCode(code);
  if (clash && clash.ItemID !== existing?.ItemID) errors.push(`Item code '${code}' already exists`);
  checkAccounts(context, input, errors);
  if (errors.length > 0) return failed(...errors);
  const record: ItemRecord = {
    ...existing,
    ItemID: existing?.ItemID ?? newId(),
    Code: code,
    IsSold: input.IsSold ?? existing?.IsSold ?? true,
    IsPurchased: input.IsPurchased ?? existing?.IsPurchased ?? true,
    IsTrackedAsInventory: input.IsTrackedAsInventory ?? existing?.IsTrackedAsInventory ?? false,
    UpdatedDateUTC: context.now,
  };
  for (const field of ['Name', 'Description', 'PurchaseDescription', 'InventoryAssetAccountCode'] as const) {
    if (input[field] !== undefined) record[field] = input[field];
  }
  if (input.SalesDetails) record.SalesDetails = { ...existing?.SalesDetails, ...input.SalesDetails };
  if (input.PurchaseDetails) record.PurchaseDetails = { ...existing?.PurchaseDetails, ...input.PurchaseDetails };
  context.book.items.set(record.ItemID, record);
  return succeeded(record);
}

export const items: EntityKind<ItemInput, ItemRecord> = {
  plural: 'Items',
  typeName: 'Item',
  idField: 'ItemID',
  input: ItemInput,
  paged: false,
  ifModifiedSince: true,
  acceptsBareObject: false,
  hasLineItems: false,
  queryFields: fieldSet(
    'ItemID',
    'Code',
    'Name',
    'Description',
    'PurchaseDescription',
    'IsSold',
    'IsPurchased',
    'IsTrackedAsInventory',
    'InventoryAssetAccountCode',
    'SalesDetails',
    'PurchaseDetails',
    'UpdatedDateUTC',
  ),
  all: (book) => book.items.values(),
  find: (book, key) => findById(book.items, key) ?? book.itemByCode(key),
  idOf: (record) => record.ItemID,
  updatedAt: (record) => record.UpdatedDateUTC,
  view(_book, record, detail) {
    const view: View = { ...record };
    if (detail.unitdp !== 4) {
      for (const side of ['SalesDetails', 'PurchaseDetails'] as const) {
        const price = record[side]?.UnitPrice;
        if (price !== undefined) view[side] = { ...record[side], UnitPrice: roundTo(price, 2) };
      }
    }
    return view;
  },
  match(book, input) {
    if (input.ItemID) return findById(book.items, input.ItemID) ?? 'missing';
    return input.Code ? book.itemByCode(input.Code) : undefined;
  },
  create: (context, input) => build(context, input, undefined),
  update: (context, existing, input) => build(context, input, existing),
  remove(context, existing) {
    context.book.items.delete(existing.ItemID);
    return succeeded(existing);
  },
};

import type { CanonicalRecords } from '../../connectors/connector.js';
import { lineTax } from '../../model/documentLine.js';
import type { Address, PartyRef } from '../../model/index.js';
import { currencyExponent, parseMinorUnits } from '../../model/money.js';
import { parseDay } from '../normalise.js';
import type { CanonicalValues } from '../table.js';
import type { ReconEntityName } from './entities.js';

/**
 * Canonical records (as connectors read them) turned into the reconciliation engine's columns for their entity:
 * the same columns an export of that system would have, so files and connections reconcile alike.
 */
type Converter<E extends ReconEntityName> = (record: CanonicalRecords[E], id: string) => CanonicalValues;

const day = (date: string | undefined): number | undefined => (date === undefined ? undefined : parseDay(date));

function partyColumns(party: PartyRef | undefined): Record<string, string> {
  return {
    // The business code is shared across systems; a system's own id (a Xero GUID) would differ on every row.
    party_id: party?.code ?? party?.ref?.id ?? '',
    party_name: party?.name ?? party?.code ?? '',
  };
}

function definedDates(dates: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(dates).filter((entry): entry is [string, number] => entry[1] !== undefined));
}

/**
 * The VAT a document's lines give at their own rates, summed: what its tax should be even when the lines mix 20 %, 5 %
 * and 0 %. Unknown (undefined) for a document without lines or with a line that carries no rate.
 */
function expectedTaxOf(document: CanonicalRecords['invoice'] | CanonicalRecords['creditNote']): number | undefined {
  if (document.lines.length === 0) return undefined;
  let expected = 0;
  for (const line of document.lines) {
    if (line.taxRate === undefined) return undefined;
    expected += lineTax(line.net, line.taxRate).amountMinor;
  }
  return expected;
}

/** Invoices and credit notes share their columns; what has been paid, and which dates they carry, differ. */
function documentValues(
  document: CanonicalRecords['invoice'] | CanonicalRecords['creditNote'],
  id: string,
  amountPaidMinor: number,
  dates: Record<string, number | undefined>,
): CanonicalValues {
  const expectedTax = expectedTaxOf(document);
  return {
    id,
    currency: document.currency,
    text: {
      number: document.number ?? '',
      reference: document.reference ?? '',
      ...partyColumns(document.party),
      status: document.status,
    },
    money: {
      net: document.totals.net.amountMinor,
      tax: document.totals.tax.amountMinor,
      total: document.totals.gross.amountMinor,
      amount_paid: amountPaidMinor,
      ...(expectedTax === undefined ? {} : { expected_tax: expectedTax }),
    },
    dates: definedDates(dates),
  };
}

const converters: { readonly [E in ReconEntityName]: Converter<E> } = {
  invoice: (invoice, id) =>
    documentValues(invoice, id, invoice.amountPaid.amountMinor, {
      date: day(invoice.issueDate),
      due_date: day(invoice.dueDate),
    }),
  creditNote: (credit, id) =>
    documentValues(credit, id, credit.totals.gross.amountMinor - credit.remainingCredit.amountMinor, {
      date: day(credit.issueDate),
    }),
  payment: (payment, id) => ({
    id,
    currency: payment.amount.currency,
    text: { reference: payment.reference ?? '', party_name: partyColumns(payment.party).party_name ?? '' },
    money: { amount: payment.amount.amountMinor },
    dates: definedDates({ date: day(payment.date) }),
  }),
  bankTransaction: (transaction, id) => ({
    id,
    currency: transaction.currency,
    text: {
      reference: transaction.reference ?? transaction.description ?? '',
      party_name: partyColumns(transaction.party).party_name ?? '',
    },
    // Money out is negative, as a bank statement shows it, so a receipt never pairs with a payment of the same size.
    money: {
      amount:
        transaction.direction === 'spend'
          ? -transaction.totals.gross.amountMinor
          : transaction.totals.gross.amountMinor,
    },
    dates: definedDates({ date: day(transaction.date) }),
  }),
  party: (party, id) => {
    const address = billingAddress(party.addresses);
    return {
      id,
      currency: party.defaultCurrency ?? '',
      text: {
        number: party.code ?? '',
        name: party.name,
        email: party.email ?? '',
        tax_number: party.taxNumber ?? '',
        postcode: address?.postalCode ?? '',
        country: address?.countryCode ?? address?.country ?? '',
      },
    };
  },
  product: (product, id): CanonicalValues => {
    const currency = product.sales?.currency ?? '';
    const price = product.sales?.unitPrice;
    return {
      id,
      currency,
      text: { number: product.code, name: product.name },
      money:
        price !== undefined && currency
          ? { unit_price: parseMinorUnits(price, currencyExponent(currency), 'halfAwayFromZero') }
          : {},
    };
  },
};

function billingAddress(addresses: readonly Address[]): Address | undefined {
  return addresses.find((address) => address.kind === 'billing') ?? addresses[0];
}

/** The engine's values for one canonical record; `id` is the record's id in its system. */
export function canonicalValuesOf<E extends ReconEntityName>(
  entity: E,
  record: CanonicalRecords[E],
  id: string,
): CanonicalValues {
  return (converters[entity] as Converter<E>)(record, id);
}

/** The calendar date that places a record in a period; parties and products have none (always in). */
export function recordDateOf<E extends ReconEntityName>(entity: E, record: CanonicalRecords[E]): string | undefined {
  const dated = record as Partial<{ issueDate: string; date: string }>;
  if (entity === 'invoice' || entity === 'creditNote') return dated.issueDate;
  if (entity === 'payment' || entity === 'bankTransaction') return dated.date;
  return undefined;
}

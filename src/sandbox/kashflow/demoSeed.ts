import type { Address, DocumentLine, Invoice, Party, Payment, Product, RecordSource } from '../../model/index.js';
import { decimalProduct, decimalSum, formatMinorUnits } from '../../model/money.js';
import type { DemoSystemView } from '../demo/systemViews.js';
import { exponentOf } from './amounts.js';
import { createNominal, createProduct } from './catalogue.js';
import type { KashFlowContext } from './context.js';
import { ukLocalTimestamp } from './dates.js';
import { createDocument } from './documents.js';
import { createParty } from './parties.js';
import type { DocumentInput, LineItemInput, PartyInput, PaymentLineInput, ProductInput } from './records.js';

/**
 * `--seed demo`: the demo company's KashFlow view (canonical records, KashFlow ids already chosen) written as KashFlow
 * records. Amounts are carried over exactly, planted discrepancies included: line VAT is sent as VATAmount so a
 * line keyed at the wrong rate keeps its wrong VAT, and a percentage discount is folded into the line's Rate.
 */
export function loadDemo(context: KashFlowContext, view: DemoSystemView): void {
  const seeding = { seeding: true };
  for (const party of view.parties) {
    if (party.roles.includes('customer')) createParty(context, 'customer', partyInput(party), seeding);
    if (party.roles.includes('supplier')) createParty(context, 'supplier', partyInput(party), seeding);
  }
  for (const product of view.products) {
    const input = productInput(product);
    if (input.NominalCode != null && !context.store.nominals.has(input.NominalCode)) {
      createNominal(context, { Code: input.NominalCode, Name: `Sales ${input.NominalCode}`, Type: 'Sales' }, seeding);
    }
    createProduct(context, input, seeding);
  }
  const payments = paymentsByInvoice(context, view.payments);
  for (const invoice of view.invoices) {
    if (invoice.kind !== 'receivable' || invoice.status === 'deleted' || invoice.status === 'voided') continue;
    createDocument(context, 'invoice', invoiceInput(invoice, payments.get(invoice.number ?? '') ?? []), seeding);
  }
}

const idOf = (source: RecordSource | undefined): number | undefined => {
  const id = Number(source?.id);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
};

const stamp = (instant: string | undefined): string | undefined =>
  instant ? ukLocalTimestamp(new Date(instant)) : undefined;

/** KashFlow keeps four address lines and a post code: street lines first, then town and county. */
function addressInput(address: Address) {
  const lines = [...address.lines, address.city, address.region].filter((line): line is string => !!line);
  return {
    Name: address.label ?? null,
    Line1: lines[0] ?? null,
    Line2: lines[1] ?? null,
    Line3: lines[2] ?? null,
    Line4: lines[3] ?? null,
    PostCode: address.postalCode ?? null,
    CountryCode: address.countryCode ?? null,
    CountryName: address.country ?? null,
  };
}

function partyInput(party: Party): PartyInput {
  const billing = party.addresses.filter((a) => a.kind !== 'delivery');
  const delivery = party.addresses.filter((a) => a.kind === 'delivery');
  return {
    Id: idOf(party.source),
    Code: party.code,
    Name: party.name,
    IsArchived: party.status === 'archived',
    VATNumber: party.taxNumber,
    VatNumber: party.taxNumber,
    Email: party.email,
    TelephoneNumber: party.phone,
    Website: party.website,
    PaymentTerms:
      party.paymentTermsDays === undefined ? undefined : { Type: 'AfterIssuedDate', Days: party.paymentTermsDays },
    CreditLimit:
      party.creditLimit === undefined
        ? undefined
        : Number(formatMinorUnits(party.creditLimit.amountMinor, exponentOf(party.creditLimit.currency))),
    Currency: party.defaultCurrency ? { Code: party.defaultCurrency } : undefined,
    Contacts: party.contacts.map((contact) => ({
      IsPrimary: contact.primary ?? false,
      Name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
      Title: contact.jobTitle,
      Firstname: contact.firstName,
      LastName: contact.lastName,
      Telephone: contact.phone,
      Mobile: contact.mobile,
      Email: contact.email,
    })),
    Addresses: billing.map(addressInput),
    Address: billing[0] ? addressInput(billing[0]) : undefined,
    DeliveryAddresses: delivery.map(addressInput),
    UseCustomDeliveryAddress: delivery.length > 0,
    CreatedDate: stamp(party.source?.createdAt),
    LastUpdatedDate: stamp(party.source?.updatedAt),
  };
}

function productInput(product: Product): ProductInput {
  return {
    Id: idOf(product.source),
    Code: product.code,
    Name: product.name,
    Description: product.description,
    NominalCode: Number(product.sales?.accountCode ?? 4000),
    Price: Number(product.sales?.unitPrice ?? 0),
    VATRate: Number(product.sales?.taxRate ?? 0),
    IsArchived: product.status === 'archived',
    ManageStockLevel: product.trackedAsInventory,
    QuantityInStock: product.quantityOnHand === undefined ? undefined : Number(product.quantityOnHand),
  };
}

function lineInput(line: DocumentLine, index: number): LineItemInput {
  // KashFlow lines have no discount field: the discounted unit price becomes the Rate, which keeps the net exact.
  const rate =
    line.discountRate === undefined
      ? line.unitPrice
      : decimalProduct(line.unitPrice, decimalSum('1', decimalProduct('-0.01', line.discountRate)));
  const exponent = exponentOf(line.tax.currency);
  return {
    Number: line.lineNumber ?? index + 1,
    Description: line.description,
    Quantity: Number(line.quantity),
    Rate: Number(rate),
    VATLevel: Number(line.taxRate ?? 0),
    VATAmount: Number(formatMinorUnits(line.tax.amountMinor, exponent)),
    NominalCode: line.accountCode ? Number(line.accountCode) : undefined,
    ProductCode: line.product?.code,
  };
}

function paymentsByInvoice(context: KashFlowContext, payments: readonly Payment[]): Map<string, PaymentLineInput[]> {
  const byInvoice = new Map<string, PaymentLineInput[]>();
  const methods = context.store.invoicePaymentMethods;
  const methodId = (name: string | undefined) => {
    const wanted = name?.toLowerCase() ?? '';
    return (
      methods.find((m) => m.Name.toLowerCase() === wanted)?.Id ??
      methods.find((m) => wanted !== '' && m.Name.toLowerCase().includes(wanted))?.Id ??
      3
    );
  };
  const accountId = (code: string | undefined) =>
    [...context.store.bankAccounts.values()].find((account) => String(account.Code) === code)?.Id;
  for (const payment of payments) {
    if (payment.direction !== 'received' || payment.status === 'deleted') continue;
    payment.allocations.forEach((allocation, index) => {
      const number = allocation.document.number;
      if (!number || allocation.documentKind !== 'invoice') return;
      const id = idOf(payment.source);
      const lines = byInvoice.get(number) ?? [];
      lines.push({
        Id: index === 0 ? id : undefined,
        Date: payment.date,
        Amount: Number(formatMinorUnits(allocation.amount.amountMinor, exponentOf(allocation.amount.currency))),
        Method: methodId(payment.method),
        Reference: payment.reference,
        AccountId: accountId(payment.bankAccount?.code),
      });
      byInvoice.set(number, lines);
    });
  }
  return byInvoice;
}

function invoiceInput(invoice: Invoice, payments: PaymentLineInput[]): DocumentInput {
  return {
    Id: idOf(invoice.source),
    Number: Number(invoice.number),
    CustomerCode: invoice.party.code,
    CustomerReference: invoice.reference,
    IssuedDate: invoice.issueDate,
    DueDate: invoice.dueDate,
    Currency: { Code: invoice.currency, ExchangeRate: invoice.fxRate ? Number(invoice.fxRate) : 1 },
    LineItems: invoice.lines.map(lineInput),
    PaymentLines: payments,
    CreatedDate: stamp(invoice.source?.createdAt),
    LastUpdatedDate: stamp(invoice.source?.updatedAt),
  };
}

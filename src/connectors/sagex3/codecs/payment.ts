import { type Payment, Payment as PaymentSchema } from '../../../model/index.js';
import { childLinesOf, PaymentLineWire, PaymentWire, parseWire, stampsOf, type X3Resource } from '../wire.js';
import { canonical } from './canonical.js';
import { type CodecContext, compact, moneyOf, present, sourceOf, x3Amount } from './shared.js';

/**
 * PAYMENTH ⇄ Payment (customer receipts). The lines (PYHPYD in `$details`) allocate the payment to documents by
 * their X3 number (VCRNUM); a payment without lines stays on account. REF carries the shared reference.
 */
export function paymentFromX3(ctx: CodecContext, resource: X3Resource, withLines: boolean): Payment {
  const { settings } = ctx;
  const className = settings.classes.payment.className;
  const wire = parseWire(PaymentWire, resource, className, 'record');
  const currency = wire.CUR;
  const lines = withLines ? childLinesOf(resource, settings.childArrays.payment, PaymentLineWire, className) : [];
  const reference = present(
    typeof resource[settings.paymentReferenceField] === 'string'
      ? String(resource[settings.paymentReferenceField]).trim()
      : wire.REF,
  );
  const payment = {
    source: sourceOf(wire.NUM, stampsOf(resource, settings, className), wire.NUM),
    direction: 'received',
    status: 'authorised',
    date: wire.ACCDAT,
    amount: moneyOf(wire.AMTCUR, currency),
    party: present(wire.BPR) ? { ref: { system: 'sagex3' as const, id: wire.BPR as string } } : undefined,
    allocations: lines.map((line) => ({
      document: { ref: { system: 'sagex3' as const, id: line.VCRNUM }, number: line.VCRNUM },
      documentKind: 'invoice' as const,
      amount: moneyOf(line.AMTLIN, currency),
    })),
    bankAccount: present(wire.BAN) ? { code: wire.BAN as string } : undefined,
    reference,
    method: present(wire.PAM),
  };
  return canonical(PaymentSchema, compact(payment), className, wire.NUM);
}

/** The write body of a receipt; `customer` is the X3 customer code, `documents` maps each allocation to its X3 NUM. */
export function paymentToX3(
  ctx: CodecContext,
  payment: Payment,
  customer: string,
  documents: readonly string[],
  creating: boolean,
): Record<string, unknown> {
  const { settings } = ctx;
  const body: Record<string, unknown> = compact({
    BPR: customer,
    ACCDAT: payment.date,
    CUR: payment.amount.currency,
    AMTCUR: creating ? x3Amount(payment.amount) : undefined,
    BAN: payment.bankAccount?.code,
    PAM: payment.method,
  });
  if (payment.reference !== undefined) body[settings.paymentReferenceField] = payment.reference;
  if (creating) {
    body[settings.childArrays.payment] = payment.allocations.map((allocation, index) => ({
      VCRNUM: documents[index],
      AMTLIN: x3Amount(allocation.amount),
    }));
  }
  return body;
}

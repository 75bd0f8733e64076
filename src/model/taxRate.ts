import { z } from 'zod';
import { CalendarDate } from './dates.js';
import { compareDecimals, DecimalText, decimalSum } from './money.js';
import { CustomFields, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

export const TaxComponent = z.object({
  name: z.string().min(1),
  ratePercent: DecimalText,
  compound: z.boolean().optional(),
  nonRecoverable: z.boolean().optional(),
});
export type TaxComponent = z.infer<typeof TaxComponent>;

/**
 * A tax code and its rate: Xero TaxRate (TaxType code such as OUTPUT2), KashFlow VAT level (the percentage itself
 * is the code), X3 TABVAT code with TABRATVAT rates by date. `ratePercent` is "20" for 20 %.
 */
export const TaxRate = z
  .object({
    source: RecordSource.optional(),
    code: z.string().trim().min(1, 'code is required'),
    name: z.string().trim().min(1, 'name is required'),
    ratePercent: DecimalText,
    components: z.array(TaxComponent).optional(),
    status: z.enum(['active', 'archived', 'deleted', 'pending']),
    /** Which side of the ledger may use it. */
    appliesTo: z.array(z.enum(['sales', 'purchases'])).optional(),
    /** The system's reporting category (Xero ReportTaxType: OUTPUT, INPUT, EXEMPTOUTPUT…). */
    reportType: z.string().min(1).optional(),
    validFrom: CalendarDate.optional(),
    validTo: CalendarDate.optional(),
    customFields: CustomFields.optional(),
  })
  .superRefine((tax, ctx) => {
    if (compareDecimals(tax.ratePercent, '0') < 0) {
      ctx.addIssue({ code: 'custom', path: ['ratePercent'], message: 'ratePercent cannot be negative' });
    }
    if (tax.validFrom && tax.validTo && tax.validTo < tax.validFrom) {
      ctx.addIssue({
        code: 'custom',
        path: ['validTo'],
        message: `validTo ${tax.validTo} is before validFrom ${tax.validFrom}`,
      });
    }
    const components = tax.components ?? [];
    // Compound components apply to a base that already includes tax, so their rates don't simply add.
    if (components.length > 0 && !components.some((component) => component.compound)) {
      const total = decimalSum(...components.map((component) => component.ratePercent));
      if (compareDecimals(total, tax.ratePercent) !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['ratePercent'],
          message: `ratePercent is ${tax.ratePercent} but the components add up to ${total}`,
        });
      }
    }
  }, onlyWhenFieldsValid);
export type TaxRate = z.infer<typeof TaxRate>;

import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/connectors/connector.js';
import type { CompiledMapping, MappingFailure } from '../../src/mapping/compiledMapping.js';
import { compileMapping } from '../../src/mapping/compileMapping.js';
import * as templates from '../../src/mapping/templates.js';
import { listTemplates, loadTemplate, templateFor } from '../../src/mapping/templates.js';
import type { SystemName } from '../../src/model/index.js';
import { importBuilt } from '../support/built.js';
import { demoSystem, resolvingContext } from './demoRecords.js';

interface FlowFigures {
  mapped: number;
  skipped: number;
  failures: MappingFailure[];
}

/** Maps every demo record each flow reads, as the sync engine would, and counts the outcomes per flow. */
async function mapDemo(mapping: CompiledMapping): Promise<Record<string, FlowFigures>> {
  const context = resolvingContext(mapping.systems);
  const figures: Record<string, FlowFigures> = {};
  for (const flow of mapping.flows) {
    const { records } = demoSystem(mapping.systems[flow.from.side]);
    const figure: FlowFigures = { mapped: 0, skipped: 0, failures: [] };
    for (const record of records[flow.from.entity as Entity] ?? []) {
      const outcome = await flow.map(record, context);
      if (outcome.kind === 'mapped') figure.mapped++;
      else if (outcome.kind === 'skipped') figure.skipped++;
      else figure.failures.push(outcome.failure);
    }
    figures[flow.id] = figure;
  }
  return figures;
}

function failuresOf(figures: Record<string, FlowFigures>): MappingFailure[] {
  return Object.values(figures).flatMap((figure) => figure.failures);
}

describe('shipped templates', () => {
  it('lists the three templates with their systems', () => {
    expect(listTemplates().map((template) => [template.id, template.systems])).toEqual([
      ['generic', { accounting: 'any', erp: 'any' }],
      ['kashflow-salesforce', { accounting: 'kashflow', erp: 'salesforce' }],
      ['xero-sagex3', { accounting: 'xero', erp: 'sagex3' }],
    ]);
  });

  it('finds the templates from the build as well as from the repository', async () => {
    const built = await importBuilt<typeof templates>('src/mapping/templates.ts');
    expect(built.listTemplates().map((template) => template.id)).toEqual(
      templates.listTemplates().map((template) => template.id),
    );
    expect(built.loadTemplate('xero-sagex3')).toEqual(loadTemplate('xero-sagex3'));
  });

  it('picks the dedicated template for a pair and the generic one otherwise', () => {
    expect(templateFor('xero', 'sagex3').id).toBe('xero-sagex3');
    expect(templateFor('kashflow', 'salesforce').id).toBe('kashflow-salesforce');
    expect(templateFor('xero', 'salesforce').id).toBe('generic');
    expect(templateFor('kashflow', 'sagex3').id).toBe('generic');
  });

  it('maps every Xero and Sage X3 demo record with xero-sagex3 without a failure', async () => {
    const figures = await mapDemo(compileMapping(loadTemplate('xero-sagex3')));
    expect(failuresOf(figures)).toEqual([]);
    const x3 = demoSystem('sagex3').view;
    const xero = demoSystem('xero').view;
    expect(figures['parties-to-xero']?.mapped).toBe(x3.parties.length);
    expect(figures['products-to-xero']?.mapped).toBe(x3.products.length);
    // Every X3 invoice is posted (authorised or paid), so every one becomes a Xero invoice.
    expect(figures['invoices-to-xero']?.mapped).toBe(x3.invoices.length);
    expect(figures['payments-to-x3']?.mapped).toBe(xero.payments.length);
  });

  it('maps every KashFlow and Salesforce demo record with kashflow-salesforce without a failure', async () => {
    const figures = await mapDemo(compileMapping(loadTemplate('kashflow-salesforce')));
    expect(failuresOf(figures)).toEqual([]);
    const salesforce = demoSystem('salesforce').view;
    const kashflow = demoSystem('kashflow').view;
    // Suppliers stay in KashFlow: Salesforce keeps customers only.
    const customers = kashflow.parties.filter((party) => party.roles.includes('customer')).length;
    expect(figures['parties-to-salesforce']).toMatchObject({
      mapped: customers,
      skipped: kashflow.parties.length - customers,
    });
    // Every demo opportunity is Closed Won with an amount.
    expect(figures['opportunities-to-kashflow']?.mapped).toBe(salesforce.salesOrders.length);
    expect(figures['invoice-status-to-salesforce']?.mapped).toBe(kashflow.invoices.length);
  });

  for (const accounting of ['xero', 'kashflow'] as const satisfies readonly SystemName[]) {
    for (const erp of ['sagex3', 'salesforce'] as const satisfies readonly SystemName[]) {
      it(`compiles generic for ${accounting} ⇄ ${erp} and maps every demo record without a failure`, async () => {
        const mapping = compileMapping(loadTemplate('generic'), { systems: { accounting, erp } });
        const figures = await mapDemo(mapping);
        expect(failuresOf(figures)).toEqual([]);
        const flows = mapping.flows.map((flow) => flow.id);
        // Salesforce neither raises invoices nor takes payments: those flows are left out for it.
        expect(flows.includes('invoices-to-accounting')).toBe(erp === 'sagex3');
        expect(flows.includes('payments-to-erp')).toBe(erp === 'sagex3');
        expect(Object.values(figures).reduce((sum, figure) => sum + figure.mapped, 0)).toBeGreaterThan(0);
      });
    }
  }
});

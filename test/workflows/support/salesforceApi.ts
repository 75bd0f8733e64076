import type { RunningSandboxes } from '../../../src/sandbox/startSandboxes.js';

/**
 * A person working in the Salesforce sandbox through its REST API (as a sales rep would in Salesforce): what starts
 * a workflow in these tests is a change made there, never a call into Counterpart.
 */
export class SalesforceApi {
  private readonly base: string;
  private readonly token: string;

  constructor(sandboxes: RunningSandboxes) {
    const credentials = sandboxes.sandboxes.salesforce.credentials as Record<string, string>;
    this.base = `${credentials.instanceUrl}/services/data/v${credentials.apiVersion}`;
    this.token = String(credentials.accessToken);
  }

  async query<T>(soql: string): Promise<T[]> {
    const body = (await this.call('GET', `/query?q=${encodeURIComponent(soql)}`)) as { records: T[] };
    return body.records;
  }

  async create(object: string, fields: Record<string, unknown>): Promise<string> {
    const body = (await this.call('POST', `/sobjects/${object}`, fields)) as { id: string };
    return body.id;
  }

  async update(object: string, id: string, fields: Record<string, unknown>): Promise<void> {
    await this.call('PATCH', `/sobjects/${object}/${id}`, fields);
  }

  async get<T>(object: string, id: string): Promise<T> {
    return (await this.call('GET', `/sobjects/${object}/${id}`)) as T;
  }

  /** A new opportunity of an account, still open, with one line of a product: what a rep creates before the deal closes. */
  async openOpportunity(accountId: string, productCode: string, quantity: number, name: string): Promise<string> {
    const [entry] = await this.query<{ Id: string; UnitPrice: number; Pricebook2Id: string }>(
      `SELECT Id, UnitPrice, Pricebook2Id FROM PricebookEntry WHERE ProductCode = '${productCode}'`,
    );
    if (!entry) throw new Error(`no price book entry for ${productCode}`);
    const id = await this.create('Opportunity', {
      AccountId: accountId,
      Name: name,
      StageName: 'Prospecting',
      CloseDate: '2026-11-20',
      Pricebook2Id: entry.Pricebook2Id,
    });
    await this.create('OpportunityLineItem', {
      OpportunityId: id,
      PricebookEntryId: entry.Id,
      Quantity: quantity,
      UnitPrice: entry.UnitPrice,
    });
    return id;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Salesforce ${method} ${path}: ${response.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }
}

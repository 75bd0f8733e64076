/**
 * The sObjects the sandbox serves, with the field metadata describe returns and the write rules the sandbox enforces.
 * Field lists follow jsforce's generated standard schema (from a real org's describe) trimmed to what a
 * KashFlow/Xero ↔ Salesforce sync touches, plus the custom external-id field `Counterpart_External_Id__c`.
 */

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'reference'
  | 'boolean'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int'
  | 'date'
  | 'datetime'
  | 'email'
  | 'phone'
  | 'url'
  /** A read-only compound of the `<Prefix>Street/City/State/PostalCode/Country` fields. */
  | 'address';

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  readonly label: string;
  readonly length: number;
  /** Required on create (describe: createable and not nillable and not defaulted on create). */
  readonly required: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly nillable: boolean;
  readonly referenceTo: readonly string[];
  /** Name used in SOQL for the parent (`Account` for `AccountId`). */
  readonly relationshipName: string | null;
  /** Name of the child relationship on the parent object (`Contacts` for `Contact.AccountId`). */
  readonly childRelationshipName: string | null;
  /** Deleting the parent deletes this record (master-detail style). */
  readonly cascadeDelete: boolean;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly custom: boolean;
  readonly picklistValues: readonly string[];
  readonly defaultValue: string | number | boolean | null;
}

export interface ObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly fields: readonly FieldDef[];
}

export interface ChildRelationship {
  readonly relationshipName: string;
  readonly childSObject: string;
  readonly field: string;
  readonly cascadeDelete: boolean;
}

/** A custom field added by the sandbox's options (e.g. a second external id). */
export interface CustomFieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly label?: string;
  readonly length?: number;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly referenceTo?: string;
}

export const EXTERNAL_ID_FIELD = 'Counterpart_External_Id__c';

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'type'>> & {
  readonly createOnly?: boolean;
  readonly system?: boolean;
};

function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  const system = options.system ?? false;
  const createable = options.createable ?? !system;
  const defaultLength =
    type === 'string' ? 255 : type === 'textarea' ? 32_000 : type === 'id' || type === 'reference' ? 18 : 0;
  return {
    name,
    type,
    label: options.label ?? labelOf(name),
    length: options.length ?? defaultLength,
    required: options.required ?? false,
    createable,
    updateable: options.updateable ?? (createable && !options.createOnly),
    nillable: options.nillable ?? !(options.required ?? false),
    referenceTo: options.referenceTo ?? [],
    relationshipName: options.relationshipName ?? null,
    childRelationshipName: options.childRelationshipName ?? null,
    cascadeDelete: options.cascadeDelete ?? false,
    externalId: options.externalId ?? false,
    unique: options.unique ?? false,
    custom: name.endsWith('__c'),
    picklistValues: options.picklistValues ?? [],
    defaultValue: options.defaultValue ?? null,
  };
}

function labelOf(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/Id$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
}

function reference(
  name: string,
  target: string,
  relationshipName: string,
  childRelationshipName: string | null,
  options: FieldOptions = {},
): FieldDef {
  return field(name, 'reference', { referenceTo: [target], relationshipName, childRelationshipName, ...options });
}

function systemFields(owned: boolean): FieldDef[] {
  return [
    field('Id', 'id', { system: true, nillable: false }),
    field('IsDeleted', 'boolean', { system: true, nillable: false }),
    ...(owned ? [reference('OwnerId', 'User', 'Owner', null, { createable: true })] : []),
    reference('CreatedById', 'User', 'CreatedBy', null, { system: true }),
    field('CreatedDate', 'datetime', { system: true, nillable: false }),
    reference('LastModifiedById', 'User', 'LastModifiedBy', null, { system: true }),
    field('LastModifiedDate', 'datetime', { system: true, nillable: false }),
    field('SystemModstamp', 'datetime', { system: true, nillable: false }),
  ];
}

function address(prefix: string): FieldDef[] {
  return [
    field(`${prefix}Street`, 'textarea', { length: 255 }),
    field(`${prefix}City`, 'string', { length: 40 }),
    field(`${prefix}State`, 'string', { length: 80 }),
    field(`${prefix}PostalCode`, 'string', { length: 20 }),
    field(`${prefix}Country`, 'string', { length: 80 }),
    field(`${prefix}Address`, 'address', { system: true }),
  ];
}

/** The REST shape of a compound address (`BillingAddress`) built from its component fields, or null when empty. */
export function compoundAddress(
  def: FieldDef,
  record: Readonly<Record<string, unknown>>,
): Record<string, unknown> | null {
  const prefix = def.name.slice(0, -'Address'.length);
  const part = (name: string) => record[`${prefix}${name}`] ?? null;
  const value = {
    city: part('City'),
    country: part('Country'),
    geocodeAccuracy: null,
    latitude: null,
    longitude: null,
    postalCode: part('PostalCode'),
    state: part('State'),
    street: part('Street'),
  };
  return [value.city, value.country, value.postalCode, value.state, value.street].every((v) => v === null)
    ? null
    : value;
}

const externalIdField = field(EXTERNAL_ID_FIELD, 'string', {
  label: 'Counterpart External Id',
  externalId: true,
  unique: true,
});

/**
 * Custom fields an accounting system's invoice is written back to: a common CRM set-up, on whichever object the org
 * sells through (Opportunity or Order). The mapping document names them; a mapping naming others gets INVALID_FIELD.
 */
function invoiceWriteBackFields(): FieldDef[] {
  return [
    field('Invoice_Number__c', 'string', { length: 80, label: 'Invoice Number' }),
    field('Invoice_Status__c', 'string', { length: 40, label: 'Invoice Status' }),
    field('Amount_Paid__c', 'currency', { label: 'Amount Paid' }),
    field('Amount_Due__c', 'currency', { label: 'Amount Due' }),
  ];
}

export const OPPORTUNITY_STAGES: Readonly<
  Record<string, { probability: number; isClosed: boolean; isWon: boolean; forecast: string }>
> = {
  Prospecting: { probability: 10, isClosed: false, isWon: false, forecast: 'Pipeline' },
  Qualification: { probability: 10, isClosed: false, isWon: false, forecast: 'Pipeline' },
  'Needs Analysis': { probability: 20, isClosed: false, isWon: false, forecast: 'Pipeline' },
  'Value Proposition': { probability: 50, isClosed: false, isWon: false, forecast: 'Pipeline' },
  'Proposal/Price Quote': { probability: 75, isClosed: false, isWon: false, forecast: 'Pipeline' },
  'Negotiation/Review': { probability: 90, isClosed: false, isWon: false, forecast: 'Pipeline' },
  'Closed Won': { probability: 100, isClosed: true, isWon: true, forecast: 'Closed' },
  'Closed Lost': { probability: 0, isClosed: true, isWon: false, forecast: 'Omitted' },
};

const STANDARD_OBJECTS: readonly ObjectDef[] = [
  {
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    keyPrefix: '005',
    fields: [
      ...systemFields(false),
      field('Username', 'string', { length: 80, required: true }),
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, required: true }),
      field('Name', 'string', { length: 121, system: true }),
      field('Email', 'email', { length: 128, required: true }),
      field('IsActive', 'boolean', { defaultValue: true, nillable: false }),
    ],
  },
  {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    fields: [
      ...systemFields(true),
      field('Name', 'string', { required: true }),
      field('AccountNumber', 'string', { length: 40 }),
      field('Type', 'picklist', { picklistValues: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner'] }),
      reference('ParentId', 'Account', 'Parent', 'ChildAccounts'),
      ...address('Billing'),
      ...address('Shipping'),
      field('Phone', 'phone', { length: 40 }),
      field('Fax', 'phone', { length: 40 }),
      field('Website', 'url', { length: 255 }),
      field('Industry', 'picklist', { picklistValues: ['Retail', 'Manufacturing', 'Technology', 'Hospitality'] }),
      field('AnnualRevenue', 'currency'),
      field('NumberOfEmployees', 'int'),
      field('Description', 'textarea'),
      field('AccountSource', 'picklist', { picklistValues: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other'] }),
      field('Customer_Since__c', 'date', { label: 'Customer Since' }),
      externalIdField,
    ],
  },
  {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    fields: [
      ...systemFields(true),
      reference('AccountId', 'Account', 'Account', 'Contacts', { cascadeDelete: true }),
      field('Salutation', 'picklist', { length: 40, picklistValues: ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'] }),
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, required: true }),
      field('Name', 'string', { length: 121, system: true }),
      field('Email', 'email', { length: 80 }),
      field('Phone', 'phone', { length: 40 }),
      field('MobilePhone', 'phone', { length: 40 }),
      field('Title', 'string', { length: 128 }),
      field('Department', 'string', { length: 80 }),
      ...address('Mailing'),
      field('Description', 'textarea'),
      field('HasOptedOutOfEmail', 'boolean', { defaultValue: false, nillable: false }),
      externalIdField,
    ],
  },
  {
    name: 'Product2',
    label: 'Product',
    labelPlural: 'Products',
    keyPrefix: '01t',
    fields: [
      ...systemFields(false),
      field('Name', 'string', { required: true }),
      field('ProductCode', 'string'),
      field('Description', 'textarea', { length: 4000 }),
      field('IsActive', 'boolean', { defaultValue: false, nillable: false }),
      field('Family', 'picklist', { picklistValues: ['None'] }),
      field('StockKeepingUnit', 'string', { length: 180 }),
      field('QuantityUnitOfMeasure', 'picklist', { picklistValues: ['Each'] }),
      field('ExternalId', 'string'),
      field('IsArchived', 'boolean', { system: true, nillable: false }),
      externalIdField,
    ],
  },
  {
    name: 'Pricebook2',
    label: 'Price Book',
    labelPlural: 'Price Books',
    keyPrefix: '01s',
    fields: [
      ...systemFields(false),
      field('Name', 'string', { required: true }),
      field('IsActive', 'boolean', { defaultValue: false, nillable: false }),
      field('IsStandard', 'boolean', { system: true, nillable: false }),
      field('IsArchived', 'boolean', { system: true, nillable: false }),
      field('Description', 'string'),
      externalIdField,
    ],
  },
  {
    name: 'PricebookEntry',
    label: 'Price Book Entry',
    labelPlural: 'Price Book Entries',
    keyPrefix: '01u',
    fields: [
      ...systemFields(false),
      reference('Pricebook2Id', 'Pricebook2', 'Pricebook2', 'PricebookEntries', {
        required: true,
        createOnly: true,
        cascadeDelete: true,
      }),
      reference('Product2Id', 'Product2', 'Product2', 'PricebookEntries', {
        required: true,
        createOnly: true,
        cascadeDelete: true,
      }),
      field('Name', 'string', { system: true }),
      field('ProductCode', 'string', { system: true }),
      field('UnitPrice', 'currency', { required: true }),
      field('IsActive', 'boolean', { defaultValue: false, nillable: false }),
      field('UseStandardPrice', 'boolean', { defaultValue: false, nillable: false }),
      externalIdField,
    ],
  },
  {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    fields: [
      ...systemFields(true),
      reference('AccountId', 'Account', 'Account', 'Opportunities', { cascadeDelete: true }),
      field('Name', 'string', { length: 120, required: true }),
      field('Description', 'textarea'),
      field('StageName', 'picklist', { required: true, picklistValues: Object.keys(OPPORTUNITY_STAGES) }),
      field('Amount', 'currency'),
      field('Probability', 'percent'),
      field('CloseDate', 'date', { required: true }),
      field('Type', 'picklist', { picklistValues: ['New Customer', 'Existing Customer - Upgrade'] }),
      field('NextStep', 'string'),
      field('LeadSource', 'picklist', { picklistValues: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other'] }),
      field('IsClosed', 'boolean', { system: true, nillable: false }),
      field('IsWon', 'boolean', { system: true, nillable: false }),
      field('ForecastCategoryName', 'picklist', {
        picklistValues: ['Pipeline', 'Best Case', 'Commit', 'Omitted', 'Closed'],
      }),
      reference('Pricebook2Id', 'Pricebook2', 'Pricebook2', null),
      field('HasOpportunityLineItem', 'boolean', { system: true, nillable: false }),
      ...invoiceWriteBackFields(),
      externalIdField,
    ],
  },
  {
    name: 'OpportunityLineItem',
    label: 'Opportunity Product',
    labelPlural: 'Opportunity Product',
    keyPrefix: '00k',
    fields: [
      ...systemFields(false),
      reference('OpportunityId', 'Opportunity', 'Opportunity', 'OpportunityLineItems', {
        required: true,
        createOnly: true,
        cascadeDelete: true,
      }),
      field('SortOrder', 'int'),
      reference('PricebookEntryId', 'PricebookEntry', 'PricebookEntry', null, { createOnly: true }),
      reference('Product2Id', 'Product2', 'Product2', null, { createOnly: true }),
      field('ProductCode', 'string', { system: true }),
      field('Name', 'string', { length: 376, system: true }),
      field('Quantity', 'double', { required: true }),
      field('TotalPrice', 'currency'),
      field('UnitPrice', 'currency'),
      field('ListPrice', 'currency', { system: true }),
      field('Subtotal', 'currency', { system: true }),
      field('Discount', 'percent'),
      field('ServiceDate', 'date'),
      field('Description', 'string'),
      externalIdField,
    ],
  },
  {
    name: 'Order',
    label: 'Order',
    labelPlural: 'Orders',
    keyPrefix: '801',
    fields: [
      ...systemFields(true),
      reference('AccountId', 'Account', 'Account', 'Orders', { required: true }),
      reference('Pricebook2Id', 'Pricebook2', 'Pricebook2', 'Orders'),
      reference('OpportunityId', 'Opportunity', 'Opportunity', 'Orders'),
      field('EffectiveDate', 'date', { required: true }),
      field('EndDate', 'date'),
      field('Status', 'picklist', { required: true, picklistValues: ['Draft', 'Activated'] }),
      field('Description', 'textarea'),
      field('Type', 'picklist', { picklistValues: ['Standard'] }),
      field('OrderNumber', 'string', { length: 30, system: true }),
      field('TotalAmount', 'currency', { system: true }),
      field('PoNumber', 'string', { length: 80 }),
      ...address('Billing'),
      ...address('Shipping'),
      ...invoiceWriteBackFields(),
      externalIdField,
    ],
  },
  {
    name: 'OrderItem',
    label: 'Order Product',
    labelPlural: 'Order Products',
    keyPrefix: '802',
    fields: [
      ...systemFields(false),
      reference('OrderId', 'Order', 'Order', 'OrderItems', { required: true, createOnly: true, cascadeDelete: true }),
      reference('PricebookEntryId', 'PricebookEntry', 'PricebookEntry', null, { required: true, createOnly: true }),
      reference('Product2Id', 'Product2', 'Product2', null, { createOnly: true }),
      field('Quantity', 'double', { required: true }),
      field('UnitPrice', 'currency', { required: true }),
      field('ListPrice', 'currency', { system: true }),
      field('TotalPrice', 'currency', { system: true }),
      field('ServiceDate', 'date'),
      field('EndDate', 'date'),
      field('Description', 'string'),
      field('OrderItemNumber', 'string', { length: 10, system: true }),
      externalIdField,
    ],
  },
];

/** The set of objects one sandbox serves, with lookups by name that are case-insensitive like the API. */
export class SchemaRegistry {
  private readonly objects = new Map<string, ObjectDef>();
  private readonly fieldIndex = new Map<string, Map<string, FieldDef>>();
  /** Most lookups use the exact API name; this skips lower-casing for them. */
  private readonly exactFields = new Map<string, Map<string, FieldDef>>();
  private readonly relationshipIndex = new Map<string, Map<string, FieldDef>>();
  private readonly childIndex = new Map<string, Map<string, ChildRelationship>>();

  constructor(
    customFields: Readonly<Record<string, readonly CustomFieldSpec[]>> = {},
    keyPrefixes: Readonly<Record<string, string>> = {},
  ) {
    for (const object of STANDARD_OBJECTS) {
      const extra = (customFields[object.name] ?? []).map(customField);
      const keyPrefix = keyPrefixes[object.name] ?? object.keyPrefix;
      this.add({ ...object, keyPrefix, fields: [...object.fields, ...extra] });
    }
    for (const object of this.objects.values()) {
      for (const def of object.fields) {
        const parent = def.referenceTo[0];
        if (!parent || !def.childRelationshipName) continue;
        const children = this.childIndex.get(parent.toLowerCase()) ?? new Map<string, ChildRelationship>();
        children.set(def.childRelationshipName.toLowerCase(), {
          relationshipName: def.childRelationshipName,
          childSObject: object.name,
          field: def.name,
          cascadeDelete: def.cascadeDelete,
        });
        this.childIndex.set(parent.toLowerCase(), children);
      }
    }
  }

  private add(object: ObjectDef): void {
    const key = object.name.toLowerCase();
    this.objects.set(key, object);
    this.fieldIndex.set(key, new Map(object.fields.map((def) => [def.name.toLowerCase(), def])));
    this.exactFields.set(object.name, new Map(object.fields.map((def) => [def.name, def])));
    this.relationshipIndex.set(
      key,
      new Map(
        object.fields
          .filter((def) => def.relationshipName)
          .map((def) => [(def.relationshipName ?? '').toLowerCase(), def]),
      ),
    );
  }

  all(): ObjectDef[] {
    return [...this.objects.values()];
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  field(objectName: string, fieldName: string): FieldDef | undefined {
    const exact = this.exactFields.get(objectName)?.get(fieldName);
    if (exact) return exact;
    return this.fieldIndex.get(objectName.toLowerCase())?.get(fieldName.toLowerCase());
  }

  /** The reference field behind a parent relationship name (`Account` on Opportunity → `AccountId`). */
  parentRelationship(objectName: string, relationshipName: string): FieldDef | undefined {
    return this.relationshipIndex.get(objectName.toLowerCase())?.get(relationshipName.toLowerCase());
  }

  childRelationships(objectName: string): ChildRelationship[] {
    return [...(this.childIndex.get(objectName.toLowerCase())?.values() ?? [])];
  }

  childRelationship(objectName: string, relationshipName: string): ChildRelationship | undefined {
    return this.childIndex.get(objectName.toLowerCase())?.get(relationshipName.toLowerCase());
  }

  objectForKeyPrefix(prefix: string): ObjectDef | undefined {
    return this.all().find((object) => object.keyPrefix === prefix);
  }
}

function customField(spec: CustomFieldSpec): FieldDef {
  const name = spec.name.endsWith('__c') ? spec.name : `${spec.name}__c`;
  if (spec.type === 'reference' && spec.referenceTo) {
    return reference(name, spec.referenceTo, name.replace(/__c$/, '__r'), null, {
      ...(spec.label ? { label: spec.label } : {}),
    });
  }
  return field(name, spec.type, {
    ...(spec.label ? { label: spec.label } : {}),
    ...(spec.length ? { length: spec.length } : {}),
    externalId: spec.externalId ?? false,
    unique: spec.unique ?? false,
  });
}

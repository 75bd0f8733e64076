import { randomUUID } from 'node:crypto';
import {
  decimalProduct,
  decimalSum,
  formatMinorUnits,
  minorUnitsFromNumber,
  parseMinorUnits,
} from '../../model/money.js';
import { badRequest, invalidType, notFound, SalesforceApiError } from './errors.js';
import { toId18 } from './ids.js';
import { type FieldDef, type ObjectDef, OPPORTUNITY_STAGES } from './schema.js';
import type { FieldValue, RecordStore, SfRecord } from './store.js';
import { formatDateTime } from './store.js';

/** Who is writing and through which API, for system fields and the CDC `changeOrigin`. */
export interface WriteContext {
  readonly userId: string;
  /** e.g. `com/salesforce/api/rest/62.0;client=CounterpartSync`, empty for UI/system changes. */
  readonly origin: string;
  readonly transactionKey: string;
}

export interface SaveResult {
  readonly id: string;
  readonly created: boolean;
}

const SEEDABLE_SYSTEM_FIELDS = new Set([
  'CreatedDate',
  'LastModifiedDate',
  'SystemModstamp',
  'IsDeleted',
  'IsStandard',
  'CreatedById',
  'LastModifiedById',
  'Username',
  'OrderNumber',
]);

const NUMERIC_TYPES = new Set(['double', 'currency', 'percent', 'int']);
const WIRE_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

/** Body keys the API ignores on writes. */
const IGNORED_KEYS = new Set(['attributes', 'id']);
const CURRENCY_EXPONENT = 2;

/** Salesforce's answer to a write naming a field the object does not have (or the user cannot see). */
function unknownField(object: ObjectDef, key: string): SalesforceApiError {
  return badRequest('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]);
}

export function newTransactionKey(): string {
  return randomUUID();
}

/**
 * The write rules of the sandbox org: field validation and coercion, system fields, derived fields (Contact.Name,
 * Opportunity stage flags, line-item totals and roll-ups), external-id resolution, cascade deletes — and a change
 * record per write for Change Data Capture.
 */
export class SalesforceData {
  private sequence = 0;
  private deferredRollUps: Map<string, { object: ObjectDef; line: SfRecord; context: WriteContext }> | null = null;

  /** Runs many writes (seeding) and recomputes each parent's roll-up once at the end instead of per line. */
  batch<T>(work: () => T): T {
    const outer = this.deferredRollUps === null;
    if (outer) this.deferredRollUps = new Map();
    try {
      return work();
    } finally {
      if (outer) {
        const pending = [...(this.deferredRollUps?.values() ?? [])];
        this.deferredRollUps = null;
        for (const { object, line, context } of pending) this.rollUp(object, line, context);
      }
    }
  }

  constructor(readonly store: RecordStore) {}

  get schema() {
    return this.store.schema;
  }

  object(name: string): ObjectDef {
    const object = this.schema.object(name);
    if (!object) throw invalidType(name);
    return object;
  }

  /** A live (not deleted) record, or the API's 404. */
  retrieve(objectName: string, rawId: string): SfRecord {
    const object = this.object(objectName);
    const id = toId18(rawId);
    if (!id?.startsWith(object.keyPrefix)) throw notFound();
    const record = this.store.get(object.name, id);
    if (!record) throw notFound();
    if (record.IsDeleted === true) throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return record;
  }

  create(
    objectName: string,
    body: Readonly<Record<string, unknown>>,
    context: WriteContext,
    system: SfRecord = {},
  ): SaveResult {
    const object = this.object(objectName);
    return this.store.transaction(() => {
      const values = this.coerceBody(object, body, 'create');
      const now = this.store.now();
      const id = typeof system.Id === 'string' ? system.Id : this.store.ids.next(object.keyPrefix);
      if (this.store.get(object.name, id))
        throw badRequest('DUPLICATE_VALUE', `duplicate value found: Id duplicates value on record with id: ${id}`);
      const record: SfRecord = {};
      for (const def of object.fields) if (def.type !== 'address') record[def.name] = def.defaultValue;
      Object.assign(record, values, {
        Id: id,
        IsDeleted: false,
        CreatedDate: now,
        CreatedById: context.userId,
        LastModifiedDate: now,
        LastModifiedById: context.userId,
        SystemModstamp: now,
        ...system,
      });
      if (object.fields.some((def) => def.name === 'OwnerId') && record.OwnerId == null)
        record.OwnerId = context.userId;
      this.derive(object, record, null);
      this.checkRequired(object, record);
      this.checkUnique(object, record);
      this.store.put(object.name, record);
      this.emit(object.name, 'CREATE', record, () => populated(record), context);
      this.rollUp(object, record, context);
      return { id, created: true };
    });
  }

  /**
   * Loads one record given in wire shape (a seed file): keeps its own Id and system timestamps, drops read-only
   * fields the org computes, and validates the rest like a create.
   */
  seed(objectName: string, raw: Readonly<Record<string, unknown>>, context: WriteContext): string {
    const object = this.object(objectName);
    const system: SfRecord = {};
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      const def = this.schema.field(object.name, key);
      if (def?.name === 'Id') {
        const id = toId18(String(value));
        if (!id?.startsWith(object.keyPrefix))
          throw badRequest('MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${String(value)}`, ['Id']);
        system.Id = id;
      } else if (def && SEEDABLE_SYSTEM_FIELDS.has(def.name)) {
        system[def.name] = this.coerceValue(object, def, value);
      } else if (!def || def.createable) {
        body[key] = value;
      }
    }
    return this.create(object.name, body, context, system).id;
  }

  update(objectName: string, rawId: string, body: Readonly<Record<string, unknown>>, context: WriteContext): void {
    const object = this.object(objectName);
    const current = this.retrieveForWrite(object, rawId);
    this.store.transaction(() => {
      const values = this.coerceBody(object, body, 'update');
      this.applyUpdate(object, current, values, context);
    });
  }

  private applyUpdate(object: ObjectDef, current: SfRecord, values: SfRecord, context: WriteContext): void {
    const now = this.store.now();
    const next: SfRecord = { ...current, ...values };
    this.derive(object, next, current);
    this.checkRequired(object, next);
    this.checkUnique(object, next);
    const changed = Object.keys(next).filter((key) => next[key] !== current[key]);
    Object.assign(next, { LastModifiedDate: now, LastModifiedById: context.userId, SystemModstamp: now });
    this.store.put(object.name, next);
    const fields = () => {
      const payload: SfRecord = { LastModifiedDate: now };
      for (const key of changed) if (next[key] !== null) payload[key] = next[key] ?? null;
      return payload;
    };
    this.emit(
      object.name,
      'UPDATE',
      next,
      fields,
      context,
      [...changed, 'LastModifiedDate'],
      changed.filter((k) => next[k] === null),
    );
    this.rollUp(object, next, context);
  }

  /** Upsert by an external-id field (or `Id`): 0 matches create, 1 updates, several → 300. */
  upsert(
    objectName: string,
    externalField: string,
    value: string,
    body: Readonly<Record<string, unknown>>,
    context: WriteContext,
  ): SaveResult {
    const object = this.object(objectName);
    const def = this.externalIdField(object, externalField);
    if (def.name === 'Id') {
      if (!value) return this.create(object.name, body, context);
      const record = this.retrieve(object.name, value);
      this.update(object.name, String(record.Id), body, context);
      return { id: String(record.Id), created: false };
    }
    const matches = this.findByExternalId(object, def, value);
    if (matches.length > 1) {
      throw new SalesforceApiError(
        300,
        'MULTIPLE_CHOICES',
        `More than one record found for external id field ${def.name} with value ${value}.`,
      );
    }
    const bodyValue = body[def.name];
    if (bodyValue !== undefined && String(bodyValue) !== value) {
      throw badRequest(
        'INVALID_FIELD',
        `The value of the external ID field in the body (${String(bodyValue)}) doesn't match the value in the URL (${value}).`,
        [def.name],
      );
    }
    const match = matches[0];
    if (match) {
      this.update(object.name, String(match.Id), withoutKey(body, def.name), context);
      return { id: String(match.Id), created: false };
    }
    return this.create(object.name, { ...withoutKey(body, def.name), [def.name]: value }, context);
  }

  externalIdField(object: ObjectDef, name: string): FieldDef {
    const def = this.schema.field(object.name, name);
    if (!def || !(def.externalId || def.type === 'id')) {
      throw new SalesforceApiError(
        404,
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${name}`,
      );
    }
    return def;
  }

  findByExternalId(object: ObjectDef, def: FieldDef, value: string): SfRecord[] {
    return this.store.lookup(object.name, def.name, value).filter((row) => row.IsDeleted !== true);
  }

  delete(objectName: string, rawId: string, context: WriteContext): void {
    const object = this.object(objectName);
    const record = this.retrieveForWrite(object, rawId);
    this.store.transaction(() => this.softDelete(object, record, context));
  }

  private softDelete(object: ObjectDef, record: SfRecord, context: WriteContext): void {
    const now = this.store.now();
    for (const child of this.schema.childRelationships(object.name)) {
      if (!child.cascadeDelete) continue;
      const childObject = this.object(child.childSObject);
      for (const row of this.store.lookup(childObject.name, child.field, String(record.Id))) {
        if (row.IsDeleted !== true) this.softDelete(childObject, row, context);
      }
    }
    const deleted: SfRecord = {
      ...record,
      IsDeleted: true,
      LastModifiedDate: now,
      LastModifiedById: context.userId,
      SystemModstamp: now,
    };
    this.store.put(object.name, deleted);
    this.emit(object.name, 'DELETE', deleted, () => ({}), context);
    this.rollUp(object, deleted, context);
  }

  private retrieveForWrite(object: ObjectDef, rawId: string): SfRecord {
    const id = toId18(rawId);
    if (!id) throw badRequest('MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${rawId}`, ['Id']);
    if (!id.startsWith(object.keyPrefix)) {
      throw badRequest('MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${rawId}`, ['Id']);
    }
    const record = this.store.get(object.name, id);
    if (!record) throw notFound();
    if (record.IsDeleted === true) throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return record;
  }

  /** Validates and converts a JSON/CSV body into stored values. */
  coerceBody(object: ObjectDef, body: Readonly<Record<string, unknown>>, mode: 'create' | 'update'): SfRecord {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badRequest('JSON_PARSER_ERROR', 'The request body must be a JSON object.');
    }
    const values: SfRecord = {};
    const rejected: string[] = [];
    for (const [key, raw] of Object.entries(body)) {
      if (IGNORED_KEYS.has(key) || (key === 'Id' && mode === 'create')) continue;
      const def = this.schema.field(object.name, key);
      if (!def) {
        const relationship = this.schema.parentRelationship(object.name, key);
        if (relationship && raw !== null && typeof raw === 'object') {
          values[relationship.name] = this.resolveParentByExternalId(relationship, raw as Record<string, unknown>);
          continue;
        }
        throw unknownField(object, key);
      }
      if (def.name === 'Id') continue;
      const allowed = mode === 'create' ? def.createable : def.updateable;
      if (!allowed) {
        rejected.push(def.name);
        continue;
      }
      values[def.name] = this.coerceValue(object, def, raw);
    }
    if (rejected.length > 0) {
      throw badRequest(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${rejected.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        rejected,
      );
    }
    return values;
  }

  /** Refuses a body naming a field the object lacks, before anything is saved (a whole collection request). */
  checkFieldNames(object: ObjectDef, body: Readonly<Record<string, unknown>>): void {
    for (const key of Object.keys(body)) {
      if (IGNORED_KEYS.has(key) || key === 'Id') continue;
      if (!this.schema.field(object.name, key) && !this.schema.parentRelationship(object.name, key)) {
        throw unknownField(object, key);
      }
    }
  }

  private resolveParentByExternalId(relationship: FieldDef, raw: Record<string, unknown>): string {
    const parentName = relationship.referenceTo[0] ?? '';
    const parent = this.object(parentName);
    const entries = Object.entries(raw).filter(([key]) => key !== 'attributes');
    const [key, value] = entries[0] ?? [];
    if (entries.length !== 1 || key === undefined) {
      throw badRequest('INVALID_FIELD', `Foreign key external ID must name exactly one field on ${parent.name}`);
    }
    const def = this.externalIdField(parent, key);
    const matches =
      def.name === 'Id'
        ? [this.retrieve(parent.name, String(value))]
        : this.findByExternalId(parent, def, String(value));
    const match = matches[0];
    if (!match || matches.length > 1) {
      throw badRequest(
        'INVALID_FIELD',
        `Foreign key external ID: ${String(value)} not found for field ${def.name} in entity ${parent.name}`,
        [relationship.name],
      );
    }
    return String(match.Id);
  }

  coerceValue(object: ObjectDef, def: FieldDef, raw: unknown): FieldValue {
    if (raw === null || raw === undefined) return null;
    // Fast paths for values already in wire form (seeding loads tens of thousands of them).
    if (typeof raw === 'number' && NUMERIC_TYPES.has(def.type) && Number.isFinite(raw)) {
      if (def.type !== 'int' || Number.isInteger(raw)) return raw;
    }
    if (typeof raw === 'boolean' && def.type === 'boolean') return raw;
    if (typeof raw === 'string' && def.type === 'datetime' && WIRE_DATETIME.test(raw)) return raw;
    const text =
      typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
    if (text === null) {
      throw badRequest(
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of ${def.type} from ${Array.isArray(raw) ? 'START_ARRAY' : 'START_OBJECT'} value for field ${def.name}`,
        [def.name],
      );
    }
    const invalid = (kind: string) =>
      badRequest(
        kind === 'email' ? 'INVALID_EMAIL_ADDRESS' : 'INVALID_TYPE_ON_FIELD_IN_RECORD',
        kind === 'email'
          ? `${def.label}: invalid email address: ${text}`
          : `${def.label}: value not of required type: ${text}`,
        [def.name],
      );
    switch (def.type) {
      case 'boolean': {
        if (typeof raw === 'boolean') return raw;
        if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
        throw invalid('boolean');
      }
      case 'double':
      case 'currency':
      case 'percent':
      case 'int': {
        if (text.trim() === '') return null;
        const value = Number(text);
        if (!Number.isFinite(value) || (def.type === 'int' && !Number.isInteger(value))) throw invalid('number');
        return value;
      }
      case 'date': {
        const match = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(text);
        if (!match?.[1] || Number.isNaN(Date.parse(match[1]))) throw invalid('date');
        return match[1];
      }
      case 'datetime': {
        const time = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
        if (Number.isNaN(time)) throw invalid('datetime');
        return formatDateTime(new Date(time));
      }
      case 'reference':
      case 'id':
        return this.checkReference(object, def, text);
      case 'email':
        if (text !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) throw invalid('email');
        return this.checkLength(def, text);
      default:
        return this.checkLength(def, text);
    }
  }

  private checkLength(def: FieldDef, text: string): string | null {
    if (text === '') return null;
    if (def.length > 0 && text.length > def.length) {
      throw badRequest(
        'STRING_TOO_LONG',
        `${def.label}: data value too large: ${text.slice(0, 40)} (max length=${def.length})`,
        [def.name],
      );
    }
    return text;
  }

  private checkReference(object: ObjectDef, def: FieldDef, text: string): string | null {
    if (text === '') return null;
    const id = toId18(text);
    if (!id) throw badRequest('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${text}`, [def.name]);
    const targets = def.referenceTo.map((name) => this.schema.object(name)).filter((o) => o !== undefined);
    const target = targets.find((candidate) => id.startsWith(candidate.keyPrefix));
    const record = target ? this.store.get(target.name, id) : undefined;
    if (!target) {
      throw badRequest('FIELD_INTEGRITY_EXCEPTION', `${def.label} ID: id value of incorrect type: ${text}`, [def.name]);
    }
    if (!record || record.IsDeleted === true) {
      throw badRequest(
        'INVALID_CROSS_REFERENCE_KEY',
        `invalid cross reference id`,
        object.name === target.name ? [] : [def.name],
      );
    }
    return id;
  }

  private checkRequired(object: ObjectDef, record: SfRecord): void {
    const missing = object.fields.filter(
      (def) => def.required && (record[def.name] === null || record[def.name] === undefined),
    );
    if (missing.length > 0) {
      const names = missing.map((def) => def.name);
      throw badRequest('REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names);
    }
  }

  private checkUnique(object: ObjectDef, record: SfRecord): void {
    for (const def of object.fields) {
      const value = record[def.name];
      if (!def.unique || typeof value !== 'string') continue;
      const clash = this.findByExternalId(object, def, value).find((row) => row.Id !== record.Id);
      if (clash) {
        throw badRequest(
          'DUPLICATE_VALUE',
          `duplicate value found: ${def.name} duplicates value on record with id: ${String(clash.Id)}`,
          [],
        );
      }
    }
  }

  /** Fields the org computes: formula-like names, stage flags, prices copied from price book entries. */
  private derive(object: ObjectDef, record: SfRecord, previous: SfRecord | null): void {
    switch (object.name) {
      case 'Contact':
        record.Name = [record.FirstName, record.LastName].filter((part) => typeof part === 'string').join(' ');
        break;
      case 'Opportunity': {
        const stage = OPPORTUNITY_STAGES[String(record.StageName)];
        record.IsClosed = stage?.isClosed ?? false;
        record.IsWon = stage?.isWon ?? false;
        if (!previous || previous.StageName !== record.StageName) {
          if (stage && (record.Probability == null || previous)) record.Probability = stage.probability;
          if (stage) record.ForecastCategoryName = stage.forecast;
        }
        record.HasOpportunityLineItem = record.HasOpportunityLineItem === true;
        break;
      }
      case 'PricebookEntry': {
        const product = this.store.get('Product2', String(record.Product2Id));
        record.Name = product?.Name ?? null;
        record.ProductCode = product?.ProductCode ?? null;
        if (!previous) {
          const pricebook = this.store.get('Pricebook2', String(record.Pricebook2Id));
          if (pricebook && pricebook.IsStandard !== true) this.requireStandardPrice(record);
        }
        break;
      }
      case 'Pricebook2':
        record.IsStandard = record.IsStandard === true;
        record.IsArchived = record.IsArchived === true;
        break;
      case 'Product2':
        record.IsArchived = record.IsArchived === true;
        break;
      case 'OpportunityLineItem':
      case 'OrderItem':
        this.deriveLine(object, record, previous);
        break;
      case 'Order':
        if (!previous && record.OrderNumber == null) {
          record.OrderNumber = String(this.store.nextAutoNumber('Order.OrderNumber', 100)).padStart(8, '0');
        } else if (!previous && /^\d+$/.test(String(record.OrderNumber))) {
          this.store.raiseAutoNumber('Order.OrderNumber', Number(record.OrderNumber));
        }
        if (record.TotalAmount == null) record.TotalAmount = 0;
        break;
    }
  }

  private requireStandardPrice(entry: SfRecord): void {
    const standard = this.store.lookup('PricebookEntry', 'Product2Id', String(entry.Product2Id)).find((row) => {
      const book = this.store.get('Pricebook2', String(row.Pricebook2Id));
      return row.IsDeleted !== true && book?.IsStandard === true;
    });
    if (!standard) {
      throw badRequest('STANDARD_PRICE_NOT_DEFINED', 'Before creating a custom price, create a standard price.', []);
    }
  }

  private deriveLine(object: ObjectDef, record: SfRecord, previous: SfRecord | null): void {
    if (!previous) {
      if (record.PricebookEntryId == null && record.Product2Id != null && object.name === 'OpportunityLineItem') {
        record.PricebookEntryId = this.entryForProduct(record) ?? null;
      }
      if (record.PricebookEntryId == null) {
        throw badRequest('REQUIRED_FIELD_MISSING', 'Required fields are missing: [PricebookEntryId]', [
          'PricebookEntryId',
        ]);
      }
      const entry = this.store.get('PricebookEntry', String(record.PricebookEntryId));
      if (!entry) throw badRequest('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['PricebookEntryId']);
      record.Product2Id = entry.Product2Id ?? null;
      record.ListPrice = entry.UnitPrice ?? null;
      record.ProductCode = entry.ProductCode ?? null;
      if (object.name === 'OpportunityLineItem') {
        const opportunity = this.store.get('Opportunity', String(record.OpportunityId));
        record.Name = `${String(opportunity?.Name ?? '')} ${String(entry.Name ?? '')}`.trim();
      } else {
        record.OrderItemNumber = String(this.store.nextAutoNumber('OrderItem.OrderItemNumber')).padStart(10, '0');
      }
    }
    const quantity = numberText(record.Quantity);
    if (quantity === null) return;
    const unitGiven = record.UnitPrice != null && (!previous || previous.UnitPrice !== record.UnitPrice);
    const totalGiven =
      object.name === 'OpportunityLineItem' &&
      record.TotalPrice != null &&
      (!previous || previous.TotalPrice !== record.TotalPrice);
    if (unitGiven && totalGiven && !previous) {
      throw badRequest(
        'FIELD_INTEGRITY_EXCEPTION',
        'field integrity exception: TotalPrice (cannot specify both unit price and total price)',
        ['TotalPrice'],
      );
    }
    if (totalGiven && !unitGiven && Number(quantity) !== 0) {
      record.UnitPrice = Math.round((Number(record.TotalPrice) / Number(quantity)) * 100) / 100;
    }
    const unit = numberText(record.UnitPrice);
    if (unit === null) return;
    const subtotal = product(Number(record.Quantity), Number(record.UnitPrice), quantity, unit);
    const discount = numberText(record.Discount);
    record.Subtotal = object.name === 'OpportunityLineItem' ? subtotal : null;
    if (object.name === 'OrderItem') delete record.Subtotal;
    record.TotalPrice =
      discount === null
        ? subtotal
        : money(decimalProduct(String(subtotal), decimalSum('1', `-${decimalProduct(discount, '0.01')}`)));
  }

  private entryForProduct(line: SfRecord): string | undefined {
    const opportunity = this.store.get('Opportunity', String(line.OpportunityId));
    const bookId = opportunity?.Pricebook2Id ?? this.store.rows('Pricebook2').find((b) => b.IsStandard === true)?.Id;
    const entry = this.store
      .lookup('PricebookEntry', 'Product2Id', String(line.Product2Id))
      .find((e) => e.IsDeleted !== true && e.Pricebook2Id === bookId);
    return entry ? String(entry.Id) : undefined;
  }

  /** Keeps Opportunity.Amount and Order.TotalAmount equal to the sum of their live lines. */
  private rollUp(object: ObjectDef, line: SfRecord, context: WriteContext): void {
    const target =
      object.name === 'OpportunityLineItem'
        ? { parent: 'Opportunity', key: 'OpportunityId', amount: 'Amount' }
        : object.name === 'OrderItem'
          ? { parent: 'Order', key: 'OrderId', amount: 'TotalAmount' }
          : undefined;
    if (!target) return;
    if (this.deferredRollUps) {
      this.deferredRollUps.set(`${object.name}|${String(line[target.key])}`, { object, line, context });
      return;
    }
    const parent = this.store.get(target.parent, String(line[target.key]));
    if (!parent || parent.IsDeleted === true) return;
    const lines = this.store.lookup(object.name, target.key, String(parent.Id)).filter((row) => row.IsDeleted !== true);
    const total =
      lines.length === 0
        ? target.parent === 'Order'
          ? 0
          : (parent[target.amount] ?? null)
        : fromCents(lines.reduce((sum, row) => sum + toCents(row.TotalPrice), 0));
    const values: SfRecord = { [target.amount]: total };
    if (target.parent === 'Opportunity') values.HasOpportunityLineItem = lines.length > 0;
    if (Object.entries(values).every(([key, value]) => parent[key] === value)) return;
    this.applyUpdate(this.object(target.parent), parent, values, context);
  }

  private emit(
    entityName: string,
    changeType: 'CREATE' | 'UPDATE' | 'DELETE',
    record: SfRecord,
    fields: () => SfRecord,
    context: WriteContext,
    changedFields: readonly string[] = [],
    nulledFields: readonly string[] = [],
  ): void {
    if (this.store.isMuted) return;
    this.sequence++;
    this.store.record({
      entityName,
      changeType,
      recordId: String(record.Id),
      fields: fields(),
      changedFields,
      nulledFields,
      origin: context.origin,
      userId: context.userId,
      transactionKey: context.transactionKey,
      sequenceNumber: this.sequence,
      commitTimestamp: this.store.clock.now().getTime(),
    });
  }
}

function populated(record: SfRecord): SfRecord {
  return Object.fromEntries(
    Object.entries(record).filter(([key, value]) => value !== null && key !== 'Id' && key !== 'IsDeleted'),
  );
}

function withoutKey(body: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  const lower = key.toLowerCase();
  return Object.fromEntries(Object.entries(body).filter(([name]) => name.toLowerCase() !== lower));
}

function numberText(value: FieldValue | undefined): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return value.toFixed(8).replace(/\.?0+$/, '') || '0';
}

/** A currency value (a JSON number with at most two places) in integer cents. */
function toCents(value: FieldValue | undefined): number {
  if (typeof value !== 'number') return 0;
  const cents = Math.round(value * 100);
  return Math.abs(cents - value * 100) < 1e-6 ? cents : minorUnitsFromNumber(value, CURRENCY_EXPONENT);
}

function fromCents(cents: number): number {
  return Number(formatMinorUnits(cents, CURRENCY_EXPONENT));
}

/** Quantity × unit price rounded to cents: integer arithmetic when the quantity is whole, exact decimals otherwise. */
function product(quantity: number, unitPrice: number, quantityText: string, unitText: string): number {
  const unitCents = toCents(unitPrice);
  if (
    Number.isInteger(quantity) &&
    Math.abs(unitCents - unitPrice * 100) < 1e-6 &&
    Number.isSafeInteger(quantity * unitCents)
  ) {
    return fromCents(quantity * unitCents);
  }
  return money(decimalProduct(quantityText, unitText));
}

/** Rounds a decimal text to currency precision and returns the JSON number the API would send. */
function money(decimal: string): number {
  return Number(formatMinorUnits(parseMinorUnits(decimal, CURRENCY_EXPONENT), CURRENCY_EXPONENT));
}

import type { FieldDef, ObjectDef, SchemaRegistry } from './schema.js';

const SOAP_TYPES: Readonly<Record<string, string>> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  address: 'urn:address',
};

function objectUrls(object: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    defaultValues: `${base}/defaultValues?recordTypeId&fields`,
    describe: `${base}/describe`,
    sobject: base,
  };
}

function objectSummary(object: ObjectDef, version: string): Record<string, unknown> {
  const readOnly = object.name === 'User';
  return {
    activateable: false,
    createable: !readOnly,
    custom: false,
    customSetting: false,
    deepCloneable: false,
    deletable: !readOnly,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: true,
    mergeable: object.name === 'Account' || object.name === 'Contact',
    mruEnabled: true,
    name: object.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: !readOnly,
    updateable: !readOnly,
    urls: objectUrls(object, version),
  };
}

function fieldDescribe(def: FieldDef): Record<string, unknown> {
  const numeric = ['double', 'currency', 'percent'].includes(def.type);
  return {
    aggregatable: def.type !== 'textarea',
    autoNumber: def.name === 'OrderNumber' || def.name === 'OrderItemNumber',
    byteLength: def.length * 3,
    calculated: false,
    cascadeDelete: false,
    caseSensitive: false,
    createable: def.createable,
    custom: def.custom,
    defaultValue: def.defaultValue,
    defaultedOnCreate: def.defaultValue !== null || !def.createable,
    dependentPicklist: false,
    digits: def.type === 'int' ? 9 : 0,
    externalId: def.externalId,
    filterable: def.type !== 'textarea' && def.type !== 'address',
    groupable: !numeric && !['textarea', 'datetime', 'address'].includes(def.type),
    idLookup: def.type === 'id' || def.externalId,
    label: def.label,
    length: def.length,
    name: def.name,
    nameField: def.name === 'Name',
    nillable: def.nillable,
    permissionable: def.nillable && def.createable,
    picklistValues: def.picklistValues.map((value) => ({
      active: true,
      defaultValue: false,
      label: value,
      validFor: null,
      value,
    })),
    precision: numeric ? 18 : 0,
    referenceTo: [...def.referenceTo],
    relationshipName: def.relationshipName,
    relationshipOrder: null,
    restrictedPicklist: false,
    scale: def.type === 'currency' ? 2 : numeric ? 2 : 0,
    soapType: SOAP_TYPES[def.type] ?? 'xsd:string',
    sortable: def.type !== 'textarea' && def.type !== 'address',
    type: def.type,
    unique: def.unique,
    updateable: def.updateable,
  };
}

/** `GET /sobjects` (describeGlobal). */
export function describeGlobal(schema: SchemaRegistry, version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: schema.all().map((object) => objectSummary(object, version)),
  };
}

/** `GET /sobjects/<Type>`: the object's summary and recently viewed items. */
export function describeBasic(object: ObjectDef, version: string): Record<string, unknown> {
  return { objectDescribe: objectSummary(object, version), recentItems: [] };
}

/** `GET /sobjects/<Type>/describe`. */
export function describeObject(schema: SchemaRegistry, object: ObjectDef, version: string): Record<string, unknown> {
  return {
    ...objectSummary(object, version),
    actionOverrides: [],
    childRelationships: schema.childRelationships(object.name).map((child) => ({
      cascadeDelete: child.cascadeDelete,
      childSObject: child.childSObject,
      deprecatedAndHidden: false,
      field: child.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: child.relationshipName,
      restrictedDelete: false,
    })),
    compactLayoutable: true,
    fields: object.fields.map(fieldDescribe),
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    searchLayoutable: true,
    supportedScopes: [{ label: 'All', name: 'everything' }],
  };
}

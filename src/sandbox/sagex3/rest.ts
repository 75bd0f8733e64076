import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ClassSpec, classSpec, type FieldSpec, type Fields } from './classes.js';
import { originOf, requestUser, type X3Context } from './context.js';
import { X3Error } from './errors.js';
import { readFeed } from './feed.js';
import { childArrayName, etagOf, recordUrl, toWire, type WireContext, withDefaults } from './records.js';
import { keyOf, type X3Record } from './store.js';
import { createRecord, deleteRecord, updateRecord } from './writes.js';

const PREFIX = '/api1/x3/erp/';

type Target =
  | { readonly kind: 'collection'; readonly spec: ClassSpec }
  | { readonly kind: 'record'; readonly spec: ClassSpec; readonly key: string }
  | { readonly kind: 'template'; readonly spec: ClassSpec }
  | { readonly kind: 'prototype'; readonly spec: ClassSpec; readonly representation: string };

interface QueryString {
  readonly representation?: string;
  readonly where?: string;
  readonly orderBy?: string;
  readonly count?: string;
  readonly key?: string;
  readonly startIndex?: string;
}

/** The api1 REST web services: `/api1/x3/erp/{ENDPOINT}/{CLASS}…?representation={REPR}.{facet}`. */
export function registerRestRoutes(app: FastifyInstance, context: X3Context, scheme: 'http' | 'https'): void {
  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE'],
    url: `${PREFIX}*`,
    handler: async (request, reply) => {
      const settings = context.settings;
      const path = (request.raw.url ?? '').split('?')[0]?.slice(PREFIX.length) ?? '';
      const slash = path.indexOf('/');
      const folder = decode(slash < 0 ? path : path.slice(0, slash), settings.statuses.notFound);
      if (folder !== settings.folder)
        throw new X3Error(settings.statuses.notFound, `Endpoint ${folder} does not exist.`);
      const target = parseTarget(decode(slash < 0 ? '' : path.slice(slash + 1), settings.statuses.notFound), context);
      const query = request.query as QueryString;
      if (target.kind === 'prototype') {
        if (request.method !== 'GET') throw methodNotAllowed(request);
        const [representation = ''] = target.representation.split('.');
        checkRepresentation(target.spec, representation, context);
        return prototypeOf(target.spec, context);
      }
      const { representation, facet } = parseRepresentation(target.spec, query.representation, context);
      const wire: WireContext = {
        settings,
        folderUrl: `${originOf(request, scheme)}${PREFIX}${settings.folder}`,
        representation,
      };
      const expect = (...facets: string[]): void => {
        if (!facets.includes(facet)) {
          throw new X3Error(
            settings.statuses.badRepresentation,
            `The facet ${facet} cannot be used with ${request.method} here (expected ${facets.join(' or ')}).`,
          );
        }
      };
      if (target.kind === 'template') {
        if (request.method !== 'GET') throw methodNotAllowed(request);
        expect('$create');
        return templateOf(target.spec, context);
      }
      if (target.kind === 'collection') {
        if (request.method === 'GET') {
          expect('$query');
          return feed(target.spec, query, wire, context);
        }
        if (request.method === 'POST') {
          expect('$create');
          return create(target.spec, request, reply, wire, context);
        }
        throw methodNotAllowed(request);
      }
      const record = context.store.get(target.spec.name, target.key);
      if (!record)
        throw new X3Error(settings.statuses.notFound, `${target.spec.name} ${target.key}: record does not exist.`);
      switch (request.method) {
        case 'GET':
          expect('$details', '$edit');
          return toWire(target.spec, record, wire, facet === '$edit' ? '$edit' : '$details');
        case 'PUT':
          expect('$edit');
          return update(target.spec, record, request, wire, context);
        default:
          expect('$edit');
          return remove(target.spec, record, request, reply, context);
      }
    },
  });
}

function decode(text: string, status: number): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new X3Error(status, `Malformed URL segment: ${text}`);
  }
}

function parseTarget(resource: string, context: X3Context): Target {
  const match = /^([A-Za-z0-9_]+)(?:\('((?:[^']|'')*)'\)|\(([^)']*)\)|\/\$template|\/\$prototypes\('([^']*)'\))?$/.exec(
    resource,
  );
  const spec = match ? classSpec(match[1] ?? '') : undefined;
  if (!match || !spec) {
    throw new X3Error(context.settings.statuses.notFound, `Class ${match?.[1] ?? resource} does not exist.`);
  }
  if (match[2] !== undefined) return { kind: 'record', spec, key: match[2].replaceAll("''", "'") };
  if (match[3] !== undefined) return { kind: 'record', spec, key: match[3] };
  if (match[4] !== undefined) return { kind: 'prototype', spec, representation: match[4] };
  if (resource.endsWith('/$template')) return { kind: 'template', spec };
  return { kind: 'collection', spec };
}

function parseRepresentation(
  spec: ClassSpec,
  value: string | undefined,
  context: X3Context,
): { representation: string; facet: string } {
  const status = context.settings.statuses.badRepresentation;
  if (!value) throw new X3Error(status, 'The representation parameter is mandatory (representation=CLASS.$facet).');
  const dot = value.lastIndexOf('.');
  if (dot <= 0) throw new X3Error(status, `Representation "${value}" must be written REPRESENTATION.$facet.`);
  const representation = value.slice(0, dot);
  const facet = value.slice(dot + 1);
  checkRepresentation(spec, representation, context);
  if (!['$query', '$details', '$edit', '$create'].includes(facet)) {
    throw new X3Error(status, `Facet ${facet} is not available for web services.`);
  }
  return { representation, facet };
}

function checkRepresentation(spec: ClassSpec, representation: string, context: X3Context): void {
  const custom = context.settings.representations;
  const owner = Object.hasOwn(custom, representation) ? custom[representation] : representation;
  if (owner !== spec.name) {
    throw new X3Error(
      context.settings.statuses.badRepresentation,
      `Representation ${representation} does not exist for class ${spec.name}.`,
    );
  }
}

function methodNotAllowed(request: FastifyRequest): X3Error {
  return new X3Error(405, `Method ${request.method} is not allowed on this resource.`);
}

function feed(spec: ClassSpec, query: QueryString, wire: WireContext, context: X3Context): Record<string, unknown> {
  const settings = context.settings;
  const page = readFeed(spec, context.store.all(spec.name), query, settings);
  const base = `${wire.folderUrl}/${spec.name}`;
  const params = (key: string | undefined): string => {
    const search = new URLSearchParams({
      representation: `${wire.representation}.$query`,
      count: String(page.itemsPerPage),
    });
    if (query.where) search.set('where', query.where);
    if (query.orderBy) search.set('orderBy', query.orderBy);
    const text = search.toString().replaceAll('%24', '$');
    return key === undefined ? text : `${text}&key=${encodeURIComponent(key).replaceAll('%7E', '~')}`;
  };
  const links: Record<string, unknown> = {};
  const link = (url: string): Record<string, string> => ({ $url: url, $type: 'application/json', $method: 'GET' });
  if (page.nextKey !== undefined) links.$next = link(`${base}?${params(`gt.${page.nextKey}`)}`);
  if (page.hasMore) links.$last = link(`${base}?${params('lt')}`);
  if (settings.query.previousLinks && page.previousKey !== undefined) {
    links.$previous = link(`${base}?${params(`lt.${page.previousKey}`)}`);
    links.$first = link(`${base}?${params(undefined)}`);
  }
  return {
    $itemsPerPage: page.itemsPerPage,
    ...(settings.query.feedTotals ? { $totalResults: page.totalResults, $startIndex: page.startIndex } : {}),
    $url: `${base}?${params(query.key || undefined)}`,
    $resources: page.records.map((record) => toWire(spec, record, wire, '$query')),
    $links: links,
  };
}

async function create(
  spec: ClassSpec,
  request: FastifyRequest,
  reply: FastifyReply,
  wire: WireContext,
  context: X3Context,
): Promise<Record<string, unknown>> {
  const record = createRecord(spec, request.body, requestUser(request), context);
  reply.code(201).header('location', recordUrl(spec, keyOf(spec, record.fields), wire));
  return toWire(spec, record, wire, '$details');
}

function checkEtag(record: X3Record, request: FastifyRequest, context: X3Context): void {
  const ifMatch = request.headers['if-match'];
  if (!context.settings.enforceIfMatch || ifMatch === undefined) return;
  const tags = String(ifMatch)
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (!tags.includes('*') && !tags.includes(etagOf(record))) {
    throw new X3Error(context.settings.statuses.etagMismatch, 'The record has been modified by another user.');
  }
}

async function update(
  spec: ClassSpec,
  record: X3Record,
  request: FastifyRequest,
  wire: WireContext,
  context: X3Context,
): Promise<Record<string, unknown>> {
  checkEtag(record, request, context);
  updateRecord(spec, record, request.body, requestUser(request), context);
  return toWire(spec, record, wire, '$details');
}

async function remove(
  spec: ClassSpec,
  record: X3Record,
  request: FastifyRequest,
  reply: FastifyReply,
  context: X3Context,
): Promise<string> {
  checkEtag(record, request, context);
  deleteRecord(spec, record, requestUser(request), context);
  reply.code(200);
  return '';
}

function templateOf(spec: ClassSpec, context: X3Context): Record<string, unknown> {
  const template: Record<string, unknown> = { $uuid: '', $etag: '' };
  for (const [name, field] of Object.entries(spec.fields)) {
    if (!field.computed) template[name] = withDefaults({ [name]: field }, {})[name] ?? '';
  }
  const arrayName = childArrayName(spec, context.settings);
  if (arrayName) template[arrayName] = [];
  return template;
}

const MIME: Readonly<Record<FieldSpec['type'], string>> = {
  string: 'application/x-string',
  integer: 'application/x-integer',
  decimal: 'application/x-decimal',
  date: 'application/x-date',
  datetime: 'application/x-datetime',
  strings: 'application/x-array',
  decimals: 'application/x-array',
};

function propertiesOf(fields: Fields): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      {
        $type: field.menu ? 'application/x-choice' : MIME[field.type],
        $title: field.title,
        ...(field.mandatory ? { $isMandatory: true } : {}),
        ...(field.computed ? { $isReadOnly: true } : {}),
        ...(field.maxLength !== undefined ? { $maxLength: field.maxLength } : {}),
        ...(field.menu
          ? { $value: { $type: 'application/x-integer', $enum: field.menu.values.map((value) => ({ $value: value })) } }
          : {}),
      },
    ]),
  );
}

function prototypeOf(spec: ClassSpec, context: X3Context): Record<string, unknown> {
  const properties: Record<string, unknown> = propertiesOf(spec.fields);
  const arrayName = childArrayName(spec, context.settings);
  if (arrayName && spec.child) {
    properties[arrayName] = {
      $type: 'application/x-array',
      $title: 'Lines',
      $item: { $type: 'application/json', $properties: propertiesOf(spec.child.fields) },
    };
  }
  return { $type: 'application/json', $title: spec.title, $properties: properties };
}

import { z } from 'zod';

/** One page of `/query` or `/query/<locator>`. */
export const QueryPage = z.object({
  totalSize: z.number().int(),
  done: z.boolean(),
  nextRecordsUrl: z.string().startsWith('/').nullish(),
  records: z.array(z.record(z.string(), z.unknown())),
});

export const SaveError = z.object({
  statusCode: z.string().optional(),
  errorCode: z.string().optional(),
  message: z.string().optional(),
  fields: z.array(z.string()).optional(),
});

/** Per-record results of an sObject Collections call, in request order. */
export const CollectionResults = z.array(
  z.object({
    id: z.string().nullish(),
    success: z.boolean(),
    created: z.boolean().nullish(),
    errors: z.array(SaveError).default([]),
  }),
);

export const DescribeResult = z.object({
  fields: z.array(z.object({ name: z.string(), type: z.string().optional() })),
});

export const UserInfo = z.looseObject({
  preferred_username: z.string().optional(),
  username: z.string().optional(),
  name: z.string().optional(),
  organization_id: z.string().optional(),
  user_id: z.string().optional(),
});

export const Limits = z.looseObject({
  DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }).optional(),
});

/** A Bulk 2.0 result row: the CSV columns as text, with `sf__Id`, `sf__Created` or `sf__Error`. */
export const BulkRow = z.record(z.string(), z.unknown());

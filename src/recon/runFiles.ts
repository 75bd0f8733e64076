import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CounterpartError, describeError } from '../errors.js';
import { type Decision, type ProgressListener, type ReconInput, reconcile } from './engine.js';
import { parseMapOptions } from './input/columns.js';
import { readRecordFile } from './input/readFile.js';
import type { ReconResult } from './result.js';
import { Entity } from './schema.js';
import { ReconSettings, settingsFor } from './settings.js';

/** A reconciliation of two exported files: what the CLI and the app's worker both run. */
export const FileReconRequest = z.object({
  entity: Entity,
  leftFile: z.string().min(1),
  rightFile: z.string().min(1),
  period: z.string().optional(),
  /** `--map` options for both files ("field=Header,…"), then per side. */
  map: z.array(z.string()).default([]),
  leftMap: z.array(z.string()).default([]),
  rightMap: z.array(z.string()).default([]),
  settings: ReconSettings.partial().default({}),
  /** A JSON file of past decisions: [{ left: [ids], right: [ids], decision: "approved" | "rejected" }]. */
  decisionsFile: z.string().optional(),
});
export type FileReconRequest = z.input<typeof FileReconRequest>;

const DecisionList = z.array(
  z.object({
    left: z.array(z.string()).min(1),
    right: z.array(z.string()).min(1),
    decision: z.enum(['approved', 'rejected']),
  }),
);

/** Reads both files (reporting bad rows), then reconciles them. */
export async function reconcileFiles(
  raw: FileReconRequest,
  onProgress: ProgressListener = () => {},
): Promise<ReconResult> {
  const request = FileReconRequest.parse(raw);
  const settings = settingsFor(request.entity, request.settings);
  const readOptions = (sideMap: readonly string[]) => ({
    explicitMap: parseMapOptions([...request.map, ...sideMap], request.entity),
    defaultCurrency: settings.defaultCurrency,
    monthFirst: settings.monthFirst,
  });
  const [left, right, decisions] = await Promise.all([
    readRecordFile(request.leftFile, request.entity, readOptions(request.leftMap)),
    readRecordFile(request.rightFile, request.entity, readOptions(request.rightMap)),
    request.decisionsFile ? readDecisions(request.decisionsFile) : Promise.resolve([]),
  ]);
  const input: ReconInput = {
    entity: request.entity,
    left,
    right,
    ...(request.period ? { period: request.period } : {}),
    decisions,
    settings: request.settings,
  };
  return reconcile(input, onProgress);
}

async function readDecisions(path: string): Promise<Decision[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CounterpartError('recon.bad_decisions', `Cannot read decisions from ${path}: ${describeError(error)}.`, {
      file: path,
    });
  }
  const result = DecisionList.safeParse(parsed);
  if (!result.success) {
    throw new CounterpartError(
      'recon.bad_decisions',
      `${path} is not a list of decisions ({ left: [ids], right: [ids], decision: "approved" | "rejected" }).`,
      { file: path },
    );
  }
  return result.data;
}

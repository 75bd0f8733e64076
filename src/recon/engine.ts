import { CounterpartError } from '../errors.js';
import { differenceFinder } from './differences.js';
import { type RaisedFlags, raiseFlags } from './flags/raiseFlags.js';
import { periodDays } from './normalise.js';
import { matchExactKeys } from './passes/exactKeys.js';
import { type CrossReference, matchExactReferences } from './passes/exactReferences.js';
import { matchGroups } from './passes/groups.js';
import { type LabelledPairs, matchProbabilistic } from './passes/probabilistic.js';
import { prepareSide, TokenDictionary, tokeniseOpen } from './prepare.js';
import type { Match, ReconResult, UnmatchedRecord } from './result.js';
import { type Entity, partyFieldOf } from './schema.js';
import { type ReconSettings, settingsFor } from './settings.js';
import { claim, type MatchDraft, type MatchingState, pairKey } from './state.js';
import type { RecordTable } from './table.js';
import type { MatchWeights } from './weights.js';

/** An accountant's verdict on a proposed match; approved ones are frozen across re-runs. */
export interface Decision {
  readonly left: readonly string[];
  readonly right: readonly string[];
  readonly decision: 'approved' | 'rejected';
}

/**
 * Everything a reconciliation needs, whatever it came from: two record sets (from files today, from connector
 * snapshots in the workspace later), links the systems already hold, and past decisions.
 */
export interface ReconInput {
  readonly entity: Entity;
  readonly left: RecordTable;
  readonly right: RecordTable;
  /** "YYYY-MM": records dated outside it are flagged. */
  readonly period?: string;
  /** Day number "today" for ageing unmatched records; defaults to the end of the period or the latest date seen. */
  readonly asOfDay?: number;
  readonly crossReferences?: readonly CrossReference[];
  readonly decisions?: readonly Decision[];
  readonly settings?: Partial<ReconSettings>;
  /** Reference FX rates for the FX flag: "EUR/GBP" → day number → rate (GBP per EUR). */
  readonly fxRates?: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

export type ReconStage = 'preparing' | 'reference' | 'key' | 'probabilistic' | 'group' | 'flags' | 'done';

/** Progress of a run: the stage and how far through the whole run it is (0–1). */
export type ProgressListener = (stage: ReconStage, fraction: number) => void;

/** Runs the matching passes in order, most precise first; pure: inputs in, result out. */
export function reconcile(input: ReconInput, onProgress: ProgressListener = () => {}): ReconResult {
  const started = performance.now();
  const { entity, left: leftTable, right: rightTable } = input;
  if (input.period !== undefined && !periodDays(input.period)) {
    throw new CounterpartError('recon.bad_period', `"${input.period}" is not a period; write it as YYYY-MM.`, {
      period: input.period,
    });
  }
  const settings = settingsFor(entity, input.settings);
  onProgress('preparing', 0);
  const dictionary = new TokenDictionary();
  const left = prepareSide(leftTable, entity, dictionary);
  const right = prepareSide(rightTable, entity, dictionary);
  // Information of a word: log2 of how many records there are per record containing it.
  const state: MatchingState = {
    entity,
    settings,
    left,
    right,
    leftOpen: new Uint8Array(left.size).fill(1),
    rightOpen: new Uint8Array(right.size).fill(1),
    drafts: [],
    rejected: new Set(),
  };
  const labelled = applyDecisions(input.decisions ?? [], state);
  onProgress('reference', 0.1);
  matchExactReferences(state, input.crossReferences ?? []);
  onProgress('key', 0.2);
  matchExactKeys(state);
  onProgress('probabilistic', 0.3);
  tokeniseOpen(left, state.leftOpen, dictionary);
  tokeniseOpen(right, state.rightOpen, dictionary);
  // Information of a word: log2 of how many open records there are per open record containing it.
  let open = 1;
  for (const flag of state.leftOpen) open += flag;
  for (const flag of state.rightOpen) open += flag;
  const tokenBits = Float64Array.from(dictionary.documentFrequency, (df) => Math.log2((open + 1) / Math.max(1, df)));
  const { weights } = matchProbabilistic(state, tokenBits, dictionary.words, labelled);
  onProgress('group', 0.8);
  matchGroups(state);
  onProgress('flags', 0.9);
  const result = buildResult(input, state, weights, started, raiseFlags(input, state, settings));
  onProgress('done', 1);
  return { ...result, summary: { ...result.summary, durationMs: Math.round(performance.now() - started) } };
}

/** Approved matches are claimed before any pass runs (frozen); rejected pairs are never proposed again. */
function applyDecisions(decisions: readonly Decision[], state: MatchingState): LabelledPairs {
  if (decisions.length === 0) return { approved: [], rejected: [] };
  const leftIndex = new Map(state.left.table.ids.map((id, i) => [id, i]));
  const rightIndex = new Map(state.right.table.ids.map((id, i) => [id, i]));
  const approved: Array<[number, number]> = [];
  const rejected: Array<[number, number]> = [];
  const rejectedKeys = state.rejected as Set<string>;
  for (const decision of decisions) {
    const l = decision.left.map((id) => leftIndex.get(id));
    const r = decision.right.map((id) => rightIndex.get(id));
    if (l.some((i) => i === undefined) || r.some((i) => i === undefined)) continue;
    const li = l as number[];
    const ri = r as number[];
    if (decision.decision === 'rejected') {
      for (const a of li) for (const b of ri) rejectedKeys.add(pairKey(a, b));
      if (li.length === 1 && ri.length === 1) rejected.push([li[0]!, ri[0]!]);
      continue;
    }
    if (li.some((i) => !state.leftOpen[i]) || ri.some((i) => !state.rightOpen[i])) continue;
    claim(state, {
      left: li,
      right: ri,
      status: 'auto',
      pass: 'approved',
      confidence: 1,
      evidence: [{ field: 'decision', level: 'approved', weight: 0 }],
    });
    if (li.length === 1 && ri.length === 1) approved.push([li[0]!, ri[0]!]);
  }
  return { approved, rejected };
}

function buildResult(
  input: ReconInput,
  state: MatchingState,
  weights: MatchWeights | undefined,
  started: number,
  raised: RaisedFlags,
): ReconResult {
  const { leftCodes, rightCodes } = raised;
  const codesOf = (l: readonly number[], r: readonly number[]): readonly string[] => {
    let codes: string[] | undefined;
    // No closure per match here: a million of them cost more than the loops.
    for (let k = 0; k < l.length + r.length; k++) {
      const recordCodes = k < l.length ? leftCodes[l[k]!] : rightCodes[r[k - l.length]!];
      if (!recordCodes) continue;
      for (const code of recordCodes) {
        if (!codes) codes = [code];
        else if (!codes.includes(code)) codes.push(code);
      }
    }
    // Most matches have no flags: they share one empty list rather than a million of their own.
    return codes ?? NONE;
  };
  const { left, right } = state;
  const leftIds = left.table.ids;
  const rightIds = right.table.ids;
  const normalisedColumns = (side: typeof left) => ({
    [partyFieldOf(input.entity)]: side.party,
    ...(side.hasNumber ? { number: side.key } : {}),
    ...(input.entity === 'parties' || input.entity === 'products' ? {} : { reference: side.reference }),
  });
  const differencesOf = differenceFinder(left.table, right.table, {
    left: normalisedColumns(left),
    right: normalisedColumns(right),
  });
  const idsOf = (ids: readonly string[], indices: readonly number[]): string[] =>
    indices.length === 1 ? [ids[indices[0]!]!] : indices.map((i) => ids[i]!);
  const matches: Match[] = new Array(state.drafts.length);
  for (let m = 0; m < state.drafts.length; m++) {
    const draft = state.drafts[m]!;
    const left = idsOf(leftIds, draft.left);
    const right = idsOf(rightIds, draft.right);
    const confidence = Math.round(draft.confidence * 1e6) / 1e6;
    const differences = orNone(differencesOf(draft.left, draft.right));
    const flags = codesOf(draft.left, draft.right);
    const { status, pass, evidence } = draft;
    // Two literal shapes rather than deleting a property: a deleted key turns a million objects into slow dictionaries.
    const match: Match = draft.alternatives
      ? {
          left,
          right,
          status,
          pass,
          confidence,
          evidence,
          differences,
          flags,
          alternatives: draft.alternatives.map((a) => ({
            left: idsOf(leftIds, a.left),
            right: idsOf(rightIds, a.right),
            confidence: a.confidence,
          })),
        }
      : { left, right, status, pass, confidence, evidence, differences, flags };
    matches[m] = match;
    // Nothing reads the draft again: let it go while the rest of a large result is built.
    (state.drafts as Array<MatchDraft | undefined>)[m] = undefined;
  }
  const unmatched = (open: Uint8Array, ids: readonly string[], codes: RaisedFlags['leftCodes']): UnmatchedRecord[] => {
    const list: UnmatchedRecord[] = [];
    for (let i = 0; i < open.length; i++) if (open[i]) list.push({ id: ids[i]!, flags: [...(codes[i] ?? [])] });
    return list;
  };
  const unmatchedLeft = unmatched(state.leftOpen, leftIds, leftCodes);
  const unmatchedRight = unmatched(state.rightOpen, rightIds, rightCodes);
  const byPass: Record<string, number> = {};
  let auto = 0;
  for (const match of matches) {
    byPass[match.pass] = (byPass[match.pass] ?? 0) + 1;
    if (match.status === 'auto') auto++;
  }
  const issues = [...left.table.issues, ...right.table.issues];
  const countIssues = (source: RecordTable) => source.issues.filter((issue) => issue.line > 0).length;
  return {
    matches,
    unmatchedLeft,
    unmatchedRight,
    flags: raised.flags,
    issues,
    summary: {
      entity: input.entity,
      ...(input.period ? { period: input.period } : {}),
      left: {
        source: left.table.source,
        records: left.size,
        matched: left.size - unmatchedLeft.length,
        unmatched: unmatchedLeft.length,
        badRows: countIssues(left.table),
      },
      right: {
        source: right.table.source,
        records: right.size,
        matched: right.size - unmatchedRight.length,
        unmatched: unmatchedRight.length,
        badRows: countIssues(right.table),
      },
      matches: { auto, suggested: matches.length - auto, byPass },
      flags: raised.counts,
      durationMs: Math.round(performance.now() - started),
    },
    ...(weights ? { weights: describeWeights(weights) } : {}),
  };
}

const NONE: readonly never[] = Object.freeze([]);

function orNone<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NONE : list;
}

function describeWeights(weights: MatchWeights): NonNullable<ReconResult['weights']> {
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return {
    lambda: round(weights.lambda),
    fields: weights.fields.map((field, f) => ({
      field,
      levels: weights.levels[f]!.map((level, l) => ({
        level,
        m: round(weights.m[f]![l]!),
        u: round(weights.u[f]![l]!),
        weight: round(weights.weight[f]![l]!),
      })),
    })),
  };
}

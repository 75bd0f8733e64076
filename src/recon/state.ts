import type { PreparedSide } from './prepare.js';
import type { FieldEvidence, MatchPass, MatchStatus } from './result.js';
import type { Entity } from './schema.js';
import type { ReconSettings } from './settings.js';

/** A match while the passes run: record indices rather than ids. */
export interface MatchDraft {
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly status: MatchStatus;
  readonly pass: MatchPass;
  readonly confidence: number;
  readonly evidence: readonly FieldEvidence[];
  readonly alternatives?: ReadonlyArray<{ left: readonly number[]; right: readonly number[]; confidence: number }>;
}

/** What the passes share: both sides, which records are still open, and the matches so far. */
export interface MatchingState {
  readonly entity: Entity;
  readonly settings: ReconSettings;
  readonly left: PreparedSide;
  readonly right: PreparedSide;
  /** 1 while a record has no match yet. */
  readonly leftOpen: Uint8Array;
  readonly rightOpen: Uint8Array;
  readonly drafts: MatchDraft[];
  /** Pairs an accountant rejected ("left:right" indices): never proposed again. */
  readonly rejected: ReadonlySet<string>;
}

export function pairKey(left: number, right: number): string {
  return `${left}:${right}`;
}

export function claim(state: MatchingState, draft: MatchDraft): void {
  for (const l of draft.left) state.leftOpen[l] = 0;
  for (const r of draft.right) state.rightOpen[r] = 0;
  state.drafts.push(draft);
}

import type { Entity } from './schema.js';
import type { RowIssue } from './table.js';

export type MatchStatus = 'auto' | 'suggested';
export type MatchPass = 'approved' | 'reference' | 'key' | 'probabilistic' | 'group';
export type Severity = 'info' | 'warning' | 'error';

/** Why a pair scored as it did: each field's comparison level and the weight (bits of evidence) it added. */
export interface FieldEvidence {
  readonly field: string;
  readonly level: string;
  readonly weight: number;
}

/** A field whose normalised values differ between the two sides of a match. */
export interface FieldDifference {
  readonly field: string;
  readonly left: string;
  readonly right: string;
}

export interface Alternative {
  readonly left: readonly string[];
  readonly right: readonly string[];
  readonly confidence: number;
}

export interface Match {
  readonly left: readonly string[];
  readonly right: readonly string[];
  readonly status: MatchStatus;
  readonly pass: MatchPass;
  /** Probability that this pairing is right, given the competing candidates (0–1). */
  readonly confidence: number;
  readonly evidence: readonly FieldEvidence[];
  readonly differences: readonly FieldDifference[];
  /** Codes of the anomaly flags raised on records of this match. */
  readonly flags: readonly string[];
  /** For suggestions: the competing candidates, best first. */
  readonly alternatives?: readonly Alternative[];
}

export interface UnmatchedRecord {
  readonly id: string;
  readonly flags: readonly string[];
}

export interface AnomalyFlag {
  readonly code: string;
  readonly severity: Severity;
  /** How far from normal (0–1, higher is more unusual). */
  readonly score: number;
  readonly message: string;
  readonly side: 'left' | 'right' | 'both';
  readonly ids: readonly string[];
}

export interface SideSummary {
  readonly source: string;
  readonly records: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly badRows: number;
}

export interface ReconSummary {
  readonly entity: Entity;
  readonly period?: string;
  readonly left: SideSummary;
  readonly right: SideSummary;
  readonly matches: {
    readonly auto: number;
    readonly suggested: number;
    readonly byPass: Readonly<Record<string, number>>;
  };
  readonly flags: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

export interface ReconResult {
  readonly matches: Match[];
  readonly unmatchedLeft: UnmatchedRecord[];
  readonly unmatchedRight: UnmatchedRecord[];
  readonly flags: AnomalyFlag[];
  /** Rows of the inputs that could not be used, with file, line and reason. */
  readonly issues: RowIssue[];
  readonly summary: ReconSummary;
  /** The estimated Fellegi–Sunter weights, for the grid's "why" panel and for re-runs. */
  readonly weights?: {
    readonly lambda: number;
    readonly fields: ReadonlyArray<{
      field: string;
      levels: ReadonlyArray<{ level: string; m: number; u: number; weight: number }>;
    }>;
  };
}

// What every rule is: metadata a reader can see on one screen, and a check over the report model.
import type { AarConfig } from '../config';
import type { Finding, Fix, Range, Report, Severity } from '../types';

export interface RuleContext {
  report: Report;
  config: AarConfig;
  /** Today's date as ISO `YYYY-MM-DD`, handed in by the host so analysis is deterministic. */
  today: string;
  /** Records a finding. Severity defaults to the rule's effective severity. */
  add(finding: { message: string; range: Range; fixes?: Fix[]; data?: Record<string, unknown>; severity?: Severity }): void;
}

export interface Rule {
  /** Stable id, the diagnostic `code`, e.g. `action-missing-owner`. */
  id: string;
  defaultSeverity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** Why it matters to a delivery team and how to fix it (the docs page is generated from this and `docs/rules/<id>.md`). */
  tags: string[];
  check(ctx: RuleContext): void;
}

export type { Finding };

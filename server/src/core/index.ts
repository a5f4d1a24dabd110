// The engine's facade: everything a host (language server, CLI, tests) needs, and nothing of LSP.
export * from './types';
export * from './config';
export { analyze, type AnalyzeOptions } from './analyze';
export { createDocumentAnalyzer, type DocumentAnalyzer } from './incremental';
export { detectReport, type Detection } from './detect';
export { buildReport } from './model';
export { rules, ruleById, ruleDocsUrl, RULES_DOCS_BASE } from './rules';
export { applyEdits, fixAllEdits } from './edits';
export { actionCodeActions } from './fixes';
export {
  DEFAULT_REVIEW_TEMPLATE,
  renderReviewTemplate,
  reviewFileName,
  reviewFileStem,
  summaryCursor,
  type ReviewVariables,
} from './newReview';
export { actionsChartSvg, stakeholderSummary, stakeholderSummaryHtml, stakeholderSummaryMarkdown, type StakeholderSummary, type SummaryInput } from './summary';

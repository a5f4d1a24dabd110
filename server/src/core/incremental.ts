// Analysis of one document as it is edited: what was parsed and read from the parts an edit did
// not touch is kept (see parse.ts and modelCache.ts), and the result is that of a fresh analysis.
import { analyzeWithParser, type AnalyzeOptions } from './analyze';
import { createModelCache } from './modelCache';
import { createChunkedParser, type ChunkedParserOptions } from './parse';
import type { Analysis } from './types';

export interface DocumentAnalyzer {
  /**
   * The same analysis as `analyze(text, options)`, reusing what the previous call parsed and read
   * for the parts of the text that did not change. Any text may follow any other; the closer two
   * versions are, the less is done again.
   */
  analyze(text: string, options: AnalyzeOptions): Analysis;
}

/**
 * One per open document: it holds the parsed chunks of the document's last version and what the
 * model read from their blocks, so that an edit is parsed and read again only where it fell.
 */
export function createDocumentAnalyzer(options: ChunkedParserOptions = {}): DocumentAnalyzer {
  const parser = createChunkedParser(options);
  const cache = createModelCache();
  return {
    // The parser parses only texts found readable here: what it last parsed holds no NUL.
    analyze: (text, options) => analyzeWithParser(text, options, parser.parse, cache, parser.changedPart),
  };
}

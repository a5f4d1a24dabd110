import { memoizeByObject } from '../memo';
import type { Action } from '../types';
import { actionRule } from './rule';
import { shortTextOf, significantWords } from './words';

// Wording that promises effort rather than a result someone can check.
const VAGUE = new RegExp(
  [
    "\\bbe (?:more |extra |a bit more )?(?:careful|aware|vigilant|mindful|cautious)\\b",
    '\\bpay (?:more )?attention(?: to)?\\b',
    '\\blook into\\b',
    '\\btry (?:to|and)\\b',
    '\\bkeep an eye on\\b',
    '\\bconsider(?:ing)?\\b',
    '\\bthink about\\b',
    '\\bremember to\\b',
    '\\bdouble[- ]check\\b',
    '\\bwork harder\\b',
    '\\bcommunicate (?:better|more)\\b',
    '\\b(?:improve|improved|better|more|enhance|increase|increased)\\s+(?:the\\s+|our\\s+)?' +
      '(?:monitoring|communication|testing|tests|documentation|docs|process(?:es)?|alerting|observability|' +
      'coordination|visibility|quality|planning|awareness|logging|collaboration|ownership|reviews?)\\b',
  ].join('|'),
  'gi',
);

/** Something a person could check: a number, a date, an id, a link, code, a comparison. */
const CONCRETE = /\d|[A-Z][A-Z0-9]*-\d|https?:\/\/|`|[<>=%]/;

/** The vague phrase an action is mostly made of, lower case; undefined when it says something checkable. */
const vaguePhrase = memoizeByObject((action: Action): string | undefined => {
  const phrases = action.text.match(VAGUE);
  if (!phrases || CONCRETE.test(action.text)) return undefined;
  // Only when the action is mostly the vague phrase: "Look into the flaky checkout test" names its object.
  const rest = action.text.replace(VAGUE, ' ');
  if (significantWords(rest).size > 1) return undefined;
  return phrases[0].toLowerCase();
});

export const vagueAction = actionRule({
  id: 'vague-action',
  defaultSeverity: 'hint',
  description: 'An action whose wording has no verifiable result ("be more careful", "improve monitoring").',
  tags: ['actions', 'wording'],
  // The index is only in the findings' data (and commands): kept findings follow their actions.
  indexOnlyInData: true,
  checkAction(action, actionIndex, ctx) {
    const phrase = vaguePhrase(action);
    if (phrase === undefined) return;
    ctx.add({
      message: `"${shortTextOf(action)}" has no verifiable result ("${phrase}"): say what will exist or change when it is done.`,
      range: action.textRange,
      data: { actionIndex },
    });
  },
});

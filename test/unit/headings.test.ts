// Headings read by what they say: the wording of real postmortem, retrospective and After Action
// Report templates (see docs/real-world-shapes.md), what annotates a heading, ambiguity, and the
// team's own headings.
import assert from 'node:assert/strict';
import { explainReading, headingCore, headingReader, type HeadingRole } from '../../server/src/core/headings';

const builtIn = headingReader({});

const READS_AS: [string, HeadingRole][] = [
  // Summary
  ['Summary', 'summary'],
  ['Issue Summary', 'summary'],
  ['Incident summary', 'summary'],
  ['📝 Executive Summary', 'summary'],
  ['Summary of impact', 'summary'],
  ['Overview', 'summary'],
  ['TL;DR', 'summary'],
  ['Outage Description', 'summary'],
  ['1. Summary:', 'summary'],
  // Outcomes
  ['Impact', 'outcomes'],
  ['Customer impact', 'outcomes'],
  ['User Impact', 'outcomes'],
  ['Fallout', 'outcomes'],
  ['What happened?', 'outcomes'],
  ['What actually happened? (Observed)', 'outcomes'],
  ['Detailed description of impact', 'outcomes'],
  ['Resolution and Recovery', 'outcomes'],
  ["How'd We Do?", 'outcomes'],
  ['What went well?', 'outcomes'],
  [':+1: What went well this release?', 'outcomes'],
  ['What Went Well (Sustain)', 'outcomes'],
  ['Keep', 'outcomes'],
  ['Continue', 'outcomes'],
  // Improvements
  ['Lessons Learned', 'improvements'],
  ['3. Lessons Learnt', 'improvements'],
  ['What could have gone better?', 'improvements'],
  ["What Didn’t Go So Well?", 'improvements'],
  ["👎 What didn't go well this release?", 'improvements'],
  ['What went wrong and why?', 'improvements'],
  ['What went wrong? (Improve)', 'improvements'],
  ['Recommendations', 'improvements'],
  ['Areas for Improvement', 'improvements'],
  ['AREAS FOR IMPROVEMENT', 'improvements'],
  ['Key takeaways', 'improvements'],
  ['Stop', 'improvements'],
  ['Start', 'improvements'],
  ['Deltas', 'improvements'],
  ['Even better if', 'improvements'],
  ['Things to improve', 'improvements'],
  // Actions
  ['Action Items', 'actions'],
  ['Action Items (should be achievable in short-medium term. immediately actionable):', 'actions'],
  ['✅ Action Items & Followups', 'actions'],
  ['6. Action items', 'actions'],
  ['Retro Action Items - 04/04/2023', 'actions'],
  ['Corrective Actions', 'actions'],
  ['Corrective and Preventative Measures', 'actions'],
  ['Follow-ups', 'actions'],
  ['Next Steps', 'actions'],
  ['Remediation', 'actions'],
  ['Potential Action Items', 'neutral'],
  ['Appendix A: Improvement Plan', 'actions'],
  ['How are we making incidents like this less likely or less impactful?', 'actions'],
  ['How are we preventing it from happening again?', 'actions'],
  ['Try', 'actions'],
  ['Q3 - Action items', 'actions'],
  // Neither: what went well's neighbours, and the parts of a postmortem that are not the four
  ['Where we got lucky', 'neutral'],
  ['Where Did We Get Lucky?', 'neutral'],
  ['Kudos', 'neutral'],
  ['Timeline', 'other'],
  ['Timeline (all times UTC)', 'other'],
  ['Timeline summary', 'summary'],
  ['Follow-up timeline', 'other'],
  ['Root Causes', 'other'],
  ['Root cause of the impact', 'other'],
  ['What were the root causes?', 'other'],
  ['Actions taken', 'other'],
  ['Immediate actions taken', 'other'],
  ['Contributing Factors', 'other'],
  ['Detection', 'other'],
  ['Supporting information:', 'other'],
  ['Start of the incident', 'other'],
  ['Try-out environment', 'other'],
  ['Glossary', 'other'],
];

describe('heading reader', () => {
  for (const [heading, role] of READS_AS) {
    it(`reads “${heading}” as ${role}`, () => {
      const reading = builtIn(heading);
      assert.equal(reading.role, role, explainReading(heading, reading));
    });
  }

  it('says why it read a qualified heading as it did, and what it did not read', () => {
    const heading = 'Action Items (should be achievable in short-medium term. immediately actionable):';
    const why = explainReading(heading, builtIn(heading));
    assert.match(why, /^“Action Items” is one of the actions headings\./);
    assert.match(explainReading('Issue Summary', builtIn('Issue Summary')), /“Issue Summary” contains “Summary”, one of the summary headings/);
    assert.match(why, /Not read: “\(should be achievable in short-medium term\. immediately actionable\)”/);
  });

  it('explains an ambiguous heading: the longer phrase, or the one the heading is about, wins', () => {
    const aboutSummary = explainReading('Summary of impact', builtIn('Summary of impact'));
    assert.match(aboutSummary, /also contains “Impact” \(the outcomes\), but the heading is about “Summary”/);
    const longer = explainReading('Root cause of the impact', builtIn('Root cause of the impact'));
    assert.match(longer, /reads as the root cause, not as one of the four sections/);
    assert.match(longer, /also contains “Impact” \(the outcomes\), but “Root cause” is more specific/);
  });

  it('says plainly when a heading is none of the four sections', () => {
    assert.match(explainReading('Wobbles', builtIn('Wobbles')), /“Wobbles” is not one of the headings the engine reads as a section/);
    assert.equal(builtIn('Wobbles').role, 'other');
    assert.equal(builtIn('Wobbles').phrase, undefined);
  });

  it("reads the team's own headings first, wherever they stand in a heading", () => {
    const team = headingReader({ outcomes: ['Timeline'], improvements: ['Wobbles'], actions: ['Commitments'] });
    assert.equal(team('Timeline').role, 'outcomes');
    assert.equal(team('Timeline (UTC)').role, 'outcomes');
    assert.equal(team('Our wobbles this sprint').role, 'improvements');
    assert.equal(team('Commitments:').source, 'team');
    assert.match(explainReading('Timeline', team('Timeline')), /Your team's `sections:` list “Timeline” under outcomes/);
    // ... but not over what the heading is about: the team's word only qualifies it there.
    assert.equal(team('Timeline summary').role, 'summary');
    assert.match(explainReading('Timeline summary', team('Timeline summary')), /also contains “Timeline” \(the outcomes\), but the heading is about “Summary”/);
    assert.equal(team('Timeline of the actions taken').role, 'outcomes');
    // A team heading wins even over a longer built-in phrase.
    assert.equal(headingReader({ summary: ['Impact'] })('Customer impact').role, 'summary');
  });

  it('names the section a heading that is not one most often stands in for', () => {
    assert.equal(builtIn('Timeline').standsInFor, 'outcomes');
    assert.equal(builtIn('Background').standsInFor, 'summary');
    assert.equal(builtIn('Root cause').standsInFor, undefined);
  });

  it('keeps what annotates a heading apart from what it says', () => {
    assert.deepEqual(headingCore('Action items [WIP] (owner, due):'), { core: 'Action items', ignored: ['[WIP]', '(owner, due)'] });
    assert.deepEqual(headingCore('Lessons learned — what we would do again'), { core: 'Lessons learned', ignored: ['— what we would do again'] });
    assert.deepEqual(headingCore('Follow-ups'), { core: 'Follow-ups', ignored: [] });
  });
});

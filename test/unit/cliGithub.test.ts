// `aar lint --format github` as a workflow step runs it: each finding becomes an annotation the
// runner reads back exactly as `--format json` has it, whatever the file name or message holds.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
import { root, useCliWorkspace } from './helpers/cliWorkspace';
import { workflowCommands } from './helpers/workflowCommands';

const TODAY = '2026-11-25';

describe('aar lint --format github', function () {
  this.timeout(60_000);
  let workspace = '';
  const { aar, write } = useCliWorkspace('aar-github-format-', (folder) => (workspace = folder));

  it('writes one annotation per finding, at its place, titled with its rule, and exits as lint does', () => {
    cpSync(join(root, 'examples'), workspace, { recursive: true });
    // A name with what ends a property (`,` and `:`) and what escapes it (`%`).
    write(
      'after-action-reports/q3, part 1: 50%.md',
      '# Q3 wash-up\n\n## Summary\n\nIt went.\n\n## Outcomes\n\n- Done.\n\n## Improvements\n\n- Alerts.\n\n## Actions\n\n- [ ] Write the runbook, 100% of it: due:2026-12-01\n',
    );
    const findings = JSON.parse(aar(['lint', '--format', 'json', '--today', TODAY]).stdout) as JsonFinding[];
    const run = aar(['lint', '--format', 'github', '--today', TODAY]);
    assert.equal(run.status, 1, 'an error among the findings fails the step');
    const kind = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;
    assert.ok(findings.some((f) => f.file.includes('q3, part 1: 50%.md')));
    assert.deepEqual(
      workflowCommands(run.stdout),
      findings.map((f) => ({
        command: kind[f.severity],
        properties: { file: f.file, line: String(f.line), endLine: String(f.endLine), col: String(f.column), endColumn: String(f.endColumn), title: `aar ${f.rule}` },
        message: f.message,
      })),
    );
    // The log closes with the count, as for people.
    assert.match(run.stdout, /\n✖ \d+ problems \(\d+ errors, \d+ warnings, \d+ infos\)\n$/);
  });

  it('prints no annotation and exits 0 when the reports are clean', () => {
    write('.aar.yml', readFileSync(join(root, 'examples', '.aar.yml')));
    write('after-action-reports/release-2.4.md', readFileSync(join(root, 'examples', 'after-action-reports', '2026-10-14-release-2.4.md')));
    const run = aar(['lint', '--format', 'github', '--today', TODAY]);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(workflowCommands(run.stdout), []);
    assert.equal(run.stdout, '✔ 1 report checked: no problems.\n');
  });

  it("GitHub's problem matcher reads the stylish output with the patterns of VS Code's, which a test checks against the findings", () => {
    const vscode = JSON.parse(readFileSync(join(root, 'resources', 'problem-matcher.json'), 'utf8')) as { name: string; pattern: object[] }[];
    const github = JSON.parse(readFileSync(join(root, 'resources', 'github-problem-matcher.json'), 'utf8')) as { problemMatcher: { owner: string; pattern: object[] }[] };
    assert.deepEqual(
      github.problemMatcher.map((m) => [m.owner, m.pattern]),
      vscode.map((m) => [m.name, m.pattern]),
    );
  });
});

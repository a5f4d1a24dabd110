// How the server's messages show a path to a user, on each host: relative to the workspace folder,
// never the browser host's internal `/<scheme>/<authority>/…` paths.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browserPaths, uriOfFile } from '../../server/src/browser/host';
import { shownPath } from '../../server/src/host';
import { nodeHost } from '../../server/src/node/host';

describe('shownPath: a path in a message', () => {
  const browser = { paths: browserPaths, uriOf: uriOfFile };
  const repo = '/vscode-vfs/github/acme/handbook';

  it('in a browser, is relative to the workspace folder, or the URI outside every folder', () => {
    assert.equal(shownPath(browser, [repo], `${repo}/.aar.yml`), '.aar.yml');
    assert.equal(shownPath(browser, [repo], `${repo}/after-action-reports/a.md`), 'after-action-reports/a.md');
    assert.equal(shownPath(browser, [repo], repo), 'handbook');
    assert.equal(shownPath(browser, [repo], '/vscode-vfs/github/acme/other/b.md'), 'vscode-vfs://github/acme/other/b.md');
  });

  it('names the folder first when the workspace has several, as VS Code does', () => {
    const folders = [repo, '/vscode-vfs/github/acme/runbooks'];
    assert.equal(shownPath(browser, folders, '/vscode-vfs/github/acme/runbooks/.aar.yml'), 'runbooks/.aar.yml');
  });

  it('on Node, is relative to the workspace folder, or the file system path outside every folder', () => {
    const root = join('/', 'work', 'handbook');
    assert.equal(shownPath(nodeHost, [root], join(root, 'after-action-reports', 'a.md')), 'after-action-reports/a.md');
    assert.equal(shownPath(nodeHost, [root], join('/', 'elsewhere', 'b.md')), join('/', 'elsewhere', 'b.md'));
  });
});

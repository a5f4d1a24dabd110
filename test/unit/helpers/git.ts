// git for tests that build real repositories: no user or system configuration, a fixed author,
// and dates given per call, so that commits and tags differ in time and zone as the test says.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs git in `cwd` with `home` as HOME; `date` sets the commit's and an annotated tag's time. */
export function git(cwd: string, args: string[], home: string, date?: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: join(home, 'no-gitconfig'),
      GIT_AUTHOR_NAME: 'Sam Lee',
      GIT_AUTHOR_EMAIL: 'sam@example.com',
      GIT_COMMITTER_NAME: 'Sam Lee',
      GIT_COMMITTER_EMAIL: 'sam@example.com',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  });
}

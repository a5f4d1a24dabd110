// A verb of `aar`: how `aar --help` lists it, its own help, and what it does. `run` returns the
// exit status; a usage mistake throws `UsageError` (exit 2) before anything reaches stdout.

export interface Command {
  name: string;
  /** How it is called, e.g. `aar actions [paths...] [options]`. */
  synopsis: string;
  /** What it does, in one line for `aar --help`. */
  summary: string;
  /** `aar <verb> --help`. */
  help: string;
  run(args: string[]): Promise<number>;
}

// How owners are compared as written. A module of its own, without dependencies, so that the
// client's code shared with the server (server/src/actionGroups.ts) compares them the same way
// without bundling the engine.

/** An owner as written, the way owners are compared: without spaces around or a leading `@`, in lower case. */
export function ownerKey(owner: string): string {
  return owner.trim().replace(/^@/, '').toLowerCase();
}

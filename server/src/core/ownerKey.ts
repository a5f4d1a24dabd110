// How owners are compared as written. A module of its own, without dependencies, so that the
// client's code shared with the server (server/src/actionGroups.ts) compares them the same way
// without bundling the engine.

/** An owner as written, the way owners are compared: without spaces around or a leading `@`, in lower case. */
export function ownerKey(owner: string): string {
  return withoutAt(owner.trim()).toLowerCase();
}

/**
 * A name without its leading `@`. Not `replace(/^@/, '')`: V8 lets go of an expression's compiled
 * code in full collections, and compiling it again showed in profiles of the first keystrokes of an
 * owner's name after one.
 */
export function withoutAt(name: string): string {
  return name.charCodeAt(0) === 64 ? name.slice(1) : name;
}

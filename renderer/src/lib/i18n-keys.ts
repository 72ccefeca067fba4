// Checks that the Vietnamese and English dictionaries say the same things.
export interface MessageTree {
  readonly [key: string]: string | MessageTree;
}

export function flattenMessages(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flattenMessages(value, path)) out.set(k, v);
  }
  return out;
}

export function compareKeySets(a: MessageTree, b: MessageTree): { onlyInA: string[]; onlyInB: string[] } {
  const ka = flattenMessages(a);
  const kb = flattenMessages(b);
  return {
    onlyInA: [...ka.keys()].filter((k) => !kb.has(k)).sort(),
    onlyInB: [...kb.keys()].filter((k) => !ka.has(k)).sort(),
  };
}

export function findEmptyMessages(tree: MessageTree): string[] {
  return [...flattenMessages(tree)].filter(([, v]) => v.trim() === '').map(([k]) => k);
}

/** `{{name}}` placeholders of one message, sorted and unique. */
export function placeholdersOf(message: string): string[] {
  const names = new Set<string>();
  for (const match of message.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)) if (match[1]) names.add(match[1]);
  return [...names].sort();
}

/** Keys whose two translations do not use the same placeholders. */
export function comparePlaceholders(a: MessageTree, b: MessageTree): string[] {
  const fb = flattenMessages(b);
  const mismatched: string[] = [];
  for (const [key, va] of flattenMessages(a)) {
    const vb = fb.get(key);
    if (vb !== undefined && placeholdersOf(va).join(',') !== placeholdersOf(vb).join(',')) mismatched.push(key);
  }
  return mismatched;
}

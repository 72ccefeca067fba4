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

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** A key without its plural form (`pages.count_one` → `pages.count`): what `t()` is called with. */
export function pluralBase(key: string): string {
  return key.replace(PLURAL_SUFFIX, '');
}

/** The keys `t()` is called with: a plural key counts once, whatever forms its language has. */
function calledKeys(tree: MessageTree): Set<string> {
  return new Set([...flattenMessages(tree).keys()].map(pluralBase));
}

/** Keys as `t()` sees them, so a language's plural forms are not reported as missing in the other. */
export function compareKeySets(a: MessageTree, b: MessageTree): { onlyInA: string[]; onlyInB: string[] } {
  const ka = calledKeys(a);
  const kb = calledKeys(b);
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

/**
 * Plural keys whose forms are not exactly the plural categories of `lang` (Intl.PluralRules, which
 * i18next also uses): `pages.count` in English needs `_one` and `_other`, in Vietnamese `_other` alone.
 */
export function pluralFormGaps(tree: MessageTree, lang: string): string[] {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.map(String).sort();
  const forms = new Map<string, string[]>();
  for (const key of flattenMessages(tree).keys()) {
    const form = PLURAL_SUFFIX.exec(key)?.[1];
    if (form) forms.set(pluralBase(key), [...(forms.get(pluralBase(key)) ?? []), form]);
  }
  return [...forms].filter(([, found]) => found.sort().join() !== categories.join()).map(([base]) => base);
}

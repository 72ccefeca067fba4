// The import field takes one path per line, as typed or pasted (Windows "Copy as path" adds quotes).
function clean(line: string): string {
  const trimmed = line.trim();
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  return (quoted ? (quoted[2] ?? '') : trimmed).trim();
}

/** Non-empty, unquoted, de-duplicated paths in the order given. */
export function parseImportPaths(text: string): string[] {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const path = clean(line);
    if (path && !seen.has(path)) {
      seen.add(path);
      paths.push(path);
    }
  }
  return paths;
}

/** Adds picked paths to what is already in the field, one per line, without repeats. */
export function appendImportPaths(text: string, added: readonly string[]): string {
  return parseImportPaths([text, ...added].join('\n')).join('\n');
}

/** Moves the cursor to a field once the current render has settled (after a failed submit). */
export function focusField(id: string | undefined): void {
  if (!id) return;
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

// A scan profile's backend-specific options as the text a supervisor edits: one `name=value` per line.
// Values that read as a boolean or a number become one, since SANE and TWAIN options are typed.

export type DeviceOptions = Record<string, string | number | boolean>;

export function formatDeviceOptions(options: DeviceOptions): string {
  return Object.entries(options)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join('\n');
}

/** The options, or the 1-based numbers of the lines that are not `name=value`. */
export function parseDeviceOptions(text: string): { options: DeviceOptions; badLines: number[] } {
  const options: DeviceOptions = {};
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (name === '') {
      badLines.push(index + 1);
      return;
    }
    const value = line.slice(eq + 1).trim();
    options[name] = value === 'true' ? true : value === 'false' ? false : value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  });
  return { options, badLines };
}

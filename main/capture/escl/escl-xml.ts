// A deliberately small XML reader and writer for eSCL documents (no dependency).
// eSCL documents are small, flat and well formed; elements are matched by their local name, so
// scanners that choose other namespace prefixes than `scan:` / `pwg:` still parse.

export const NS_SCAN = 'http://schemas.hp.com/imaging/escl/2011/05/03';
export const NS_PWG = 'http://www.pwg.org/schemas/2010/12/sm';

export interface XmlElement {
  /** Qualified name as written, e.g. `scan:ColorMode`. */
  name: string;
  /** Name without its prefix, e.g. `ColorMode`. */
  local: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element, trimmed. */
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return ENTITIES[body] ?? whole;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${Object.entries(ENTITIES).find(([, v]) => v === c)?.[0] ?? 'amp'};`);
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Parses a well-formed XML document and returns its root element; throws on malformed input. */
export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  const texts: string[][] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`XML: ${why} at offset ${i}`);
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      if (source.slice(i).trim() !== '' && stack.length > 0) fail('unterminated element');
      break;
    }
    if (lt > i && stack.length > 0) texts[texts.length - 1]?.push(decodeEntities(source.slice(i, lt)));
    i = lt;
    if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i);
      if (end < 0) fail('unterminated processing instruction');
      i = end + 2;
    } else if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i);
      if (end < 0) fail('unterminated CDATA');
      texts[texts.length - 1]?.push(source.slice(i + 9, end));
      i = end + 3;
    } else if (source.startsWith('<!', i)) {
      const end = source.indexOf('>', i);
      if (end < 0) fail('unterminated declaration');
      i = end + 1;
    } else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      if (end < 0) fail('unterminated end tag');
      const name = source.slice(i + 2, end).trim();
      const open = stack.pop();
      const text = texts.pop();
      if (!open || open.name !== name) fail(`mismatched end tag </${name}>`);
      open!.text = (text ?? []).join('').trim();
      i = end + 1;
    } else {
      const match = /^<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(i, i + 4096));
      if (!match) fail('malformed start tag');
      const [whole, name = '', attrText = '', selfClose] = match!;
      const attributes: Record<string, string> = {};
      for (const a of attrText.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes[a[1] ?? ''] = decodeEntities(a[2] ?? a[3] ?? '');
      }
      const element: XmlElement = { name, local: localName(name), attributes, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail('more than one root element');
      else root = element;
      if (!selfClose) {
        stack.push(element);
        texts.push([]);
      }
      i += whole.length;
    }
  }
  if (stack.length > 0) fail(`unclosed element <${stack[stack.length - 1]?.name}>`);
  if (!root) fail('no root element');
  return root!;
}

/** The first child (or, with more names, descendant along the path) with these local names. */
export function child(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = element;
  for (const name of path) {
    current = current?.children.find((c) => c.local === name);
    if (!current) return undefined;
  }
  return current;
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.local === name) : [];
}

export function childText(element: XmlElement | undefined, ...path: string[]): string | undefined {
  return child(element, ...path)?.text;
}

export function childInt(element: XmlElement | undefined, ...path: string[]): number | undefined {
  const text = childText(element, ...path);
  if (text === undefined || !/^\s*-?\d+\s*$/.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

/** All descendants (depth first) with this local name. */
export function descendants(element: XmlElement | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.local === name) out.push(c);
      walk(c);
    }
  };
  if (element) walk(element);
  return out;
}

/** A tiny writer: `el('scan:X', [el('pwg:Y', '1')])`. Text is escaped; arrays are child elements. */
export type XmlNode = { name: string; attributes?: Record<string, string>; content: string | XmlNode[] };

export function el(name: string, content: string | number | boolean | XmlNode[], attributes?: Record<string, string>): XmlNode {
  const node: XmlNode = { name, content: Array.isArray(content) ? content : String(content) };
  if (attributes) node.attributes = attributes;
  return node;
}

function render(node: XmlNode, indent: string): string {
  const attrs = Object.entries(node.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (typeof node.content === 'string') return `${indent}<${node.name}${attrs}>${escapeXml(node.content)}</${node.name}>\n`;
  if (node.content.length === 0) return `${indent}<${node.name}${attrs}/>\n`;
  return `${indent}<${node.name}${attrs}>\n${node.content.map((c) => render(c, `${indent}  `)).join('')}${indent}</${node.name}>\n`;
}

/** A complete document with the XML declaration and the eSCL namespaces declared on the root. */
export function xmlDocument(root: XmlNode): string {
  const attributes = { 'xmlns:scan': NS_SCAN, 'xmlns:pwg': NS_PWG, ...root.attributes };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render({ ...root, attributes }, '')}`;
}

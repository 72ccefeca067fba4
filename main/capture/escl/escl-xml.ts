// eSCL documents as a small element tree, read and written with fast-xml-parser. Elements are matched by
// their local name, so scanners that choose other namespace prefixes than `scan:` / `pwg:` still parse.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

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

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Values stay strings ("0300" is not a number to round); entities, numeric references included, are decoded.
  parseTagValue: false,
  htmlEntities: true,
  parseAttributeValue: false,
  trimValues: true,
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  format: true,
  suppressEmptyNode: true,
});

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** One node of fast-xml-parser's ordered output: `{ tag: [...children], ':@': {attributes} }` or `{ '#text': … }`. */
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text' && !k.startsWith('?'));
  if (!name) return undefined;
  const content = (node[name] as OrderedNode[] | undefined) ?? [];
  const children: XmlElement[] = [];
  const text: string[] = [];
  for (const item of content) {
    if ('#text' in item) text.push(String(item['#text']));
    else {
      const element = toElement(item);
      if (element) children.push(element);
    }
  }
  return { name, local: localName(name), attributes: { ...(node[':@'] ?? {}) }, children, text: text.join('').trim() };
}

/** Parses a well-formed XML document (fast-xml-parser) and returns its root element; throws on malformed input. */
export function parseXml(source: string): XmlElement {
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw new Error(`XML: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(source) as OrderedNode[]).map(toElement).filter((e): e is XmlElement => e !== undefined);
  if (roots.length !== 1) throw new Error(roots.length === 0 ? 'XML: no root element' : 'XML: more than one root element');
  return roots[0]!;
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

function toOrdered(node: XmlNode): OrderedNode {
  const content = typeof node.content === 'string' ? [{ '#text': node.content }] : node.content.map(toOrdered);
  const out: OrderedNode = { [node.name]: content };
  if (node.attributes) out[':@'] = node.attributes;
  return out;
}

/** A complete document with the XML declaration and the eSCL namespaces declared on the root. */
export function xmlDocument(root: XmlNode): string {
  const attributes = { 'xmlns:scan': NS_SCAN, 'xmlns:pwg': NS_PWG, ...root.attributes };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([toOrdered({ ...root, attributes })]) as string}`;
}

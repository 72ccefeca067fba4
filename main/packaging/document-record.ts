import { DOCUMENT_FIELDS, orderedValues, type DocumentValues } from '../contract/archival-fields';

/**
 * One page of the JSON record, as exported (after its recipe): `rotation` is the clockwise quarter turn
 * and `deskewAngle` the further clockwise degrees applied to the master; `splitFrom` names the source
 * image of a two-page spread this page is one half of; `missing` says that the page's scan was missing
 * from the store when it was exported.
 */
export interface PageRecord {
  index: number;
  source: string;
  width: number;
  height: number;
  dpi: number;
  rotation: number;
  deskewAngle: number;
  blank: boolean;
  splitFrom?: string;
  /** The page's master file was missing from the store: the PDF has a placeholder page in its place. */
  missing?: true;
  /** Whether the page's text was read: 'failed' when it could not be (then `text` is empty), 'pending' before OCR ran. */
  recognition: 'recognized' | 'failed' | 'pending';
  text: string;
  confidence: number | null;
}

/** The JSON record written beside each exported PDF; field names are stable for later issues. */
export interface DocumentRecord {
  docId: string;
  source: string;
  fileCode: string | null;
  docCode: string | null;
  /** Every field of the description, derived ones included (metadata.docCode is the record's docCode). */
  metadata: DocumentValues;
  pages: PageRecord[];
  createdAt: string;
  generator: string;
}

export function documentRecord(input: Omit<DocumentRecord, 'createdAt' | 'generator'>): DocumentRecord {
  // Every field of the description, in its order and null when unknown, whatever object was passed; the
  // document code is the record's, which an export without archival codes leaves out.
  const metadata = orderedValues(DOCUMENT_FIELDS, { ...input.metadata, docCode: input.docCode });
  return { ...input, metadata, createdAt: new Date().toISOString(), generator: 'Trạm số hóa' };
}

import type { DocumentMetadata } from '../contract/domain';

/** One page of the JSON record. rotation/deskewAngle/blank are filled by the imaging operations. */
export interface PageRecord {
  index: number;
  source: string;
  width: number;
  height: number;
  dpi: number;
  rotation: number;
  deskewAngle: number;
  blank: boolean;
  text: string;
  confidence: number | null;
}

/** The JSON record written beside each exported PDF; field names are stable for later issues. */
export interface DocumentRecord {
  docId: string;
  source: string;
  fileCode: string | null;
  docCode: string | null;
  metadata: DocumentMetadata;
  pages: PageRecord[];
  createdAt: string;
  generator: string;
}

export function documentRecord(input: Omit<DocumentRecord, 'createdAt' | 'generator'>): DocumentRecord {
  return { ...input, createdAt: new Date().toISOString(), generator: 'Trạm số hóa' };
}

// What the catalogue channels answer (mục lục hồ sơ and mục lục văn bản in Excel). Isomorphic: types only.

/** A field at fault in one row of an imported catalogue. */
export interface CatalogueProblem {
  /** The field's key. */
  field: string;
  /** The heading of its column in the file (or the field's label when it had no column). */
  heading: string;
  message: string;
  messageEn: string;
}

/** A catalogue written to a file. */
export interface CatalogueFileView {
  path: string;
  /** Dossiers (or documents) listed. */
  rows: number;
}

/** What importing a catalogue did: dossiers created, and each refused row with its number and its faults. */
export interface CatalogueImportResult {
  file: string;
  sheet: string;
  /** The row of the headings (1-based, as Excel shows it). */
  headerRow: number;
  /** The columns understood and the field each fills (`startDate,endDate` for one «Thời gian» column). */
  columns: Array<{ heading: string; field: string }>;
  /** Headings no field answers to, left out. */
  ignored: string[];
  created: Array<{ row: number; fileCode: string; dossierId: number }>;
  rejected: Array<{ row: number; fileCode: string | null; problems: CatalogueProblem[] }>;
}

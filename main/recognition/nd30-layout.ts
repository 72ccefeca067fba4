// Auto-indexing: reads a document's archival fields from its recognized words and their boxes, as
// Nghị định 30/2020 lays a document out (docs/domain.md §5): the header columns and the type line and
// abstract on the first page, the signature block on the last, the secrecy and urgency marks at the top.
// Each value carries the least confidence of the words it came from (lowered where it was mended) and
// those words. A person reviews every proposal and a wrong value is worse than none: a field is only
// proposed when its place in the layout was found and the schema accepts it.
import { documentFieldsSchema, type DocumentEditableKey } from '../contract/archival-fields';
import type { DocumentProposals, FieldProposal, LayoutPage, LayoutReading } from '../contract/metadata-proposals';
import { printedLines } from './layout-lines';
import { readHeader } from './nd30-header-columns';
import { readMarks } from './nd30-marks';
import { readSignatureBlock } from './nd30-signature-block';
import { readTypeAndAbstract } from './nd30-type-and-abstract';

/** Printed type names are short (Thông tư liên tịch); longer is a misread. */
const TYPE_NAME_PRINTED_MAX = 100;

function accepted(field: DocumentEditableKey, proposal: FieldProposal | null): FieldProposal | null {
  if (!proposal) return null;
  return documentFieldsSchema.shape[field].safeParse(proposal.value).success ? proposal : null;
}

export function readDocumentLayout(pages: readonly LayoutPage[]): LayoutReading {
  const first = pages[0];
  if (!first) return { proposals: {}, secrecy: null, urgency: null };
  const last = pages.at(-1) ?? first;
  const firstLines = printedLines(first);
  const header = readHeader(firstLines, first);
  const { typeName, typeNamePrinted, subject } = readTypeAndAbstract(firstLines, header, first);
  const { signerPosition, signerName } = readSignatureBlock(last === first ? firstLines : printedLines(last), last);
  const fields: Array<[DocumentEditableKey, FieldProposal | null]> = [
    ['typeName', typeName], ['codeNumber', header.codeNumber], ['codeNotation', header.codeNotation], ['issuedDate', header.issuedDate],
    ['place', header.place], ['organName', header.organName], ['subject', subject], ['signerPosition', signerPosition], ['signerName', signerName],
  ];
  const proposals: DocumentProposals = {};
  for (const [field, proposal] of fields) {
    const kept = accepted(field, proposal);
    if (kept) proposals[field] = kept;
  }
  if (typeNamePrinted && proposals.typeName?.value === 'Khác' && typeNamePrinted.value.length <= TYPE_NAME_PRINTED_MAX) proposals.typeNamePrinted = typeNamePrinted;
  return { proposals, ...readMarks(firstLines, first) };
}

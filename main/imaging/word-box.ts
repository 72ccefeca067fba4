// The box type of words, stamps and unread regions. It lives with imaging, the lower layer, so that imaging
// (stamp boxes, the OCR image) needs nothing from recognition, which builds on imaging.
/** A box in page pixels, origin top-left: what every recognized word, line and block has. */
export interface WordBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

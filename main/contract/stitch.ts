// Stitching several scanner passes of one large sheet: where each pass lies on the stitched canvas.
import { z } from 'zod';

export const tilePlacementSchema = z.object({
  file: z.string().min(1).max(4096),
  /** Top-left corner of the pass on the canvas before its rotation about its own centre, in px. */
  x: z.number().min(-1_000_000).max(1_000_000),
  y: z.number().min(-1_000_000).max(1_000_000),
  /** Clockwise on screen, in degrees, about the pass's centre. */
  angle: z.number().min(-10).max(10),
  /** 0..1: how sure the registration is (1 for the reference pass and for manual placements). */
  confidence: z.number().min(0).max(1),
});
export type TilePlacementView = z.infer<typeof tilePlacementSchema>;

/**
 * Why registration is unsure of a pass: nothing of it matched another pass (a blank overlap, a pass of
 * another sheet), too few agreeing details, another place fitted nearly as well (a repeated pattern), or
 * its overlaps disagree with the others'.
 */
export type StitchDoubtReason = 'no-overlap' | 'weak' | 'ambiguous' | 'contradictory';

export interface StitchDoubtView {
  /** Index of the pass in the paths. */
  tile: number;
  /** The pass whose overlap with it is in question, if one is. */
  other: number | null;
  reason: StitchDoubtReason;
  /** Where on the canvas (px): the overlap in question, or the whole pass when no overlap was found. */
  region: { x: number; y: number; width: number; height: number };
}

export interface StitchRegistration {
  width: number;
  height: number;
  /** Some pass was placed on weak evidence: the clerk should check and adjust by hand. */
  unsure: boolean;
  placements: TilePlacementView[];
  /** One entry per unsure pass, saying why and where. */
  doubts: StitchDoubtView[];
  /** A small JPEG of each pass (data URL) with its full size and the preview's scale. */
  previews: Array<{ file: string; width: number; height: number; scale: number; dataUrl: string }>;
}

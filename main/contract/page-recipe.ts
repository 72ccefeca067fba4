// How a page is derived from its archival master. The master stays exactly as scanned; everything the
// clerk or the analysis does to a page is this recipe, and every derivative (view, thumbnail, OCR image,
// PDF page) is rendered from master + recipe. Changing the recipe never loses anything, and each change
// can be undone.
import { z } from 'zod';

const box = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Box = z.infer<typeof box>;

export const QUARTER_TURNS = [0, 90, 180, 270] as const;
export type QuarterTurn = (typeof QUARTER_TURNS)[number];

export const recognitionOptionsSchema = z.object({
  /** 3 × 3 median on the OCR image: dust and scanner noise. */
  despeckle: z.boolean(),
  /** Stretch grey levels so that ink is near black and paper near white (faded copies, yellowed paper). */
  contrast: z.boolean(),
  /** Black and white (Otsu threshold) instead of grey. */
  bitonal: z.boolean(),
  /** Red seals and red stamps vanish (the red channel is read as grey), black and blue ink stay. */
  sealDropout: z.boolean(),
});
export type RecognitionOptions = z.infer<typeof recognitionOptionsSchema>;

export const pageRecipeSchema = z.object({
  /** The part of the master this page is (one half of a two-page spread); null = the whole master. */
  region: box.nullable(),
  /** Clockwise quarter turns applied to make the page upright. */
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  /** Degrees applied after the quarter turn to straighten the text lines, clockwise on screen. */
  deskewAngle: z.number().min(-45).max(45),
  /** The page inside the rotated, straightened frame (scanner background cut away); null = all of it. */
  crop: box.nullable(),
  /** Staple marks, punch holes and edge shadows painted over with the paper's tone, in master pixels. */
  marks: z.array(box).max(200),
  /** Tone of the paper (0–255), used to paint over marks and the corners a deskew uncovers. */
  paper: z.number().int().min(0).max(255),
  /** Only for the OCR derivative: the viewed and archived page keeps its tones. */
  recognition: recognitionOptionsSchema,
});
export type PageRecipe = z.infer<typeof pageRecipeSchema>;

/** The analysis steps that propose a recipe; 'spread' splits a two-page spread into two pages. */
export const ANALYSIS_STEPS = ['spread', 'orientation', 'deskew', 'crop', 'clean'] as const;
export type AnalysisStep = (typeof ANALYSIS_STEPS)[number];

export const DEFAULT_RECOGNITION: RecognitionOptions = { despeckle: false, contrast: true, bitonal: false, sealDropout: false };

/** The master as scanned. */
export const IDENTITY_RECIPE: PageRecipe = {
  region: null,
  rotation: 0,
  deskewAngle: 0,
  crop: null,
  marks: [],
  paper: 255,
  recognition: DEFAULT_RECOGNITION,
};

/** True when the recipe leaves the page's pixels as scanned (OCR options do not count). */
export function rendersAsScanned(recipe: PageRecipe): boolean {
  return recipe.region === null && recipe.rotation === 0 && recipe.deskewAngle === 0 && recipe.crop === null && recipe.marks.length === 0;
}

/**
 * What the clerk can change on one page or a whole dossier at once. `auto*` rerun the analysis for that
 * step; the others set the value. Absent fields stay as they are.
 */
export const recipeChangeSchema = z.object({
  rotateBy: z.union([z.literal(90), z.literal(180), z.literal(270)]).optional(),
  autoOrientation: z.literal(true).optional(),
  deskewAngle: z.number().min(-45).max(45).optional(),
  autoDeskew: z.literal(true).optional(),
  crop: box.nullable().optional(),
  autoCrop: z.literal(true).optional(),
  clean: z.boolean().optional(),
  recognition: recognitionOptionsSchema.partial().optional(),
  /** Back to the master as scanned (a split page stays split: merge it to undo that). */
  reset: z.literal(true).optional(),
});
export type RecipeChange = z.infer<typeof recipeChangeSchema>;

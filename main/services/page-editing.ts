import { AppError } from '../contract/errors';
import { IDENTITY_RECIPE, type AnalysisStep, type PageRecipe, type RecipeChange } from '../contract/page-recipe';
import type { PageView } from '../contract/domain';
import { imaging } from '../imaging/imaging-pool';
import type { OrientationDetector } from '../imaging/page-analysis';
import { plausibleDpi, recognizable } from '../imaging/image-limits';
import { clampCrop, outputSize, turnedSize } from '../imaging/page-geometry';
import type { Actor } from '../accounts/actor';
import type { AuditLog } from '../accounts/audit-log';
import type { BlobStore } from '../storage/blob-store';
import type { WorkstationEvents } from './events';
import type { Records } from './records';

/** Which pages a change applies to: chosen pages, or every page of a dossier or of a batch (lô). */
export type EditScope = { pageIds: number[] } | { dossierId: number } | { batchId: number };

/**
 * Non-destructive page editing: every change is a new recipe for the page (the master is never touched),
 * recorded as an undoable edit. Changes that need the image looked at ("automatic deskew") are queued as
 * analysis steps that the recognition job runs before it reads the page again, so that a change to a
 * thousand pages returns at once and the work shows in the job's progress.
 */
export class PageEditing {
  constructor(
    private readonly records: Records,
    private readonly blobs: BlobStore,
    private readonly audit: AuditLog,
    private readonly events: WorkstationEvents,
    private readonly recognizeAgain: (dossierId: number, actor: Actor) => void,
    /** Tesseract's orientation detection, when a recognition pool is at hand. */
    private readonly detectOrientation?: OrientationDetector,
  ) {}

  /** Applies a change to each page of the scope; returns the pages as they are now. */
  applyChange(actor: Actor, scope: EditScope, change: RecipeChange): PageView[] {
    const pages =
      'pageIds' in scope
        ? scope.pageIds.map((id) => this.records.page(id))
        : 'dossierId' in scope
          ? this.records.listPages(scope.dossierId)
          : this.records.listDossiers(this.records.batch(scope.batchId).id).flatMap((d) => this.records.listPages(d.id));
    const edited = pages.map((page) => {
      const { recipe, analysis } = nextRecipe(page, change, this.records.pendingAnalysis(page.id));
      return this.records.editPage(page.id, { recipe, size: outputSize(masterSizeOf(page), recipe), analysis }, actor.name);
    });
    const subject = 'pageIds' in scope ? `pages:${scope.pageIds.join(',')}` : 'dossierId' in scope ? `dossier:${scope.dossierId}` : `batch:${scope.batchId}`;
    this.audit.record(actor, 'page.edit', subject, { change, pages: edited.length });
    this.afterEdit(actor, edited);
    return edited;
  }

  /**
   * Sets or clears a page's blank flag by hand (audited with who): the detector never overrides it when
   * the page is recognized again.
   */
  setBlank(actor: Actor, pageId: number, blank: boolean): PageView {
    if (!this.records.setBlankByHand(pageId, blank, actor.name)) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy trang này; có thể trang đã bị xóa.', 'This page was not found; it may have been deleted.', String(pageId));
    }
    const page = this.records.page(pageId);
    this.audit.record(actor, 'page.blank', `page:${pageId}`, { blank, byHand: true });
    this.events.emit('dossier:changed', { dossierId: this.records.document(page.documentId).dossierId });
    return page;
  }

  /** Undoes a page's last edit; a split is merged back (its right half is deleted). */
  undo(actor: Actor, pageId: number): PageView {
    const undone = this.records.undoEdit(pageId);
    if (!undone) {
      throw new AppError('CONFLICT', 'Trang này không còn thao tác nào để hoàn tác.', 'There is nothing left to undo on this page.', String(pageId));
    }
    this.audit.record(actor, 'page.undo', `page:${pageId}`, { removedPage: undone.removedPageId });
    this.afterEdit(actor, [undone.page]);
    return undone.page;
  }

  /**
   * Splits a two-page spread by hand, at `atX` (master pixels) or where the analysis finds the gutter
   * (the middle when it finds none). Both halves are analysed and recognized again. A page that does not
   * look like a spread is refused (NOT_A_SPREAD) unless `force`: the clerk is asked first.
   */
  async split(actor: Actor, pageId: number, atX?: number, force = false): Promise<{ left: PageView; right: PageView }> {
    const page = this.records.page(pageId);
    if (page.recipe.region) {
      throw new AppError('CONFLICT', 'Trang này đã được tách từ một trang đôi.', 'This page is already one half of a split spread.', String(pageId));
    }
    const master = masterSizeOf(page);
    const found = atX === undefined || !force ? await imaging().findSpread(this.blobs.pathOf(page.sha256), master, page.dpi) : null;
    if (!found && !force) {
      throw new AppError(
        'NOT_A_SPREAD',
        'Trang này không giống trang đôi (không thấy gáy giữa hai trang), nên chưa tách. Nếu đúng là hai trang, hãy xác nhận để tách; trang vẫn được giữ nguyên.',
        'This page does not look like a two-page spread (no gutter between two pages), so it was not split. If it is two pages, confirm to split it; the page is unchanged.',
        String(pageId),
      );
    }
    const x = atX !== undefined ? Math.round(atX) : found ? found.left.width : Math.round(master.width / 2);
    if (x < 1 || x >= master.width) {
      throw new AppError('VALIDATION', 'Vị trí tách nằm ngoài trang.', 'The split position is outside the page.', 'atX');
    }
    const halves = this.halves(page, x);
    const steps: AnalysisStep[] = ['orientation', 'deskew', 'crop', 'clean'];
    const result = this.records.splitPage(pageId, { ...halves.left, analysis: steps }, { ...halves.right, analysis: steps }, actor.name)!;
    this.audit.record(actor, 'page.split', `page:${pageId}`, { at: x, right: result.right.id });
    this.afterEdit(actor, [result.left, result.right]);
    return result;
  }

  /**
   * Runs the analysis steps pending on a page (called by the recognition job before OCR). A spread
   * becomes two pages here. Returns the id of the page a split added, which needs reading too. A clerk's
   * edit landing meanwhile wins: the analysis is done again on the new recipe.
   */
  async runPendingAnalysis(pageId: number, actor: Actor): Promise<{ addedPageId: number | null }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const steps = this.records.pendingAnalysis(pageId);
      if (steps.length === 0) return { addedPageId: null };
      const page = this.records.page(pageId);
      const master = masterSizeOf(page);
      // A 1 × 1 or 100,000 × 1 image has no sheet, lines or marks to find: its recipe stays as it is,
      // and recognition refuses the page with its own message.
      if (!recognizable(master)) {
        if (this.records.completeAnalysis(pageId, page.recipe, outputSize(master, page.recipe), page.imageVersion)) return { addedPageId: null };
        continue;
      }
      const file = this.blobs.pathOf(page.sha256);
      // A resolution no scan has (stored before such values were set aside) is read as unknown.
      const dpi = plausibleDpi(page.dpi) ? page.dpi : 0;
      const analysis = await imaging().analysePage(file, master, dpi, { base: page.recipe, steps, detectOrientation: this.detectOrientation });
      if (analysis.spread) {
        const rest = steps.filter((s) => s !== 'spread');
        const right = await imaging().analysePage(file, master, dpi, { base: { ...page.recipe, region: analysis.spread.right }, steps: rest, detectOrientation: this.detectOrientation });
        // One undoable edit: undoing it merges the spread back. Both halves are analysed already.
        const split = this.records.splitPage(
          pageId,
          { recipe: analysis.recipe, size: outputSize(master, analysis.recipe), analysis: null },
          { recipe: right.recipe, size: outputSize(master, right.recipe), analysis: null },
          actor.name,
          page.imageVersion,
        );
        if (!split) continue;
        this.audit.record(actor, 'page.split', `page:${pageId}`, { at: analysis.spread.left.width, right: split.right.id, automatic: true });
        return { addedPageId: split.right.id };
      }
      if (this.records.completeAnalysis(pageId, analysis.recipe, outputSize(master, analysis.recipe), page.imageVersion)) return { addedPageId: null };
    }
    return { addedPageId: null };
  }

  private halves(page: PageView, x: number): { left: { recipe: PageRecipe; size: { width: number; height: number } }; right: { recipe: PageRecipe; size: { width: number; height: number } } } {
    const master = masterSizeOf(page);
    const base: PageRecipe = { ...IDENTITY_RECIPE, recognition: page.recipe.recognition, paper: page.recipe.paper };
    const left: PageRecipe = { ...base, region: { x: 0, y: 0, width: x, height: master.height } };
    const right: PageRecipe = { ...base, region: { x, y: 0, width: master.width - x, height: master.height } };
    return { left: { recipe: left, size: outputSize(master, left) }, right: { recipe: right, size: outputSize(master, right) } };
  }

  private afterEdit(actor: Actor, pages: PageView[]): void {
    const dossiers = new Set(pages.map((p) => this.records.document(p.documentId).dossierId));
    for (const dossierId of dossiers) {
      this.events.emit('dossier:changed', { dossierId });
      this.recognizeAgain(dossierId, actor);
    }
  }
}

function masterSizeOf(page: PageView): { width: number; height: number } {
  return { width: page.masterWidth, height: page.masterHeight };
}

/**
 * The recipe a change makes of a page's current one, and the analysis steps then pending. A change of
 * the frame (turn, deskew) drops a crop that was made for the old frame, or redoes it when it was found
 * automatically.
 */
export function nextRecipe(page: PageView, change: RecipeChange, pending: readonly AnalysisStep[]): { recipe: PageRecipe; analysis: AnalysisStep[] } {
  const steps = new Set<AnalysisStep>(pending);
  let recipe: PageRecipe = { ...page.recipe };
  if (change.reset) {
    recipe = { ...IDENTITY_RECIPE, region: recipe.region, paper: recipe.paper, recognition: recipe.recognition };
    steps.clear();
  }
  let frameChanged = false;
  if (change.rotateBy !== undefined) {
    recipe.rotation = ((recipe.rotation + change.rotateBy) % 360) as PageRecipe['rotation'];
    steps.delete('orientation');
    frameChanged = true;
  }
  if (change.autoOrientation) {
    steps.add('orientation');
    frameChanged = true;
  }
  if (change.deskewAngle !== undefined) {
    recipe.deskewAngle = change.deskewAngle;
    steps.delete('deskew');
    frameChanged = true;
  }
  if (change.autoDeskew) {
    steps.add('deskew');
    frameChanged = true;
  }
  if (change.crop !== undefined) {
    recipe.crop = change.crop === null ? null : clampCrop(change.crop, turnedSize({ width: page.masterWidth, height: page.masterHeight }, recipe));
    steps.delete('crop');
  } else if (frameChanged && recipe.crop) {
    recipe.crop = null;
    steps.add('crop');
  }
  if (change.autoCrop) steps.add('crop');
  if (change.clean === true) steps.add('clean');
  if (change.clean === false) {
    recipe.marks = [];
    steps.delete('clean');
  }
  if (change.recognition) recipe.recognition = { ...recipe.recognition, ...change.recognition };
  return { recipe, analysis: [...steps] };
}

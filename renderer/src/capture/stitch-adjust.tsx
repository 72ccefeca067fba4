// Checking and adjusting the automatic registration of several passes of one large sheet before they
// are stitched into one page. Each pass is drawn where registration put it, half transparent, so a
// misregistered pass shows as doubled lines; the clerk picks a pass (click, or keys 1–6) and moves it
// with the arrow keys (Shift: 20 px) and turns it with [ and ] (0.05°), or types its position. Where
// registration is unsure, the warning says which pass and why, the place is outlined on the canvas, and
// that pass is selected first.
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StitchDoubtReason, StitchRegistration, TilePlacementView } from '../../../main/contract/stitch';
import { ModalDialog } from '../components/modal-dialog';

export interface StitchAdjustProps {
  registration: StitchRegistration;
  busy: boolean;
  onStitch: (placements: TilePlacementView[]) => void;
  onCancel: () => void;
}

const BOX = { width: 760, height: 460 };

const DOUBT_TEXT: Record<StitchDoubtReason, 'stitch.doubtNoOverlap' | 'stitch.doubtWeak' | 'stitch.doubtAmbiguous' | 'stitch.doubtContradictory'> = {
  'no-overlap': 'stitch.doubtNoOverlap',
  weak: 'stitch.doubtWeak',
  ambiguous: 'stitch.doubtAmbiguous',
  contradictory: 'stitch.doubtContradictory',
};

export function StitchAdjust({ registration, busy, onStitch, onCancel }: StitchAdjustProps) {
  const { t } = useTranslation();
  const [placements, setPlacements] = useState<TilePlacementView[]>(registration.placements);
  const doubts = registration.doubts;
  const [selected, setSelected] = useState(() => {
    if (doubts.length > 0) return doubts[0]!.tile;
    const weakest = registration.placements.reduce((best, p, i, all) => (p.confidence < all[best]!.confidence ? i : best), 0);
    return weakest;
  });
  const [moved, setMoved] = useState(false);
  // Passes may move beyond the registered canvas: the drawing fits their union.
  const bounds = placements.reduce(
    (b, p, i) => {
      const preview = registration.previews[i]!;
      return { x0: Math.min(b.x0, p.x), y0: Math.min(b.y0, p.y), x1: Math.max(b.x1, p.x + preview.width), y1: Math.max(b.y1, p.y + preview.height) };
    },
    { x0: 0, y0: 0, x1: registration.width, y1: registration.height },
  );
  const scale = Math.min(BOX.width / (bounds.x1 - bounds.x0), BOX.height / (bounds.y1 - bounds.y0));

  function update(index: number, change: Partial<TilePlacementView>) {
    setPlacements((all) => all.map((p, i) => (i === index ? { ...p, ...change, confidence: 1 } : p)));
    setMoved(true);
  }

  function onKey(event: KeyboardEvent<HTMLDivElement>) {
    if ((event.target as HTMLElement).tagName === 'INPUT') return;
    const p = placements[selected];
    if (!p) return;
    const step = event.shiftKey ? 20 : 1;
    const moves: Record<string, Partial<TilePlacementView>> = {
      ArrowLeft: { x: p.x - step },
      ArrowRight: { x: p.x + step },
      ArrowUp: { y: p.y - step },
      ArrowDown: { y: p.y + step },
      '[': { angle: round(p.angle - 0.05, 3) },
      ']': { angle: round(p.angle + 0.05, 3) },
    };
    const change = moves[event.key];
    if (change) {
      event.preventDefault();
      update(selected, change);
      return;
    }
    const digit = Number.parseInt(event.key, 10);
    if (digit >= 1 && digit <= placements.length) {
      event.preventDefault();
      setSelected(digit - 1);
    }
  }

  const current = placements[selected]!;
  return (
    <ModalDialog className="stitch-dialog" labelledBy="stitch-title" onEscape={onCancel}>
      <div data-testid="stitch-adjust" onKeyDown={onKey}>
        <h2 id="stitch-title">{t('stitch.title', { n: placements.length })}</h2>
        {registration.unsure ? (
          <div className="stitch-warning" role="alert" data-testid="stitch-unsure">
            <p>{t('stitch.unsure')}</p>
            {doubts.length > 0 && (
              <ul data-testid="stitch-doubts">
                {doubts.map((d) => (
                  <li key={`${d.tile}-${d.other ?? ''}`}>
                    <button type="button" className="link-button" onClick={() => setSelected(d.tile)} data-testid={`stitch-doubt-${d.tile + 1}`}>
                      {t(DOUBT_TEXT[d.reason], { n: d.tile + 1, other: d.other === null ? '' : d.other + 1 })}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <p className="muted small-text">{t('stitch.sure')}</p>
        )}
        <p className="muted small-text">{t('stitch.keys')}</p>
        <div className="stitch-canvas" style={{ width: (bounds.x1 - bounds.x0) * scale, height: (bounds.y1 - bounds.y0) * scale }} tabIndex={0} aria-label={t('stitch.canvas')} data-testid="stitch-canvas">
          {placements.map((p, i) => {
            const preview = registration.previews[i]!;
            return (
              <img
                key={preview.file}
                src={preview.dataUrl}
                alt={t('stitch.pass', { n: i + 1 })}
                className={i === selected ? 'stitch-pass selected' : 'stitch-pass'}
                data-testid={`stitch-pass-${i + 1}`}
                draggable={false}
                onClick={() => setSelected(i)}
                style={{
                  left: (p.x - bounds.x0) * scale,
                  top: (p.y - bounds.y0) * scale,
                  width: preview.width * scale,
                  height: preview.height * scale,
                  transform: `rotate(${p.angle}deg)`,
                }}
              />
            );
          })}
          {doubts.map((d) => (
            <div
              key={`region-${d.tile}-${d.other ?? ''}`}
              className="stitch-doubt-region"
              role="img"
              aria-label={t('stitch.doubtRegion', { n: d.tile + 1 })}
              data-testid={`stitch-doubt-region-${d.tile + 1}`}
              style={{
                left: (d.region.x - bounds.x0) * scale,
                top: (d.region.y - bounds.y0) * scale,
                width: d.region.width * scale,
                height: d.region.height * scale,
              }}
            />
          ))}
        </div>
        <fieldset className="stitch-fields">
          <legend>{t('stitch.selected', { n: selected + 1, confidence: Math.round(current.confidence * 100) })}</legend>
          {(['x', 'y', 'angle'] as const).map((key) => (
            <label key={key} className="small-text">
              {t(key === 'angle' ? 'stitch.angle' : key === 'x' ? 'stitch.x' : 'stitch.y')}
              <input
                type="number"
                step={key === 'angle' ? 0.05 : 1}
                value={round(current[key], key === 'angle' ? 3 : 1)}
                data-testid={`stitch-${key}`}
                onChange={(e) => {
                  const value = Number(e.target.value);
                  if (Number.isFinite(value)) update(selected, { [key]: value });
                }}
              />
            </label>
          ))}
        </fieldset>
        <div className="action-row">
          <button type="button" className="primary" disabled={busy} data-testid="stitch-import" onClick={() => onStitch(placements)}>
            {busy ? t('common.busy') : moved ? t('stitch.importAdjusted') : t('stitch.import')}
          </button>
          <button type="button" onClick={onCancel} data-testid="stitch-cancel">
            {t('stitch.cancel')}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// Blank-page detection on generated pages: empty paper, speckle, show-through and edge shadows are blank;
// a page with one short line of text, or a full page, is not.
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectBlank } from '../../../main/imaging/blank-page';
import { textPage } from '../../support/page-generator';

const DPI = 150;
const W = Math.round((210 / 25.4) * DPI);
const H = Math.round((297 / 25.4) * DPI);

/** A sheet of slightly grey recycled paper with whatever `draw` adds. */
function sheet(draw: (ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>) => void): Buffer {
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f1eee6';
  ctx.fillRect(0, 0, W, H);
  draw(ctx);
  return canvas.toBuffer('image/png');
}

/** Deterministic pseudo-random numbers, so the test is the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe('detectBlank', () => {
  it('calls empty paper, speckle, show-through and edge shadows blank', async () => {
    expect((await detectBlank(sheet(() => {}))).blank).toBe(true);
    const rnd = random(7);
    const speckled = sheet((ctx) => {
      ctx.fillStyle = '#222';
      for (let i = 0; i < 400; i++) ctx.fillRect(Math.floor(rnd() * W), Math.floor(rnd() * H), 1, 1);
    });
    expect((await detectBlank(speckled)).blank).toBe(true);
    const showThrough = sheet((ctx) => {
      // The other side's text, mirrored and faint.
      ctx.fillStyle = '#d2cfc8';
      ctx.font = '20px serif';
      for (let i = 0; i < 40; i++) ctx.fillText('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc', 150, 150 + i * 30);
    });
    expect((await detectBlank(showThrough)).blank).toBe(true);
    const shadowed = sheet((ctx) => {
      ctx.fillStyle = '#1a1a1a';
      ctx.fillRect(0, 0, 25, H);
      ctx.fillRect(W - 18, 0, 18, H);
      // Two punch holes near the edge.
      ctx.beginPath();
      ctx.arc(30, H / 2 - 80, 12, 0, 2 * Math.PI);
      ctx.arc(30, H / 2 + 80, 12, 0, 2 * Math.PI);
      ctx.fill();
    });
    expect((await detectBlank(shadowed)).blank).toBe(true);
  });

  it('keeps a page with one short line of text, and a full page, as text', async () => {
    const oneLine = textPage({ dpi: DPI, lines: 1, firstLine: 2 });
    const verdict = await detectBlank(oneLine.png);
    expect(verdict.blank).toBe(false);
    expect(verdict.inkRatio).toBeGreaterThan(0);
    const shortWord = sheet((ctx) => {
      ctx.fillStyle = '#111';
      ctx.font = `${Math.round((13 / 72) * DPI)}px serif`;
      ctx.fillText('Độc lập', W / 2 - 40, H / 3);
    });
    expect((await detectBlank(shortWord)).blank).toBe(false);
    expect((await detectBlank(textPage({ dpi: DPI }).png)).blank).toBe(false);
  });

  it('judges a 300 dpi scan like its 150 dpi copy', async () => {
    const page = textPage({ dpi: 300, lines: 1 });
    const half = await sharp(page.png).resize({ width: W }).png().toBuffer();
    expect((await detectBlank(page.png)).blank).toBe((await detectBlank(half)).blank);
  });
});

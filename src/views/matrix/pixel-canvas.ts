// Puts an RGBA image on a visible canvas the way every matrix view here does it: the
// pixels are written into one ImageData at matrix resolution (reused between redraws),
// put with one putImageData on an offscreen source canvas, then drawn scaled to the
// visible canvas's device pixels with smoothing off, so each cell stays a crisp block.

export class PixelCanvas {
  private source: HTMLCanvasElement | null = null;
  private sourceContext: CanvasRenderingContext2D | null = null;
  private image: ImageData | null = null;

  /** The RGBA bytes of a width × height image (zeroed when the size changes), or null without a 2D context (jsdom). */
  pixels(width: number, height: number): Uint8ClampedArray | null {
    if (!this.source) {
      this.source = document.createElement('canvas');
      this.sourceContext = this.source.getContext('2d');
    }
    if (!this.sourceContext) return null;
    if (!this.image || this.image.width !== width || this.image.height !== height) {
      this.source.width = width;
      this.source.height = height;
      this.image = this.sourceContext.createImageData(width, height);
    }
    return this.image.data;
  }

  /**
   * putImageData the pixels filled since pixels(), then draw them over the whole of
   * `target` (its backing store, already sized to CSS size × devicePixelRatio).
   * Returns false when there is nothing to draw with.
   */
  present(target: HTMLCanvasElement): boolean {
    const context = target.getContext('2d');
    if (!context || !this.source || !this.sourceContext || !this.image) return false;
    this.sourceContext.putImageData(this.image, 0, 0);
    context.imageSmoothingEnabled = false;
    context.clearRect(0, 0, target.width, target.height);
    context.drawImage(this.source, 0, 0, target.width, target.height);
    return true;
  }
}

/** The device pixels backing a CSS size (at least 1 × 1). */
export function backingSize(cssWidth: number, cssHeight: number, dpr: number): { width: number; height: number } {
  const ratio = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  return { width: Math.max(1, Math.round(cssWidth * ratio)), height: Math.max(1, Math.round(cssHeight * ratio)) };
}

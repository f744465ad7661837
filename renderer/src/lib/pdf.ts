import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
// Bundled by Vite and served from the app itself ('self'), as the CSP requires.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = PDFDocumentProxy;

/** Opens PDF bytes with everything that could reach out or evaluate code switched off. */
export function loadPdf(bytes: Uint8Array<ArrayBuffer>): Promise<PdfDocument> {
  return getDocument({
    data: bytes,
    isEvalSupported: false,
    enableXfa: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
  }).promise;
}

const MAX_WIDTH = 820;

/** Draws one page into the canvas (sharp on high-DPI screens) and extracts its text. */
export function renderPdfPage(doc: PdfDocument, pageNumber: number, canvas: HTMLCanvasElement): { done: Promise<void>; text: Promise<string>; cancel(): void } {
  let cancelled = false;
  let cancelRender: (() => void) | null = null;
  const pagePromise = doc.getPage(pageNumber);
  const done = pagePromise.then(async (page) => {
    if (cancelled) return;
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(1.5, MAX_WIDTH / base.width);
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    const task = page.render({ canvas, viewport });
    cancelRender = () => task.cancel();
    try {
      await task.promise;
    } catch (e) {
      if (!cancelled) throw e;
    }
  });
  const text = pagePromise.then(async (page) => {
    const content = await page.getTextContent();
    let out = '';
    for (const item of content.items) {
      if ('str' in item) out += item.str + (item.hasEOL ? '\n' : '');
    }
    return out.trim();
  });
  return {
    done,
    text,
    cancel() {
      cancelled = true;
      cancelRender?.();
    },
  };
}

import { useEffect, useRef, useState } from 'react';
import { loadPdf, renderPdfPage, type PdfDocument } from '../../lib/pdf';
import { errorText } from '../../lib/errors';

/** A PDF contract drawn page by page in the app (pdf.js, worker bundled), with its text below for reading aloud and copying. */
export function PdfView({ bytes }: { bytes: Uint8Array<ArrayBuffer> }) {
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let loaded: PdfDocument | null = null;
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    loadPdf(bytes.slice()).then(
      (d) => {
        loaded = d;
        if (live) setDoc(d);
        else void d.destroy();
      },
      (e: unknown) => live && setError(`This PDF could not be displayed: ${errorText(e)}. You can still save it.`),
    );
    return () => {
      live = false;
      void loaded?.destroy();
    };
  }, [bytes]);
  if (error) return <p className="notice error" role="alert">{error}</p>;
  if (!doc) return <p className="muted">Opening the PDF…</p>;
  const pages = Array.from({ length: doc.numPages }, (_, i) => i + 1);
  return (
    <div className="pdf-view" data-testid="contract-pdf">
      {pages.map((n) => (
        <PdfPage key={n} doc={doc} pageNumber={n} />
      ))}
    </div>
  );
}

function PdfPage({ doc, pageNumber }: { doc: PdfDocument; pageNumber: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const task = renderPdfPage(doc, pageNumber, el);
    task.text.then(setText, (e: unknown) => setError(errorText(e)));
    task.done.catch((e: unknown) => setError(errorText(e)));
    return () => task.cancel();
  }, [doc, pageNumber]);
  return (
    <figure className="pdf-page">
      <canvas ref={canvas} aria-hidden="true" />
      <figcaption>
        Page {pageNumber} of {doc.numPages}
      </figcaption>
      {error && <p className="field-error">Page {pageNumber}: {error}</p>}
      {text !== null && (
        <details className="pdf-text" open>
          <summary>Text of page {pageNumber}</summary>
          <p data-testid="contract-pdf-text">{text || '(no text on this page)'}</p>
        </details>
      )}
    </figure>
  );
}

/**
 * The Content-Security-Policy sent as a response header for every renderer document. No eval, no inline or
 * remote scripts, no plugins, no framing by others. Contracts are shown from blob: URLs in a sandboxed frame
 * (see the contract viewer), images may be data:/blob: (icons and QR codes).
 */
export function contentSecurityPolicy(options: { connectSrc?: string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    // pdf.js runs in a worker loaded from the app itself.
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "frame-src blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

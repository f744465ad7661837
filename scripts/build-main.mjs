// Bundles the Electron main process and the preload with esbuild. The preload is CommonJS because sandboxed
// preloads cannot load ES modules; main is CommonJS too so that Electron loads it from the asar directly.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  external: ['electron'],
  logLevel: 'warning',
  // conf/electron-store use import.meta.url; in CommonJS it must come from __filename.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/main.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs', platform: 'browser', target: 'chrome130', define: {}, banner: {} }),
]);
console.log('built dist/main/main.cjs and dist/main/preload.cjs');

// Builds what learner pages load besides HTML and CSS (after `remix build`, whose CSS the
// service worker precaches):
//   public/assets/enhance-<hash>.js   the enhancement script (app/browser/enhance.ts), a few KB
//   public/sw.js                      the service worker (app/browser/sw.ts, Workbox modules),
//                                     with its precache manifest injected by workbox-build
//   build/browser-assets.json         the script's fingerprinted URL, read by app/root.tsx
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build } from 'esbuild'
import { injectManifest } from 'workbox-build'

const started = Date.now()
const target = ['es2019', 'chrome70', 'firefox68', 'safari12']

rmSync('public/assets', { recursive: true, force: true })
const enhance = await build({
  entryPoints: ['app/browser/enhance.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  target,
  outdir: 'public/assets',
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
})
const enhanceFile = Object.keys(enhance.metafile.outputs).find((f) => f.endsWith('.js'))!
const enhanceUrl = `/${relative('public', enhanceFile)}`

mkdirSync('build', { recursive: true })
await build({
  entryPoints: ['app/browser/sw.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  target,
  outfile: 'build/sw.js',
  // Workbox logs in development builds only.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
})

// The offline page is a server-rendered route: its revision changes with the server build and the texts.
const revision = createHash('sha256')
for (const file of [
  'build/index.js',
  ...readdirSync('public/locales').flatMap((lng) =>
    readdirSync(join('public/locales', lng))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join('public/locales', lng, f)),
  ),
]) {
  revision.update(readFileSync(file))
}
const { count, size, warnings } = await injectManifest({
  swSrc: 'build/sw.js',
  swDest: 'public/sw.js',
  globDirectory: 'public',
  globPatterns: ['build/_assets/*.css', 'assets/enhance-*.js', 'favicon.svg'],
  additionalManifestEntries: [{ url: '/sin-conexion', revision: revision.digest('hex').slice(0, 16) }],
})
for (const warning of warnings) console.warn(warning)

writeFileSync('build/browser-assets.json', JSON.stringify({ enhance: enhanceUrl }))
const kb = (file: string) => (readFileSync(file).length / 1024).toFixed(1)
console.log(
  `enhancement script ${enhanceUrl} ${kb(enhanceFile)} KB; service worker public/sw.js ${kb('public/sw.js')} KB, precaches ${count} files (${(size / 1024).toFixed(1)} KB) + /sin-conexion; ${Date.now() - started} ms`,
)

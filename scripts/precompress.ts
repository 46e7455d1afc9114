// Brotli and gzip copies of the static files (fingerprinted CSS and scripts, the service
// worker, content diagrams, the translations the trainers' pages load), made once at build time at the highest levels so the
// server never compresses them per request (issue 16). express-static-gzip serves them.
//   tsx scripts/precompress.ts            (part of `npm run build`)
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const ROOTS = ['public/build', 'public/assets', 'public/contenido', 'public/sw.js', 'public/locales', 'public/favicon.svg']
const COMPRESSIBLE = /\.(js|css|svg|json)$/

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)))
}

let written = 0
let before = 0
let after = 0
for (const file of ROOTS.flatMap(filesUnder)) {
  // a copy whose source is gone (an older fingerprint) goes too
  if (/\.(br|gz)$/.test(file)) {
    if (!existsSync(file.replace(/\.(br|gz)$/, ''))) rmSync(file)
    continue
  }
  if (!COMPRESSIBLE.test(file)) continue
  const source = readFileSync(file)
  const copies: [string, () => Buffer][] = [
    [`${file}.br`, () => brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } })],
    [`${file}.gz`, () => gzipSync(source, { level: 9 })],
  ]
  for (const [target, compress] of copies) {
    // fingerprinted files never change; sw.js, diagrams and translations may, so compare times
    if (existsSync(target) && statSync(target).mtimeMs >= statSync(file).mtimeMs) continue
    writeFileSync(target, compress())
    written++
  }
  before += source.length
  after += existsSync(`${file}.br`) ? statSync(`${file}.br`).size : source.length
}
console.log(`precompressed static files: ${written} copies written; ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB with brotli`)

// What a first visit to a page transfers (compressed, as the browser receives it):
// the HTML plus every script, stylesheet and locale file it loads. Prints numbers.
//   npm run build && npm run start   (in another terminal, or npm run demo)
//   npm run report:size -- http://localhost:3000 /cursos/formalizacion-minera/titulo-minero /
import { gzipSync } from 'node:zlib'
import { learnerNamespaces } from '#app/i18n/config.ts'

const [base = 'http://localhost:3000', ...paths] = process.argv.slice(2)
const pages = paths.length ? paths : ['/', '/cursos/formalizacion-minera/titulo-minero']

async function transferred(url: string) {
  const res = await fetch(url, { headers: { 'accept-encoding': 'gzip', 'accept-language': 'es-CO' } })
  const body = Buffer.from(await res.arrayBuffer())
  // fetch() decompresses; measure what gzip would put on the wire when the server compresses.
  const encoded = res.headers.get('content-encoding') ? gzipSync(body).length : body.length
  return { raw: body.length, wire: encoded, text: body.toString('utf8') }
}

for (const path of pages) {
  const page = await transferred(new URL(path, base).href)
  const assets = new Set<string>()
  // What the browser downloads: stylesheets, module preloads, the inline imports and the manifest
  // (route modules of other pages are fetched only on navigation, so they are not counted).
  for (const m of page.text.matchAll(/<link[^>]+href="(\/build\/[^"]+\.(?:js|css))"/g)) assets.add(m[1])
  for (const m of page.text.matchAll(/import(?:\(| [^"]*from )"(\/build\/[^"]+\.js)"/g)) assets.add(m[1])
  // A learner's browser fetches these locale namespaces after hydration (app/root.tsx).
  for (const n of learnerNamespaces) assets.add(`/locales/es/${n}.json`)
  let total = page.wire
  const rows = [[`HTML ${path}`, page.raw, page.wire]] as [string, number, number][]
  for (const asset of assets) {
    const r = await transferred(new URL(asset, base).href)
    rows.push([asset, r.raw, r.wire])
    total += r.wire
  }
  console.log(`\n${path}`)
  for (const [name, raw, wire] of rows) console.log(`  ${(wire / 1024).toFixed(1).padStart(7)} KB gz  ${(raw / 1024).toFixed(1).padStart(7)} KB raw  ${name}`)
  console.log(`  ${(total / 1024).toFixed(1).padStart(7)} KB total transferred (budget 150 KB)`)
}

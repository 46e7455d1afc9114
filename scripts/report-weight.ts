// What learner pages weigh as the browser receives them: Chromium (Playwright) with CDP's
// encoded byte counts (headers + compressed bodies), everything fetched in the first 5 s.
//   npm run build && npm run demo          (or any running server)
//   npm run report:weight -- [base URL]    default http://localhost:3000
// For each page: a first visit in a fresh browser profile, then a repeat visit once the
// service worker is in charge; what the service worker fetched in the background (its
// precache) is counted apart. Set WEIGHT_USER / WEIGHT_SECRET to measure signed-in pages too
// (the demo miner is jaime.demo / 246810). Prints a table; asserts nothing.
import { chromium, type BrowserContext, type Page } from '@playwright/test'

const base = process.argv[2] ?? 'http://localhost:3000'
const WINDOW_MS = 5000
const BUDGET = { first: 30 * 1024, repeat: 8 * 1024, worker: 60 * 1024 }
const lesson = '/cursos/formalizacion-minera/titulo-minero'
const pages = [
  ['inicio', '/'],
  ['catálogo', '/cursos'],
  ['curso', '/cursos/formalizacion-minera'],
  ['lección', lesson],
  ['evaluación', '/cursos/formalizacion-minera/evaluaciones/entender-la-formalizacion'],
  ['programa', '/programas/certificacion-funcionarios'],
  ['verificar', '/verificar'],
  ['ingresar', '/ingresar'],
  ['registro', '/registro'],
  ['privacidad', '/privacidad'],
] as const

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})

/** Bytes the page itself received (CDP encodedDataLength: headers + body as sent) in the window. */
async function visit(context: BrowserContext, page: Page, url: string) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  let pageBytes = 0
  const files: string[] = []
  const urls = new Map<string, string>()
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url))
  cdp.on('Network.loadingFinished', (e) => {
    pageBytes += e.encodedDataLength
    if (e.encodedDataLength > 0) files.push(`${new URL(urls.get(e.requestId) ?? base).pathname} ${e.encodedDataLength}`)
  })
  await page.goto(new URL(url, base).href, { waitUntil: 'load' })
  await page.waitForTimeout(WINDOW_MS)
  await cdp.detach()
  return { pageBytes, files }
}

async function signIn(context: BrowserContext) {
  const page = await context.newPage()
  await page.goto(new URL('/ingresar', base).href)
  await page.fill('input[name=identifier]', process.env.WEIGHT_USER!)
  await page.fill('input[name=secret]', process.env.WEIGHT_SECRET!)
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/ingresar')), page.click('main button[type=submit]')])
  await page.close()
}

async function measure(name: string, url: string, signedIn: boolean) {
  const context = await browser.newContext({ locale: 'es-CO', viewport: { width: 390, height: 844 } })
  // Signing in opens /ingresar first: the service worker is already installed when the page is measured.
  if (signedIn) await signIn(context)
  let workerBytes = 0
  context.on('requestfinished', async (request) => {
    if (!request.serviceWorker()) return
    const sizes = await request.sizes().catch(() => null)
    if (sizes) workerBytes += sizes.responseBodySize + sizes.responseHeadersSize
  })
  const page = await context.newPage()
  const first = await visit(context, page, url)
  const workerFirst = workerBytes
  workerBytes = 0
  // Once the worker is in charge, the page's requests go through it: its network fetches count.
  const repeat = await visit(context, page, url)
  await context.close()
  return {
    name: signedIn ? `${name} (con cuenta)` : name,
    url,
    first: first.pageBytes + (signedIn ? workerFirst : 0),
    worker: signedIn ? 0 : workerFirst,
    repeat: repeat.pageBytes + workerBytes,
    files: first.files,
  }
}

const rows = []
for (const [name, url] of pages) rows.push(await measure(name, url, false))
if (process.env.WEIGHT_USER && process.env.WEIGHT_SECRET) {
  rows.push(await measure('lección', lesson, true))
  rows.push(await measure('curso', '/cursos/formalizacion-minera', true))
}
await browser.close()

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
const mark = (n: number, limit: number) => (n <= limit ? '✓' : '✗')
console.log(`\nPeso de las páginas (${base}; primeros ${WINDOW_MS / 1000} s; bytes codificados según Chromium)\n`)
console.log(`${'página'.padEnd(24)} ${'1.ª visita'.padStart(12)}   ${'repetida'.padStart(10)}   ${'service worker'.padStart(15)}   ruta`)
for (const r of rows) {
  console.log(
    `${r.name.padEnd(24)} ${kb(r.first).padStart(10)} ${mark(r.first, BUDGET.first)} ${kb(r.repeat).padStart(10)} ${mark(r.repeat, BUDGET.repeat)} ${kb(r.worker).padStart(13)} ${mark(r.worker, BUDGET.worker)}   ${r.url}`,
  )
}
console.log(`\nPresupuesto: 1.ª visita ≤ ${kb(BUDGET.first)}, repetida ≤ ${kb(BUDGET.repeat)}, service worker en segundo plano ≤ ${kb(BUDGET.worker)}.`)
const lessonRow = rows.find((r) => r.url === lesson)
if (lessonRow) console.log(`\nLección, 1.ª visita, archivo por archivo:\n  ${lessonRow.files.join('\n  ')}`)

// The HTTP server: allowed methods, security headers (static files too), static files,
// the cross-site check, bounded request bodies, then Remix.
// Plain JavaScript so production needs no TypeScript tooling; app logic lives in app/.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { broadcastDevReady } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import expressStaticGzip from 'express-static-gzip'
import helmet from 'helmet'
import { bodyLimit, hsts, methodGuard } from './http-guards.js'
import { createRequestHandler } from './remix-handler.js'
import { parseTrustProxy } from './trust-proxy.js'

const mode = process.env.NODE_ENV ?? 'development'
let trustProxy
try {
  trustProxy = parseTrustProxy(process.env.TRUST_PROXY)
} catch (error) {
  console.error(error.message)
  process.exit(1)
}
// Login cards and certificate QR codes print PUBLIC_BASE_URL: a real deployment must say where it is
// (the same rule as publicBaseUrlProblem in app/utils/env.server.ts). Development and the demo
// use the address they listen on.
if (mode === 'production' && process.env.AULA_DEMO !== '1' && !process.env.PUBLIC_BASE_URL) {
  console.error(
    'PUBLIC_BASE_URL is required in production: the public address of the site (e.g. https://aula.example.org), printed in login cards and certificate QR codes. Set it, or use `npm run demo` to try the app on this machine.',
  )
  process.exit(1)
}
const BUILD_PATH = path.resolve('build/index.js')
if (!existsSync(BUILD_PATH)) {
  console.error('No build found: run `npm run build` first.')
  process.exit(1)
}

async function importBuild() {
  return import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)
}
let build = await importBuild()
// `npm run demo` is the only production-mode start allowed to hold demo accounts.
if (mode === 'production' && process.env.AULA_DEMO !== '1') build.entry.module.assertNoDemoAccounts()

const app = express()
app.disable('x-powered-by')
if (trustProxy !== undefined) app.set('trust proxy', trustProxy)

// Security headers on every response, static files included. The page's CSP carries a
// fresh nonce; framing is refused by both frame-ancestors 'none' and X-Frame-Options: DENY.
const cspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'strict-dynamic'", "'self'", "'nonce-NONCE'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': mode === 'development' ? ["'self'", 'ws:'] : ["'self'"],
  // the service worker (public/sw.js); strict-dynamic would otherwise leave it to the nonce
  'worker-src': ["'self'"],
  'media-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
  'upgrade-insecure-requests': mode === 'production' && process.env.FORCE_HTTPS ? [] : null,
}
// helmet writes the policy once, with a placeholder where the nonce goes; each response
// then gets the same header with its own nonce, without rebuilding the string (issue 16).
const [cspBefore, cspAfter] = helmetCspHeader(cspDirectives).split('NONCE')
function helmetCspHeader(directives) {
  let header = ''
  helmet.contentSecurityPolicy({ directives })({}, { setHeader: (_name, value) => (header = value) }, () => {})
  if (header.split('NONCE').length !== 2) throw new Error('CSP template without exactly one nonce placeholder')
  return header
}
app.use((_req, res, next) => {
  const nonce = randomBytes(16).toString('hex')
  res.locals.nonce = nonce
  res.setHeader('Content-Security-Policy', cspBefore + nonce + cspAfter)
  next()
})
// helmet's other headers are the same on every response: worked out once, set in one step.
const securityHeaders = helmetStaticHeaders({
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
  // set below, only over HTTPS
  strictTransportSecurity: false,
  // set above, with the request's nonce
  contentSecurityPolicy: false,
})
function helmetStaticHeaders(options) {
  const headers = []
  helmet(options)({}, { setHeader: (name, value) => headers.push([name, value]), removeHeader: () => {} }, () => {})
  return headers
}
app.use((_req, res, next) => {
  for (const [name, value] of securityHeaders) res.setHeader(name, value)
  next()
})
app.use(hsts({ force: Boolean(process.env.FORCE_HTTPS) }))
// TRACE, PROPFIND… never reach a handler (405 with Allow; TRACE is never echoed).
app.use(methodGuard)
// Pages are streamed (no Content-Length, so no size threshold applies): zlib's fast levels
// (1–3) cost a third of the default level 6 per page for about 5 % more bytes (issue 16).
app.use(compression({ level: 3 }))

// Fingerprinted assets never change; the rest of public/ may. Their brotli and gzip copies are
// made at build time (scripts/precompress.ts) and sent as they are: no compression per request.
const precompressed = (folder, serveStatic) => expressStaticGzip(folder, { enableBrotli: true, orderPreference: ['br', 'gzip'], index: false, serveStatic })
app.use('/build', precompressed('public/build', { immutable: true, maxAge: '1y' }))
app.use('/assets', precompressed('public/assets', { immutable: true, maxAge: '1y' }))
// The service worker is checked for updates on every visit, never served stale from a cache.
app.get('/sw.js', (_req, res, next) =>
  res.sendFile(path.resolve('public/sw.js'), { cacheControl: false, headers: { 'Cache-Control': 'no-cache' } }, (e) => e && next()),
)
app.use('/audio', express.static('public/audio', { immutable: true, maxAge: '1y' }))
// The rest of public/ (favicon, locales, contenido…): only paths under one of its top-level
// names can be a file there, so other requests (every page) skip the file-system lookup.
// Development looks every time (the folder may change under a running server).
const publicStatic = precompressed('public', { maxAge: '1h' })
const publicNames = new Set(readdirSync('public'))
app.use((req, res, next) => {
  const first = req.path.split('/', 2)[1]
  if (mode === 'development' || first.includes('%') || publicNames.has(first)) return publicStatic(req, res, next)
  next()
})
app.use(['/build', '/assets', '/audio', '/contenido', '/locales'], (_req, res) => res.status(404).type('text').send('No encontrado'))

// CSRF stance (ADR 005): SameSite=Lax cookies plus a refusal of cross-site mutations.
app.use((req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
  const origin = req.get('origin')
  const host = req.get('x-forwarded-host') ?? req.get('host')
  const fetchSite = req.get('sec-fetch-site')
  let foreign = fetchSite === 'cross-site'
  if (origin && origin !== 'null') {
    try {
      foreign = new URL(origin).host !== host
    } catch {
      foreign = true
    }
  } else if (origin === 'null') foreign = true
  if (foreign) return res.status(403).type('text').send('Solicitud rechazada: origen no permitido.')
  next()
})

// Bodies are read here, never past 64 KB (1 MB for the CSV upload): 413 otherwise.
app.use(bodyLimit())

const getLoadContext = (req, res) => build.entry.module.getLoadContext(req, res)
const createHandler = () => createRequestHandler({ build, mode, getLoadContext })
let handleRemixRequest = createHandler()
app.all('*', (req, res, next) => handleRemixRequest(req, res, next))

// A crash in one request gets an error response; the process keeps serving.
app.use((error, _req, res, _next) => {
  console.error(error)
  if (!res.headersSent) res.status(500).type('text').send('Error interno. Intente de nuevo.')
})
process.on('unhandledRejection', (reason) => console.error('Unhandled rejection:', reason))

if (mode === 'development') {
  const { watch } = await import('chokidar')
  watch(BUILD_PATH, { ignoreInitial: true }).on('all', async () => {
    build = await importBuild()
    handleRemixRequest = createHandler()
    broadcastDevReady(build)
  })
}

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'
const server = app.listen(port, host, () => {
  console.log(`Aula Somos Tesoro escuchando en http://localhost:${port}`)
  if (mode === 'development') broadcastDevReady(build)
  // From here on, an exception thrown outside a request's promise chain (a stream
  // callback, a timer) is logged and the process keeps serving; the supervisor
  // (docs/deploy.md) restarts it if it dies anyway.
  process.on('uncaughtException', (error) => console.error('Uncaught exception (still serving):', error))
})
// Not being able to listen (port taken, no permission) is fatal.
server.on('error', (error) => {
  console.error(`No se pudo escuchar en ${host}:${port}:`, error.message)
  process.exit(1)
})

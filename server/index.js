// The HTTP server: the configuration check, the request log, allowed methods, security headers
// (static files too), /healthz, static files, the cross-site check, bounded request bodies, then
// Remix; a graceful shutdown on SIGTERM/SIGINT.
// Plain JavaScript so production needs no TypeScript tooling; app logic lives in app/.
import { randomFillSync } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { broadcastDevReady } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import expressStaticGzip from 'express-static-gzip'
import helmet from 'helmet'
import { parseConfig } from './config.js'
import { bodyLimit, methodGuard, setHsts } from './http-guards.js'
import { getLogger, requestLog, withRouteNotes } from './logging.js'
import { createRequestHandler } from './remix-handler.js'

// Every variable is checked before anything starts (server/config.js): one message naming each
// bad one, exit 1. A production start (not the demo) needs PUBLIC_BASE_URL.
let config
try {
  config = parseConfig(process.env, { server: true })
} catch (error) {
  console.error(error.message)
  process.exit(1)
}
const mode = config.NODE_ENV
const trustProxy = config.TRUST_PROXY
const logger = getLogger({ level: config.LOG_LEVEL })
const BUILD_PATH = path.resolve('build/index.js')
if (!existsSync(BUILD_PATH)) {
  console.error('No build found: run `npm run build` first.')
  process.exit(1)
}

async function importBuild() {
  return import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)
}
// Loading the build opens the database and applies pending migrations, all in one transaction:
// a failed migration stops the start here (exit 1, the database as it was).
let build
try {
  build = await importBuild()
} catch (error) {
  console.error(error?.name === 'MigrationError' ? `Cannot start: ${error.message}` : error)
  process.exit(1)
}
// `npm run demo` is the only production-mode start allowed to hold demo accounts.
if (mode === 'production' && !config.AULA_DEMO) build.entry.module.assertNoDemoAccounts()

const app = express()
app.disable('x-powered-by')
if (trustProxy !== undefined) app.set('trust proxy', trustProxy)

// One line per request (method, route pattern, status, ms), nothing personal (server/logging.js).
let routedBuild = withRouteNotes(build)
app.use(requestLog(logger, { build: () => routedBuild }))
let shuttingDown = false

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
  'upgrade-insecure-requests': mode === 'production' && config.FORCE_HTTPS ? [] : null,
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
// 16 random bytes per nonce, drawn from a pool refilled 256 nonces at a time: one call to the
// system's generator instead of one per request (issue 16).
const NONCE_BYTES = 16
const noncePool = Buffer.alloc(NONCE_BYTES * 256)
let noncePoolOffset = noncePool.length
function nextNonce() {
  if (noncePoolOffset === noncePool.length) {
    randomFillSync(noncePool)
    noncePoolOffset = 0
  }
  noncePoolOffset += NONCE_BYTES
  return noncePool.toString('hex', noncePoolOffset - NONCE_BYTES, noncePoolOffset)
}
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
// Every response's headers in one step (each middleware is a layer Express walks per request).
app.use((req, res, next) => {
  const nonce = nextNonce()
  res.locals.nonce = nonce
  res.setHeader('Content-Security-Policy', cspBefore + nonce + cspAfter)
  for (const [name, value] of securityHeaders) res.setHeader(name, value)
  setHsts(req, res, { force: config.FORCE_HTTPS })
  // While shutting down, every answer closes its connection (keep-alive would hold the exit).
  if (shuttingDown) res.setHeader('Connection', 'close')
  // TRACE, PROPFIND… never reach a handler (405 with Allow; TRACE is never echoed).
  methodGuard(req, res, next)
})

// For the supervisor or a monitor: 200 once the database answers (open, schema up to date, the
// file still the one opened), 503 otherwise. No session, nothing personal, never cached.
app.get('/healthz', (_req, res) => {
  const health = build.entry.module.checkDatabaseHealth()
  res.locals.route = '/healthz'
  res.setHeader('Cache-Control', 'no-store')
  res.type('text')
  if (health.ok) return res.status(200).send('ok')
  logger.warn({ reason: health.reason }, 'health check failed')
  res.status(503).send('unavailable')
})
// Static files: their own router, entered only by a path whose first name is one of public/'s
// (or a folder below), so a page walks one layer and no file-system lookup to get past them.
// Development looks every time (the folder may change under a running server).
// Fingerprinted assets never change; the rest of public/ may. Their brotli and gzip copies are
// made at build time (scripts/precompress.ts) and sent as they are: no compression per request.
// Development serves the files as they are (the copies are made by `npm run build` only and would
// go stale under an edited translation) and compresses them on the way out.
const precompressed = (folder, serveStatic) =>
  mode === 'development'
    ? [compression(), express.static(folder, { index: false, ...serveStatic })]
    : expressStaticGzip(folder, { enableBrotli: true, orderPreference: ['br', 'gzip'], index: false, serveStatic })
const staticFiles = express.Router()
staticFiles.use('/build', precompressed('public/build', { immutable: true, maxAge: '1y' }))
staticFiles.use('/assets', precompressed('public/assets', { immutable: true, maxAge: '1y' }))
// The service worker is checked for updates on every visit, never served stale from a cache.
staticFiles.get('/sw.js', precompressed('public', { cacheControl: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }))
staticFiles.use('/audio', express.static('public/audio', { immutable: true, maxAge: '1y' }))
staticFiles.use(precompressed('public', { maxAge: '1h' }))
staticFiles.use(['/build', '/assets', '/audio', '/contenido', '/locales'], (_req, res) => res.status(404).type('text').send('No encontrado'))
const publicNames = new Set(readdirSync('public'))
app.use((req, res, next) => {
  const first = req.path.split('/', 2)[1]
  if (mode === 'development' || first.includes('%') || publicNames.has(first)) return staticFiles(req, res, next)
  next()
})

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
// A page rendered to one string arrives already gzipped (app/utils/document-response.server.ts);
// what Remix streams is compressed here. zlib's fast levels (1–3) cost a third of the default
// level 6 for about 5 % more bytes (issue 16).
const compress = compression({ level: 3 })
const createHandler = () => createRequestHandler({ build: routedBuild, mode, getLoadContext, compress })
let handleRemixRequest = createHandler()
app.use((req, res, next) => handleRemixRequest(req, res, next))

// A crash in one request gets an error response; the process keeps serving.
app.use((error, _req, res, _next) => {
  logger.error({ err: error }, 'error in a request')
  if (!res.headersSent) res.status(500).type('text').send('Error interno. Intente de nuevo.')
})
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'))

if (mode === 'development') {
  const { watch } = await import('chokidar')
  watch(BUILD_PATH, { ignoreInitial: true }).on('all', async () => {
    build = await importBuild()
    routedBuild = withRouteNotes(build)
    handleRemixRequest = createHandler()
    broadcastDevReady(build)
  })
}

const port = config.PORT
const host = config.HOST ?? '0.0.0.0'
const server = app.listen(port, host, () => {
  logger.info(`Aula Somos Tesoro escuchando en http://localhost:${port}`)
  if (mode === 'development') broadcastDevReady(build)
  // From here on, an exception thrown outside a request's promise chain (a stream
  // callback, a timer) is logged and the process keeps serving; the supervisor
  // (docs/deploy.md) restarts it if it dies anyway.
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception (still serving)'))
})
// Not being able to listen (port taken, no permission) is fatal.
server.on('error', (error) => {
  console.error(`No se pudo escuchar en ${host}:${port}:`, error.message)
  process.exit(1)
})

// Graceful shutdown (SIGTERM from systemd or Docker, SIGINT from Ctrl+C): stop accepting, let the
// requests in flight finish (idle keep-alive connections are closed, busy ones close after their
// answer), then fold the WAL into the database file, close it and exit 0. After
// SHUTDOWN_TIMEOUT_MS the remaining connections are cut and the process exits 1.
function shutdown(signal) {
  if (shuttingDown) return
  shuttingDown = true
  logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight')
  const idle = setInterval(() => server.closeIdleConnections(), 100)
  const timeout = setTimeout(() => {
    logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'requests still in flight at the shutdown timeout: cutting them')
    server.closeAllConnections()
    exit(1)
  }, config.SHUTDOWN_TIMEOUT_MS)
  server.close(() => exit(0))
  function exit(code) {
    clearInterval(idle)
    clearTimeout(timeout)
    try {
      build.entry.module.closeDatabase()
      logger.info('database closed')
    } catch (error) {
      logger.error({ err: error }, 'could not close the database')
      code = 1
    }
    logger.info({ code }, 'stopped')
    process.exit(code)
  }
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))

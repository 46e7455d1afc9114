// The server's log: JSON lines on stdout from pino, written asynchronously (flushed at exit).
// One line per request with the method, the route PATTERN (`/cursos/:curso/:leccion`, never the
// URL, which may carry a username or a certificate code), the status and the time in ms. Nothing
// personal: no address, no query string, no user, no cookie, no header.
//
// The pattern comes from Remix's own matching, without a second matching pass: every route's
// loader and action is wrapped once at start to note its route id in the request's load context
// (the deepest route wins), the document handler in app/entry.server.tsx notes the leaf it
// rendered, and server/remix-handler.js copies the id to res.locals.routeId. Static files log
// their folder (`/assets/*`); anything refused before Remix (405, 413, cross-site 403) logs
// `route: null`.
import { readdirSync } from 'node:fs'
import pino from 'pino'

const KEY = Symbol.for('aula.logger')

/**
 * The process's logger; the first call creates it (server/index.js passes LOG_LEVEL). The app's
 * build gets the same instance (app/entry.server.tsx) through a global, as the build is a separate
 * bundle with its own copy of this module.
 * @param {{ level?: string }} [options]
 * @returns {import('pino').Logger}
 */
export function getLogger({ level } = {}) {
  const store = /** @type {any} */ (globalThis)
  store[KEY] ??= pino(
    {
      level: level ?? process.env.LOG_LEVEL ?? 'info',
      base: undefined,
      // `time` in epoch ms (pino's default): about 0.5 µs a line cheaper than an ISO string
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 1, sync: false }),
  )
  return store[KEY]
}

/**
 * `/cursos/:curso/:leccion` for each route id of a Remix build, and how deep it is.
 * @param {{ routes: Record<string, { id: string, parentId?: string, path?: string }> }} build
 * @returns {Map<string, { pattern: string, depth: number }>}
 */
export function routePatterns(build) {
  /** @type {Map<string, { pattern: string, depth: number }>} */
  const patterns = new Map()
  const of = (id) => {
    const known = patterns.get(id)
    if (known) return known
    const route = build.routes[id]
    const parent = route.parentId ? of(route.parentId) : { pattern: '/', depth: -1 }
    const path = route.path ? route.path.replace(/^\/+|\/+$/g, '') : ''
    const pattern = path ? `${parent.pattern.replace(/\/$/, '')}/${path}` : parent.pattern
    const entry = { pattern, depth: parent.depth + 1 }
    patterns.set(id, entry)
    return entry
  }
  for (const id of Object.keys(build.routes)) of(id)
  return patterns
}

/**
 * A copy of the build whose loaders and actions note their route id in the load context
 * (`context.routeId`, the deepest one called). A few nanoseconds per loader call.
 * @template {{ routes: Record<string, any> }} B
 * @param {B} build
 * @returns {B}
 */
export function withRouteNotes(build) {
  const patterns = routePatterns(build)
  const routes = {}
  for (const [id, route] of Object.entries(build.routes)) {
    const depth = patterns.get(id).depth
    const module = { ...route.module }
    for (const name of ['loader', 'action']) {
      const original = route.module[name]
      if (typeof original !== 'function') continue
      module[name] = (args) => {
        const context = args.context
        if (context && !(depth <= context.routeDepth)) {
          context.routeId = id
          context.routeDepth = depth
        }
        return original(args)
      }
    }
    routes[id] = { ...route, module }
  }
  return { ...build, routes }
}

/**
 * Express middleware: one line per request when its response ends (or the client goes away).
 * @param {import('pino').Logger} logger
 * @param {{ build: () => { routes: Record<string, any> }, publicDir?: string }} options
 */
export function requestLog(logger, { build, publicDir = 'public' }) {
  // Static folders and files: a request under one of these names logs the name, never the rest.
  const staticNames = new Set(['build', 'assets', 'audio', ...readdirSync(publicDir)])
  let patternsOf = null
  let patterns = new Map()
  const patternOf = (id) => {
    const current = build()
    if (patternsOf !== current) {
      patterns = routePatterns(current)
      patternsOf = current
    }
    return patterns.get(id)?.pattern ?? null
  }
  const staticRoute = (url) => {
    const end = url.slice(1).search(/[/?#]/)
    const first = end === -1 ? url.slice(1) : url.slice(1, end + 1)
    if (!staticNames.has(first)) return null
    return url.length > first.length + 1 && url[first.length + 1] === '/' ? `/${first}/*` : `/${first}`
  }
  return (req, res, next) => {
    const start = performance.now()
    res.once('close', () => {
      const locals = res.locals
      let route = locals.route ?? null
      if (route === null && locals.routeId) {
        route = patternOf(locals.routeId)
        if (route !== null && req.originalUrl.split('?', 1)[0].endsWith('.data')) route += '.data'
      }
      if (route === null) route = staticRoute(req.originalUrl)
      const line = { method: req.method, route, status: res.statusCode, ms: Math.round((performance.now() - start) * 10) / 10 }
      if (!res.writableFinished) line.aborted = true
      logger.info(line)
    })
    next()
  }
}

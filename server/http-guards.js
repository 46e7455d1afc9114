// Bounded work per request, before anything reaches Remix: allowed methods, body size
// limits enforced while the body is read, HSTS only over HTTPS, and the small Spanish
// error pages for the refusals (texts from public/locales/<lng>/common.json → errors.*).
import { readFileSync } from 'node:fs'
import path from 'node:path'

export const FORM_LIMIT = 64 * 1024
export const UPLOAD_LIMIT = 1024 * 1024
export const BODY_TIMEOUT_MS = 30_000
const LINGER_MS = 2000
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST']
const ALLOW = ALLOWED_METHODS.join(', ')

// The one route that takes a file: a trainer's CSV of participants (document or single-fetch `.data` POST).
const UPLOAD_PATH = /^\/formacion\/grupos\/[^/]+\/participantes(?:\.data)?\/?$/

export function bodyLimitFor(pathname) {
  return UPLOAD_PATH.test(pathname) ? UPLOAD_LIMIT : FORM_LIMIT
}

// ---- error pages -------------------------------------------------------------------
const LANGUAGES = ['es', 'en']
const htmlLang = { es: 'es-CO', en: 'en' }

function loadTexts(localesDir) {
  const texts = {}
  for (const lng of LANGUAGES) {
    texts[lng] = JSON.parse(readFileSync(path.join(localesDir, lng, 'common.json'), 'utf8')).errors
  }
  return texts
}
const texts = loadTexts(path.resolve('public/locales'))

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

/** The language the app would pick: its `ast_lng` cookie, else the first Accept-Language tag, else Spanish. */
export function languageOf(req) {
  const match = /(?:^|;\s*)ast_lng=([^;]*)/.exec(req.headers.cookie ?? '')
  if (match) {
    try {
      // remix `createCookie` without secrets: base64(JSON) then URI-encoded
      const value = JSON.parse(Buffer.from(decodeURIComponent(match[1]), 'base64').toString('utf8'))
      if (LANGUAGES.includes(value)) return value
    } catch {
      // fall through to the header
    }
  }
  const first = String(req.headers['accept-language'] ?? '')
    .trim()
    .toLowerCase()
  return first.startsWith('en') ? 'en' : 'es'
}

export function errorPage(lng, kind, status) {
  const t = texts[lng] ?? texts.es
  const page = t[kind] ?? t.serverError
  return `<!DOCTYPE html>
<html lang="${htmlLang[lng] ?? 'es-CO'}" dir="ltr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)} · Aula Somos Tesoro</title></head>
<body>
<main id="contenido">
<p>${status}</p>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.body)}</p>
<p><a href="/">${escapeHtml(t.backHome)}</a></p>
</main>
</body>
</html>
`
}

/**
 * Answers now with the Spanish page; the rest of an unread body is never buffered and
 * the connection is closed at most LINGER_MS after the answer.
 */
export function refuse(req, res, status, kind, { close = true } = {}) {
  if (res.headersSent) {
    req.socket.destroy()
    return
  }
  const body = errorPage(languageOf(req), kind, status)
  res.status(status)
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  if (close && !req.complete) {
    // Lingering close: once the page is written, the rest of the body is read and
    // dropped (never buffered) for at most LINGER_MS so that a client still sending
    // can read the answer; then the connection is cut, whatever is left. (A plain
    // `Connection: close` makes Node reset the socket at once, and many clients then
    // report a write error instead of the 413.)
    const socket = req.socket
    // When the client itself asked for `Connection: close`, Node ends the response with
    // `socket.destroySoon()`, which destroys the socket as soon as the page is flushed:
    // unread request bytes then make the kernel send a reset that can wipe the answer
    // before the client reads it. Half-close instead (FIN after the page) and let the
    // linger below cut the connection.
    socket.destroySoon = () => socket.end()
    res.on('finish', () => {
      if (req.complete) return
      const timer = setTimeout(() => socket.destroy(), LINGER_MS)
      timer.unref()
      socket.once('close', () => clearTimeout(timer))
      req.once('end', () => {
        clearTimeout(timer)
        socket.destroy()
      })
      req.on('data', () => {})
      req.resume()
    })
  }
  res.end(req.method === 'HEAD' ? undefined : body)
}

// ---- middleware ----------------------------------------------------------------------

/** TRACE, PROPFIND, PUT… → 405 with Allow (never an echo); OPTIONS → 204 with Allow. */
export function methodGuard(req, res, next) {
  if (ALLOWED_METHODS.includes(req.method)) return next()
  res.setHeader('Allow', ALLOW)
  if (req.method === 'OPTIONS') {
    res.status(204).end()
    return
  }
  refuse(req, res, 405, 'methodNotAllowed')
}

/**
 * Reads a POST body into memory, never past its limit (64 KB, 1 MB for the CSV upload):
 * a declared Content-Length over the limit is refused before reading a byte, a chunked
 * body as soon as the count passes it. The bytes go to Remix as `res.locals.body`.
 */
export function bodyLimit({ timeoutMs = BODY_TIMEOUT_MS } = {}) {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    const limit = bodyLimitFor(req.path)
    const declared = req.headers['content-length']
    if (declared !== undefined && Number(declared) > limit) return refuse(req, res, 413, 'tooLarge')

    const chunks = []
    let size = 0
    const timer = setTimeout(() => stop(408, 'timeout'), timeoutMs)
    function cleanup() {
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    function stop(status, kind) {
      cleanup()
      chunks.length = 0
      refuse(req, res, status, kind)
    }
    function onData(chunk) {
      size += chunk.length
      if (size > limit) stop(413, 'tooLarge')
      else chunks.push(chunk)
    }
    function onEnd() {
      cleanup()
      res.locals.body = Buffer.concat(chunks, size)
      next()
    }
    function onError() {
      // the client went away mid-body (or sent a broken chunked encoding)
      cleanup()
      chunks.length = 0
      if (!req.socket.destroyed) refuse(req, res, 400, 'badRequest')
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  }
}

/** HSTS only where it means something: the request came over HTTPS, or FORCE_HTTPS says it always does. */
export function setHsts(req, res, { force = false } = {}) {
  if (force || req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
}

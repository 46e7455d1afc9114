// Remix behind Express, as @remix-run/express 2.17 does it (same request/response mapping), with two differences:
// the body is the one bodyLimit() already read (bounded), and responses for a signed-in
// session are never stored by a browser or proxy (no Back-button view of Mi cuenta or
// login cards after sign-out on a shared computer).
import { createRequestHandler as createNodeHandler, writeReadableStreamToWritable } from '@remix-run/node'

const DOCUMENT_BYTES = Symbol.for('aula.documentBytes')

function createRemixHeaders(requestHeaders) {
  const headers = new Headers()
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue
    if (Array.isArray(values)) for (const value of values) headers.append(key, value)
    else headers.set(key, values)
  }
  return headers
}

async function sendRemixResponse(req, res, response, compress) {
  res.statusMessage = response.statusText
  res.status(response.status)
  // Express's append reads the header back and re-checks the content type; most are new here.
  for (const [key, value] of response.headers) {
    if (res.hasHeader(key)) res.append(key, value)
    else res.setHeader(key, value)
  }
  if (response.headers.get('Content-Type')?.match(/text\/event-stream/i)) res.flushHeaders()
  // A page rendered to one string (app/utils/document-response.server.ts) goes out in one write.
  const documentBytes = response[DOCUMENT_BYTES]
  if (documentBytes) res.end(documentBytes)
  else if (response.body) {
    // Streamed pages (trainers, admins) and files (CSV, JSON): compressed on the way out. Only
    // these pay for the compression middleware's stream; it lets pre-encoded bodies through.
    compress(req, res, () => {})
    await writeReadableStreamToWritable(response.body, res)
  } else res.end()
}

function createRemixRequest(req, res) {
  const [, forwardedPort] = req.get('X-Forwarded-Host')?.split(':') ?? []
  const [, hostPort] = req.get('host')?.split(':') ?? []
  const portNumber = Number.parseInt(forwardedPort, 10)
  const hostPortNumber = Number.parseInt(hostPort, 10)
  const port = Number.isSafeInteger(portNumber) ? portNumber : Number.isSafeInteger(hostPortNumber) ? hostPortNumber : ''
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
  let controller = new AbortController()
  const init = { method: req.method, headers: createRemixHeaders(req.headers), signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') init.body = res.locals.body ?? Buffer.alloc(0)
  res.on('finish', () => (controller = null))
  res.on('close', () => controller?.abort())
  return new Request(url.href, init)
}

function setPrivacyHeaders(headers, signedIn) {
  const vary = headers.get('Vary')
  if (!vary || !/(^|,)\s*cookie\s*(,|$)/i.test(vary)) headers.append('Vary', 'Cookie')
  if (signedIn) headers.set('Cache-Control', 'no-store')
}

/** Every response to a signed-in session: Cache-Control: no-store; every response: Vary: Cookie. */
export function withPrivacyHeaders(response, signedIn) {
  try {
    setPrivacyHeaders(response.headers, signedIn)
    return response
  } catch {
    // immutable headers (e.g. Response.redirect): copy the response
    const copy = new Response(response.body, response)
    setPrivacyHeaders(copy.headers, signedIn)
    return copy
  }
}

export function createRequestHandler({ build, mode, getLoadContext, compress }) {
  const handleRequest = createNodeHandler(build, mode)
  return async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res)
      const context = await getLoadContext(req, res)
      const response = await handleRequest(request, context)
      // for the request log (server/logging.js): the route Remix matched
      res.locals.routeId = context?.routeId
      await sendRemixResponse(req, res, withPrivacyHeaders(response, Boolean(context?.user)), compress)
    } catch (error) {
      next(error)
    }
  }
}

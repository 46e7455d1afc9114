import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import Negotiator from 'negotiator'

/** Where server/remix-handler.js finds a document's finished bytes (see `documentResponse`). */
export const DOCUMENT_BYTES = Symbol.for('aula.documentBytes')

// Below this a compressed page saves less than a packet; the same threshold as the compression middleware.
const MIN_COMPRESSED_BYTES = 1024
// zlib's fast levels: a third of the default level's time for about 5 % more bytes (issue 16).
const GZIP_LEVEL = 3

/**
 * A page rendered to one string, compressed in one call and sent in one write.
 * The compression middleware's stream (a transform, a trip to the thread pool, a chunk at a
 * time) cost four times the compression itself and was the largest single cost of a small
 * page (issue 16). gzip, not brotli, for pages made per request: twice as fast for about 6 %
 * more bytes. Asynchronous on purpose: the deflate runs on libuv's thread pool, so on two cores
 * a page's compression overlaps the next page's rendering (+10 % pages per second measured side
 * by side against the synchronous call, though the event loop's own time is about the same).
 */
export async function documentResponse(html: string, request: Request, headers: Headers, status: number): Promise<Response> {
  headers.set('Content-Type', 'text/html; charset=utf-8')
  headers.append('Vary', 'Accept-Encoding')
  let bytes: Buffer = Buffer.from(html)
  if (bytes.length >= MIN_COMPRESSED_BYTES && acceptsGzip(request)) {
    // A window no larger than the page compresses it the same, and costs less to set up.
    bytes = await gzipAsync(bytes, { level: GZIP_LEVEL, windowBits: Math.min(15, Math.max(9, Math.ceil(Math.log2(bytes.length)))) })
    headers.set('Content-Encoding', 'gzip')
  }
  headers.set('Content-Length', String(bytes.length))
  const response = new Response(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as BodyInit, { headers, status })
  // The server writes these bytes at once instead of reading them back through a web stream.
  Object.defineProperty(response, DOCUMENT_BYTES, { value: bytes })
  return response
}

const gzipAsync = promisify(gzip)

function acceptsGzip(request: Request) {
  const accept = request.headers.get('Accept-Encoding')
  if (!accept) return false
  return new Negotiator({ headers: { 'accept-encoding': accept } }).encoding(['gzip', 'identity']) === 'gzip'
}

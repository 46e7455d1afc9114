/**
 * Reads a form submission, or answers 400 with the Spanish error page.
 *
 * Only the two encodings an HTML form sends are accepted. URL-encoded bodies are
 * checked byte by byte (valid UTF-8, every `%` followed by two hex digits, every
 * decoded value valid UTF-8) in one linear pass; a multipart body that the parser
 * rejects, or whose text fields are not UTF-8, is refused the same way. The size was
 * already bounded by server/index.js (64 KB, 1 MB for the CSV upload) before this runs.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const BAD_PERCENT = /%(?![0-9a-fA-F]{2})/

export function badRequest(): Response {
  return new Response('Solicitud no válida', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

export function mediaTypeOf(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
}

/** Parses `a=1&b=2` strictly; returns null when the body is not valid URL-encoded UTF-8. */
export function parseUrlEncoded(bytes: Uint8Array): FormData | null {
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch {
    return null
  }
  if (BAD_PERCENT.test(text)) return null
  const form = new FormData()
  if (text.length === 0) return form
  for (const pair of text.split('&')) {
    if (pair.length === 0) continue
    const eq = pair.indexOf('=')
    const rawName = eq === -1 ? pair : pair.slice(0, eq)
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1)
    try {
      form.append(decodeURIComponent(rawName.replaceAll('+', ' ')), decodeURIComponent(rawValue.replaceAll('+', ' ')))
    } catch {
      return null // URIError: percent-encoded bytes that are not UTF-8
    }
  }
  return form
}

export async function readFormData(request: Request): Promise<FormData> {
  const type = mediaTypeOf(request)
  if (type === 'application/x-www-form-urlencoded') {
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await request.arrayBuffer())
    } catch {
      throw badRequest()
    }
    const form = parseUrlEncoded(bytes)
    if (!form) throw badRequest()
    return form
  }
  if (type === 'multipart/form-data') {
    let form: FormData
    try {
      form = await request.formData()
    } catch {
      throw badRequest()
    }
    for (const [name, value] of form) {
      // The multipart parser decodes text as UTF-8 with replacement; U+FFFD means it was not UTF-8.
      if (name.includes('\uFFFD') || (typeof value === 'string' && value.includes('\uFFFD'))) throw badRequest()
    }
    return form
  }
  throw badRequest()
}

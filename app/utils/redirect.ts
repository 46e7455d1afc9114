/**
 * The one place that decides whether a `redirectTo`/`next` value may be followed.
 * Only a same-origin path is accepted: it starts with a single `/`, holds only
 * printable ASCII (so it is a valid Location header and no browser strips or
 * reinterprets a character), has no backslash, and no control character either raw
 * or percent-encoded (`/%09/evil.example/` becomes `//evil.example/` once a browser
 * drops the tab). Anything else gets the fallback.
 */
const MAX_LENGTH = 2048
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/
// %00–%1F and %7F (control characters), %5C (backslash), %2F/%5C right after the leading slash.
const ENCODED_DANGER = /%(?:[01][0-9a-f]|7f|5c)/i
const BASE = 'http://same-origin.invalid'

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || to.length === 0 || to.length > MAX_LENGTH) return fallback
  if (!PRINTABLE_ASCII.test(to)) return fallback
  if (to[0] !== '/' || to[1] === '/' || to.includes('\\')) return fallback
  if (ENCODED_DANGER.test(to) || /^\/%2f/i.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, BASE)
  } catch {
    return fallback
  }
  if (url.origin !== BASE) return fallback
  return to
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { getServerSecret } from '#app/db/secrets.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"; ADR 015).
// A browser where someone signed in successfully gets a signed entry naming that account.
// A later sign-in attempt for the same account that presents a valid entry is counted on
// that device's own budget (app/auth/limits.server.ts, admitTrustedSignIn), not on the
// account's or the address's, so an outsider who exhausts those cannot lock the owner out
// of the phone or browser they already use. One cookie holds up to MAX_DEVICE_ENTRIES
// accounts (a shared community-centre computer); each entry works for its account only.

export const DEVICE_COOKIE = 'ast_device'
export const DEVICE_COOKIE_DAYS = 365
export const MAX_DEVICE_ENTRIES = 10
const VERSION = 'd1'
// Only the sign-in action reads it: the browser need not send it anywhere else.
const PATH = '/ingresar'
const DAY_MS = 86_400_000

export type DeviceEntry = { userId: string; nonce: string; issuedAt: number }

function mac(userId: string, nonce: string, issuedAt: number): string {
  return createHmac('sha256', getServerSecret('device-cookies')).update(`${VERSION}|${userId}|${nonce}|${issuedAt}`).digest('base64url')
}

function encode(entry: DeviceEntry): string {
  return `${entry.userId}.${entry.nonce}.${entry.issuedAt.toString(36)}.${mac(entry.userId, entry.nonce, entry.issuedAt)}`
}

function decode(raw: string, now: number): DeviceEntry | null {
  const parts = raw.split('.')
  if (parts.length !== 4) return null
  const [userId, nonce, issued, given] = parts as [string, string, string, string]
  if (!/^[\w-]{1,64}$/.test(userId) || !/^[\w-]{16,64}$/.test(nonce) || !/^[0-9a-z]{1,12}$/.test(issued)) return null
  const issuedAt = parseInt(issued, 36)
  const expected = Buffer.from(mac(userId, nonce, issuedAt))
  const actual = Buffer.from(given)
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null
  // Expired, or issued in the future (a clock far off): not trusted.
  if (issuedAt > now + DAY_MS || now - issuedAt > DEVICE_COOKIE_DAYS * DAY_MS) return null
  return { userId, nonce, issuedAt }
}

function rawCookie(cookieHeader: string | null | undefined): string {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === DEVICE_COOKIE) return part.slice(eq + 1).trim()
  }
  return ''
}

/** The valid, unexpired entries of the device cookie in a Cookie header (forged or tampered ones are dropped). */
export function readDeviceEntries(cookieHeader: string | null | undefined, now = Date.now()): DeviceEntry[] {
  const value = rawCookie(cookieHeader)
  if (!value || value.length > 4096) return []
  return value
    .split('~')
    .slice(0, MAX_DEVICE_ENTRIES)
    .map((raw) => decode(raw, now))
    .filter((e): e is DeviceEntry => e !== null)
}

/** The id this browser holds for `userId` (the key of its own sign-in budget), or null if it holds none. */
export function trustedDeviceFor(cookieHeader: string | null | undefined, userId: string, now = Date.now()): string | null {
  return readDeviceEntries(cookieHeader, now).find((e) => e.userId === userId)?.nonce ?? null
}

/**
 * The Set-Cookie value after a successful sign-in of `userId`: a fresh entry for that
 * account first, then the other accounts' valid entries, at most MAX_DEVICE_ENTRIES.
 */
export function issueDeviceCookie(cookieHeader: string | null | undefined, userId: string, now = Date.now()): string {
  const fresh: DeviceEntry = { userId, nonce: randomBytes(12).toString('base64url'), issuedAt: now }
  const kept = readDeviceEntries(cookieHeader, now).filter((e) => e.userId !== userId)
  const value = [fresh, ...kept].slice(0, MAX_DEVICE_ENTRIES).map(encode).join('~')
  const attributes = [`Path=${PATH}`, `Max-Age=${DEVICE_COOKIE_DAYS * 86_400}`, 'HttpOnly', 'SameSite=Lax']
  if (getEnv().NODE_ENV === 'production') attributes.push('Secure')
  return `${DEVICE_COOKIE}=${value}; ${attributes.join('; ')}`
}

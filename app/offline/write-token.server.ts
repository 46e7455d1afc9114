import { createHmac, timingSafeEqual } from 'node:crypto'
import { getServerSecret } from '#app/db/secrets.server.ts'

// A write made on a phone with no signal, or at a shared computer, may reach the server
// long after the page was shown, and after someone else signed in on the same browser.
// Each page that can write carries a token the server signed for the learner it was shown
// to, naming the one thing it may do (mark this lesson read, submit this attempt). The
// server credits the learner in the token, or refuses; never whoever is signed in now.

export type WriteKind = 'lesson' | 'quiz'

/** Long enough for a course read offline for weeks; short enough that an old copy stops working. */
export const WRITE_TOKEN_DAYS = 30
const VERSION = 'w1'

type Payload = { u: string; k: WriteKind; t: string; iat: number; exp: number }

function sign(body: string): string {
  return createHmac('sha256', getServerSecret('offline-write-tokens')).update(body).digest('base64url')
}

export function issueWriteToken(userId: string, kind: WriteKind, target: string, now = new Date()): string {
  const payload: Payload = { u: userId, k: kind, t: target, iat: now.getTime(), exp: now.getTime() + WRITE_TOKEN_DAYS * 86_400_000 }
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  return `${body}.${sign(body)}`
}

export type WriteTokenCheck = { ok: true; userId: string; issuedAt: Date } | { ok: false; reason: 'invalid' | 'expired' | 'otherTarget' }

/** Checks a token for one kind of write on one target (a lesson id, an attempt id). */
export function checkWriteToken(token: string, kind: WriteKind, target: string, now = new Date()): WriteTokenCheck {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== VERSION || token.length > 1024) return { ok: false, reason: 'invalid' }
  const body = `${parts[0]}.${parts[1]}`
  const expected = Buffer.from(sign(body))
  const given = Buffer.from(parts[2]!)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' }
  let payload: Payload
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Payload
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (payload.k !== kind || payload.t !== target) return { ok: false, reason: 'otherTarget' }
  if (now.getTime() > payload.exp) return { ok: false, reason: 'expired' }
  return { ok: true, userId: payload.u, issuedAt: new Date(payload.iat) }
}

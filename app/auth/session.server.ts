import { eq } from 'drizzle-orm'
import type { Session, User } from 'lucia'
import { db } from '#app/db/client.server.ts'
import { sessions } from '#app/db/schema.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { lucia } from './lucia.server.ts'

/** A shared-computer session ends after this long without a request. */
export const SHARED_IDLE_MS = 30 * 60 * 1000
/** How often the idle clock is written, to avoid a write on every request. */
const LAST_SEEN_RESOLUTION_MS = 60 * 1000

export type SessionUser = User
export type AuthSession = Session

export type ResolvedSession = {
  user: SessionUser | null
  session: AuthSession | null
  /** Set-Cookie values the response must carry (refresh or removal). */
  setCookies: string[]
  /** Set when this request found a shared-computer session past its idle limit and ended it. */
  endedByIdle?: true
}

export async function createUserSession(userId: string, { shared }: { shared: boolean }, now = Date.now()) {
  const session = await lucia.createSession(userId, { shared, lastSeenAt: now })
  const cookie = lucia.createSessionCookie(session.id)
  // On a shared computer the cookie dies with the browser: no Max-Age.
  if (shared) cookie.attributes.maxAge = undefined
  return { session, cookie: cookie.serialize() }
}

/** Reads the session cookie and applies expiry, idle sign-out and deactivation. */
export async function resolveSession(cookieHeader: string | null | undefined, now = Date.now()): Promise<ResolvedSession> {
  const sessionId = lucia.readSessionCookie(cookieHeader ?? '')
  if (!sessionId) return { user: null, session: null, setCookies: [] }
  const blank = () => ({ user: null, session: null, setCookies: [lucia.createBlankSessionCookie().serialize()] })

  const { session, user } = await lucia.validateSession(sessionId)
  if (!session || !user) return blank()
  const idleFor = now - session.lastSeenAt
  if (user.deactivated) {
    await lucia.invalidateSession(session.id)
    return blank()
  }
  if (session.shared && idleFor > SHARED_IDLE_MS) {
    await lucia.invalidateSession(session.id)
    return { ...blank(), endedByIdle: true }
  }
  if (idleFor > LAST_SEEN_RESOLUTION_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id)).run()
  }
  const setCookies = session.fresh && !session.shared ? [lucia.createSessionCookie(session.id).serialize()] : []
  return { user, session, setCookies }
}

export async function destroySession(sessionId: string) {
  await lucia.invalidateSession(sessionId)
  return lucia.createBlankSessionCookie().serialize()
}

// After an idle sign-out the sign-in page says why: a short-lived cookie set by the request that
// ended the session (whatever page it asked for) and read once by /ingresar.
const NOTICE_COOKIE = 'ast_aviso'
const NOTICE_MAX_AGE_S = 15 * 60

function noticeCookie(value: string, maxAge: number) {
  const secure = getEnv().NODE_ENV === 'production' ? '; Secure' : ''
  return `${NOTICE_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`
}

/** Set-Cookie for the notice "your session was closed after 30 minutes without use". */
export function idleNoticeCookie() {
  return noticeCookie('inactividad', NOTICE_MAX_AGE_S)
}

/** Whether the request carries the idle sign-out notice, and the Set-Cookie that removes it once shown. */
export function readIdleNotice(request: Request): { idle: boolean; clearCookie: string | null } {
  const idle = (request.headers.get('Cookie') ?? '').split(';').some((c) => c.trim() === `${NOTICE_COOKIE}=inactividad`)
  return { idle, clearCookie: idle ? noticeCookie('', 0) : null }
}

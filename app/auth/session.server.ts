import { eq } from 'drizzle-orm'
import type { Session, User } from 'lucia'
import { db } from '#app/db/client.server.ts'
import { sessions } from '#app/db/schema.ts'
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
  if (user.deactivated || (session.shared && idleFor > SHARED_IDLE_MS)) {
    await lucia.invalidateSession(session.id)
    return blank()
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

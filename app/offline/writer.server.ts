import type { AppLoadContext } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { db } from '#app/db/client.server.ts'
import { users } from '#app/db/schema.ts'
import { WRITE_TOKEN_FIELD } from './fields.ts'
import { checkWriteToken, type WriteKind } from './write-token.server.ts'

export type Writer = { ok: true; userId: string; pageShownAt: Date | null; signedInAsWriter: boolean } | { ok: false; reason: 'signIn' | 'refused' }

/**
 * Whom a lesson or quiz write is for. A form with a write token credits the learner the
 * page was shown to, whoever is signed in now (a write queued offline and sent after the
 * next person signed in, or sent after the shared-computer sign-out). A token that is
 * forged, expired or for another target is refused, never credited to the session. A form
 * without a token (a page from before tokens) is the signed-in learner's, as always.
 * A token outlives sessions, so it is only as good as its account: one deactivated (or gone)
 * since the page was shown is refused, as its sessions are (app/auth/session.server.ts).
 */
export function writerOf(form: FormData, context: AppLoadContext, kind: WriteKind, target: string, now = new Date()): Writer {
  const token = form.get(WRITE_TOKEN_FIELD)
  const sessionUserId = context.user?.id ?? null
  if (typeof token === 'string' && token !== '') {
    const checked = checkWriteToken(token, kind, target, now)
    if (!checked.ok || !isActiveAccount(checked.userId)) return { ok: false, reason: 'refused' }
    return { ok: true, userId: checked.userId, pageShownAt: checked.issuedAt, signedInAsWriter: checked.userId === sessionUserId }
  }
  if (!sessionUserId) return { ok: false, reason: 'signIn' }
  return { ok: true, userId: sessionUserId, pageShownAt: null, signedInAsWriter: true }
}

function isActiveAccount(userId: string): boolean {
  const row = db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId)).get()
  return Boolean(row && !row.deactivatedAt)
}

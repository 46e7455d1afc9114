import type { AppLoadContext } from '@remix-run/node'
import { WRITE_TOKEN_FIELD } from './fields.ts'
import { checkWriteToken, type WriteKind } from './write-token.server.ts'

export type Writer = { ok: true; userId: string; pageShownAt: Date | null; signedInAsWriter: boolean } | { ok: false; reason: 'signIn' | 'refused' }

/**
 * Whom a lesson or quiz write is for. A form with a write token credits the learner the
 * page was shown to, whoever is signed in now (a write queued offline and sent after the
 * next person signed in, or sent after the shared-computer sign-out). A token that is
 * forged, expired or for another target is refused, never credited to the session. A form
 * without a token (a page from before tokens) is the signed-in learner's, as always.
 */
export function writerOf(form: FormData, context: AppLoadContext, kind: WriteKind, target: string, now = new Date()): Writer {
  const token = form.get(WRITE_TOKEN_FIELD)
  const sessionUserId = context.user?.id ?? null
  if (typeof token === 'string' && token !== '') {
    const checked = checkWriteToken(token, kind, target, now)
    if (!checked.ok) return { ok: false, reason: 'refused' }
    return { ok: true, userId: checked.userId, pageShownAt: checked.issuedAt, signedInAsWriter: checked.userId === sessionUserId }
  }
  if (!sessionUserId) return { ok: false, reason: 'signIn' }
  return { ok: true, userId: sessionUserId, pageShownAt: null, signedInAsWriter: true }
}

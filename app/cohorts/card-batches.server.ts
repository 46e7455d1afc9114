import { randomBytes } from 'node:crypto'
import { and, eq, lt, or, sql } from 'drizzle-orm'
import { db, type Executor } from '#app/db/client.server.ts'
import { loginCardBatches } from '#app/db/schema.ts'
import type { LoginCard } from './cohorts.server.ts'

// POST → redirect → GET for actions that create login cards: the action stores the
// cards under a one-time key and redirects; the page reads them by that key.

const KEEP_MS = 30 * 60_000

/** A fresh key for a form, so posting the same form twice is recognised. */
export function newSubmissionKey() {
  return randomBytes(12).toString('base64url')
}

/** Expired batches hold names, usernames and PINs nobody can open any more: they go whenever batches are read or written. */
function dropExpiredBatches(executor: Executor, now: Date) {
  executor.delete(loginCardBatches).where(lt(loginCardBatches.expiresAt, now)).run()
}

/**
 * An anonymisation takes the person's cards with it: every batch with a card for this username
 * (the whole batch: it is a one-time result page), and every expired batch.
 */
export function dropCardBatchesOf(tx: Executor, username: string | null, now = new Date()): number {
  const holdsCard = sql`EXISTS (SELECT 1 FROM json_each(${loginCardBatches.cards}) WHERE json_extract(value, '$.username') = ${username ?? ''})`
  return tx
    .delete(loginCardBatches)
    .where(or(lt(loginCardBatches.expiresAt, now), username ? holdsCard : undefined))
    .run().changes
}

/** The result already stored for this form submission, if it was sent before. */
export function findBatchForSubmission(actorId: string, submissionKey: string, now = new Date()): string | null {
  dropExpiredBatches(db, now)
  const row = db
    .select({ id: loginCardBatches.id, expiresAt: loginCardBatches.expiresAt })
    .from(loginCardBatches)
    .where(and(eq(loginCardBatches.actorId, actorId), eq(loginCardBatches.submissionKey, submissionKey)))
    .get()
  return row && row.expiresAt > now ? row.id : null
}

/** Stores the cards inside the transaction that created them; returns the key for the redirect. */
export function saveCardBatch(
  tx: Executor,
  { cohortId, actorId, submissionKey, cards }: { cohortId: string; actorId: string; submissionKey: string; cards: LoginCard[] },
  now = new Date(),
) {
  dropExpiredBatches(tx, now)
  const id = randomBytes(18).toString('base64url')
  tx.insert(loginCardBatches)
    .values({ id, submissionKey, cohortId, actorId, cards, expiresAt: new Date(now.getTime() + KEEP_MS) })
    .run()
  return id
}

/** The cards behind a key, only for the person who created them, in that cohort, while fresh. */
export function loadCardBatch(id: string, { cohortId, actorId }: { cohortId: string; actorId: string }, now = new Date()): LoginCard[] | null {
  dropExpiredBatches(db, now)
  const row = db.select().from(loginCardBatches).where(eq(loginCardBatches.id, id)).get()
  if (!row || row.cohortId !== cohortId || row.actorId !== actorId || row.expiresAt <= now) return null
  return row.cards
}

import { eq } from 'drizzle-orm'
import type { Executor } from '#app/db/client.server.ts'
import { loginThrottles } from '#app/db/schema.ts'

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000
export const LOCK_MS = 15 * 60 * 1000
/** Per account: a person who forgot their PIN gets five tries. */
export const ACCOUNT_FAILURE_LIMIT = 5
/** Per client: generous, because a whole community centre shares one address. */
export const CLIENT_FAILURE_LIMIT = 30

export function accountKey(identifier: string) {
  return `account:${identifier.trim().toLowerCase()}`
}
export function clientKey(ip: string) {
  return `client:${ip}`
}

/** Milliseconds until the key may try again, or 0 when it is not locked. */
export function lockRemainingMs(executor: Executor, key: string, now = Date.now()): number {
  const row = executor.select().from(loginThrottles).where(eq(loginThrottles.key, key)).get()
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0
  return row.lockedUntil - now
}

/** Counts one failure; locks the key once it reaches its limit inside the window. */
export function recordFailure(executor: Executor, key: string, limit: number, now = Date.now()): boolean {
  const row = executor.select().from(loginThrottles).where(eq(loginThrottles.key, key)).get()
  const windowExpired = !row || now - row.windowStartedAt > THROTTLE_WINDOW_MS || (row.lockedUntil != null && row.lockedUntil <= now)
  const failures = windowExpired ? 1 : row.failures + 1
  const windowStartedAt = windowExpired ? now : row.windowStartedAt
  const lockedUntil = failures >= limit ? now + LOCK_MS : null
  executor
    .insert(loginThrottles)
    .values({ key, failures, windowStartedAt, lockedUntil })
    .onConflictDoUpdate({ target: loginThrottles.key, set: { failures, windowStartedAt, lockedUntil } })
    .run()
  return lockedUntil != null
}

export function clearFailures(executor: Executor, key: string) {
  executor.delete(loginThrottles).where(eq(loginThrottles.key, key)).run()
}

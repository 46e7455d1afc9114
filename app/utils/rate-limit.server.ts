import { eq } from 'drizzle-orm'
import { db } from '#app/db/client.server.ts'
import { rateLimits } from '#app/db/schema.ts'

/**
 * Counts one request for `key` in a fixed window, stored in SQLite so a restart
 * does not reset it. Returns the minutes to wait when over the limit, else 0.
 */
export function hitRateLimit(key: string, limit: number, windowMs: number, now = Date.now()): number {
  return db.transaction((tx) => {
    const row = tx.select().from(rateLimits).where(eq(rateLimits.key, key)).get()
    const fresh = !row || now - row.windowStartedAt >= windowMs
    const count = fresh ? 1 : row.count + 1
    const windowStartedAt = fresh ? now : row.windowStartedAt
    tx.insert(rateLimits)
      .values({ key, count, windowStartedAt })
      .onConflictDoUpdate({ target: rateLimits.key, set: { count, windowStartedAt } })
      .run()
    return count > limit ? Math.max(1, Math.ceil((windowStartedAt + windowMs - now) / 60_000)) : 0
  })
}

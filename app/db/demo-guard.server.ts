import { eq } from 'drizzle-orm'
import { db } from './client.server.ts'
import { users } from './schema.ts'

/** A production start refuses a database that holds demo accounts. */
export function assertNoDemoAccounts() {
  const demo = db.select({ id: users.id }).from(users).where(eq(users.isDemo, true)).limit(1).get()
  if (demo) {
    throw new Error('This database contains demo accounts; refusing to start in production. Use a new DATABASE_PATH.')
  }
}

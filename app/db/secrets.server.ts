import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { db } from './client.server.ts'
import { serverSecrets } from './schema.ts'

const cache = new Map<string, Buffer>()

/**
 * A 256-bit key by name, created on first use and kept in the database: it survives
 * restarts (a page cached on a phone last week still carries a valid token) and a
 * restored backup keeps it. Two processes racing to create it agree on the first row.
 */
export function getServerSecret(name: string): Buffer {
  const known = cache.get(name)
  if (known) return known
  db.insert(serverSecrets)
    .values({ name, value: randomBytes(32).toString('base64url'), createdAt: new Date() })
    .onConflictDoNothing()
    .run()
  const row = db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name)).get()!
  const secret = Buffer.from(row.value, 'base64url')
  cache.set(name, secret)
  return secret
}

import { eq } from 'drizzle-orm'
import type { Executor } from '#app/db/client.server.ts'
import { users, type Role } from '#app/db/schema.ts'
import { cleanName } from '#app/auth/validation.ts'

// The only module that writes the `users` table. Callers decide who may do what and run
// the transaction; these functions are the writes themselves, so every rule about a stored
// person (a clean name, an e-mail in lower case, consent recorded) holds in one place.

export type NewUser = typeof users.$inferInsert

function normalised(user: NewUser): NewUser {
  return { ...user, fullName: cleanName(user.fullName), email: user.email ? user.email.trim().toLowerCase() : null }
}

/** Inserts people (in batches: SQLite limits the number of bound values per statement). */
export function insertUsers(tx: Executor, people: NewUser[]) {
  for (let i = 0; i < people.length; i += 200)
    tx.insert(users)
      .values(people.slice(i, i + 200).map(normalised))
      .run()
}

/** A new PIN or password hash (reset or change). Sessions are ended by the caller, in the same transaction. */
export function setSecret(tx: Executor, userId: string, passwordHash: string, secretKind: 'pin' | 'password') {
  tx.update(users).set({ passwordHash, secretKind }).where(eq(users.id, userId)).run()
}

export function setRole(tx: Executor, userId: string, role: Role) {
  tx.update(users).set({ role }).where(eq(users.id, userId)).run()
}

/** The person asked for their account to be deleted (Ley 1581); an administrator acts on it. */
export function markDeletionRequested(tx: Executor, userId: string, at: Date) {
  tx.update(users).set({ deletionRequestedAt: at }).where(eq(users.id, userId)).run()
}

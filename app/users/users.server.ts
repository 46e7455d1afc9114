import { eq, sql } from 'drizzle-orm'
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

/** An administrator corrected the person's name (a typo, a garbled import). */
export function setFullName(tx: Executor, userId: string, fullName: string) {
  tx.update(users)
    .set({ fullName: cleanName(fullName) })
    .where(eq(users.id, userId))
    .run()
}

/** Deactivates (a date) or reactivates (null) an account. Sessions are ended by the caller, in the same transaction. */
export function setDeactivated(tx: Executor, userId: string, at: Date | null) {
  tx.update(users).set({ deactivatedAt: at }).where(eq(users.id, userId)).run()
}

/** What an anonymised person is called everywhere (the account, and their certificates' holder). */
export const ANONYMISED_NAME = 'Titular anonimizado'
/** Not an argon2 hash: no secret ever verifies against it. */
export const UNUSABLE_SECRET_HASH = '!anonimizado'
/** Also no hash: a PIN that stopped working until the person chooses a new one with a reset link. */
export const SECRET_TO_CHOOSE_HASH = '!por-elegir'

/**
 * Carries out a deletion request (Ley 1581 de 2012): the personal data are removed, what is
 * left (role, profile, consent date, learning record) is anonymous statistics. The account is
 * deactivated as well, so nothing (a session, an offline write token) can act as it again.
 */
export function anonymiseUser(tx: Executor, userId: string, { at, by }: { at: Date; by: string }) {
  tx.update(users)
    .set({
      fullName: ANONYMISED_NAME,
      username: null,
      email: null,
      passwordHash: UNUSABLE_SECRET_HASH,
      municipality: '',
      gender: null,
      birthYear: null,
      anonymisedAt: at,
      anonymisedBy: by,
      deactivatedAt: sql`coalesce(${users.deactivatedAt}, ${at.getTime()})`,
    })
    .where(eq(users.id, userId))
    .run()
}

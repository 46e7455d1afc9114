import { and, asc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import { forgetPersonalDetailsOf, recordAudit } from '#app/audit/audit.server.ts'
import { dropCardBatchesOf } from '#app/cohorts/card-batches.server.ts'
import { anonymiseHolder, reissueUnderNewName, type Correction } from '#app/certificates/certificates.server.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { cohortMembers, cohorts, sessions, users, type Role } from '#app/db/schema.ts'
import { dropResetLinksOf } from '#app/auth/reset-links.server.ts'
import { anonymiseUser as anonymiseUserRow, SECRET_TO_CHOOSE_HASH, setDeactivated, setFullName, setRole, setSecret } from '#app/users/users.server.ts'
import { foldText } from '#app/utils/municipalities.ts'
import type { UserFilters } from './user-filters.ts'

// The administrator's acts on accounts. Each is one synchronous transaction that checks,
// writes (through app/users and app/certificates), ends sessions where it must and audits;
// each returns a result for the route to turn into HTTP.

// Names are searched with `fold_text` (app/db/client.server.ts): no regard to case or accents.

export const USERS_PAGE_SIZE = 50

/** `%text%` for LIKE … ESCAPE '\', with the wildcards a person may type (% and _) taken literally. */
function containsPattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

function userConditions(filters: UserFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = []
  if (filters.q) {
    const name = containsPattern(foldText(filters.q))
    const typed = containsPattern(filters.q.trim().toLowerCase())
    conditions.push(
      or(
        sql`fold_text(${users.fullName}) LIKE ${name} ESCAPE '\\'`,
        sql`${users.username} LIKE ${typed} ESCAPE '\\'`,
        sql`${users.email} LIKE ${typed} ESCAPE '\\'`,
      ),
    )
  }
  if (filters.role) conditions.push(eq(users.role, filters.role))
  if (filters.profile) conditions.push(eq(users.profile, filters.profile))
  if (filters.municipality) conditions.push(eq(users.municipality, filters.municipality))
  if (filters.cohortId)
    conditions.push(inArray(users.id, db.select({ id: cohortMembers.userId }).from(cohortMembers).where(eq(cohortMembers.cohortId, filters.cohortId))))
  if (filters.status === 'active') conditions.push(isNull(users.deactivatedAt))
  if (filters.status === 'inactive') conditions.push(isNotNull(users.deactivatedAt))
  if (filters.deletion === 'pending') conditions.push(and(isNotNull(users.deletionRequestedAt), isNull(users.anonymisedAt)))
  if (filters.deletion === 'done') conditions.push(isNotNull(users.anonymisedAt))
  return and(...conditions)
}

/**
 * One page of the people matching the filters, and how many match in all (the true total,
 * counted by the database, never the length of a capped list). Ordered by name.
 */
export function searchUsers(filters: UserFilters, page = 1, pageSize = USERS_PAGE_SIZE) {
  const where = userConditions(filters)
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(where)
    .get()!.n
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const current = Math.min(Math.max(1, page), pages)
  const rows = db
    .select({
      id: users.id,
      fullName: users.fullName,
      email: users.email,
      username: users.username,
      role: users.role,
      profile: users.profile,
      municipality: users.municipality,
      deactivatedAt: users.deactivatedAt,
      deletionRequestedAt: users.deletionRequestedAt,
      anonymisedAt: users.anonymisedAt,
    })
    .from(users)
    .where(where)
    .orderBy(asc(users.fullName), asc(users.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .all()
  return { total, page: current, pages, users: rows }
}

/** Everyone with an account (the admin home). */
export function countUsers(): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .get()!.n
}

/** Deletion requests nobody has carried out yet (the admin home links to them). */
export function countPendingDeletionRequests(): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(isNotNull(users.deletionRequestedAt), isNull(users.anonymisedAt)))
    .get()!.n
}

/** Every cohort, for the list's filter. */
export function listCohortChoices() {
  return db.select({ id: cohorts.id, name: cohorts.name }).from(cohorts).orderBy(asc(cohorts.name)).all()
}

function activeAdminCount(tx: Executor): number {
  return tx
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.deactivatedAt)))
    .get()!.n
}

/** Ends every session of the person (all devices); returns how many there were. */
function endSessionsOf(tx: Executor, userId: string): number {
  return tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes
}

export type ChangeRoleResult = { ok: true; pinCleared: boolean } | { ok: false; reason: 'notFound' | 'lastAdmin' | 'anonymised' }

/**
 * An admin changes someone's role (learner ↔ trainer ↔ admin); recorded in the audit trail.
 * The person's unused reset links are dropped and their sessions end (they sign in again
 * under the new role).
 * The programme always keeps one active admin: the last one cannot step down (nobody could
 * appoint trainers or revoke a constancia afterwards).
 */
export function changeRole(userId: string, role: Role, adminId: string): ChangeRoleResult {
  return db.transaction((tx): ChangeRoleResult => {
    const user = tx
      .select({ role: users.role, secretKind: users.secretKind, deactivatedAt: users.deactivatedAt, anonymisedAt: users.anonymisedAt })
      .from(users)
      .where(eq(users.id, userId))
      .get()
    if (!user) return { ok: false, reason: 'notFound' }
    if (user.role === role) return { ok: true, pinCleared: false }
    if (user.anonymisedAt) return { ok: false, reason: 'anonymised' }
    if (user.role === 'admin' && !user.deactivatedAt && activeAdminCount(tx) <= 1) return { ok: false, reason: 'lastAdmin' }
    setRole(tx, userId, role)
    // Links and sessions made under the old role end with it: a trainer's link for a learner
    // must not open a trainer's or an administrator's account.
    const resetLinksDropped = dropResetLinksOf(tx, userId)
    const sessionsEnded = endSessionsOf(tx, userId)
    // A learner's PIN was printed on a card by a trainer (or reset by one): whoever handled it may
    // know it. It must not become the key to a trainer's or an administrator's account: it stops
    // working, and the person chooses a new secret with a link handed over in person.
    const pinCleared = user.role === 'learner' && role !== 'learner' && user.secretKind === 'pin'
    if (pinCleared) setSecret(tx, userId, SECRET_TO_CHOOSE_HASH, 'pin')
    recordAudit(tx, {
      action: 'user.role_changed',
      actorId: adminId,
      subjectId: userId,
      details: { from: user.role, to: role, sessionsEnded, resetLinksDropped, ...(pinCleared ? { pinCleared } : {}) },
    })
    return { ok: true, pinCleared }
  })
}

export type CorrectNameResult = { ok: true; corrections: Correction[] } | { ok: false; reason: 'notFound' | 'sameName' | 'anonymised' }

/**
 * Corrects a person's name (a typo, a garbled import), with the administrator's reason. Each
 * current certificate is reissued under the new name with a new code and the old one is
 * marked replaced, in the same transaction (app/certificates). The audit keeps the reason and
 * the codes, not the names: the old name stays only on the replaced certificate, and an
 * anonymisation removes it there too.
 */
export function correctName(userId: string, { fullName, reason }: { fullName: string; reason: string }, adminId: string, now = new Date()): CorrectNameResult {
  return db.transaction((tx): CorrectNameResult => {
    const user = tx.select({ fullName: users.fullName, anonymisedAt: users.anonymisedAt }).from(users).where(eq(users.id, userId)).get()
    if (!user) return { ok: false, reason: 'notFound' }
    if (user.anonymisedAt) return { ok: false, reason: 'anonymised' }
    if (user.fullName === fullName) return { ok: false, reason: 'sameName' }
    setFullName(tx, userId, fullName)
    const corrections = reissueUnderNewName(tx, userId, fullName, { actorId: adminId, now })
    recordAudit(tx, { action: 'user.name_corrected', actorId: adminId, subjectId: userId, details: { reason, certificates: corrections } })
    return { ok: true, corrections }
  })
}

export type DeactivateResult = { ok: true } | { ok: false; reason: 'notFound' | 'lastAdmin' }

/**
 * Deactivates an account: it can no longer sign in, and every session ends in the same
 * transaction (offline write tokens are refused too: app/offline/writer.server.ts). The last
 * active administrator cannot deactivate themselves.
 */
export function deactivateUser(userId: string, adminId: string, now = new Date()): DeactivateResult {
  return db.transaction((tx): DeactivateResult => {
    const user = tx.select({ role: users.role, deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId)).get()
    if (!user) return { ok: false, reason: 'notFound' }
    if (user.deactivatedAt) return { ok: true }
    if (user.role === 'admin' && activeAdminCount(tx) <= 1) return { ok: false, reason: 'lastAdmin' }
    setDeactivated(tx, userId, now)
    const sessionsEnded = endSessionsOf(tx, userId)
    dropResetLinksOf(tx, userId)
    recordAudit(tx, { action: 'user.deactivated', actorId: adminId, subjectId: userId, details: { sessionsEnded } })
    return { ok: true }
  })
}

export type ReactivateResult = { ok: true } | { ok: false; reason: 'notFound' | 'anonymised' }

/** Reactivates an account (the same secret works again). An anonymised account stays closed. */
export function reactivateUser(userId: string, adminId: string): ReactivateResult {
  return db.transaction((tx): ReactivateResult => {
    const user = tx.select({ deactivatedAt: users.deactivatedAt, anonymisedAt: users.anonymisedAt }).from(users).where(eq(users.id, userId)).get()
    if (!user) return { ok: false, reason: 'notFound' }
    if (user.anonymisedAt) return { ok: false, reason: 'anonymised' }
    if (!user.deactivatedAt) return { ok: true }
    setDeactivated(tx, userId, null)
    recordAudit(tx, { action: 'user.reactivated', actorId: adminId, subjectId: userId })
    return { ok: true }
  })
}

/** Signs the person out everywhere (a lost phone, a shared computer left signed in). */
export function endAllSessions(userId: string, adminId: string): { ok: true; ended: number } | { ok: false; reason: 'notFound' } {
  return db.transaction((tx) => {
    if (!tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) return { ok: false as const, reason: 'notFound' as const }
    const ended = endSessionsOf(tx, userId)
    recordAudit(tx, { action: 'user.sessions_ended', actorId: adminId, subjectId: userId, details: { count: ended } })
    return { ok: true as const, ended }
  })
}

export type AnonymiseResult = { ok: true } | { ok: false; reason: 'notFound' | 'self' | 'lastAdmin' | 'alreadyAnonymised' | 'reasonRequired' }

/**
 * Carries out a deletion request (Ley 1581 de 2012). The person's name, username, e-mail,
 * secret, municipality, gender and year of birth are removed (app/users); every session ends;
 * unused reset links and login cards with the person's username are dropped, and the
 * addresses and reasons in the details of events about them are forgotten; their certificates stay verifiable with the holder shown as
 * «Titular anonimizado», as the privacy notice says; lessons, attempts, attendance and cohort
 * membership stay as anonymous statistics. Without a request from the person, the
 * administrator must give a reason (e.g. a request received on paper). Nobody anonymises
 * themselves, and the last active administrator cannot be anonymised. The audit records who
 * and when, whether there was a request, and the reason — never the removed data.
 */
export function anonymiseUser(userId: string, { adminId, reason }: { adminId: string; reason: string | null }, now = new Date()): AnonymiseResult {
  return db.transaction((tx): AnonymiseResult => {
    const user = tx
      .select({
        role: users.role,
        username: users.username,
        deactivatedAt: users.deactivatedAt,
        deletionRequestedAt: users.deletionRequestedAt,
        anonymisedAt: users.anonymisedAt,
      })
      .from(users)
      .where(eq(users.id, userId))
      .get()
    if (!user) return { ok: false, reason: 'notFound' }
    if (userId === adminId) return { ok: false, reason: 'self' }
    if (user.anonymisedAt) return { ok: false, reason: 'alreadyAnonymised' }
    if (!user.deletionRequestedAt && !reason) return { ok: false, reason: 'reasonRequired' }
    if (user.role === 'admin' && !user.deactivatedAt && activeAdminCount(tx) <= 1) return { ok: false, reason: 'lastAdmin' }
    anonymiseUserRow(tx, userId, { at: now, by: adminId })
    const certificates = anonymiseHolder(tx, userId, now)
    const sessionsEnded = endSessionsOf(tx, userId)
    dropResetLinksOf(tx, userId)
    // Login cards printed for the person (name, username, PIN), and what their events' details
    // could identify them by (an IP address, a reason quoting the old name).
    dropCardBatchesOf(tx, user.username, now)
    forgetPersonalDetailsOf(tx, userId)
    recordAudit(tx, {
      action: 'user.anonymised',
      actorId: adminId,
      subjectId: userId,
      details: { requested: Boolean(user.deletionRequestedAt), reason, certificates, sessionsEnded },
    })
    return { ok: true }
  })
}

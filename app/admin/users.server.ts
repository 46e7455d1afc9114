import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import { db } from '#app/db/client.server.ts'
import { users, type Role } from '#app/db/schema.ts'
import { setRole } from '#app/users/users.server.ts'

export function listUsers({ limit = 200 } = {}) {
  return db
    .select({
      id: users.id,
      fullName: users.fullName,
      email: users.email,
      username: users.username,
      role: users.role,
      profile: users.profile,
      municipality: users.municipality,
      deletionRequestedAt: users.deletionRequestedAt,
    })
    .from(users)
    .orderBy(asc(users.fullName))
    .limit(limit)
    .all()
}

export type ChangeRoleResult = { ok: true } | { ok: false; reason: 'notFound' | 'lastAdmin' }

/**
 * An admin changes someone's role (learner ↔ trainer ↔ admin); recorded in the audit trail.
 * The programme always keeps one active admin: the last one cannot step down (nobody could
 * appoint trainers or revoke a constancia afterwards).
 */
export function changeRole(userId: string, role: Role, adminId: string): ChangeRoleResult {
  return db.transaction((tx): ChangeRoleResult => {
    const user = tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).get()
    if (!user) return { ok: false, reason: 'notFound' }
    if (user.role === role) return { ok: true }
    if (user.role === 'admin') {
      const admins = tx
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .where(and(eq(users.role, 'admin'), isNull(users.deactivatedAt)))
        .get()!.n
      if (admins <= 1) return { ok: false, reason: 'lastAdmin' }
    }
    setRole(tx, userId, role)
    recordAudit(tx, { action: 'user.role_changed', actorId: adminId, subjectId: userId, details: { from: user.role, to: role } })
    return { ok: true }
  })
}

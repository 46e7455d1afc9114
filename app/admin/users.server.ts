import { asc, eq } from 'drizzle-orm'
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

/** An admin changes someone's role (learner ↔ trainer ↔ admin); recorded in the audit trail. */
export function changeRole(userId: string, role: Role, adminId: string): { ok: boolean } {
  return db.transaction((tx) => {
    const user = tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).get()
    if (!user) return { ok: false }
    if (user.role === role) return { ok: true }
    setRole(tx, userId, role)
    recordAudit(tx, { action: 'user.role_changed', actorId: adminId, subjectId: userId, details: { from: user.role, to: role } })
    return { ok: true }
  })
}

import { and, desc, eq, gte, or } from 'drizzle-orm'
import { db, type Executor } from '#app/db/client.server.ts'
import { auditEvents, users } from '#app/db/schema.ts'

export type AuditAction =
  | 'user.registered'
  | 'user.signed_in'
  | 'user.signed_out'
  | 'user.locked_out'
  | 'user.sign_in_unlocked'
  | 'user.admin_created'
  | 'user.role_changed'
  | 'certificate.revoked'
  | 'certificate.issued'
  | 'lesson.completed'
  | 'quiz.submitted'
  | 'cohort.created'
  | 'cohort.learners_imported'
  | 'cohort.member_added'
  | 'cohort.member_joined'
  | 'cohort.trainer_added'
  | 'cohort.member_removed'
  | 'user.pin_reset'
  | 'user.data_exported'
  | 'user.deletion_requested'
  | 'user.name_corrected'
  | 'certificate.corrected'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.sessions_ended'
  | 'user.anonymised'

/** Appends one audit event; call it inside the transaction of the change it records. */
export function recordAudit(
  executor: Executor,
  event: { action: AuditAction; actorId?: string | null; subjectId?: string | null; details?: Record<string, unknown> },
) {
  executor
    .insert(auditEvents)
    .values({
      action: event.action,
      actorId: event.actorId ?? null,
      subjectId: event.subjectId ?? null,
      details: event.details ?? null,
    })
    .run()
}

/**
 * The latest time someone else reset this person's PIN or password, within `days`:
 * shown to the learner after signing in, so a reset they did not ask for is noticed.
 */
export function latestSecretResetBySomeoneElse(userId: string, days = 30, executor: Executor = db) {
  const since = new Date(Date.now() - days * 86_400_000)
  const row = executor
    .select({ at: auditEvents.createdAt, actorName: users.fullName, actorId: auditEvents.actorId })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.subjectId, userId), eq(auditEvents.action, 'user.pin_reset'), gte(auditEvents.createdAt, since)))
    .orderBy(desc(auditEvents.createdAt))
    .limit(1)
    .get()
  return row && row.actorId !== userId ? { at: row.at, by: row.actorName ?? null } : null
}

/**
 * What happened to a person and what they did: the latest events where they are the subject
 * or the actor, newest first, with the actor's name (for the administrator's user page).
 */
export function auditTrailOf(userId: string, { limit = 50 } = {}, executor: Executor = db) {
  return executor
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      actorId: auditEvents.actorId,
      actorName: users.fullName,
      subjectId: auditEvents.subjectId,
      details: auditEvents.details,
      createdAt: auditEvents.createdAt,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(or(eq(auditEvents.subjectId, userId), eq(auditEvents.actorId, userId)))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit)
    .all()
}

import { and, desc, eq, gte, inArray, or, sql } from 'drizzle-orm'
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
  | 'user.reset_link_created'
  | 'user.reset_link_emailed'
  | 'user.secret_reset_by_link'

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
 * An anonymisation keeps the person's events but forgets what in their details could identify
 * them: the IP address of a lock-out, and free-text reasons (a name correction's reason may
 * quote the old name). Returns how many events changed.
 */
export function forgetPersonalDetailsOf(executor: Executor, userId: string): number {
  return executor
    .update(auditEvents)
    .set({ details: sql`json_remove(${auditEvents.details}, '$.address', '$.reason')` })
    .where(
      and(
        eq(auditEvents.subjectId, userId),
        sql`(json_type(${auditEvents.details}, '$.address') IS NOT NULL OR json_type(${auditEvents.details}, '$.reason') IS NOT NULL)`,
      ),
    )
    .run().changes
}

/**
 * The latest time someone else reset this person's PIN or password, or created a one-time link
 * to change it (which whoever holds the link can use), within `days`: shown to the person after
 * signing in, so a reset they did not ask for is noticed. A link the person asked for by e-mail,
 * or used themselves, is not "someone else".
 */
export function latestSecretResetBySomeoneElse(userId: string, days = 30, executor: Executor = db) {
  const since = new Date(Date.now() - days * 86_400_000)
  const row = executor
    .select({ at: auditEvents.createdAt, actorName: users.fullName, actorId: auditEvents.actorId, action: auditEvents.action })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.subjectId, userId),
        inArray(auditEvents.action, ['user.pin_reset', 'user.reset_link_created'] satisfies AuditAction[]),
        gte(auditEvents.createdAt, since),
      ),
    )
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(1)
    .get()
  if (!row || row.actorId === userId) return null
  return { at: row.at, by: row.actorName ?? null, kind: row.action === 'user.reset_link_created' ? ('link' as const) : ('pin' as const) }
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

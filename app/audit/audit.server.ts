import type { Executor } from '#app/db/client.server.ts'
import { auditEvents } from '#app/db/schema.ts'

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

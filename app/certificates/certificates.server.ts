import { randomBytes, randomUUID } from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import { getContent, programmeRequirements } from '#app/content/content.server.ts'
import type { CourseEntry, ProgrammeEntry } from '#app/content/types.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { certificates, users, type CertificateKind } from '#app/db/schema.ts'
import { getCompletedLessonIds, getLearnerProgress } from '#app/progress/progress.server.ts'
import { getQuizStatuses } from '#app/quiz/attempts.server.ts'
import { codeFromBytes } from './code.ts'

export type Certificate = typeof certificates.$inferSelect

/** Every lesson of the programme's modules read, their quizzes and the programme exam passed. */
export function isProgrammeComplete(userId: string, programme: ProgrammeEntry, courses: CourseEntry[], executor: Executor = db): boolean {
  const { allModulesExist, lessonIds, quizIds } = programmeRequirements(programme, courses)
  if (!allModulesExist) return false
  const completed = getCompletedLessonIds(userId, lessonIds, executor)
  const statuses = getQuizStatuses(userId, quizIds, executor)
  return lessonIds.every((id) => completed.has(id)) && quizIds.every((id) => statuses.get(id)?.passed)
}

function newCode(executor: Executor): string {
  // 60 random bits: a collision is astronomically unlikely, but the unique index is the guarantee.
  for (;;) {
    const code = codeFromBytes(randomBytes(8))
    if (!executor.select({ id: certificates.id }).from(certificates).where(eq(certificates.code, code)).get()) return code
  }
}

function issue(
  executor: Executor,
  userId: string,
  subject: { kind: CertificateKind; id: string; title: string; version: string; hours: number },
  now: Date,
): Certificate | null {
  const existing = executor
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.kind, subject.kind), eq(certificates.subjectId, subject.id)))
    .get()
  if (existing) return null
  const holder = executor.select({ fullName: users.fullName }).from(users).where(eq(users.id, userId)).get()
  if (!holder) return null
  const certificate = executor
    .insert(certificates)
    .values({
      id: randomUUID(),
      code: newCode(executor),
      userId,
      kind: subject.kind,
      subjectId: subject.id,
      holderName: holder.fullName,
      title: subject.title,
      contentVersion: subject.version,
      hours: subject.hours,
      issuedAt: now,
    })
    // The unique (holder, kind, subject) index makes a second issue impossible even under a race.
    .onConflictDoNothing()
    .returning()
    .get()
  return certificate ?? null
}

/**
 * Issues whatever the learner has now earned: called inside the transaction of
 * the event that may complete a course (a lesson read, a quiz passed).
 */
export function issueEarnedCertificates(executor: Executor, userId: string, now = new Date()): Certificate[] {
  const { courses, programmes } = getContent()
  const issued: Certificate[] = []
  const progress = getLearnerProgress(userId, courses, executor)
  for (const course of courses) {
    if (!progress.get(course.id)?.complete) continue
    const c = issue(executor, userId, { kind: 'course', id: course.id, title: course.title, version: course.version, hours: course.certificateHours }, now)
    if (c) issued.push(c)
  }
  for (const programme of programmes) {
    if (!isProgrammeComplete(userId, programme, courses, executor)) continue
    const c = issue(executor, userId, { kind: 'programme', id: programme.id, title: programme.title, version: programme.version, hours: programme.certificateHours }, now)
    if (c) issued.push(c)
  }
  return issued
}

export function getCertificateByCode(code: string, executor: Executor = db): Certificate | undefined {
  return executor.select().from(certificates).where(eq(certificates.code, code)).get()
}

export function listCertificatesOf(userId: string, executor: Executor = db): Certificate[] {
  return executor.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt)).all()
}

export function listAllCertificates({ limit = 200 } = {}, executor: Executor = db): Certificate[] {
  return executor.select().from(certificates).orderBy(desc(certificates.issuedAt)).limit(limit).all()
}

export type RevokeResult = { ok: true } | { ok: false; reason: 'notFound' | 'alreadyRevoked' }

/** Revocation keeps the record; the verification page then says revoked, with the date. */
export function revokeCertificate(code: string, { adminId, reason }: { adminId: string; reason: string }, now = new Date()): RevokeResult {
  return db.transaction((tx): RevokeResult => {
    const certificate = getCertificateByCode(code, tx)
    if (!certificate) return { ok: false, reason: 'notFound' }
    if (certificate.revokedAt) return { ok: false, reason: 'alreadyRevoked' }
    tx.update(certificates).set({ revokedAt: now, revokedBy: adminId, revocationReason: reason }).where(eq(certificates.id, certificate.id)).run()
    recordAudit(tx, { action: 'certificate.revoked', actorId: adminId, subjectId: certificate.id, details: { code, reason } })
    return { ok: true }
  })
}

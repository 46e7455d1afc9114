import { eq } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import { db } from '#app/db/client.server.ts'
import { attendanceMarks, attendanceSessions, certificates, cohortMembers, cohorts, lessonProgress, quizAttempts, users } from '#app/db/schema.ts'
import { markDeletionRequested } from '#app/users/users.server.ts'

/** Consent and deletion-request dates for the account page. */
export function getAccountDates(userId: string) {
  return db.select({ consentAt: users.consentAt, deletionRequestedAt: users.deletionRequestedAt }).from(users).where(eq(users.id, userId)).get()
}

/**
 * Everything the platform keeps about one person, as they may ask for it under Ley 1581 de 2012.
 * Secrets (password/PIN hashes) and session ids are left out.
 */
export function exportMyData(userId: string) {
  const profile = db
    .select({
      fullName: users.fullName,
      email: users.email,
      username: users.username,
      role: users.role,
      profile: users.profile,
      municipality: users.municipality,
      gender: users.gender,
      birthYear: users.birthYear,
      consentAt: users.consentAt,
      createdAt: users.createdAt,
      deletionRequestedAt: users.deletionRequestedAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  const data = {
    exportedAt: new Date().toISOString(),
    profile,
    lessonProgress: db
      .select({
        lessonId: lessonProgress.lessonId,
        courseId: lessonProgress.courseId,
        firstOpenedAt: lessonProgress.firstOpenedAt,
        completedAt: lessonProgress.completedAt,
      })
      .from(lessonProgress)
      .where(eq(lessonProgress.userId, userId))
      .all(),
    quizAttempts: db
      .select({
        quizId: quizAttempts.quizId,
        score: quizAttempts.score,
        passed: quizAttempts.passed,
        answers: quizAttempts.answers,
        startedAt: quizAttempts.startedAt,
        submittedAt: quizAttempts.submittedAt,
      })
      .from(quizAttempts)
      .where(eq(quizAttempts.userId, userId))
      .all(),
    certificates: db
      .select({
        code: certificates.code,
        title: certificates.title,
        hours: certificates.hours,
        issuedAt: certificates.issuedAt,
        revokedAt: certificates.revokedAt,
        // Everything kept is exported: a certificate a name correction replaced is listed too,
        // with its name as printed and the date it was replaced (null for the current ones).
        holderName: certificates.holderName,
        replacedAt: certificates.replacedAt,
      })
      .from(certificates)
      .where(eq(certificates.userId, userId))
      .all(),
    cohorts: db
      .select({ name: cohorts.name, municipality: cohorts.municipality })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.userId, userId))
      .all(),
    attendance: db
      .select({ heldOn: attendanceSessions.heldOn, topic: attendanceSessions.topic, present: attendanceMarks.present })
      .from(attendanceMarks)
      .innerJoin(attendanceSessions, eq(attendanceSessions.id, attendanceMarks.sessionId))
      .where(eq(attendanceMarks.userId, userId))
      .all(),
  }
  recordAudit(db, { action: 'user.data_exported', actorId: userId, subjectId: userId })
  return data
}

/** Records the request; an administrator carries it out (issued certificates stay verifiable). */
export function requestDeletion(userId: string, now = new Date()) {
  db.transaction((tx) => {
    markDeletionRequested(tx, userId, now)
    recordAudit(tx, { action: 'user.deletion_requested', actorId: userId, subjectId: userId })
  })
}

import { asc, eq, sql } from 'drizzle-orm'
import type { TFunction } from 'i18next'
import { lockedUserIds } from '#app/auth/accounts.server.ts'
import { SHARED_IDLE_MS } from '#app/auth/session.server.ts'
import { auditTrailOf } from '#app/audit/audit.server.ts'
import { describeDetails, namesFor } from '#app/audit/audit-log.server.ts'
import { listCertificateHistoryOf } from '#app/certificates/certificates.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { pdfPath } from '#app/certificates/urls.server.ts'
import { learnerAttempts } from '#app/cohorts/report.server.ts'
import { getContent, getQuiz } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { cohortMembers, cohorts, cohortTrainers, sessions, users } from '#app/db/schema.ts'
import type { Language } from '#app/i18n/config.ts'
import { loadLearnerRecord } from '#app/learning/record.server.ts'
import { courseProgress, programmeRequirements, progressCounts, standing } from '#app/learning/requirements.ts'
import { formatDate, formatDateTime } from '#app/utils/dates.server.ts'
import { municipalityName } from '#app/utils/municipalities.ts'

// Everything the administrator's page shows about one person, in a fixed number of queries:
// identity, their learning record (read through app/learning, never recomputed here),
// certificates (replaced ones too), cohorts, sessions and their audit trail.

/** What the destructive actions ask before acting (`?confirmar=` on the user page). */
export const USER_CONFIRMATIONS = { desactivar: 'deactivate', anonimizar: 'anonymise' } as const
export type UserConfirmation = (typeof USER_CONFIRMATIONS)[keyof typeof USER_CONFIRMATIONS]

export function confirmationOf(asked: string | null): UserConfirmation | null {
  return asked && Object.hasOwn(USER_CONFIRMATIONS, asked) ? USER_CONFIRMATIONS[asked as keyof typeof USER_CONFIRMATIONS] : null
}

function sessionSummary(userId: string, now: number) {
  const rows = db
    .select({ expiresAt: sessions.expiresAt, shared: sessions.shared, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .all()
  // lucia keeps expiry in seconds; a shared-computer session also ends after 30 idle minutes.
  const live = rows.filter((s) => s.expiresAt * 1000 > now && !(s.shared && now - s.lastSeenAt > SHARED_IDLE_MS))
  const lastSeen = rows.reduce((m, s) => Math.max(m, s.lastSeenAt), 0)
  return { active: live.length, lastSeen: lastSeen || null }
}

/**
 * The person's page. `t` is the admin namespace: the audit details read as in the audit log
 * (Spanish labels, names for ids, readable dates and codes: describeDetails).
 */
export function loadAdminUserPage(userId: string, lng: Language, t: TFunction, now = Date.now()) {
  const person = db.select().from(users).where(eq(users.id, userId)).get()
  if (!person) return null
  const anonymisedBy = person.anonymisedBy
    ? (db.select({ fullName: users.fullName }).from(users).where(eq(users.id, person.anonymisedBy)).get()?.fullName ?? null)
    : null

  const { courses, programmes } = getContent()
  const record = loadLearnerRecord(userId)
  const lastScore = new Map<string, number | null>()
  for (const a of learnerAttempts(userId, [...record.quizzes.keys()])) if (!lastScore.has(a.quizId)) lastScore.set(a.quizId, a.score)

  const history = listCertificateHistoryOf(userId)
  const codeOf = new Map(history.map((c) => [c.id, c.code]))

  const memberships = db
    .select({ id: cohorts.id, name: cohorts.name, joinedVia: cohortMembers.joinedVia, addedAt: cohortMembers.addedAt })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(eq(cohortMembers.userId, userId))
    .orderBy(asc(cohorts.name))
    .all()
  const trainerOf = db
    .select({ id: cohorts.id, name: cohorts.name })
    .from(cohortTrainers)
    .innerJoin(cohorts, eq(cohorts.id, cohortTrainers.cohortId))
    .where(eq(cohortTrainers.userId, userId))
    .orderBy(asc(cohorts.name))
    .all()

  const fmt = (d: Date | null) => (d ? formatDate(d, lng) : null)
  const sessionInfo = sessionSummary(userId, now)
  const trail = auditTrailOf(userId)
  const names = namesFor(trail)
  return {
    person: {
      id: person.id,
      fullName: person.fullName,
      username: person.username,
      email: person.email,
      secretKind: person.secretKind,
      role: person.role,
      profile: person.profile,
      municipality: person.municipality ? municipalityName(person.municipality) : null,
      gender: person.gender,
      birthYear: person.birthYear,
      createdOn: formatDate(person.createdAt, lng),
      consentOn: formatDate(person.consentAt, lng),
      deactivatedOn: fmt(person.deactivatedAt),
      deletionRequestedOn: fmt(person.deletionRequestedAt),
      anonymisedOn: fmt(person.anonymisedAt),
      anonymisedBy,
      signInLocked: lockedUserIds([person.id]).has(person.id),
    },
    courses: courses.map((course) => {
      const p = courseProgress(course, record)
      return {
        id: course.id,
        title: course.title,
        complete: p.complete,
        progress: progressCounts(p),
      }
    }),
    programmes: programmes.map((programme) => {
      const s = standing(programmeRequirements(programme, courses), record)
      return { id: programme.id, title: programme.title, percent: s.percent, complete: s.complete }
    }),
    quizzes: [...record.quizzes.entries()].map(([quizId, q]) => ({
      id: quizId,
      title: getQuiz(quizId)?.title ?? quizId,
      attempts: q.attempts,
      lastScore: lastScore.get(quizId) ?? null,
      bestScore: q.bestScore,
      passed: q.passed,
      lastOn: q.lastSubmittedAt ? formatDate(new Date(q.lastSubmittedAt), lng) : null,
    })),
    certificates: history.map((c) => ({
      id: c.id,
      code: formatCode(c.code),
      title: c.title,
      holderName: c.holderName,
      issuedOn: formatDate(c.issuedAt, lng),
      status: c.replacedById ? ('replaced' as const) : c.revokedAt ? ('revoked' as const) : ('valid' as const),
      revokedOn: fmt(c.revokedAt),
      replacedOn: fmt(c.replacedAt),
      replacedBy: c.replacedById && codeOf.has(c.replacedById) ? formatCode(codeOf.get(c.replacedById)!) : null,
      pdf: c.replacedById ? null : pdfPath(c.code),
    })),
    cohorts: memberships.map((m) => ({ id: m.id, name: m.name, joinedVia: m.joinedVia, addedOn: formatDate(m.addedAt, lng) })),
    trainerOf,
    sessions: { active: sessionInfo.active, lastSeen: sessionInfo.lastSeen ? formatDateTime(new Date(sessionInfo.lastSeen), lng) : null },
    audit: trail.map((e) => ({
      id: e.id,
      action: e.action,
      on: formatDateTime(e.createdAt, lng),
      actorName: e.actorId === userId ? null : (e.actorName ?? null),
      bySelf: e.actorId === userId,
      details: describeDetails(e.details ?? null, t, lng, names)
        .filter((d) => d.value !== '')
        .map((d) => `${d.label}: ${d.value}`)
        .join(' · '),
    })),
  }
}

/** The number of events about or by a person (to say whether the full log holds more). */
export function auditCountOf(userId: string) {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_events WHERE subject_id = ${userId} OR actor_id = ${userId}`).n
}

import { createHash, randomInt, randomUUID } from 'node:crypto'
import { and, asc, eq, inArray, like, or, sql } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import type { SessionUser } from '#app/auth/session.server.ts'
import { hashSecret } from '#app/auth/password.server.ts'
import { isTrivialPin } from '#app/auth/validation.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { attendanceMarks, attendanceSessions, cohortCourses, cohortMembers, cohortTrainers, cohorts, sessions, users } from '#app/db/schema.ts'
import { parseLearnerCsv, usernameBase, type CsvDelimiter, type CsvRecord, type RowError } from './csv-import.ts'
import { findBatchForSubmission, loadCardBatch, newSubmissionKey, saveCardBatch } from './card-batches.server.ts'
import { insertUsers, setSecret } from '#app/users/users.server.ts'

export type Cohort = typeof cohorts.$inferSelect

export type CohortAccess = { ok: true; cohort: typeof cohorts.$inferSelect; courseIds: string[] } | { ok: false; reason: 'notFound' | 'forbidden' }

/**
 * Trainers reach only the cohorts they run; admins reach all. Anyone else, or a trainer of
 * another cohort, is refused — never the cohort's data. (Routes use `requireCohortAccess`
 * in ./guards.server.ts, which maps this result to 403/404.)
 */
export function cohortAccess(user: Pick<SessionUser, 'id' | 'role'>, cohortId: string | undefined): CohortAccess {
  const cohort = db
    .select()
    .from(cohorts)
    .where(eq(cohorts.id, cohortId ?? ''))
    .get()
  if (!cohort) return { ok: false, reason: 'notFound' }
  if (user.role !== 'admin') {
    const runs =
      user.role === 'trainer' &&
      db
        .select({ userId: cohortTrainers.userId })
        .from(cohortTrainers)
        .where(and(eq(cohortTrainers.cohortId, cohort.id), eq(cohortTrainers.userId, user.id)))
        .get()
    if (!runs) return { ok: false, reason: 'forbidden' }
  }
  return { ok: true, cohort, courseIds: getCohortCourseIds(cohort.id) }
}

export function getCohortCourseIds(cohortId: string, executor: Executor = db): string[] {
  return executor
    .select({ courseId: cohortCourses.courseId })
    .from(cohortCourses)
    .where(eq(cohortCourses.cohortId, cohortId))
    .all()
    .map((r) => r.courseId)
}

export type NewCohort = { name: string; municipality: string; startsOn: string; endsOn: string; courseIds: string[] }

export function createCohort(input: NewCohort, trainerId: string): Cohort {
  return db.transaction((tx) => {
    const cohort = tx
      .insert(cohorts)
      .values({
        id: randomUUID(),
        name: input.name,
        municipality: input.municipality,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        joinCode: newJoinCode(),
        createdBy: trainerId,
      })
      .returning()
      .get()
    tx.insert(cohortTrainers).values({ cohortId: cohort.id, userId: trainerId }).run()
    if (input.courseIds.length)
      tx.insert(cohortCourses)
        .values(input.courseIds.map((courseId) => ({ cohortId: cohort.id, courseId })))
        .run()
    recordAudit(tx, { action: 'cohort.created', actorId: trainerId, subjectId: cohort.id, details: { name: input.name } })
    return cohort
  })
}

/** A trainer's own cohorts (an admin's: all), with their size. */
export function listCohortsFor(user: { id: string; role: string }) {
  const members = sql<number>`(select count(*) from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohorts.id})`
  const query = db
    .select({ id: cohorts.id, name: cohorts.name, municipality: cohorts.municipality, startsOn: cohorts.startsOn, endsOn: cohorts.endsOn, members })
    .from(cohorts)
  const rows =
    user.role === 'admin'
      ? query.orderBy(asc(cohorts.startsOn)).all()
      : query
          .where(inArray(cohorts.id, db.select({ id: cohortTrainers.cohortId }).from(cohortTrainers).where(eq(cohortTrainers.userId, user.id))))
          .orderBy(asc(cohorts.startsOn))
          .all()
  return rows
}

export function listMembers(cohortId: string, executor: Executor = db) {
  return executor
    .select({
      id: users.id,
      fullName: users.fullName,
      username: users.username,
      email: users.email,
      municipality: users.municipality,
      gender: users.gender,
      deactivatedAt: users.deactivatedAt,
    })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohortId))
    .orderBy(asc(users.fullName))
    .all()
}

export function isMember(cohortId: string, userId: string, executor: Executor = db) {
  return Boolean(
    executor
      .select({ u: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .get(),
  )
}

/** Learners to enrol, by name or username; at most 20. */
/**
 * An existing learner, found by their exact username or e-mail — never a directory of people.
 * Only administrators add existing learners to a cohort (see `addMember`).
 */
export function findLearnerExactly(identifier: string) {
  const value = identifier.trim().toLowerCase()
  if (!value) return null
  return (
    db
      .select({ id: users.id, fullName: users.fullName, username: users.username, email: users.email, municipality: users.municipality })
      .from(users)
      .where(and(eq(users.role, 'learner'), or(eq(users.username, value), eq(sql`lower(${users.email})`, value))))
      .get() ?? null
  )
}

export type AddMemberResult = { ok: true } | { ok: false; reason: 'forbidden' | 'notFound' }

/**
 * Puts an existing learner in a cohort. Only an administrator may: a trainer reaches a learner
 * only through a path the learner agreed to (created by the trainer, or the cohort's join code),
 * so no trainer can take over someone else's account by enrolling it.
 */
export function addMember(cohortId: string, userId: string, actor: { id: string; role: string }): AddMemberResult {
  if (actor.role !== 'admin') return { ok: false, reason: 'forbidden' }
  return db.transaction((tx): AddMemberResult => {
    const learner = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.role, 'learner')))
      .get()
    if (!learner) return { ok: false, reason: 'notFound' }
    tx.insert(cohortMembers).values({ cohortId, userId, joinedVia: 'admin' }).onConflictDoNothing().run()
    recordAudit(tx, { action: 'cohort.member_added', actorId: actor.id, subjectId: userId, details: { cohortId } })
    return { ok: true }
  })
}

const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'

/** Eight characters without look-alikes (no 0/O, 1/I/L, U): easy to read aloud in a workshop. */
export function newJoinCode(): string {
  return Array.from({ length: 8 }, () => JOIN_CODE_ALPHABET[randomInt(0, JOIN_CODE_ALPHABET.length)]).join('')
}

export type JoinResult = { ok: true; cohortName: string } | { ok: false; reason: 'unknownCode' | 'notLearner' }

/** A learner joins a cohort by typing its code in "Mi cuenta": the learner's own consent. */
export function joinCohortByCode(user: { id: string; role: string }, typed: string): JoinResult {
  if (user.role !== 'learner') return { ok: false, reason: 'notLearner' }
  const code = typed.trim().toUpperCase().replace(/[\s-]/g, '')
  const cohort = code ? db.select({ id: cohorts.id, name: cohorts.name }).from(cohorts).where(eq(cohorts.joinCode, code)).get() : undefined
  if (!cohort) return { ok: false, reason: 'unknownCode' }
  db.transaction((tx) => {
    tx.insert(cohortMembers).values({ cohortId: cohort.id, userId: user.id, joinedVia: 'join_code' }).onConflictDoNothing().run()
    recordAudit(tx, { action: 'cohort.member_joined', actorId: user.id, subjectId: user.id, details: { cohortId: cohort.id } })
  })
  return { ok: true, cohortName: cohort.name }
}

/** Leaves the cohort; the learner's progress, attempts and certificates stay theirs. */
export function removeMember(cohortId: string, userId: string, actorId: string) {
  db.transaction((tx) => {
    tx.delete(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .run()
    recordAudit(tx, { action: 'cohort.member_removed', actorId, subjectId: userId, details: { cohortId } })
  })
}

/** A random 6-digit PIN, never one of the trivial ones (see isTrivialPin). */
export function generatePin(username = ''): string {
  for (;;) {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0')
    if (!isTrivialPin(pin, username)) return pin
  }
}

export type LoginCard = { fullName: string; username: string; pin: string }

/** A new PIN for a learner of this cohort; shown once, on a printable card. */
/**
 * A new PIN for a learner of the cohort. The card is stored under a one-time key in the
 * same transaction (see card-batches.server.ts), and a form sent twice resets only once.
 */
export async function resetPin(cohortId: string, userId: string, actorId: string, submissionKey: string = newSubmissionKey()): Promise<ResetPinResult> {
  // Only learners of this cohort (who came in by a path they or an admin agreed to). A member
  // since promoted to trainer or admin keeps the membership row, but their PIN is no longer
  // the cohort's to reset: that would hand a trainer the promoted account.
  if (!isMember(cohortId, userId) || !isLearner(userId)) return { ok: false, reason: 'forbidden' }
  const username = db.select({ username: users.username }).from(users).where(eq(users.id, userId)).get()?.username ?? ''
  const pin = generatePin(username)
  const passwordHash = await hashSecret(pin)
  return db.transaction((tx): ResetPinResult => {
    const earlier = findBatchForSubmission(actorId, submissionKey)
    if (earlier) return { ok: true, card: loadCardBatch(earlier, { cohortId, actorId })![0], batchId: earlier }
    const user = tx.select({ fullName: users.fullName, username: users.username }).from(users).where(eq(users.id, userId)).get()
    if (!user?.username) return { ok: false, reason: 'notFound' }
    setSecret(tx, userId, passwordHash, 'pin')
    // Whoever held the old PIN is signed out everywhere; the learner sees who reset it (home page).
    tx.delete(sessions).where(eq(sessions.userId, userId)).run()
    recordAudit(tx, { action: 'user.pin_reset', actorId, subjectId: userId, details: { cohortId } })
    const card = { fullName: user.fullName, username: user.username, pin }
    return { ok: true, card, batchId: saveCardBatch(tx, { cohortId, actorId, submissionKey, cards: [card] }) }
  })
}

export type ResetPinResult = { ok: true; card: LoginCard; batchId: string } | { ok: false; reason: 'forbidden' | 'notFound' }

/** A line of the list as it will be created: the username it will get, and its problems. */
export type PlannedRow = CsvRecord & {
  /** The username the account will get (written in the list, or generated); null if the name is unusable. */
  plannedUsername: string | null
  /** The generated username carries a number because the plain one is taken. */
  numbered: boolean
}
export type ImportPlan = { rows: PlannedRow[]; errors: RowError[]; delimiter: CsvDelimiter; digest: string }

/**
 * What importing this list would do, without saving anything: every line with its username
 * (first given name + first surname, a number only when taken in the platform or earlier in the
 * list) and its problems. The digest names this exact outcome: the confirmation carries it, and
 * the import refuses to create anything different from what the trainer saw.
 */
export function planImport(csv: string, executor: Executor = db): ImportPlan {
  const { records, errors: parseErrors, delimiter } = parseLearnerCsv(csv)
  const fileErrors = parseErrors.filter((e) => e.line === 0)
  const wanted = records.filter((r) => r.username && !r.problems.some((p) => p.field === 'username')).map((r) => r.username!)
  const taken = new Set(
    wanted.length
      ? executor
          .select({ username: users.username })
          .from(users)
          .where(inArray(users.username, wanted))
          .all()
          .map((t) => t.username)
      : [],
  )
  for (const r of records)
    if (r.username && taken.has(r.username)) r.problems.push({ line: r.line, field: 'username', problem: 'usernameTaken', value: r.username })
  const toGenerate = records.filter((r) => !r.username && r.nameOk)
  const bases = [...new Set(toGenerate.map((r) => usernameBase(r.fullName)))]
  const existing = new Set<string>()
  for (let i = 0; i < bases.length; i += 200) {
    const slice = bases.slice(i, i + 200)
    for (const u of executor
      .select({ username: users.username })
      .from(users)
      .where(or(...slice.map((b) => like(users.username, `${b}%`))))
      .all())
      if (u.username) existing.add(u.username)
  }
  for (const w of wanted) existing.add(w)
  const rows = records.map((record): PlannedRow => {
    if (record.username) return { ...record, plannedUsername: record.username, numbered: false }
    if (!record.nameOk) return { ...record, plannedUsername: null, numbered: false }
    const base = usernameBase(record.fullName)
    let username = base
    for (let n = 2; existing.has(username); n++) username = `${base}${n}`
    existing.add(username)
    return { ...record, plannedUsername: username, numbered: username !== base }
  })
  const digest = createHash('sha256')
    .update(JSON.stringify(rows.map((r) => [r.line, r.fullName, r.municipality, r.gender, r.plannedUsername, r.birthYear])))
    .digest('base64url')
    .slice(0, 32)
  return { rows, errors: [...fileErrors, ...rows.flatMap((r) => r.problems)], delimiter, digest }
}

export type ImportResult = { ok: true; cards: LoginCard[]; batchId: string } | { ok: false; errors: RowError[] }

/**
 * Creates accounts from a CSV and enrols them, all or nothing: any bad row and nothing is
 * saved. Usernames are generated when missing (see planImport); PINs are random. With
 * `expectedDigest` (the confirmation of a preview), the list is parsed and checked again and
 * nothing is created unless the outcome is the one previewed (problem `changed` otherwise).
 */
export async function importLearners(
  cohortId: string,
  csv: string,
  actorId: string,
  submissionKey: string = newSubmissionKey(),
  expectedDigest?: string,
): Promise<ImportResult> {
  // The same form sent again (reload, double click, Back then Enviar) finds its first result.
  const earlier = findBatchForSubmission(actorId, submissionKey)
  if (earlier) return { ok: true, cards: loadCardBatch(earlier, { cohortId, actorId }) ?? [], batchId: earlier }
  const plan = planImport(csv)
  if (plan.errors.length) return { ok: false, errors: plan.errors }
  if (expectedDigest !== undefined && expectedDigest !== plan.digest) return { ok: false, errors: [{ line: 0, field: 'row', problem: 'changed' }] }
  const planned = plan.rows.map((row) => ({ row, username: row.plannedUsername!, pin: generatePin(row.plannedUsername!) }))
  // Hash before the transaction: better-sqlite3 transactions must stay synchronous.
  const hashes = await Promise.all(planned.map((p) => hashSecret(p.pin)))
  const now = new Date()
  return db.transaction((tx): ImportResult => {
    const again = findBatchForSubmission(actorId, submissionKey)
    if (again) return { ok: true, cards: loadCardBatch(again, { cohortId, actorId }) ?? [], batchId: again }
    const accounts = planned.map((p, i) => ({
      id: randomUUID(),
      username: p.username,
      passwordHash: hashes[i],
      secretKind: 'pin' as const,
      fullName: p.row.fullName,
      role: 'learner' as const,
      profile: 'miner' as const,
      municipality: p.row.municipality!,
      gender: p.row.gender,
      birthYear: p.row.birthYear,
      // The trainer collects consent on paper at the workshop (Ley 1581); recorded at creation.
      consentAt: now,
    }))
    insertUsers(tx, accounts)
    for (let i = 0; i < accounts.length; i += 200)
      tx.insert(cohortMembers)
        .values(accounts.slice(i, i + 200).map((a) => ({ cohortId, userId: a.id })))
        .run()
    recordAudit(tx, { action: 'cohort.learners_imported', actorId, subjectId: cohortId, details: { count: accounts.length } })
    const cards = planned.map((p) => ({ fullName: p.row.fullName, username: p.username, pin: p.pin }))
    return { ok: true, cards, batchId: saveCardBatch(tx, { cohortId, actorId, submissionKey, cards }, now) }
  })
}

export function createAttendanceSession(cohortId: string, input: { heldOn: string; topic: string }) {
  return db.insert(attendanceSessions).values({ id: randomUUID(), cohortId, heldOn: input.heldOn, topic: input.topic }).returning().get()
}

/** Records who was present at a session: everyone in the cohort gets a mark, in one transaction. */
export function saveAttendance(cohortId: string, sessionId: string, presentUserIds: string[]): { ok: boolean } {
  return db.transaction((tx) => {
    const session = tx
      .select()
      .from(attendanceSessions)
      .where(and(eq(attendanceSessions.id, sessionId), eq(attendanceSessions.cohortId, cohortId)))
      .get()
    if (!session) return { ok: false }
    const present = new Set(presentUserIds)
    for (const member of listMembers(cohortId, tx)) {
      tx.insert(attendanceMarks)
        .values({ sessionId, userId: member.id, present: present.has(member.id) })
        .onConflictDoUpdate({ target: [attendanceMarks.sessionId, attendanceMarks.userId], set: { present: present.has(member.id) } })
        .run()
    }
    return { ok: true }
  })
}

/** Is this account a learner now (not promoted to trainer or admin since joining a cohort)? */
export function isLearner(userId: string, executor: Executor = db): boolean {
  return executor.select({ role: users.role }).from(users).where(eq(users.id, userId)).get()?.role === 'learner'
}

/** Does this trainer run a cohort that the learner belongs to? (Their trainers may print their certificates.) */
export function isTrainerOf(trainerId: string, learnerId: string, executor: Executor = db): boolean {
  return Boolean(
    executor
      .select({ cohortId: cohortMembers.cohortId })
      .from(cohortMembers)
      .innerJoin(cohortTrainers, eq(cohortTrainers.cohortId, cohortMembers.cohortId))
      .where(and(eq(cohortMembers.userId, learnerId), eq(cohortTrainers.userId, trainerId)))
      .get(),
  )
}

export function listTrainers(cohortId: string) {
  return db
    .select({ id: users.id, fullName: users.fullName, email: users.email, username: users.username })
    .from(cohortTrainers)
    .innerJoin(users, eq(users.id, cohortTrainers.userId))
    .where(eq(cohortTrainers.cohortId, cohortId))
    .orderBy(asc(users.fullName))
    .all()
}

/** Adds a co-trainer by e-mail or username; only accounts with the trainer role qualify. */
export function addTrainer(cohortId: string, identifier: string, actorId: string): { ok: true } | { ok: false; error: 'notTrainer' } {
  const value = identifier.trim().toLowerCase()
  const trainer = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'trainer'), or(eq(users.email, value), eq(users.username, value))))
    .get()
  if (!trainer) return { ok: false, error: 'notTrainer' }
  db.transaction((tx) => {
    tx.insert(cohortTrainers).values({ cohortId, userId: trainer.id }).onConflictDoNothing().run()
    recordAudit(tx, { action: 'cohort.trainer_added', actorId, subjectId: trainer.id, details: { cohortId } })
  })
  return { ok: true }
}

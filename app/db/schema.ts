import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const roles = ['learner', 'trainer', 'admin'] as const
export type Role = (typeof roles)[number]
export const profiles = ['miner', 'official', 'other'] as const
export type Profile = (typeof profiles)[number]
export const genders = ['female', 'male', 'other', 'undisclosed'] as const
export type Gender = (typeof genders)[number]

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`)

/**
 * A person. Miners sign in with a username + PIN and often have no e-mail;
 * officials, trainers and admins use an e-mail + password. Exactly one of
 * email/username is required by the application (not by SQL, so a miner can
 * later add an e-mail).
 */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email'),
    username: text('username'),
    passwordHash: text('password_hash').notNull(),
    /** 'password' or 'pin': tells the sign-in form what the secret is. */
    secretKind: text('secret_kind', { enum: ['password', 'pin'] }).notNull(),
    fullName: text('full_name').notNull(),
    role: text('role', { enum: roles }).notNull().default('learner'),
    profile: text('profile', { enum: profiles }).notNull(),
    municipality: text('municipality').notNull(),
    gender: text('gender', { enum: genders }),
    /** Optional; only used for the funder's age bands (aggregated, never shown per person). */
    birthYear: integer('birth_year'),
    /** When the person accepted the personal-data notice (Ley 1581 de 2012). */
    consentAt: integer('consent_at', { mode: 'timestamp_ms' }).notNull(),
    deactivatedAt: integer('deactivated_at', { mode: 'timestamp_ms' }),
    /** The person asked for their account to be deleted (Ley 1581); an admin acts on it. */
    deletionRequestedAt: integer('deletion_requested_at', { mode: 'timestamp_ms' }),
    /** An administrator carried out the deletion request: the personal data were removed (anonymised). */
    anonymisedAt: integer('anonymised_at', { mode: 'timestamp_ms' }),
    anonymisedBy: text('anonymised_by'),
    /** Demo accounts are marked so a production start can refuse them. */
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    uniqueIndex('users_username_unique').on(t.username),
    index('users_municipality_idx').on(t.municipality),
    index('users_full_name_idx').on(t.fullName),
  ],
)

/** lucia's session table, plus our shared-computer flag and idle clock. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    shared: integer('shared', { mode: 'boolean' }).notNull().default(false),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Failed sign-ins per account and per client, kept in SQLite so a restart does not reset them. */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    subjectId: text('subject_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_events_created_idx').on(t.createdAt),
    index('audit_events_subject_idx').on(t.subjectId),
    index('audit_events_actor_idx').on(t.actorId, t.createdAt),
    index('audit_events_action_idx').on(t.action, t.createdAt),
  ],
)

/** One row per learner and lesson id; course progress is derived from it, never stored. */
export const lessonProgress = sqliteTable(
  'lesson_progress',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: text('lesson_id').notNull(),
    courseId: text('course_id').notNull(),
    firstOpenedAt: integer('first_opened_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.lessonId] }),
    index('lesson_progress_course_idx').on(t.courseId, t.userId),
    // A cohort's records are read from this index alone, learner by learner (issue 16).
    index('lesson_progress_records_idx').on(t.userId, t.courseId, t.lessonId, t.firstOpenedAt, t.completedAt),
  ],
)

/** One option as an attempt showed it: an opaque token in the page, the authoring id and text kept with the attempt. */
export type ShownOption = { token: string; optionId: string; text: string; correct: boolean; feedback: string | null }
/**
 * What an attempt showed: each question and its options in the order displayed.
 * Attempts since the learning-record change keep the whole question (`snapshot`),
 * so they render and grade the same after the bank changes; older rows have only ids.
 */
export type ShownQuestion = {
  questionId: string
  optionIds: string[]
  snapshot?: {
    type: 'single' | 'multiple' | 'truefalse'
    prompt: string
    explanation: string | null
    lessonId: string | null
    options: ShownOption[]
  }
}
/** The learner's choices per question id. */
export type AttemptAnswers = Record<string, string[]>

/**
 * One attempt at a quiz or exam. The questions and option order are fixed when
 * the attempt starts; grading uses this record, never the request alone.
 */
export const quizAttempts = sqliteTable(
  'quiz_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    quizId: text('quiz_id').notNull(),
    courseId: text('course_id'),
    programmeId: text('programme_id'),
    questions: text('questions', { mode: 'json' }).$type<ShownQuestion[]>().notNull(),
    answers: text('answers', { mode: 'json' }).$type<AttemptAnswers>(),
    correctCount: integer('correct_count'),
    totalCount: integer('total_count').notNull(),
    /** Percent of questions right, 0–100. */
    score: integer('score'),
    passed: integer('passed', { mode: 'boolean' }),
    /** Submitted after the time limit: closed without counting the answers. */
    expired: integer('expired', { mode: 'boolean' }).notNull().default(false),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    deadlineAt: integer('deadline_at', { mode: 'timestamp_ms' }),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('quiz_attempts_user_quiz_idx').on(t.userId, t.quizId, t.startedAt),
    index('quiz_attempts_quiz_idx').on(t.quizId, t.submittedAt),
    // Covers the grouped results of a cohort (best score, passed, last submission) and its weekly
    // activity: read from the index alone. The table's rows carry each attempt's questions, and
    // SQLite reaches the columns after that large one only through its overflow pages (issue 16).
    index('quiz_attempts_results_idx').on(t.userId, t.quizId, t.submittedAt, t.score, t.passed),
  ],
)

export const certificateKinds = ['course', 'programme'] as const
export type CertificateKind = (typeof certificateKinds)[number]

/**
 * An issued certificate: an immutable record of what was earned. Revocation
 * adds a date and a reason; a certificate row is never deleted.
 */
export const certificates = sqliteTable(
  'certificates',
  {
    id: text('id').primaryKey(),
    /** 12 Crockford base32 characters (60 random bits), stored without dashes. */
    code: text('code').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: certificateKinds }).notNull(),
    /** The course or programme id. */
    subjectId: text('subject_id').notNull(),
    holderName: text('holder_name').notNull(),
    title: text('title').notNull(),
    contentVersion: text('content_version').notNull(),
    /** Intensidad horaria, in hours (half hours allowed). */
    hours: real('hours').notNull(),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedBy: text('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    revocationReason: text('revocation_reason'),
    /**
     * A corrected certificate (e.g. the holder's name was fixed) took this one's place: the id
     * of the new one. The old row stays as it was ("reemplazado") and its page points to the new one.
     */
    replacedById: text('replaced_by_id'),
    replacedAt: integer('replaced_at', { mode: 'timestamp_ms' }),
    /** The holder's personal data were removed (Ley 1581 deletion request): shown as «Titular anonimizado». */
    holderAnonymisedAt: integer('holder_anonymised_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('certificates_code_unique').on(t.code),
    // one current certificate per holder and subject; replaced ones stay beside it
    uniqueIndex('certificates_holder_subject_unique')
      .on(t.userId, t.kind, t.subjectId)
      .where(sql`replaced_by_id IS NULL`),
    index('certificates_issued_idx').on(t.issuedAt),
  ],
)

/** Request counters per client for public endpoints (certificate verification). */
/**
 * The store of rate-limiter-flexible's RateLimiterSQLite (app/auth/limits.server.ts):
 * one row per limiter key, so sign-in delays and request budgets survive a restart.
 * Column names and types are the library's own.
 */
export const rateLimiterPoints = sqliteTable('rate_limiter_points', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: integer('expire'),
})

/** A group of learners that trainers follow together (a workshop cohort). */
export const cohorts = sqliteTable(
  'cohorts',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    municipality: text('municipality').notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    /** Learners who registered on their own join with this code (typed in "Mi cuenta"). */
    joinCode: text('join_code'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('cohorts_municipality_idx').on(t.municipality), uniqueIndex('cohorts_join_code_unique').on(t.joinCode)],
)

export const cohortTrainers = sqliteTable(
  'cohort_trainers',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_trainers_user_idx').on(t.userId)],
)

export const cohortCourses = sqliteTable(
  'cohort_courses',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    courseId: text('course_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.courseId] })],
)

export const cohortMembers = sqliteTable(
  'cohort_members',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /**
     * How the learner came into the cohort — only paths the learner or an admin agreed to:
     * created by the cohort's trainer (CSV or form), joined with the cohort's code, or added by an admin.
     */
    joinedVia: text('joined_via', { enum: ['created', 'join_code', 'admin'] })
      .notNull()
      .default('created'),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_members_user_idx').on(t.userId)],
)

/** An in-person workshop session of a cohort. */
export const attendanceSessions = sqliteTable(
  'attendance_sessions',
  {
    id: text('id').primaryKey(),
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    heldOn: text('held_on').notNull(),
    topic: text('topic').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('attendance_sessions_cohort_idx').on(t.cohortId, t.heldOn)],
)

export const attendanceMarks = sqliteTable(
  'attendance_marks',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => attendanceSessions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    present: integer('present', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
)

/**
 * Login cards just created (CSV import, PIN reset), kept briefly so the action can
 * redirect to a GET: a reload or a re-sent form shows the same cards and never repeats
 * the import or resets the PIN again. Rows expire after 30 minutes (they hold PINs).
 */
export const loginCardBatches = sqliteTable(
  'login_card_batches',
  {
    /** Random, unguessable: the one-time result key in the URL. */
    id: text('id').primaryKey(),
    /** The form's own key, so a form posted twice finds the first result. */
    submissionKey: text('submission_key').notNull(),
    cohortId: text('cohort_id').notNull(),
    actorId: text('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    cards: text('cards', { mode: 'json' }).$type<{ fullName: string; username: string; pin: string }[]>().notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('login_card_batches_submission_unique').on(t.actorId, t.submissionKey)],
)

/**
 * Keys the server generates once and keeps with the data, so they survive restarts and
 * travel with a backup: e.g. the key that signs offline write tokens (app/offline/).
 */
export const serverSecrets = sqliteTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
})

/**
 * One-time links to set a new password or PIN (24 h): handed over by an administrator or the
 * learner's trainer, or e-mailed when SMTP is configured. Only a hash of the token is kept.
 */
export const secretResetTokens = sqliteTable(
  'secret_reset_tokens',
  {
    /** SHA-256 of the token in the link (hex). */
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Who created the link; null when the person asked for it by e-mail. */
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: ['handover', 'email'] }).notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('secret_reset_tokens_user_idx').on(t.userId)],
)

import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { TFunction } from 'i18next'
import { z } from 'zod'
import { CalendarDateSchema } from '#app/auth/validation.ts'
import { formatCode } from '#app/certificates/code.ts'
import { db } from '#app/db/client.server.ts'
import { auditEvents, certificates, cohorts, users } from '#app/db/schema.ts'
import type { Language } from '#app/i18n/config.ts'
import { EXCEL_CSV_BOM, excelCsvLine } from '#app/utils/csv.ts'
import { foldText } from '#app/utils/municipalities.ts'
import { formatDateTime } from '#app/utils/dates.server.ts'
import type { AuditAction } from './audit.server.ts'

// The audit log as administrators read it (/admin/auditoria) and export it (CSV): who did
// what to what and when, newest first, with filters. Reads only; recordAudit writes.

/**
 * Every action the app records. Typed as a record so that a new AuditAction fails to compile
 * until it is listed here; its Spanish label lives in public/locales/<lng>/admin.json
 * (auditActions.<action>, also read by the user page; checked by tests/integration/audit-log.test.ts).
 */
const KNOWN: Record<AuditAction, true> = {
  'user.registered': true,
  'user.signed_in': true,
  'user.signed_out': true,
  'user.locked_out': true,
  'user.sign_in_unlocked': true,
  'user.admin_created': true,
  'user.role_changed': true,
  'certificate.revoked': true,
  'certificate.issued': true,
  'lesson.completed': true,
  'quiz.submitted': true,
  'cohort.created': true,
  'cohort.learners_imported': true,
  'cohort.member_added': true,
  'cohort.member_joined': true,
  'cohort.trainer_added': true,
  'cohort.member_removed': true,
  'user.pin_reset': true,
  'user.data_exported': true,
  'user.deletion_requested': true,
  'user.name_corrected': true,
  'certificate.corrected': true,
  'user.deactivated': true,
  'user.reactivated': true,
  'user.sessions_ended': true,
  'user.anonymised': true,
  'user.reset_link_created': true,
  'user.reset_link_emailed': true,
  'user.secret_reset_by_link': true,
}
export const knownAuditActions = Object.keys(KNOWN) as AuditAction[]

export function isKnownAction(action: string): action is AuditAction {
  return Object.hasOwn(KNOWN, action)
}

/** The action's label (an action recorded by an older version and no longer known shows as is). */
export function actionLabel(action: string, t: TFunction): string {
  return isKnownAction(action) ? t(`auditActions.${action}`) : action
}

// ---- filters -----------------------------------------------------------------------------

export type AuditFilters = {
  /** Events done by this account. */
  actorId?: string
  /** Events done by people whose name, username or e-mail contains this. */
  actorQuery?: string
  /** Events about this person or done by them. */
  personId?: string
  action?: string
  /** Calendar days in Colombia (YYYY-MM-DD), both included. */
  from?: string
  to?: string
}

const MAX_FILTER_TEXT = 120
const optionalText = z
  .string()
  .trim()
  .max(MAX_FILTER_TEXT, 'audit.errors.tooLong')
  .optional()
  .transform((v) => v || undefined)
/** An id from a link (no field of its own): an impossible one is dropped, with a notice. */
const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
/** A page number from a link: anything but a whole number from 1 is the first page. */
const pageNumber = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{1,7}$/.test(v.trim()) ? Math.max(1, Number(v.trim())) : 1))
const optionalDate = z.union([z.literal(''), CalendarDateSchema('audit.errors.date', 'audit.errors.date')]).optional()

const FilterSchema = z
  .object({
    actor: optionalId,
    quien: optionalText,
    persona: optionalId,
    accion: z.union([z.literal(''), z.string().refine(isKnownAction, 'audit.errors.action')]).optional(),
    desde: optionalDate,
    hasta: optionalDate,
    pagina: pageNumber,
  })
  .refine((v) => !v.desde || !v.hasta || v.desde <= v.hasta, { path: ['hasta'], message: 'audit.errors.range' })

export type ParsedFilters =
  | { ok: true; filters: AuditFilters; page: number; ignored: ('persona' | 'actor')[] }
  | { ok: false; fieldErrors: Record<string, string> }

/**
 * Reads the filters from the query string (the GET form); a wrong date or action, or a name
 * search too long, is a field error. The person and actor filters come from links (ids): one
 * no id could be is dropped and listed in `ignored` (the page says so); a bad page number is
 * the first page (the listing clamps one past the end to the last).
 */
export function parseAuditFilters(params: URLSearchParams): ParsedFilters {
  const parsed = FilterSchema.safeParse(Object.fromEntries(params))
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {}
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message
    return { ok: false, fieldErrors }
  }
  const v = parsed.data
  const ignored = (['persona', 'actor'] as const).filter((k) => (v[k]?.length ?? 0) > MAX_FILTER_TEXT)
  return {
    ok: true,
    page: v.pagina,
    ignored,
    filters: {
      actorId: ignored.includes('actor') ? undefined : v.actor,
      actorQuery: v.quien,
      personId: ignored.includes('persona') ? undefined : v.persona,
      action: v.accion || undefined,
      from: v.desde || undefined,
      to: v.hasta || undefined,
    },
  }
}

/** Midnight in Colombia (UTC−5 all year, no daylight saving) at the start of this calendar day. */
function bogotaMidnight(day: string, addDays = 0): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + addDays, 5))
}

const likeEscape = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

function whereOf(f: AuditFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = []
  if (f.actorId) conditions.push(eq(auditEvents.actorId, f.actorId))
  if (f.actorQuery) {
    const pattern = likeEscape(f.actorQuery)
    // names without regard to accents («jose» finds «José»), as in the user list
    const namePattern = likeEscape(foldText(f.actorQuery))
    const matching = db
      .select({ id: users.id })
      .from(users)
      .where(
        sql`(fold_text(${users.fullName}) like ${namePattern} escape '\\' or lower(coalesce(${users.username}, '')) like ${pattern} escape '\\' or lower(coalesce(${users.email}, '')) like ${pattern} escape '\\')`,
      )
    conditions.push(inArray(auditEvents.actorId, matching))
  }
  if (f.personId) conditions.push(or(eq(auditEvents.subjectId, f.personId), eq(auditEvents.actorId, f.personId)))
  if (f.action) conditions.push(eq(auditEvents.action, f.action))
  if (f.from) conditions.push(gte(auditEvents.createdAt, bogotaMidnight(f.from)))
  if (f.to) conditions.push(lt(auditEvents.createdAt, bogotaMidnight(f.to, 1)))
  return and(...conditions)
}

// ---- reading -----------------------------------------------------------------------------

const actor = alias(users, 'actor')
const subjectUser = alias(users, 'subject_user')

export type AuditSubject =
  | { kind: 'user'; id: string; name: string }
  | { kind: 'certificate'; id: string; code: string; title: string; holder: string }
  | { kind: 'cohort'; id: string; name: string }
  | { kind: 'other'; id: string }

export type AuditRow = {
  id: number
  at: Date
  action: string
  actor: { id: string; name: string } | null
  subject: AuditSubject | null
  details: Record<string, unknown> | null
}

function selectRows(where: SQL | undefined) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.createdAt,
      action: auditEvents.action,
      actorId: auditEvents.actorId,
      actorName: actor.fullName,
      subjectId: auditEvents.subjectId,
      subjectUserName: subjectUser.fullName,
      subjectUserId: subjectUser.id,
      certificateCode: certificates.code,
      certificateTitle: certificates.title,
      certificateHolder: certificates.holderName,
      cohortName: cohorts.name,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .leftJoin(subjectUser, eq(subjectUser.id, auditEvents.subjectId))
    .leftJoin(certificates, eq(certificates.id, auditEvents.subjectId))
    .leftJoin(cohorts, eq(cohorts.id, auditEvents.subjectId))
    .where(where)
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>['all']>>[number]

function toRow(r: RawRow): AuditRow {
  const subject: AuditSubject | null = !r.subjectId
    ? null
    : r.subjectUserId
      ? { kind: 'user', id: r.subjectId, name: r.subjectUserName ?? '' }
      : r.certificateCode
        ? { kind: 'certificate', id: r.subjectId, code: formatCode(r.certificateCode), title: r.certificateTitle ?? '', holder: r.certificateHolder ?? '' }
        : r.cohortName !== null
          ? { kind: 'cohort', id: r.subjectId, name: r.cohortName }
          : { kind: 'other', id: r.subjectId }
  return {
    id: r.id,
    at: r.at,
    action: r.action,
    actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '' } : null,
    subject,
    details: r.details ?? null,
  }
}

export const PAGE_SIZE = 50

/**
 * One page of the filtered log, newest first, with the true number of matching events and the
 * page shown: one past the last is the last (as in the user list).
 */
export function listAuditEvents(
  filters: AuditFilters,
  { page = 1, pageSize = PAGE_SIZE } = {},
): { total: number; page: number; pages: number; rows: AuditRow[] } {
  const where = whereOf(filters)
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(auditEvents)
    .where(where)
    .get()!.n
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const current = Math.min(Math.max(1, page), pages)
  const rows = selectRows(where)
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .all()
    .map(toRow)
  return { total, page: current, pages, rows }
}

/** Names for the filter chips: the person and the actor filtered on. */
export function personName(id: string | undefined): string | null {
  if (!id) return null
  return db.select({ name: users.fullName }).from(users).where(eq(users.id, id)).get()?.name ?? null
}

// ---- details, readable -------------------------------------------------------------------

/** Keys of details that hold a person's or a cohort's id: shown by name (with the id kept). */
const PERSON_KEYS = new Set(['linkCreatedBy', 'trainerId', 'userId', 'adminId', 'anonymisedBy', 'by'])
const COHORT_KEYS = new Set(['cohortId'])

export type DetailEntry = { key: string; label: string; value: string; link?: { kind: 'user' | 'cohort'; id: string } }
export type Names = { people: Map<string, string>; cohorts: Map<string, string> }

/** The names behind the ids that these rows' details mention (one query each). */
export function namesFor(rows: { details: Record<string, unknown> | null }[]): Names {
  const people = new Set<string>()
  const cohortIds = new Set<string>()
  for (const r of rows)
    for (const [k, v] of Object.entries(r.details ?? {})) {
      if (typeof v !== 'string') continue
      if (PERSON_KEYS.has(k)) people.add(v)
      if (COHORT_KEYS.has(k)) cohortIds.add(v)
    }
  return {
    people: new Map(
      people.size
        ? db
            .select({ id: users.id, name: users.fullName })
            .from(users)
            .where(inArray(users.id, [...people]))
            .all()
            .map((u) => [u.id, u.name])
        : [],
    ),
    cohorts: new Map(
      cohortIds.size
        ? db
            .select({ id: cohorts.id, name: cohorts.name })
            .from(cohorts)
            .where(inArray(cohorts.id, [...cohortIds]))
            .all()
            .map((c) => [c.id, c.name])
        : [],
    ),
  }
}

const codeText = (code: string) => (/^[0-9A-Z]{12}$/.test(code) ? formatCode(code) : code)
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/**
 * Every key of an event's details as «label: value»: known keys get a Spanish label and a
 * readable value (a role's name, a cohort's name, a date), anything else is shown as it is
 * stored. Nothing is left out.
 */
export function describeDetails(details: Record<string, unknown> | null, t: TFunction, lng: Language, names: Names): DetailEntry[] {
  if (!details) return []
  return Object.entries(details).map(([key, raw]): DetailEntry => {
    const label = t(`audit.details.${key}`, { defaultValue: key })
    const entry = (value: string, link?: DetailEntry['link']): DetailEntry => ({ key, label, value, ...(link ? { link } : {}) })
    if (typeof raw === 'string' && COHORT_KEYS.has(key)) {
      const name = names.cohorts.get(raw)
      return entry(name ?? raw, name ? { kind: 'cohort', id: raw } : undefined)
    }
    if (typeof raw === 'string' && PERSON_KEYS.has(key)) {
      const name = names.people.get(raw)
      return entry(name ?? raw, name ? { kind: 'user', id: raw } : undefined)
    }
    if (typeof raw === 'string' && (key === 'from' || key === 'to' || key === 'role')) return entry(t(`roles.${raw}`, { defaultValue: raw }))
    if (typeof raw === 'string' && (key === 'channel' || key === 'secretKind' || key === 'kind'))
      return entry(t(`audit.values.${key}.${raw}`, { defaultValue: raw }))
    if (typeof raw === 'string' && (key === 'code' || key === 'replaces')) return entry(codeText(raw))
    // Certificates reissued under a corrected name: old code → new code.
    if (Array.isArray(raw) && raw.every((c) => c && typeof c === 'object' && typeof c.from === 'string' && typeof c.to === 'string'))
      return entry(raw.length ? raw.map((c: { from: string; to: string }) => `${codeText(c.from)} → ${codeText(c.to)}`).join(', ') : '—')
    if (typeof raw === 'string' && ISO_DATE.test(raw)) return entry(formatDateTime(new Date(raw), lng))
    if (typeof raw === 'boolean') return entry(t(raw ? 'audit.values.yes' : 'audit.values.no'))
    if (typeof raw === 'string' || typeof raw === 'number') return entry(String(raw))
    return entry(JSON.stringify(raw))
  })
}

// ---- CSV ---------------------------------------------------------------------------------

/** 2026-03-01 14:05:07, Colombia time: Excel reads it as a date and time. */
function bogotaStamp(date: Date): string {
  return new Date(date.getTime() - 5 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}

function subjectText(s: AuditSubject | null, t: TFunction): [string, string, string] {
  if (!s) return ['', '', '']
  switch (s.kind) {
    case 'user':
      return [t('audit.subjectKinds.user'), s.name, s.id]
    case 'certificate':
      return [t('audit.subjectKinds.certificate'), `${s.code} · ${s.title} · ${s.holder}`, s.id]
    case 'cohort':
      return [t('audit.subjectKinds.cohort'), s.name, s.id]
    default:
      return [t('audit.subjectKinds.other'), '', s.id]
  }
}

export const CSV_BATCH = 1000

/** A translate function that looks each label up once (the CSV asks for the same few labels on every row). */
function labelCache(t: TFunction): TFunction {
  const cache = new Map<string, string>()
  return ((key: string, options?: { defaultValue?: string }) => {
    const id = `${key}\u0000${options?.defaultValue ?? ''}`
    let label = cache.get(id)
    if (label === undefined) {
      label = String(t(key, options))
      cache.set(id, label)
    }
    return label
  }) as TFunction
}

/**
 * The filtered log as Excel CSV, streamed: read in batches of `batchSize` rows (newest first,
 * continuing after the last row read: no OFFSET, no statement kept open between batches, so
 * other requests use the database in between), each batch written when the client asks for
 * more. Memory stays at one batch, however long the log.
 */
export function auditCsvStream(filters: AuditFilters, translate: TFunction, lng: Language, batchSize = CSV_BATCH): ReadableStream<Uint8Array> {
  // Only labels (no interpolation) are asked for below, so they can be looked up once.
  const t = labelCache(translate)
  const encoder = new TextEncoder()
  const base = whereOf(filters)
  let after: { at: Date; id: number } | null = null
  let done = false
  const header = [
    t('audit.csv.id'),
    t('audit.csv.at'),
    t('audit.csv.action'),
    t('audit.csv.actionCode'),
    t('audit.csv.actor'),
    t('audit.csv.actorId'),
    t('audit.csv.subjectKind'),
    t('audit.csv.subject'),
    t('audit.csv.subjectId'),
    t('audit.csv.details'),
  ]
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(EXCEL_CSV_BOM + excelCsvLine(header)))
      },
      pull(controller) {
        if (done) return
        const cursor = after
        const where = cursor
          ? // (at, id) < cursor, written so the index on created_at bounds the range
            and(base, lte(auditEvents.createdAt, cursor.at), or(lt(auditEvents.createdAt, cursor.at), lt(auditEvents.id, cursor.id)))
          : base
        const rows = selectRows(where).limit(batchSize).all().map(toRow)
        const names = namesFor(rows)
        let chunk = ''
        for (const r of rows) {
          const [kind, subject, subjectId] = subjectText(r.subject, t)
          const details = describeDetails(r.details, t, lng, names)
            .map((d) => `${d.label}: ${d.link ? `${d.value} (${d.link.id})` : d.value}`)
            .join(' · ')
          chunk += excelCsvLine([
            r.id,
            bogotaStamp(r.at),
            actionLabel(r.action, t),
            r.action,
            r.actor?.name ?? '',
            r.actor?.id ?? '',
            kind,
            subject,
            subjectId,
            details,
          ])
        }
        if (chunk) controller.enqueue(encoder.encode(chunk))
        if (rows.length < batchSize) {
          done = true
          controller.close()
        } else {
          const last = rows[rows.length - 1]
          after = { at: last.at, id: last.id }
        }
      },
    },
    { highWaterMark: 1 },
  )
}

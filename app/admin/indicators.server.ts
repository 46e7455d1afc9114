import type { AppLoadContext } from '@remix-run/node'
import { sql } from 'drizzle-orm'
import type { TFunction } from 'i18next'
import { requireUserWithRole } from '#app/auth/guards.server.ts'
import { listCourses } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { profiles } from '#app/db/schema.ts'
import type { Language } from '#app/i18n/config.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { formatDateTime } from '#app/utils/dates.server.ts'
import { toExcelCsv } from '#app/utils/csv.ts'
import { municipalities, municipalityName } from '#app/utils/municipalities.ts'

// The funder's indicators (participant monitoring: by municipality, profile, gender, age band and
// month), aggregated in SQL with GROUP BY in three queries, whatever the number of learners.
// Only aggregates leave this module, and only after small-cell suppression: a count of 1 to 4
// people is «<5» here already, so the page, the CSV and the printed report can never show it.

/** Counts of 1 to 4 are hidden (shown «<5»). */
export const SMALL_CELL = 5
/** A shown count, or a hidden one: «<5» (0 to 4), «≥5» (hidden only so that another «<5» cannot be subtracted back). */
export type Cell = number | '<5' | '≥5'

/** A month as YYYY-MM; a period is from its first month to its last, both included. */
export type Period = { from: string; to: string }
export const MAX_PERIOD_MONTHS = 60

/** Colombia keeps UTC−5 all year (no daylight saving): months start at 05:00 UTC. */
const BOGOTA_OFFSET_MS = 5 * 3_600_000

const monthIndex = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return y * 12 + (m - 1)
}
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
/** The instant a month begins in Colombia, in ms. */
const monthStart = (index: number) => Date.UTC(Math.floor(index / 12), index % 12, 1) + BOGOTA_OFFSET_MS
const firstDay = (index: number) => `${monthOf(index)}-01`

/** The last 12 months, the current one (in Colombia) included. */
export function defaultPeriod(now = new Date()): Period {
  const local = new Date(now.getTime() - BOGOTA_OFFSET_MS)
  const current = local.getUTCFullYear() * 12 + local.getUTCMonth()
  return { from: monthOf(current - 11), to: monthOf(current) }
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; period: Period; fieldErrors: Partial<Record<'desde' | 'hasta', string>> }

/**
 * The period asked for in the URL (?desde=YYYY-MM&hasta=YYYY-MM); a missing month takes the
 * default's. Bad input gives messages for the fields (keys of the "indicators" namespace) and
 * the default period, so the page still shows figures.
 */
export function parsePeriod(params: URLSearchParams, now = new Date()): PeriodResult {
  const fallback = defaultPeriod(now)
  const fieldErrors: Partial<Record<'desde' | 'hasta', string>> = {}
  const read = (name: 'desde' | 'hasta', otherwise: string) => {
    const typed = (params.get(name) ?? '').trim()
    if (!typed) return otherwise
    const match = /^(\d{4})-(\d{1,2})$/.exec(typed)
    const year = Number(match?.[1])
    const month = Number(match?.[2])
    if (!match || month < 1 || month > 12 || year < 2000 || year > 2100) {
      fieldErrors[name] = 'errors.month'
      return otherwise
    }
    return `${year}-${String(month).padStart(2, '0')}`
  }
  const from = read('desde', fallback.from)
  const to = read('hasta', fallback.to)
  if (!fieldErrors.desde && !fieldErrors.hasta) {
    if (monthIndex(from) > monthIndex(to)) fieldErrors.hasta = 'errors.order'
    else if (monthIndex(to) - monthIndex(from) + 1 > MAX_PERIOD_MONTHS) fieldErrors.hasta = 'errors.tooLong'
  }
  if (Object.keys(fieldErrors).length) return { ok: false, period: fallback, fieldErrors }
  return { ok: true, period: { from, to } }
}

export function monthsOf(period: Period): string[] {
  const out: string[] = []
  for (let i = monthIndex(period.from); i <= monthIndex(period.to); i++) out.push(monthOf(i))
  return out
}

// ---- what is counted ----------------------------------------------------------------------

/**
 * - registered: learners (role learner) whose account was created in the period;
 * - active: learners who opened or finished a lesson, or submitted a quiz, in the period;
 * - attended: learners marked present at one or more workshop sessions held in the period;
 * - completedCourse: learners with at least one course certificate issued in the period;
 * - courseCertificates / programmeCertificates: certificates issued in the period;
 * - course:<id>: learners who completed that course (its certificate issued) in the period.
 * A certificate counts at its first issue (a corrected one replaces it without counting again)
 * and only while valid (revoked ones do not count).
 */
export const mainIndicators = ['registered', 'active', 'attended', 'completedCourse', 'courseCertificates', 'programmeCertificates'] as const
export type MainIndicator = (typeof mainIndicators)[number]
export type IndicatorId = MainIndicator | `course:${string}`

export const dimensions = ['municipality', 'profile', 'gender', 'ageBand', 'month'] as const
export type Dimension = (typeof dimensions)[number]

export const genderGroups = ['female', 'male', 'other', 'none'] as const
/** Age in the period's last year (only the year of birth is asked, so ±1). */
export const ageBands = ['under18', '18-24', '25-34', '35-44', '45-59', '60+', 'none'] as const

export type IndicatorReport = {
  period: Period
  months: string[]
  /** The columns: the main indicators, then one per course (people who completed it). */
  indicators: { id: IndicatorId; byGroup: boolean; courseId?: string; title?: string }[]
  totals: Record<IndicatorId, Cell>
  /** Learners registered from the start up to the end of the period. */
  registeredToDate: Cell
  dimensions: { id: Dimension; groups: { id: string; cells: Record<IndicatorId, Cell> }[] }[]
}

/** Per person: people counted once per group; certificates once each. */
type Counts = Record<string, number>
const bump = (counts: Counts, key: string, n: number) => {
  if (n) counts[key] = (counts[key] ?? 0) + n
}

const CASE_AGE = (referenceYear: number) => sql`CASE
  WHEN u.birth_year IS NULL THEN 'none'
  WHEN ${referenceYear} - u.birth_year < 18 THEN 'under18'
  WHEN ${referenceYear} - u.birth_year <= 24 THEN '18-24'
  WHEN ${referenceYear} - u.birth_year <= 34 THEN '25-34'
  WHEN ${referenceYear} - u.birth_year <= 44 THEN '35-44'
  WHEN ${referenceYear} - u.birth_year <= 59 THEN '45-59'
  ELSE '60+' END`
const CASE_GENDER = sql`CASE WHEN u.gender IN ('female', 'male', 'other') THEN u.gender ELSE 'none' END`

/** The month (YYYY-MM) of a stored ms timestamp, in Colombia. */
const monthSql = (column: ReturnType<typeof sql.raw>) => sql`strftime('%Y-%m', (${column} - ${BOGOTA_OFFSET_MS}) / 1000.0, 'unixepoch')`

type GroupRow = { municipality: string; profile: string; gender: string; age: string }

/**
 * The raw counts: never returned to a caller (see `loadIndicators`). Every set is first reduced
 * to one row per person (and month), then joined to `users` by its primary key.
 */
function countAll(period: Period) {
  const months = monthsOf(period)
  const f = monthStart(monthIndex(period.from))
  const t = monthStart(monthIndex(period.to) + 1)
  const fromDay = firstDay(monthIndex(period.from))
  const toDay = firstDay(monthIndex(period.to) + 1)
  const referenceYear = Number(period.to.slice(0, 4))
  const groups = sql`u.municipality AS municipality, u.profile AS profile, ${CASE_GENDER} AS gender, ${CASE_AGE(referenceYear)} AS age`

  // Who did what in which month of the period (one row per person and month).
  const ctes = sql`
    WITH activity AS MATERIALIZED (
      SELECT DISTINCT user_id, ${monthSql(sql.raw('at'))} AS month FROM (
        SELECT user_id, first_opened_at AS at FROM lesson_progress WHERE first_opened_at >= ${f} AND first_opened_at < ${t}
        UNION ALL SELECT user_id, completed_at FROM lesson_progress WHERE completed_at >= ${f} AND completed_at < ${t}
        UNION ALL SELECT user_id, submitted_at FROM quiz_attempts WHERE submitted_at >= ${f} AND submitted_at < ${t}
      )
    ),
    presence AS MATERIALIZED (
      SELECT DISTINCT m.user_id, substr(s.held_on, 1, 7) AS month
      FROM attendance_marks m JOIN attendance_sessions s ON s.id = m.session_id
      WHERE m.present = 1 AND s.held_on >= ${fromDay} AND s.held_on < ${toDay}
    ),
    issued AS MATERIALIZED (
      SELECT user_id, kind, subject_id, ${monthSql(sql.raw('MIN(issued_at)'))} AS month
      FROM certificates
      GROUP BY user_id, kind, subject_id
      HAVING MAX(replaced_by_id IS NULL AND revoked_at IS NULL) = 1 AND MIN(issued_at) >= ${f} AND MIN(issued_at) < ${t}
    )`

  // One statement for both shapes (so each set is computed once): the learners by group with
  // what they did in the period, and the people per month of each indicator.
  type Row = GroupRow & {
    shape: 'groups' | 'month'
    indicator: MainIndicator | null
    month: string | null
    registered: number
    registeredToDate: number
    active: number
    attended: number
    completedCourse: number
  }
  const rows = db.all<Row>(sql`
    ${ctes}
    SELECT 'groups' AS shape, NULL AS indicator, NULL AS month, ${groups},
      SUM(u.created_at >= ${f} AND u.created_at < ${t}) AS registered,
      SUM(u.created_at < ${t}) AS registeredToDate,
      SUM(u.id IN (SELECT user_id FROM activity)) AS active,
      SUM(u.id IN (SELECT user_id FROM presence)) AS attended,
      SUM(u.id IN (SELECT user_id FROM issued WHERE kind = 'course')) AS completedCourse
    FROM users u WHERE u.role = 'learner'
    GROUP BY 4, 5, 6, 7
    UNION ALL
    SELECT 'month', 'registered', ${monthSql(sql.raw('u.created_at'))}, NULL, NULL, NULL, NULL, COUNT(*), 0, 0, 0, 0
      FROM users u WHERE u.role = 'learner' AND u.created_at >= ${f} AND u.created_at < ${t} GROUP BY 3
    UNION ALL
    SELECT 'month', 'active', a.month, NULL, NULL, NULL, NULL, COUNT(*), 0, 0, 0, 0
      FROM activity a JOIN users u ON u.id = a.user_id WHERE u.role = 'learner' GROUP BY a.month
    UNION ALL
    SELECT 'month', 'attended', p.month, NULL, NULL, NULL, NULL, COUNT(*), 0, 0, 0, 0
      FROM presence p JOIN users u ON u.id = p.user_id WHERE u.role = 'learner' GROUP BY p.month
    UNION ALL
    SELECT 'month', 'completedCourse', i.month, NULL, NULL, NULL, NULL, COUNT(DISTINCT i.user_id), 0, 0, 0, 0
      FROM issued i JOIN users u ON u.id = i.user_id WHERE u.role = 'learner' AND i.kind = 'course' GROUP BY i.month`)

  const certificates = db.all<GroupRow & { kind: 'course' | 'programme'; subjectId: string; month: string; n: number }>(sql`
    ${ctes}
    SELECT i.kind AS kind, i.subject_id AS subjectId, i.month AS month, ${groups}, COUNT(*) AS n
    FROM issued i JOIN users u ON u.id = i.user_id
    WHERE u.role = 'learner'
    GROUP BY 1, 2, 3, 4, 5, 6, 7`)

  const people = rows.filter((r) => r.shape === 'groups')
  // In the month rows the count travels in the `registered` column.
  const perMonth = rows.filter((r) => r.shape === 'month').map((r) => ({ indicator: r.indicator!, month: r.month!, n: r.registered }))
  return { months, people, certificates, perMonth }
}

// ---- small-cell suppression -------------------------------------------------------------

/**
 * A table of counts to publish: `values[i]` with the constraints that tie them (each: the terms
 * of a sum that is zero, e.g. the groups of a column minus its total). `total` marks the
 * values shown as headline figures, hidden last.
 */
export type SuppressionInput = {
  values: number[]
  total: boolean[]
  constraints: { index: number; sign: 1 | -1 }[][]
  /** Values never published, only known to be 0 or more (e.g. how far a sum exceeds its total). */
  unknown?: boolean[]
}

/**
 * Small-cell suppression. Every count from 1 to 4 becomes «<5». Then, as a reader could:
 * from the shown values and the sums that tie them (a column adds up to its total; the
 * courses add up to the course certificates), work out the narrowest range of every hidden
 * value; while a hidden 1–4 could be found exactly, hide one more value of the sum that gives
 * it away — the smallest, a group before a total — as «<5» (a 0) or «≥5». A reader is assumed
 * to know that «<5» is 0–4 and «≥5» is at least 5.
 */
export function suppress({ values, total, constraints, unknown = [] }: SuppressionInput): Cell[] {
  // '?': a value the reader never sees (0 or more).
  const shown: (Cell | '?')[] = values.map((v, i) => (unknown[i] ? '?' : v >= 1 && v < SMALL_CELL ? '<5' : v))
  const sensitive = (i: number) => !unknown[i] && values[i] >= 1 && values[i] < SMALL_CELL
  // Hidden values no further hiding can cover (every value of their sums is hidden already).
  const unprotectable = new Set<number>()
  const sums = values.map(() => 0)
  for (const terms of constraints) for (const { index } of terms) sums[index]++
  for (let round = 0; round <= values.length; round++) {
    const lo = shown.map((c) => (c === '<5' || c === '?' ? 0 : c === '≥5' ? SMALL_CELL : c))
    const hi = shown.map((c) => (c === '<5' ? SMALL_CELL - 1 : c === '≥5' || c === '?' ? Infinity : c))
    // Tighten the ranges through every sum until nothing changes (a reader's best deduction).
    for (let sweep = 0, changed = true; changed && sweep < 100; sweep++) {
      changed = false
      for (const terms of constraints) {
        // Σ sign·x = 0: for each term, the range the others leave it.
        let sumMin = 0
        let sumMax = 0
        let minInf = 0
        let maxInf = 0
        const termMin = terms.map(({ index, sign }) => (sign > 0 ? lo[index] : -hi[index]))
        const termMax = terms.map(({ index, sign }) => (sign > 0 ? hi[index] : -lo[index]))
        termMin.forEach((m) => (m === -Infinity ? minInf++ : (sumMin += m)))
        termMax.forEach((m) => (m === Infinity ? maxInf++ : (sumMax += m)))
        terms.forEach(({ index, sign }, k) => {
          const othersMin = termMin[k] === -Infinity ? (minInf > 1 ? -Infinity : sumMin) : minInf ? -Infinity : sumMin - termMin[k]
          const othersMax = termMax[k] === Infinity ? (maxInf > 1 ? Infinity : sumMax) : maxInf ? Infinity : sumMax - termMax[k]
          // sign·x = −others
          const [newLo, newHi] = sign > 0 ? [-othersMax, -othersMin] : [othersMin, othersMax]
          if (newLo > lo[index]) [lo[index], changed] = [newLo, true]
          if (newHi < hi[index]) [hi[index], changed] = [newHi, true]
        })
      }
    }
    const exposed = values.findIndex((_, i) => sensitive(i) && !unprotectable.has(i) && lo[i] === hi[i])
    if (exposed < 0) break
    const candidates = constraints
      .filter((terms) => terms.some(({ index }) => index === exposed))
      .flatMap((terms) => terms.map(({ index }) => index))
      .filter((i) => typeof shown[i] === 'number')
      // A group before a headline total; a value in fewer sums (hiding it cannot be undone
      // through another sum); then the smallest.
      .sort((a, b) => Number(total[a]) - Number(total[b]) || sums[a] - sums[b] || values[a] - values[b] || a - b)
    if (!candidates.length) {
      unprotectable.add(exposed)
      continue
    }
    const next = candidates[0]
    shown[next] = values[next] < SMALL_CELL ? '<5' : '≥5'
  }
  // Unknown values are the caller's own and never published.
  return shown.map((c) => (c === '?' ? '≥5' : c))
}

// ---- the report -------------------------------------------------------------------------

/** Groups shown for a dimension: the fixed ones always (zeros included), unknown values as «none». */
function groupsOf(dimension: Dimension, months: string[]): string[] {
  switch (dimension) {
    case 'municipality':
      return [...municipalities.map((m) => m.id), 'none']
    case 'profile':
      return [...profiles]
    case 'gender':
      return [...genderGroups]
    case 'ageBand':
      return [...ageBands]
    case 'month':
      return months
  }
}
const knownMunicipalities = new Set<string>(municipalities.map((m) => m.id))
const knownProfiles = new Set<string>(profiles)

/** Which group a learner's row falls in, per dimension (months come from their own queries). */
function groupKey(row: GroupRow, dimension: Exclude<Dimension, 'month'>): string {
  if (dimension === 'municipality') return knownMunicipalities.has(row.municipality) ? row.municipality : 'none'
  if (dimension === 'profile') return knownProfiles.has(row.profile) ? row.profile : 'other'
  if (dimension === 'gender') return row.gender
  return row.age
}

/**
 * The indicators for a period, suppressed and ready to show: the only way figures leave this
 * module. Three GROUP BY queries; the rest is arithmetic on a few hundred groups.
 */
export function loadIndicators(period: Period): IndicatorReport {
  const { months, people, certificates, perMonth } = countAll(period)
  const courses = listCourses()
  const courseIds = courses.map((c) => c.id)
  const indicators: IndicatorReport['indicators'] = [
    ...mainIndicators.map((id) => ({ id, byGroup: id !== 'courseCertificates' })),
    ...courses.map((c) => ({ id: `course:${c.id}` as IndicatorId, byGroup: true, courseId: c.id, title: c.title })),
  ]
  const ids = indicators.map((i) => i.id)
  // Course certificates by group would be the sum of the courses' columns (one certificate per
  // completion): a second way to subtract a hidden cell back. Only their total is published.
  const groupIds = indicators.filter((i) => i.byGroup).map((i) => i.id)

  // Raw counts: totals[indicator], cells[dimension][group][indicator].
  const totals: Counts = {}
  let registeredToDate = 0
  const cells = new Map<Dimension, Map<string, Counts>>(dimensions.map((d) => [d, new Map(groupsOf(d, months).map((g): [string, Counts] => [g, {}]))]))
  const cellOf = (dimension: Dimension, group: string) => {
    const groups = cells.get(dimension)!
    if (!groups.has(group)) groups.set(group, {})
    return groups.get(group)!
  }
  const staticDimensions = ['municipality', 'profile', 'gender', 'ageBand'] as const
  for (const row of people) {
    registeredToDate += row.registeredToDate
    for (const indicator of ['registered', 'active', 'attended', 'completedCourse'] as const) {
      bump(totals, indicator, row[indicator])
      for (const d of staticDimensions) bump(cellOf(d, groupKey(row, d)), indicator, row[indicator])
    }
  }
  for (const row of certificates) {
    const keys: string[] = row.kind === 'course' ? ['courseCertificates', `course:${row.subjectId}`] : ['programmeCertificates']
    for (const key of keys) {
      if (key.startsWith('course:') && !courseIds.includes(row.subjectId)) continue
      bump(totals, key, row.n)
      for (const d of staticDimensions) bump(cellOf(d, groupKey(row, d)), key, row.n)
      bump(cellOf('month', row.month), key, row.n)
    }
  }
  for (const row of perMonth) bump(cellOf('month', row.month), row.indicator, row.n)
  // The «unknown municipality» row only when someone is in it.
  const unknownPlace = cells.get('municipality')!.get('none')
  if (unknownPlace && !Object.values(unknownPlace).some(Boolean)) cells.get('municipality')!.delete('none')

  // Every value to publish, and the sums that tie them.
  const values: number[] = []
  const isTotal: boolean[] = []
  const add = (value: number, headline: boolean) => (values.push(value), isTotal.push(headline), values.length - 1)
  const totalAt = Object.fromEntries(ids.map((id) => [id, add(totals[id] ?? 0, true)])) as Record<IndicatorId, number>
  const toDateAt = add(registeredToDate, true)
  const cellAt = new Map<string, number>()
  for (const [dimension, groups] of cells)
    for (const [group, counts] of groups) for (const id of groupIds) cellAt.set(`${dimension}|${group}|${id}`, add(counts[id] ?? 0, false))

  const constraints: SuppressionInput['constraints'] = []
  const unknown: boolean[] = []
  // The course certificates are the courses' completions added up.
  const courseColumns = ids.filter((id) => id.startsWith('course:'))
  if (courseColumns.length)
    constraints.push([...courseColumns.map((id) => ({ index: totalAt[id], sign: 1 as const })), { index: totalAt.courseCertificates, sign: -1 }])
  for (const [dimension, groups] of cells) {
    for (const id of groupIds) {
      // A learner is in one group of each dimension; by month, only events happen once (a person is active in many months).
      const partition = dimension !== 'month' || !['active', 'attended', 'completedCourse'].includes(id)
      const terms = [...groups.keys()].map((group) => ({ index: cellAt.get(`${dimension}|${group}|${id}`)!, sign: 1 as const }))
      if (partition) constraints.push([...terms, { index: totalAt[id], sign: -1 }])
      else if (dimension === 'month' && id === 'completedCourse') {
        // People who completed a course, by month: they add up to the total, or to more (someone who
        // completed courses in two months counts in both). A reader knows months ≥ total: the
        // months minus the total is an unpublished value of 0 or more.
        const excess = terms.reduce((sum, { index }) => sum + values[index], 0) - values[totalAt[id]]
        const excessAt = add(Math.max(0, excess), false)
        unknown[excessAt] = true
        constraints.push([...terms, { index: totalAt[id], sign: -1 }, { index: excessAt, sign: -1 }])
      }
    }
  }
  // «Completed a course» and a course's column hold the same people wherever nobody completed
  // another course (always, with one course): where their values are equal, a reader may take
  // one for the other, so a value hidden in one column is hidden in the other too.
  for (const id of courseColumns) {
    const pairs: [number, number][] = [[totalAt.completedCourse, totalAt[id]]]
    for (const [dimension, groups] of cells)
      for (const group of groups.keys()) pairs.push([cellAt.get(`${dimension}|${group}|completedCourse`)!, cellAt.get(`${dimension}|${group}|${id}`)!])
    for (const [a, b] of pairs)
      if (values[a] === values[b])
        constraints.push([
          { index: a, sign: 1 },
          { index: b, sign: -1 },
        ])
  }

  const shown = suppress({ values, total: isTotal, constraints, unknown })
  const row = (at: (id: IndicatorId) => number, of = groupIds) => Object.fromEntries(of.map((id) => [id, shown[at(id)]])) as Record<IndicatorId, Cell>
  return {
    period,
    months,
    indicators,
    totals: row((id) => totalAt[id], ids),
    registeredToDate: shown[toDateAt],
    dimensions: [...cells].map(([dimension, groups]) => ({
      id: dimension,
      groups: [...groups.keys()].map((group) => ({ id: group, cells: row((id) => cellAt.get(`${dimension}|${group}|${id}`)!) })),
    })),
  }
}

// ---- labels and the CSV -----------------------------------------------------------------

/** What the page, the print view and the CSV show: the report with every label translated on the server. */
export type LabelledReport = Omit<IndicatorReport, 'indicators' | 'dimensions'> & {
  periodLabel: string
  indicators: (IndicatorReport['indicators'][number] & { label: string })[]
  dimensions: { id: Dimension; label: string; groups: { id: string; label: string; cells: Record<IndicatorId, Cell> }[] }[]
}

/** «ene 2026»: months as people in Colombia write them (formatted here, so no hydration drift). */
export function monthLabel(month: string, lng: Language) {
  const [y, m] = month.split('-').map(Number)
  const parts = new Intl.DateTimeFormat(lng === 'es' ? 'es-CO' : 'en', { month: 'short', year: 'numeric', timeZone: 'UTC' }).formatToParts(
    Date.UTC(y, m - 1, 15),
  )
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('month').replace(/\.$/, '')} ${part('year')}`
}

export function labelReport(report: IndicatorReport, t: TFunction, lng: Language): LabelledReport {
  const groupLabel = (dimension: Dimension, id: string) => {
    if (id === 'none') return t(`groups.none.${dimension}`)
    if (dimension === 'municipality') return id === 'otro' ? t('groups.otherMunicipality') : municipalityName(id)
    if (dimension === 'month') return monthLabel(id, lng)
    return t(`groups.${dimension}.${id}`)
  }
  return {
    ...report,
    periodLabel: t('periodLabel', { from: monthLabel(report.period.from, lng), to: monthLabel(report.period.to, lng) }),
    indicators: report.indicators.map((i) => ({ ...i, label: i.title ? t('indicator.course', { title: i.title }) : t(`indicator.${i.id}`) })),
    dimensions: report.dimensions.map((d) => ({
      ...d,
      label: t(`dimension.${d.id}`),
      groups: d.groups.map((g) => ({ ...g, label: groupLabel(d.id, g.id) })),
    })),
  }
}

/**
 * The report as a spreadsheet for Excel in Spanish (UTF-8 with BOM, «;», formula-safe; counts
 * only, so no decimals): one row per dimension and group, a column per indicator, the period on
 * every row. The same suppressed cells as the page: «<5» and «≥5» stay text.
 */
export function indicatorsCsv(report: LabelledReport, t: TFunction) {
  const header = [t('csv.from'), t('csv.to'), t('csv.dimension'), t('csv.group'), ...report.indicators.map((i) => i.label)]
  const line = (dimension: string, group: string, cells: Record<IndicatorId, Cell>) => [
    report.period.from,
    report.period.to,
    dimension,
    group,
    ...report.indicators.map((i) => cells[i.id]),
  ]
  const rows = [line(t('csv.total'), t('csv.total'), report.totals), ...report.dimensions.flatMap((d) => d.groups.map((g) => line(d.label, g.label, g.cells)))]
  return toExcelCsv([header, ...rows])
}

// ---- the routes' shared loader ------------------------------------------------------------

/**
 * Administrators only. The period from the URL (bad input: messages for the fields, status 400,
 * and the default period's figures), the suppressed report and its labels.
 */
export async function loadIndicatorsView(request: Request, context: AppLoadContext) {
  requireUserWithRole(request, context, ['admin'])
  const url = new URL(request.url)
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'indicators')
  const parsed = parsePeriod(url.searchParams)
  const report = labelReport(loadIndicators(parsed.period), t, lng)
  return {
    title: t('title'),
    t,
    report,
    fieldErrors: parsed.ok ? {} : parsed.fieldErrors,
    /** What was typed, to show it back next to its message. */
    typed: { desde: url.searchParams.get('desde') ?? report.period.from, hasta: url.searchParams.get('hasta') ?? report.period.to },
    query: new URLSearchParams({ desde: report.period.from, hasta: report.period.to }).toString(),
    generatedOn: formatDateTime(new Date(), lng),
    status: parsed.ok ? 200 : 400,
  }
}

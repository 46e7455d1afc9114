import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { defaultPeriod, loadIndicators, parsePeriod, suppress, type Cell, type IndicatorReport } from '#app/admin/indicators.server.ts'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession, type SessionUser } from '#app/auth/session.server.ts'
import { listCertificatesOf, revokeCertificate } from '#app/certificates/certificates.server.ts'
import { createAttendanceSession, createCohort, saveAttendance } from '#app/cohorts/cohorts.server.ts'
import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { cohortMembers, type Gender, type Profile } from '#app/db/schema.ts'
import { completeLesson, openLesson } from '#app/learning/events.server.ts'
import { loader as csvLoader } from '#app/routes/admin.indicadores[.]csv.tsx'
import { loader as pageLoader } from '#app/routes/admin.indicadores.tsx'
import { loader as printLoader } from '#app/routes/admin.indicadores_.imprimir.tsx'
import { insertUsers } from '#app/users/users.server.ts'
import { readLesson, rightAnswers, takeQuiz, wrongAnswers } from '#tests/learning-helpers.ts'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

// A known population, with dates on both sides of the period's edges (Colombia, UTC−5):
// period 2026-01 … 2026-06, ages counted in 2026.
//   A  7 miners, Segovia, women, born 2002 (24), registered 10 Feb; all open a lesson in March and
//      come to the workshop of 15 March; 6 finish the course on 20 April (one certificate is then
//      revoked); 5 pass the programme exam on 10 May.
//   B  3 miners, Remedios, men, born 2001 (25), registered 5 March; one opened a lesson on 20 Dec
//      2025 and finished it on 5 Jan 2026 (active by finishing); 2 of the 3 at the workshop.
//   C  6 officials, Sogamoso, no gender, born 1966 (60), registered 31 Dec 2025 at 23:00 in Colombia
//      (already 1 Jan in UTC: not in the period); 5 submit a quiz on 15 Jan.
//   D  1 official, Sogamoso, gender other, born 1967 (59), registered 30 Jun 2026 at 23:30 in Colombia
//      (1 Jul in UTC: in the period).
//   E  1 miner, Remedios, registered Nov 2025, whose only activity is 1 Jul 2026 at 01:00 in Colombia.
//   A trainer and an administrator who read lessons in the period: never counted.
const PERIOD = { from: '2026-01', to: '2026-06' }
const at = (iso: string) => new Date(iso)
const names: string[] = []
const ids: string[] = []
let admin: SessionUser
let trainer: SessionUser

function people(n: number, who: { municipality: string; profile: Profile; gender: Gender | null; birthYear: number | null; createdAt: Date }) {
  const rows = Array.from({ length: n }, () => {
    const fullName = `Persona ${uniqueName('')}`
    const id = randomUUID()
    names.push(fullName)
    ids.push(id)
    return {
      id,
      username: uniqueName('ind.'),
      passwordHash: 'x',
      secretKind: 'pin' as const,
      fullName,
      role: 'learner' as const,
      consentAt: who.createdAt,
      ...who,
    }
  })
  insertUsers(db, rows)
  return rows.map((r) => r.id)
}

async function staff(role: 'trainer' | 'admin') {
  const r = await registerAccount({
    fullName: `Equipo ${role}`,
    municipality: 'segovia',
    gender: 'female',
    profile: 'other',
    role,
    username: uniqueName(role),
    pin: '739154',
  })
  if (!r.ok) throw new Error('no staff')
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

beforeAll(async () => {
  const course = getCourseBySlug('curso-prueba')!
  const [lesson] = course.lessons
  const moduleQuiz = getQuiz('prueba-m1-quiz')!
  admin = await staff('admin')
  trainer = await staff('trainer')

  const a = people(7, { municipality: 'segovia', profile: 'miner', gender: 'female', birthYear: 2002, createdAt: at('2026-02-10T15:00:00Z') })
  const b = people(3, { municipality: 'remedios', profile: 'miner', gender: 'male', birthYear: 2001, createdAt: at('2026-03-05T15:00:00Z') })
  const c = people(6, { municipality: 'sogamoso', profile: 'official', gender: null, birthYear: 1966, createdAt: at('2025-12-31T23:00:00-05:00') })
  people(1, { municipality: 'sogamoso', profile: 'official', gender: 'other', birthYear: 1967, createdAt: at('2026-06-30T23:30:00-05:00') })
  const [e] = people(1, { municipality: 'remedios', profile: 'miner', gender: null, birthYear: null, createdAt: at('2025-11-01T15:00:00Z') })

  for (const id of a) openLesson(id, lesson, at('2026-03-10T15:00:00Z'))
  openLesson(b[0], lesson, at('2025-12-20T15:00:00Z'))
  expect(completeLesson(b[0], lesson, at('2026-01-05T15:00:00Z')).ok).toBe(true)
  for (const id of c.slice(0, 5)) takeQuiz(id, moduleQuiz, wrongAnswers, at('2026-01-15T15:00:00Z'))
  openLesson(e, lesson, at('2026-07-01T01:00:00-05:00'))
  for (const person of [admin, trainer]) readLesson(person.id, lesson, at('2026-03-01T15:00:00Z'))

  // Six finish the course on 20 April; one of their certificates is revoked.
  for (const id of a.slice(0, 6)) {
    for (const l of course.lessons) readLesson(id, l, at('2026-04-20T15:00:00Z'))
    for (const quizId of [...course.modules.map((m) => m.quizId), course.examId])
      if (quizId) takeQuiz(id, getQuiz(quizId)!, rightAnswers, at('2026-04-20T16:00:00Z'))
  }
  const [revoked] = listCertificatesOf(a[5]).filter((cert) => cert.kind === 'course')
  expect(revokeCertificate(revoked.code, { adminId: admin.id, reason: 'Prueba de revocación' }).ok).toBe(true)
  for (const id of a.slice(0, 5)) takeQuiz(id, getQuiz('prog-prueba-examen')!, rightAnswers, at('2026-05-10T15:00:00Z'))
  expect(a.slice(0, 5).every((id) => listCertificatesOf(id).some((cert) => cert.kind === 'programme'))).toBe(true)

  const cohort = createCohort(
    { name: 'Taller indicadores', municipality: 'segovia', startsOn: '2026-01-01', endsOn: '2026-12-31', courseIds: ['curso-prueba'] },
    trainer.id,
  )
  db.insert(cohortMembers)
    .values([...a, ...b, ...c].map((userId) => ({ cohortId: cohort.id, userId })))
    .run()
  const march = createAttendanceSession(cohort.id, { heldOn: '2026-03-15', topic: 'Taller de marzo' })
  saveAttendance(cohort.id, march.id, [...a, b[0], b[1]])
  const july = createAttendanceSession(cohort.id, { heldOn: '2026-07-02', topic: 'Taller de julio' })
  saveAttendance(cohort.id, july.id, c)
})

const group = (report: IndicatorReport, dimension: string, id: string) =>
  report.dimensions.find((d) => d.id === dimension)!.groups.find((g) => g.id === id)!.cells
const column = (report: IndicatorReport, dimension: string, indicator: string) =>
  Object.fromEntries(report.dimensions.find((d) => d.id === dimension)!.groups.map((g) => [g.id, g.cells[indicator as keyof typeof g.cells]]))

describe('indicators for the funder', () => {
  test('registered in the period, by municipality: Segovia 7, Remedios «<5» (3 is never in the data)', () => {
    const report = loadIndicators(PERIOD)
    expect(report.totals.registered).toBe(11)
    expect(report.registeredToDate).toBe(18)
    expect(group(report, 'municipality', 'segovia').registered).toBe(7)
    expect(group(report, 'municipality', 'remedios').registered).toBe('<5')
    expect(group(report, 'municipality', 'sogamoso').registered).toBe('<5')
    // Nothing about Remedios is a number from 1 to 4 anywhere in the report.
    expect(Object.values(group(report, 'municipality', 'remedios')).filter((c) => typeof c === 'number' && c > 0 && c < 5)).toEqual([])
  })

  test('period edges are Colombian months: 23:00 on 31 December is December, 23:30 on 30 June is June, 01:00 on 1 July is July', () => {
    const report = loadIndicators(PERIOD)
    expect(report.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'])
    expect(column(report, 'month', 'registered')).toMatchObject({ '2026-01': 0, '2026-02': 7, '2026-03': '<5', '2026-06': '<5' })
    expect(loadIndicators({ from: '2025-12', to: '2025-12' }).totals.registered).toBe(6)
    const july = loadIndicators({ from: '2026-07', to: '2026-07' })
    expect(july.totals.registered).toBe(0)
    expect(july.totals.active).toBe('<5') // E's lesson on 1 July (and nobody else)
  })

  test('active: opened or finished a lesson, or submitted a quiz, in the period; staff never count', () => {
    const report = loadIndicators(PERIOD)
    // A 7 + B 1 (finished in January a lesson opened in December) + C 5 (quiz in January)
    expect(report.totals.active).toBe(13)
    expect(group(report, 'municipality', 'segovia').active).toBe(7)
    expect(group(report, 'municipality', 'sogamoso').active).toBe(5)
    expect(group(report, 'municipality', 'remedios').active).toBe('<5')
    expect(group(report, 'profile', 'official').active).toBe(5)
    // By month a person counts in each month they were active (months need not add up).
    expect(column(report, 'month', 'active')).toMatchObject({ '2026-01': 6, '2026-02': 0, '2026-03': 7, '2026-04': 6 })
  })

  test('age bands from the year of birth, counted in the last year of the period (24 → 18–24, 25 → 25–34, 60 → 60+)', () => {
    const report = loadIndicators(PERIOD)
    expect(group(report, 'ageBand', '18-24').registered).toBe(7)
    expect(group(report, 'ageBand', '18-24').active).toBe(7)
    expect(group(report, 'ageBand', '25-34').registered).toBe('<5')
    expect(group(report, 'ageBand', '60+').active).toBe(5)
    expect(group(report, 'ageBand', '60+').registered).toBe(0)
    expect(report.dimensions.find((d) => d.id === 'ageBand')!.groups.map((g) => g.id)).toEqual(['under18', '18-24', '25-34', '35-44', '45-59', '60+', 'none'])
  })

  test('attendance: people present at one session or more held in the period', () => {
    const report = loadIndicators(PERIOD)
    expect(report.totals.attended).toBe(9)
    expect(group(report, 'municipality', 'segovia').attended).toBe(7)
    expect(group(report, 'municipality', 'remedios').attended).toBe('<5')
    expect(group(report, 'municipality', 'sogamoso').attended).toBe(0) // their session is in July
    expect(column(report, 'month', 'attended')).toMatchObject({ '2026-03': 9 })
  })

  test('courses completed and certificates: valid certificates at their first issue, per course and programme', () => {
    const report = loadIndicators(PERIOD)
    expect(report.totals.completedCourse).toBe(5) // 6 finished, one certificate revoked
    expect(report.totals.courseCertificates).toBe(5)
    expect(report.totals['course:curso-prueba']).toBe(5)
    expect(report.totals.programmeCertificates).toBe(5)
    expect(group(report, 'gender', 'female')['course:curso-prueba']).toBe(5)
    expect(column(report, 'month', 'course:curso-prueba')).toMatchObject({ '2026-04': 5, '2026-05': 0 })
    // Course certificates are the courses added up: published as a total only (by group they
    // would be a second sum to subtract a hidden cell from).
    expect(group(report, 'gender', 'female').courseCertificates).toBeUndefined()
    expect(column(report, 'month', 'programmeCertificates')).toMatchObject({ '2026-05': 5 })
    expect(report.indicators.find((i) => i.id === 'course:curso-prueba')?.title).toMatch(/Curso de prueba/)
  })

  test('a lone «<5» in a column that adds up to its total takes another value of the column with it', () => {
    const report = loadIndicators(PERIOD)
    // Officials registered: 1 of 11; miners 10. Without a second hidden cell, 11 − 10 would give it away.
    expect(column(report, 'profile', 'registered')).toEqual({ miner: 10, official: '<5', other: '<5' })
    // Active in Remedios is 1 of 13 (Segovia 7, Sogamoso 5): one more municipality is hidden.
    const active = Object.values(column(report, 'municipality', 'active'))
    expect(active.filter((c) => c === '<5').length).toBeGreaterThanOrEqual(2)
    // Every column that adds up to a shown total has no hidden cell, or two or more.
    for (const d of report.dimensions)
      for (const i of report.indicators) {
        if (d.id === 'month' && ['active', 'attended', 'completedCourse'].includes(i.id)) continue
        if (typeof report.totals[i.id] !== 'number') continue
        const hidden = d.groups.filter((g) => typeof g.cells[i.id] !== 'number').length
        expect(hidden === 0 || hidden >= 2, `${d.id} × ${i.id}`).toBe(true)
      }
  })

  test('no names, usernames or ids in what the page, the print view and the CSV get', async () => {
    const request = (path: string) => new Request(`http://localhost${path}?desde=2026-01&hasta=2026-06`, { headers: { 'Accept-Language': 'es-CO' } })
    const page = await runAction(() => pageLoader({ request: request('/admin/indicadores'), params: {}, context: makeContext(admin) }))
    const print = await runAction(() => printLoader({ request: request('/admin/indicadores/imprimir'), params: {}, context: makeContext(admin) }))
    const csv = (await csvLoader({ request: request('/admin/indicadores.csv'), params: {}, context: makeContext(admin) })) as Response
    const everything = JSON.stringify(page.data) + JSON.stringify(print.data) + (await csv.text())
    for (const secret of [...names, ...ids, admin.id, trainer.id]) expect(everything).not.toContain(secret)
  })
})

describe('the CSV for Excel in Spanish', () => {
  test('UTF-8 with a BOM, «;» between fields, one row per dimension and group; Remedios registered is «<5», never 3', async () => {
    const res = (await csvLoader({
      request: new Request('http://localhost/admin/indicadores.csv?desde=2026-01&hasta=2026-06', { headers: { 'Accept-Language': 'es-CO' } }),
      params: {},
      context: makeContext(admin),
    })) as Response
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('Content-Disposition')).toContain('indicadores-2026-01-a-2026-06.csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    const header = lines[0].split(';')
    expect(header.slice(0, 4)).toEqual(['Desde', 'Hasta', 'Dimensión', 'Grupo'])
    expect(header).toContain('Registradas en el período')
    const rows = lines.slice(1).map((l) => l.split(';'))
    const cell = (dimension: string, groupLabel: string, indicator: string) =>
      rows.find((r) => r[2] === dimension && r[3] === groupLabel)?.[header.indexOf(indicator)]
    expect(cell('Total', 'Total', 'Registradas en el período')).toBe('11')
    expect(cell('Municipio', 'Segovia', 'Registradas en el período')).toBe('7')
    expect(cell('Municipio', 'Remedios', 'Registradas en el período')).toBe('<5')
    expect(rows.find((r) => r[3] === 'Remedios')).not.toContain('3')
    expect(rows.every((r) => r.length === header.length)).toBe(true)
  })
})

describe('the period asked for', () => {
  test('default: the last 12 months, the current one included, in Colombia', () => {
    expect(defaultPeriod(at('2026-03-01T04:00:00Z'))).toEqual({ from: '2025-03', to: '2026-02' }) // still 28 Feb in Colombia
    expect(defaultPeriod(at('2026-03-01T06:00:00Z'))).toEqual({ from: '2025-04', to: '2026-03' })
  })
  test('bad months give a message next to the field and the default period', () => {
    const now = at('2026-05-10T12:00:00Z')
    expect(parsePeriod(new URLSearchParams('desde=2026-13&hasta=2026-05'), now)).toMatchObject({ ok: false, fieldErrors: { desde: 'errors.month' } })
    expect(parsePeriod(new URLSearchParams('desde=2026-05&hasta=2026-01'), now)).toMatchObject({ ok: false, fieldErrors: { hasta: 'errors.order' } })
    expect(parsePeriod(new URLSearchParams('desde=2016-01&hasta=2026-01'), now)).toMatchObject({ ok: false, fieldErrors: { hasta: 'errors.tooLong' } })
    expect(parsePeriod(new URLSearchParams('desde=2026-1&hasta=2026-03'), now)).toEqual({ ok: true, period: { from: '2026-01', to: '2026-03' } })
  })
  test('the page answers 400 with the message, and still shows the default period', async () => {
    const res = await runAction(() =>
      pageLoader({ request: new Request('http://localhost/admin/indicadores?desde=enero'), params: {}, context: makeContext(admin) }),
    )
    expect(res.status).toBe(400)
    expect(res.data.fieldErrors).toEqual({ desde: 'errors.month' })
    expect(res.data.report.months).toHaveLength(12)
  })
})

describe('completions by month cannot be subtracted back (one course: its column equals «completed a course»)', () => {
  // Runs last: these learners complete the only course in January (3) and February (10) 2026,
  // months in which nobody else completed anything.
  test('3 in January and 10 in February: January is neither shown nor total − February, in either column', async () => {
    const course = getCourseBySlug('curso-prueba')!
    const finish = (id: string, when: string) => {
      for (const l of course.lessons) readLesson(id, l, at(when))
      for (const quizId of [...course.modules.map((m) => m.quizId), course.examId]) if (quizId) takeQuiz(id, getQuiz(quizId)!, rightAnswers, at(when))
    }
    const registered = at('2025-06-01T15:00:00Z')
    for (const id of people(3, { municipality: 'segovia', profile: 'miner', gender: 'female', birthYear: 1990, createdAt: registered }))
      finish(id, '2026-01-20T15:00:00Z')
    for (const id of people(10, { municipality: 'segovia', profile: 'miner', gender: 'female', birthYear: 1990, createdAt: registered }))
      finish(id, '2026-02-20T15:00:00Z')

    const report = loadIndicators({ from: '2026-01', to: '2026-02' })
    expect(report.indicators.filter((i) => i.courseId).map((i) => i.courseId)).toEqual(['curso-prueba'])
    const columns = ['completedCourse', 'course:curso-prueba'] as const
    const months = report.dimensions.find((d) => d.id === 'month')!.groups
    const january = months.find((g) => g.id === '2026-01')!.cells
    const february = months.find((g) => g.id === '2026-02')!.cells
    // The reader knows the two columns are the same people (one course), and the course
    // certificates total is that course's total.
    const totals = [...columns.map((c) => report.totals[c]), report.totals.courseCertificates]
    for (const c of columns) expect(january[c], c).not.toBe(3)
    const shownFebruary = columns.map((c) => february[c]).filter((v) => typeof v === 'number')
    const shownTotal = totals.filter((v) => typeof v === 'number')
    // Total − February would be January.
    expect(shownFebruary.length && shownTotal.length ? [shownFebruary, shownTotal] : 'protected').toBe('protected')
  })
})

describe('small-cell suppression, on its own', () => {
  const column = (cells: number[]) => {
    const values = [...cells, cells.reduce((a, b) => a + b, 0)]
    return suppress({
      values,
      total: values.map((_, i) => i === cells.length),
      constraints: [[...cells.map((_, index) => ({ index, sign: 1 as const })), { index: cells.length, sign: -1 }]],
    })
  }
  test('1 to 4 are «<5»; 0 and 5 or more are shown; a total under 5 is «<5» too', () => {
    expect(column([7, 3, 4])).toEqual([7, '<5', '<5', 14])
    expect(column([0, 5, 2, 2])).toEqual([0, 5, '<5', '<5', 9])
    expect(column([1, 2])).toEqual(['<5', '<5', '<5'])
  })
  test('a lone «<5» would be the total minus the rest: the smallest other value is hidden too', () => {
    expect(column([7, 3, 0])).toEqual([7, '<5', '<5', 10])
    expect(column([7, 3, 9])).toEqual(['≥5', '<5', 9, 19])
  })
  test('months that add up to more than their total (one person in two months): an unknown excess, the total stays shown', () => {
    // January 3, February 10, March 7; 18 people (two counted in two months): months − total − excess = 0.
    const values = [3, 10, 7, 18, 2]
    const cells = suppress({
      values,
      total: [false, false, false, true, false],
      unknown: [false, false, false, false, true],
      constraints: [
        [
          { index: 0, sign: 1 },
          { index: 1, sign: 1 },
          { index: 2, sign: 1 },
          { index: 3, sign: -1 },
          { index: 4, sign: -1 },
        ],
      ],
    })
    // January cannot be worked out (the excess is unknown), so nothing else needs hiding.
    expect(cells.slice(0, 4)).toEqual(['<5', 10, 7, 18])
  })
  test('two «<5» that can only be 4 and 4 (total − rest = 8) take a third value with them', () => {
    const cells: Cell[] = column([4, 4, 6, 9])
    expect(cells.filter((c) => c !== '<5' && typeof c !== 'number')).toEqual(['≥5'])
  })
})

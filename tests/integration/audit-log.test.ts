import { and, desc, eq, or, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { changeRole } from '#app/admin/users.server.ts'
import { auditCsvStream, knownAuditActions, parseAuditFilters } from '#app/audit/audit-log.server.ts'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession, type SessionUser } from '#app/auth/session.server.ts'
import { listCertificatesOf } from '#app/certificates/certificates.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { addMember, createCohort } from '#app/cohorts/cohorts.server.ts'
import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { auditEvents } from '#app/db/schema.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { loader as auditLoader } from '#app/routes/admin.auditoria.tsx'
import { loader as csvLoader } from '#app/routes/admin.auditoria[.]csv.tsx'
import { readLesson, takeQuiz } from '#tests/learning-helpers.ts'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

// The audit log viewer (/admin/auditoria) and its CSV: filters, the true total, pages, readable
// details, and an export that streams in batches.

async function person(role: 'learner' | 'trainer' | 'admin', fullName: string): Promise<SessionUser> {
  const r = await registerAccount({ fullName, municipality: 'remedios', gender: null, profile: 'miner', role, username: uniqueName('u'), pin: '739154' })
  if (!r.ok) throw new Error(`could not register ${fullName}`)
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

const insertEvent = (e: { action: string; actorId?: string | null; subjectId?: string | null; details?: Record<string, unknown>; at: string }) =>
  db
    .insert(auditEvents)
    .values({ action: e.action, actorId: e.actorId ?? null, subjectId: e.subjectId ?? null, details: e.details ?? null, createdAt: new Date(e.at) })
    .returning({ id: auditEvents.id })
    .get().id

let admin: SessionUser
let auditor: SessionUser
let busy: SessionUser
let learner: SessionUser
let trainer: SessionUser
let cohortId: string
let certificateCode: string
const boundary: Record<'before' | 'start' | 'end' | 'after', number> = { before: 0, start: 0, end: 0, after: 0 }
const BUSY_EVENTS = 120

beforeAll(async () => {
  admin = await person('admin', 'Admin Lectora')
  auditor = await person('admin', 'Auditora Principal Gómez')
  busy = await person('learner', '=1+2 Ruiz')
  learner = await person('learner', 'Luz Dary Agudelo')
  trainer = await person('trainer', 'Formador Cohorte')
  const cohort = createCohort(
    { name: 'Grupo Segovia 2025', municipality: 'segovia', startsOn: '2025-02-01', endsOn: '2025-11-30', courseIds: ['curso-prueba'] },
    trainer.id,
  )
  cohortId = cohort.id
  expect(addMember(cohort.id, learner.id, auditor)).toEqual({ ok: true })
  expect(changeRole(trainer.id, 'trainer', auditor.id)).toMatchObject({ ok: true })
  expect(changeRole(busy.id, 'trainer', auditor.id)).toMatchObject({ ok: true })
  expect(changeRole(busy.id, 'learner', auditor.id)).toMatchObject({ ok: true })
  // A certificate (its issue is audited with the certificate as the subject).
  for (const lesson of getCourseBySlug('curso-prueba')!.lessons) readLesson(learner.id, lesson)
  if (!takeQuiz(learner.id, getQuiz('prueba-m1-quiz')!).ok || !takeQuiz(learner.id, getQuiz('prog-prueba-examen')!).ok) throw new Error('quiz')
  certificateCode = formatCode(listCertificatesOf(learner.id)[0].code)

  // Around one Colombia day (UTC−5): 2025-03-01 runs from 05:00 UTC to 05:00 UTC the next day.
  boundary.before = insertEvent({ action: 'user.signed_in', actorId: learner.id, subjectId: learner.id, at: '2025-03-01T04:59:59.999Z' })
  boundary.start = insertEvent({ action: 'user.signed_in', actorId: learner.id, subjectId: learner.id, at: '2025-03-01T05:00:00.000Z' })
  boundary.end = insertEvent({ action: 'user.signed_out', actorId: learner.id, subjectId: learner.id, at: '2025-03-02T04:59:59.999Z' })
  boundary.after = insertEvent({ action: 'user.signed_in', actorId: learner.id, subjectId: learner.id, at: '2025-03-02T05:00:00.000Z' })
  // Many events at the very same instant: the order and the pages must still be exact.
  for (let i = 0; i < BUSY_EVENTS; i++) insertEvent({ action: 'user.signed_in', actorId: busy.id, subjectId: busy.id, at: '2025-01-15T12:00:00.000Z' })
  // A detail the viewer does not know, and a nested value: shown, never hidden.
  insertEvent({
    action: 'user.role_changed',
    actorId: auditor.id,
    subjectId: learner.id,
    details: { from: 'learner', to: 'admin', nota: { a: 1 } },
    at: '2025-01-10T10:00:00Z',
  })
  // An action an older version recorded and this one no longer knows.
  insertEvent({ action: 'user.viejo_evento', actorId: null, subjectId: 'algo-suelto', at: '2025-01-09T10:00:00Z' })
})

const view = (query = '') =>
  runAction(() =>
    auditLoader({
      request: new Request(`http://localhost/admin/auditoria${query}`, { headers: { 'Accept-Language': 'es-CO' } }),
      params: {},
      context: makeContext(admin),
    }),
  )
const countWhere = (where?: ReturnType<typeof and>) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(auditEvents)
    .where(where)
    .get()!.n

describe('every action has a label', () => {
  test('in Spanish and English (auditActions.<action> in admin.json)', async () => {
    for (const lng of ['es', 'en'] as const) {
      const t = await getFixedT(lng, 'admin')
      for (const action of knownAuditActions) {
        const label = t(`auditActions.${action}`)
        expect(label, `${lng} ${action}`).not.toBe(`auditActions.${action}`)
        expect(typeof label, `${lng} ${action}`).toBe('string')
      }
    }
  })
})

describe('the audit log page', () => {
  test('newest first, 50 to a page, with the true total', async () => {
    const all = await view()
    expect(all.status).toBe(200)
    expect(all.data.total).toBe(countWhere())
    expect(all.data.rows).toHaveLength(50)
    const ids = db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .all()
      .map((r) => r.id)
    expect(all.data.rows.map((r: { id: number }) => r.id)).toEqual(ids.slice(0, 50))

    // One actor's 120 events at the same instant: three pages, none repeated or missing.
    const seen: number[] = []
    for (let page = 1; page <= 3; page++) {
      const res = await view(`?actor=${busy.id}&accion=user.signed_in${page > 1 ? `&pagina=${page}` : ''}`)
      expect(res.data).toMatchObject({ total: BUSY_EVENTS, pages: 3, page })
      seen.push(...res.data.rows.map((r: { id: number }) => r.id))
    }
    expect(seen).toHaveLength(BUSY_EVENTS)
    expect(new Set(seen).size).toBe(BUSY_EVENTS)
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    const chip = (await view(`?actor=${busy.id}`)).data.chips
    expect(chip).toEqual([{ key: 'actor', label: 'Hechos por =1+2 Ruiz', remove: '/admin/auditoria' }])
  })

  test('filters: a name search (case- and accent-insensitive, % taken literally), a person as subject or actor, an action, Colombia days', async () => {
    const byName = await view('?quien=AUDITORA')
    expect(byName.data.total).toBe(countWhere(eq(auditEvents.actorId, auditor.id)))
    // without regard to accents either way, as in the user list: «gomez» finds «Gómez», «GÓMEZ» too
    expect((await view('?quien=principal%20gomez')).data.total).toBe(byName.data.total)
    expect((await view('?quien=G%C3%93MEZ')).data.total).toBe(byName.data.total)
    expect(byName.data.rows.every((r: { actor: { id: string } }) => r.actor.id === auditor.id)).toBe(true)
    expect((await view('?quien=%25')).data.total).toBe(0)

    const aboutLearner = await view(`?persona=${learner.id}`)
    expect(aboutLearner.data.total).toBe(countWhere(or(eq(auditEvents.subjectId, learner.id), eq(auditEvents.actorId, learner.id))))
    expect(aboutLearner.data.chips[0]).toMatchObject({ key: 'persona', label: 'Eventos de o sobre Luz Dary Agudelo' })
    const actions = new Set(aboutLearner.data.rows.map((r: { code: string }) => r.code))
    expect([...actions]).toEqual(expect.arrayContaining(['cohort.member_added', 'user.role_changed', 'lesson.completed']))

    const roleChanges = await view('?accion=user.role_changed')
    expect(roleChanges.data.total).toBe(countWhere(eq(auditEvents.action, 'user.role_changed')))

    const day = await view('?desde=2025-03-01&hasta=2025-03-01')
    expect(day.data.rows.map((r: { id: number }) => r.id)).toEqual([boundary.end, boundary.start])
    const twoDays = await view(`?persona=${learner.id}&desde=2025-02-28&hasta=2025-03-02`)
    expect(twoDays.data.rows.map((r: { id: number }) => r.id)).toEqual([boundary.after, boundary.end, boundary.start, boundary.before])
  })

  test('bad filters: the message next to the field, no results', async () => {
    const cases: [string, Record<string, string>][] = [
      ['?desde=2025-02-30', { desde: 'audit.errors.date' }],
      ['?hasta=ayer', { hasta: 'audit.errors.date' }],
      ['?desde=2025-03-02&hasta=2025-03-01', { hasta: 'audit.errors.range' }],
      ['?accion=user.inventada', { accion: 'audit.errors.action' }],
    ]
    for (const [query, errors] of cases) {
      const res = await view(query)
      expect(res.status, query).toBe(400)
      expect(res.data.fieldErrors, query).toEqual(errors)
      expect(res.data.rows, query).toEqual([])
    }
    // A name search too long: the message next to the field, in Spanish.
    const long = await view(`?quien=${'a'.repeat(121)}`)
    expect(long.status).toBe(400)
    expect(long.data.fieldErrors).toEqual({ quien: 'audit.errors.tooLong' })
  })

  test('page numbers from links: a bad one is the first page, one past the end is the last; an impossible person id is dropped with a notice', async () => {
    const filter = `?actor=${busy.id}&accion=user.signed_in`
    for (const bad of ['0', '-1', 'abc', '1.5', '']) {
      expect(parseAuditFilters(new URLSearchParams(`pagina=${bad}`)), bad).toMatchObject({ ok: true, page: 1 })
      const res = await view(`${filter}&pagina=${bad}`)
      expect(res.status, bad).toBe(200)
      expect(res.data, bad).toMatchObject({ page: 1, pages: 3, total: BUSY_EVENTS })
    }
    for (const beyond of ['4', '99', '9999999']) {
      const res = await view(`${filter}&pagina=${beyond}`)
      expect(res.status, beyond).toBe(200)
      expect(res.data, beyond).toMatchObject({ page: 3, pages: 3 })
      expect(res.data.rows, beyond).toHaveLength(BUSY_EVENTS - 100)
    }
    for (const key of ['persona', 'actor']) {
      const res = await view(`?${key}=${'x'.repeat(200)}&accion=user.signed_in`)
      expect(res.status, key).toBe(200)
      expect(res.data.notice, key).toBe('audit.errors.filterIgnored')
      expect(res.data.values[key], key).toBe('')
      expect(res.data.total, key).toBe(countWhere(eq(auditEvents.action, 'user.signed_in')))
      expect(res.data.csv, key).not.toContain('xxxx')
    }
  })

  test('readable rows: Spanish labels, names for ids, links for people, cohorts and certificates; nothing hidden', async () => {
    const rows = (await view(`?persona=${learner.id}`)).data.rows as {
      code: string
      action: string
      actor: { id: string; name: string } | null
      subject: { kind: string; code?: string }
      details: { key: string; label: string; value: string; link?: { kind: string; id: string } }[]
    }[]
    const added = rows.find((r) => r.code === 'cohort.member_added')!
    expect(added.action).toBe('Agregada a un grupo')
    expect(added.actor).toEqual({ id: auditor.id, name: 'Auditora Principal Gómez' })
    expect(added.subject).toMatchObject({ kind: 'user', id: learner.id, name: 'Luz Dary Agudelo' })
    expect(added.details).toEqual([{ key: 'cohortId', label: 'Grupo', value: 'Grupo Segovia 2025', link: { kind: 'cohort', id: cohortId } }])
    const promoted = rows.find((r) => r.code === 'user.role_changed')!
    expect(promoted.details).toEqual([
      { key: 'from', label: 'De', value: 'Participante' },
      { key: 'to', label: 'A', value: 'Administrador(a)' },
      { key: 'nota', label: 'nota', value: '{"a":1}' },
    ])

    const all = (await view('?accion=certificate.issued')).data.rows as typeof rows
    expect(all[0].subject).toMatchObject({ kind: 'certificate', code: certificateCode })
    const cohortRow = (await view('?accion=cohort.created')).data.rows[0]
    expect(cohortRow.subject).toEqual({ kind: 'cohort', id: cohortId, name: 'Grupo Segovia 2025' })
    // An action no longer known keeps its code as its label; a subject that is nothing known keeps its id.
    const old = (await view('?quien=&desde=2025-01-09&hasta=2025-01-09')).data.rows[0]
    expect(old).toMatchObject({ action: 'user.viejo_evento', actor: null, subject: { kind: 'other', id: 'algo-suelto' } })
  })
})

describe('the CSV export', () => {
  test('Excel in Spanish: BOM, «;», formula-safe cells, the filtered rows in order, with the filters of the page', async () => {
    const page = await view(`?actor=${busy.id}&accion=user.signed_in`)
    expect(page.data.csv).toBe(`/admin/auditoria.csv?actor=${busy.id}&accion=user.signed_in`)
    const res = await csvLoader({
      request: new Request(`http://localhost${page.data.csv}`, { headers: { 'Accept-Language': 'es-CO' } }),
      params: {},
      context: makeContext(admin),
    })
    expect(res).toBeInstanceOf(Response)
    const response = res as Response
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="auditoria-\d{4}-\d{2}-\d{2}\.csv"/)
    // Read as bytes: Response.text() would drop the byte order mark Excel needs.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())
    expect(text.startsWith('\uFEFF')).toBe(true)
    const lines = text.slice(1).trimEnd().split('\r\n')
    expect(lines[0]).toBe('N.º de evento;Fecha y hora (Colombia);Acción;Código de la acción;Quién;Id de quién;Sobre (tipo);Sobre;Id de sobre;Detalles')
    expect(lines).toHaveLength(1 + BUSY_EVENTS)
    // The name starting with = is not a formula in Excel.
    expect(lines[1].split(';')).toEqual([
      expect.stringMatching(/^\d+$/),
      '2025-01-15 07:00:00',
      'Ingresó',
      'user.signed_in',
      "'=1+2 Ruiz",
      busy.id,
      'Persona',
      "'=1+2 Ruiz",
      busy.id,
      '',
    ])
    // A learner is not an administrator.
    const refused = await runAction(() =>
      csvLoader({ request: new Request('http://localhost/admin/auditoria.csv'), params: {}, context: makeContext(learner) }),
    )
    expect(refused.status).toBe(403)
    // Details are readable text in the CSV too, ids kept next to names.
    const withDetails = await (
      (await csvLoader({
        request: new Request('http://localhost/admin/auditoria.csv?accion=cohort.member_added'),
        params: {},
        context: makeContext(admin),
      })) as Response
    ).text()
    expect(withDetails).toContain(`Grupo: Grupo Segovia 2025 (${cohortId})`)
  })

  test('read in batches (here 7 rows) continuing after the last row read: every event once, newest first', async () => {
    const t = await getFixedT('es', 'admin')
    const stream = auditCsvStream({}, t, 'es', 7)
    const reader = stream.getReader()
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
    let text = ''
    let chunks = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks++
      text += decoder.decode(value, { stream: true })
    }
    const ids = text
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => Number(line.split(';')[0]))
    const expected = db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .all()
      .map((r) => r.id)
    expect(ids).toEqual(expected)
    // The header, then one chunk per batch of 7.
    expect(chunks).toBe(1 + Math.ceil(expected.length / 7))
  })
})

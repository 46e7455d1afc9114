import { randomUUID } from 'node:crypto'
import { and, eq, inArray, or } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { requestDeletion } from '#app/account/my-data.server.ts'
import { anonymiseUser, changeRole, correctName, deactivateUser, searchUsers, USERS_PAGE_SIZE } from '#app/admin/users.server.ts'
import { parseUserFilters, userFiltersQuery } from '#app/admin/user-filters.ts'
import { auditTrailOf, recordAudit } from '#app/audit/audit.server.ts'
import { authenticate, registerAccount } from '#app/auth/accounts.server.ts'
import { hashSecret, verifySecret } from '#app/auth/password.server.ts'
import { createUserSession, resolveSession, type SessionUser } from '#app/auth/session.server.ts'
import { listCertificatesOf, revokeCertificate } from '#app/certificates/certificates.server.ts'
import { formatCode } from '#app/certificates/code.ts'
import { verifyCode } from '#app/certificates/verification.server.ts'
import { addMember, createCohort, resetPin } from '#app/cohorts/cohorts.server.ts'
import { buildCohortReport, listCohortCertificates } from '#app/cohorts/report.server.ts'
import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { auditEvents, certificates, lessonProgress, loginCardBatches, quizAttempts, secretResetTokens, sessions, users, type Profile } from '#app/db/schema.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { loader as homeLoader } from '#app/routes/admin._index.tsx'
import { action as userAction, loader as userLoader } from '#app/routes/admin.usuarios.$usuario._index.tsx'
import { loader as listLoader } from '#app/routes/admin.usuarios._index.tsx'
import { loader as pdfLoader } from '#app/routes/certificados.$archivo.tsx'
import { action as signInAction } from '#app/routes/ingresar.tsx'
import { loader as myCertificatesLoader } from '#app/routes/mis-certificados.tsx'
import { loader as verifyLoader } from '#app/routes/verificar.$codigo.tsx'
import { ANONYMISED_NAME, insertUsers, UNUSABLE_SECRET_HASH } from '#app/users/users.server.ts'
import { readLesson, takeQuiz, wrongAnswers } from '#tests/learning-helpers.ts'
import { formRequest, makeContext, runAction, uniqueName } from '#tests/utils.ts'

// The administrator's work on accounts, against a real SQLite file: the list (search, filters,
// pages with the true total), the user page, correcting a name (the certificates follow, the old
// ones marked replaced), deactivation, the last-admin rules and carrying out a deletion request.

const PIN = '739154'

async function sessionOf(userId: string): Promise<{ user: SessionUser; cookie: string }> {
  const { cookie } = await createUserSession(userId, { shared: false })
  const header = cookie.split(';')[0]
  return { user: (await resolveSession(header)).user!, cookie: header }
}

async function miner(fullName: string, extra: { municipality?: string } = {}) {
  const username = uniqueName('m')
  const r = await registerAccount({ fullName, municipality: extra.municipality ?? 'segovia', gender: 'female', profile: 'miner', username, pin: PIN })
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors))
  return { id: r.userId, username }
}

async function staff(role: 'admin' | 'trainer', fullName: string) {
  const r = await registerAccount({
    fullName,
    municipality: 'remedios',
    gender: null,
    profile: 'other',
    role,
    email: `${uniqueName(role)}@somostesoro.co`,
    password: 'una clave larga 2026',
  })
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors))
  return (await sessionOf(r.userId)).user
}

/** Every lesson of the fixture course read, its quiz and exam passed (a course certificate), then the programme exam (a programme certificate). */
function earnCertificates(userId: string) {
  for (const lesson of getCourseBySlug('curso-prueba')!.lessons) readLesson(userId, lesson)
  for (const quizId of ['prueba-m1-quiz', 'prueba-examen', 'prog-prueba-examen']) {
    const taken = takeQuiz(userId, getQuiz(quizId)!)
    if (!taken.ok || !taken.attempt.passed) throw new Error(`${quizId} not passed`)
  }
  const held = listCertificatesOf(userId)
  if (held.length !== 2) throw new Error(`expected 2 certificates, got ${held.length}`)
  return held
}

const post = (userId: string, fields: Record<string, string>, admin: SessionUser, query = '') =>
  runAction(() => userAction({ request: formRequest(`/admin/usuarios/${userId}${query}`, fields), params: { usuario: userId }, context: makeContext(admin) }))
const page = (userId: string, admin: SessionUser, query = '') =>
  runAction(() =>
    userLoader({ request: new Request(`http://localhost/admin/usuarios/${userId}${query}`), params: { usuario: userId }, context: makeContext(admin) }),
  )
const list = (query: string, admin: SessionUser) =>
  runAction(() => listLoader({ request: new Request(`http://localhost/admin/usuarios${query}`), params: {}, context: makeContext(admin) }))
const userRow = (id: string) => db.select().from(users).where(eq(users.id, id)).get()!
const sessionCount = (id: string) => db.select().from(sessions).where(eq(sessions.userId, id)).all().length

let admin: SessionUser
beforeAll(async () => {
  admin = await staff('admin', 'Administradora Principal')
})

describe('the user list', () => {
  // A batch written in one go (one hash for all: argon2 per person would take minutes).
  const BATCH = 222
  const batch = Array.from({ length: BATCH }, (_, i) => ({
    i,
    profile: (i % 3 === 0 ? 'official' : 'miner') as Profile,
    municipality: i % 2 ? 'segovia' : 'mongua',
    inactive: i < 10,
    deletionRequested: i >= 10 && i < 14,
  }))
  let cohortId: string
  let cohortMembers: string[]

  beforeAll(async () => {
    const hash = await hashSecret('482915')
    const now = new Date()
    const ids = batch.map(() => randomUUID())
    insertUsers(
      db,
      batch.map((b, k) => ({
        id: ids[k],
        fullName: `Lote Núñez ${String(b.i).padStart(3, '0')}`,
        username: `lote.${b.i}.${uniqueName('')}`,
        passwordHash: hash,
        secretKind: 'pin' as const,
        profile: b.profile,
        municipality: b.municipality,
        consentAt: now,
        deactivatedAt: b.inactive ? now : null,
        deletionRequestedAt: b.deletionRequested ? now : null,
      })),
    )
    const trainer = await staff('trainer', 'Formadora del Grupo')
    cohortId = createCohort(
      { name: 'Grupo Lote', municipality: 'mongua', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: ['curso-prueba'] },
      trainer.id,
    ).id
    cohortMembers = ids.slice(100, 107)
    for (const id of cohortMembers) expect(addMember(cohortId, id, admin)).toEqual({ ok: true })
    await miner('José Peña Ávila')
    await miner('Ana 100% Ruiz')
  })

  test('222 matching people: the true total («222 personas»), five pages of 50, the last with 22', async () => {
    const first = await list('?q=lote', admin)
    expect(first.status).toBe(200)
    expect(first.data.total).toBe(222)
    expect(first.data.pages).toBe(5)
    expect(first.data.users).toHaveLength(USERS_PAGE_SIZE)
    const t = await getFixedT('es', 'admin')
    expect(t('users.found', { count: first.data.total })).toBe('222 personas')

    const fifth = await list('?q=lote&pagina=5', admin)
    expect(fifth.data.page).toBe(5)
    expect(fifth.data.users).toHaveLength(22)
    // ordered by name: page 5 holds the last 22 of the batch
    expect(fifth.data.users.map((u: { fullName: string }) => u.fullName)[0]).toBe('Lote Núñez 200')
    // a page past the end shows the last page, never an empty one; nonsense is page 1
    expect((await list('?q=lote&pagina=99', admin)).data.page).toBe(5)
    expect((await list('?q=lote&pagina=abc', admin)).data.page).toBe(1)
  })

  test('search by name ignores case and accents; by username and e-mail; % and _ are taken literally', () => {
    const search = (q: string) => searchUsers(parseUserFilters(new URLSearchParams({ q })).filters)
    expect(search('jose pena').users.map((u) => u.fullName)).toEqual(['José Peña Ávila'])
    expect(search('PEÑA ávila').total).toBe(1)
    expect(search('NUÑEZ').total).toBe(222)
    expect(search('lote.17.').total).toBe(1)
    expect(search(admin.email!.toUpperCase()).users.map((u) => u.id)).toEqual([admin.id])
    expect(search('%').users.map((u) => u.fullName)).toEqual(['Ana 100% Ruiz'])
    expect(search('100%').total).toBe(1)
    expect(search('Lote_Núñez').total).toBe(0)
  })

  test('filters: role, profile, municipality, cohort, active/inactive, deletion requested — each with its true total', () => {
    const count = (params: Record<string, string>) => searchUsers(parseUserFilters(new URLSearchParams({ q: 'lote', ...params })).filters).total
    const expected = (pick: (b: (typeof batch)[number]) => boolean) => batch.filter(pick).length
    expect(count({ perfil: 'official' })).toBe(expected((b) => b.profile === 'official'))
    expect(count({ municipio: 'segovia' })).toBe(expected((b) => b.municipality === 'segovia'))
    expect(count({ municipio: 'segovia', perfil: 'official' })).toBe(expected((b) => b.municipality === 'segovia' && b.profile === 'official'))
    expect(count({ estado: 'inactivas' })).toBe(10)
    expect(count({ estado: 'activas' })).toBe(212)
    expect(count({ solicitud: 'pendientes' })).toBe(4)
    expect(count({ solicitud: 'atendidas' })).toBe(0)
    expect(count({ grupo: cohortId })).toBe(cohortMembers.length)
    expect(count({ rol: 'learner' })).toBe(222)
    expect(count({ rol: 'admin' })).toBe(0)
    expect(searchUsers(parseUserFilters(new URLSearchParams({ rol: 'admin' })).filters).users.map((u) => u.id)).toContain(admin.id)
    // an unknown value is no filter, not an error
    expect(count({ perfil: 'astronauta', estado: 'x' })).toBe(222)
  })

  test('page links keep the filters; the GET form reads them back', async () => {
    const { filters } = parseUserFilters(new URLSearchParams('q=lote&municipio=segovia&estado=activas&solicitud=pendientes&rol=&pagina=2'))
    const query = userFiltersQuery(filters, 3)
    expect(new URLSearchParams(query.slice(1)).toString()).toBe('q=lote&municipio=segovia&estado=activas&solicitud=pendientes&pagina=3')
    expect(parseUserFilters(new URLSearchParams(query.slice(1))).filters).toEqual(filters)
    const shown = await list(`?q=lote&municipio=segovia`, admin)
    expect(shown.data.total).toBe(111)
    expect(shown.data.filters).toMatchObject({ q: 'lote', municipality: 'segovia' })
  })

  test('the admin home counts the pending deletion requests and links to the filtered list', async () => {
    const home = await runAction(() => homeLoader({ request: new Request('http://localhost/admin'), params: {}, context: makeContext(admin) }))
    expect(home.status).toBe(200)
    expect(home.data.pendingDeletions).toBe(4)
    expect(home.data.people).toBeGreaterThanOrEqual(222)
  })
})

describe('the user page', () => {
  test('identity, record (progress, attempts with the last score), certificates, cohorts, sessions and the audit trail', async () => {
    const learner = await miner('Rosa Elvira Cárdenas')
    const trainer = await staff('trainer', 'Formador Uno')
    const cohort = createCohort(
      { name: 'Taller Segovia', municipality: 'segovia', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: ['curso-prueba'] },
      trainer.id,
    )
    addMember(cohort.id, learner.id, admin)
    const failed = takeQuiz(learner.id, getQuiz('prueba-m1-quiz')!, wrongAnswers)
    expect(failed.ok && failed.attempt.passed).toBe(false)
    earnCertificates(learner.id)
    await sessionOf(learner.id)

    const shown = await page(learner.id, admin)
    expect(shown.status).toBe(200)
    const data = shown.data
    expect(data.person).toMatchObject({ fullName: 'Rosa Elvira Cárdenas', username: learner.username, role: 'learner', profile: 'miner', gender: 'female' })
    expect(data.courses.find((c: { id: string }) => c.id === 'curso-prueba')).toMatchObject({ complete: true, progress: { percent: 100 } })
    const quiz = data.quizzes.find((q: { id: string }) => q.id === 'prueba-m1-quiz')
    expect(quiz).toMatchObject({ attempts: 2, lastScore: 100, passed: true })
    expect(data.certificates).toHaveLength(2)
    expect(data.certificates.every((c: { status: string }) => c.status === 'valid')).toBe(true)
    expect(data.cohorts.map((c: { name: string }) => c.name)).toEqual(['Taller Segovia'])
    expect(data.sessions.active).toBe(1)
    expect(data.audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['cohort.member_added', 'certificate.issued', 'quiz.submitted']))
    expect(auditTrailOf(learner.id, { limit: 3 })).toHaveLength(3)
    // Details read as in the audit log: Spanish labels, names for ids, never raw keys or ids.
    const added = data.audit.find((e: { action: string }) => e.action === 'cohort.member_added')
    expect(added.details).toContain('Grupo: Taller Segovia')
    expect(added.details).not.toContain(cohort.id)
    expect(changeRole(learner.id, 'trainer', admin.id)).toMatchObject({ ok: true })
    const promoted = (await page(learner.id, admin)).data.audit.find((e: { action: string }) => e.action === 'user.role_changed')
    expect(promoted.details).toMatch(/^De: Participante · A: Formador\(a\) · Sesiones cerradas: 1/)
    expect(promoted.details).not.toMatch(/\bfrom\b|learner|sessionsEnded/)

    expect((await page('no-such-person', admin)).status).toBe(404)
  })
})

describe('correcting a name', () => {
  test('issues a corrected certificate with a new code; the old one shows replaced → new; the learner sees only the current one; cohort counts do not double', async () => {
    const learner = await miner('Maria Jose Gomes')
    const trainer = await staff('trainer', 'Formador Dos')
    const cohort = createCohort(
      { name: 'Taller Mongua', municipality: 'mongua', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: ['curso-prueba'] },
      trainer.id,
    )
    addMember(cohort.id, learner.id, admin)
    const held = earnCertificates(learner.id)
    const course = held.find((c) => c.kind === 'course')!
    const programme = held.find((c) => c.kind === 'programme')!
    // A revoked certificate certifies nothing: it is not reissued under the new name.
    expect(revokeCertificate(programme.code, { adminId: admin.id, reason: 'Error de prueba' })).toEqual({ ok: true })
    const reportBefore = buildCohortReport(cohort.id, ['curso-prueba'])
    const cohortListBefore = listCohortCertificates(cohort.id).length

    // bad input: nothing changes
    const noReason = await post(learner.id, { intent: 'correct-name', fullName: 'María José Gómez', reason: '' }, admin)
    expect(noReason.status).toBe(400)
    expect(noReason.data.fieldErrors).toEqual({ reason: 'errors.reason' })
    const same = await post(learner.id, { intent: 'correct-name', fullName: '  Maria  Jose Gomes ', reason: 'Sin cambio real' }, admin)
    expect(same.status).toBe(409)
    expect(same.data.fieldErrors).toEqual({ fullName: 'errors.sameName' })
    expect(userRow(learner.id).fullName).toBe('Maria Jose Gomes')

    const corrected = await post(learner.id, { intent: 'correct-name', fullName: 'María José Gómez', reason: 'Tildes faltantes en la lista del taller' }, admin)
    expect(corrected.status).toBe(302)
    expect(corrected.headers.get('Location')).toBe(`/admin/usuarios/${learner.id}?hecho=nombre`)
    expect(userRow(learner.id).fullName).toBe('María José Gómez')

    const old = db.select().from(certificates).where(eq(certificates.id, course.id)).get()!
    expect(old.replacedById).toBeTruthy()
    expect(old.replacedAt).toBeInstanceOf(Date)
    expect(old.holderName).toBe('Maria Jose Gomes')
    const fresh = db.select().from(certificates).where(eq(certificates.id, old.replacedById!)).get()!
    expect(fresh.code).not.toBe(old.code)
    expect(fresh).toMatchObject({
      userId: learner.id,
      kind: 'course',
      subjectId: old.subjectId,
      title: old.title,
      hours: old.hours,
      contentVersion: old.contentVersion,
      holderName: 'María José Gómez',
      replacedById: null,
      revokedAt: null,
    })
    // the same achievement, earned then: the original issue date
    expect(fresh.issuedAt.getTime()).toBe(old.issuedAt.getTime())
    const revoked = db.select().from(certificates).where(eq(certificates.id, programme.id)).get()!
    expect(revoked.replacedById).toBeNull()

    // verification: the old code says replaced and leads to the new one; the new one is valid
    const oldCheck = await verifyCode(old.code, '198.51.100.20', 'es')
    expect(oldCheck).toMatchObject({ found: true, status: 'replaced', holderName: 'Maria Jose Gomes', replacedBy: { code: formatCode(fresh.code) } })
    expect(await verifyCode(fresh.code, '198.51.100.20', 'es')).toMatchObject({
      found: true,
      status: 'valid',
      holderName: 'María José Gómez',
      corrects: { code: formatCode(old.code) },
    })
    const verifyPage = await runAction(() =>
      verifyLoader({
        request: new Request(`http://localhost/verificar/${formatCode(old.code)}`),
        params: { codigo: formatCode(old.code) },
        context: makeContext(null, '198.51.100.21'),
      }),
    )
    expect(verifyPage.status).toBe(200)
    expect(verifyPage.data.verification).toMatchObject({ status: 'replaced', replacedBy: { code: formatCode(fresh.code) } })
    expect((await getFixedT('es', 'certificates'))('verify.replaced')).toBe('Reemplazada por una constancia corregida')

    // the learner's list: the current ones only (the new course one and the revoked programme one)
    const me = await sessionOf(learner.id)
    const mine = await runAction(() =>
      myCertificatesLoader({ request: new Request('http://localhost/mis-certificados'), params: {}, context: makeContext(me.user) }),
    )
    expect(mine.data.certificates.map((c: { code: string }) => c.code).sort()).toEqual([formatCode(fresh.code), formatCode(programme.code)].sort())

    // the old PDF no longer downloads (410, naming the new one); the new one does
    const pdf = (code: string) =>
      runAction(() =>
        pdfLoader({
          request: new Request(`http://localhost/certificados/${formatCode(code)}.pdf`),
          params: { archivo: `${formatCode(code)}.pdf` },
          context: makeContext(me.user, '198.51.100.22'),
        }),
      )
    const gone = await pdf(old.code)
    expect(gone.status).toBe(410)
    expect((await pdf(fresh.code)).status).toBe(200)

    // the trainer's cohort views count and list each achievement once
    const reportAfter = buildCohortReport(cohort.id, ['curso-prueba'])
    expect(reportAfter.summary.certificates).toBe(reportBefore.summary.certificates)
    expect(reportAfter.summary.certificates).toBe(1)
    expect(listCohortCertificates(cohort.id)).toHaveLength(cohortListBefore)
    expect(listCohortCertificates(cohort.id).map((c) => c.code)).toContain(fresh.code)

    // the user page shows the history; audited with the reason and the codes, never the names
    const history = (await page2(learner.id)).certificates as { code: string; status: string; replacedBy: string | null }[]
    expect(history.find((c) => c.code === formatCode(old.code))).toMatchObject({ status: 'replaced', replacedBy: formatCode(fresh.code) })
    const audit = db.select().from(auditEvents).where(eq(auditEvents.subjectId, learner.id)).all()
    const event = audit.find((e) => e.action === 'user.name_corrected')!
    expect(event.actorId).toBe(admin.id)
    expect(event.details).toMatchObject({ reason: 'Tildes faltantes en la lista del taller', certificates: [{ from: old.code, to: fresh.code }] })
    expect(JSON.stringify(event.details)).not.toMatch(/G[oó]me[sz]/)
    expect(db.select().from(auditEvents).where(eq(auditEvents.subjectId, fresh.id)).get()?.action).toBe('certificate.corrected')

    // a second correction chains: the first code leads to the current one
    await post(learner.id, { intent: 'correct-name', fullName: 'María José Gómez Ruiz', reason: 'Faltaba el segundo apellido' }, admin)
    const latest = listCertificatesOf(learner.id).find((c) => c.kind === 'course')!
    expect(await verifyCode(old.code, '198.51.100.23', 'es')).toMatchObject({ status: 'replaced', replacedBy: { code: formatCode(latest.code) } })
    expect(buildCohortReport(cohort.id, ['curso-prueba']).summary.certificates).toBe(1)
  })
})

const page2 = async (userId: string) => (await page(userId, admin)).data

describe('deactivation', () => {
  test('ends every session at once and blocks sign-in with the message; reactivation lets the same PIN in again', async () => {
    const learner = await miner('Luz Dary Mosquera')
    const first = await sessionOf(learner.id)
    await sessionOf(learner.id)
    expect(sessionCount(learner.id)).toBe(2)

    // without the confirmation: the confirmation page, nothing changes
    const asked = await post(learner.id, { intent: 'deactivate' }, admin)
    expect(asked.status).toBe(302)
    expect(asked.headers.get('Location')).toBe(`/admin/usuarios/${learner.id}?confirmar=desactivar`)
    expect(userRow(learner.id).deactivatedAt).toBeNull()
    expect((await page(learner.id, admin, '?confirmar=desactivar')).data.confirm).toBe('deactivate')

    const done = await post(learner.id, { intent: 'deactivate', confirm: '1' }, admin)
    expect(done.status).toBe(302)
    expect(userRow(learner.id).deactivatedAt).toBeInstanceOf(Date)
    expect(sessionCount(learner.id)).toBe(0)
    expect((await resolveSession(first.cookie)).user).toBeNull()

    // the right PIN: the account is inactive; a wrong one: the usual answer (nothing learnt)
    expect(await authenticate({ identifier: learner.username, secret: PIN, clientIp: '198.51.100.30' })).toEqual({ ok: false, reason: 'deactivated' })
    expect(await authenticate({ identifier: learner.username, secret: '000111', clientIp: '198.51.100.31' })).toEqual({ ok: false, reason: 'invalid' })
    const signIn = await runAction(() =>
      signInAction({
        request: formRequest('/ingresar', { identifier: learner.username, secret: PIN }),
        params: {},
        context: makeContext(null, '198.51.100.32'),
      }),
    )
    expect(signIn.status).toBe(400)
    expect(signIn.data.formError).toBe('signIn.deactivated')
    expect((await getFixedT('es', 'auth'))('signIn.deactivated')).toBe('Esta cuenta está desactivada. Hable con la persona que administra el Aula.')

    const back = await post(learner.id, { intent: 'reactivate' }, admin)
    expect(back.status).toBe(302)
    expect(userRow(learner.id).deactivatedAt).toBeNull()
    expect(await authenticate({ identifier: learner.username, secret: PIN, clientIp: '198.51.100.33' })).toEqual({ ok: true, userId: learner.id })

    const actions = db
      .select({ action: auditEvents.action, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, learner.id), inArray(auditEvents.action, ['user.deactivated', 'user.reactivated'])))
      .all()
    expect(actions).toEqual([
      { action: 'user.deactivated', actorId: admin.id },
      { action: 'user.reactivated', actorId: admin.id },
    ])
  })

  test('«Cerrar todas sus sesiones» signs the person out everywhere (audited)', async () => {
    const learner = await miner('Pedro Pablo Restrepo')
    const s = await sessionOf(learner.id)
    expect((await page2(learner.id)).sessions.active).toBe(1)
    expect((await post(learner.id, { intent: 'end-sessions' }, admin)).status).toBe(302)
    expect((await resolveSession(s.cookie)).user).toBeNull()
    expect(
      db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectId, learner.id), eq(auditEvents.action, 'user.sessions_ended')))
        .get()?.details,
    ).toEqual({
      count: 1,
    })
  })
})

describe('carrying out a deletion request (Ley 1581 de 2012)', () => {
  test('anonymises every listed field, ends sessions, drops reset links; certificates say «Titular anonimizado»; the request shows who and when', async () => {
    const r = await registerAccount({
      fullName: 'Gloria Inés Zapata',
      municipality: 'sogamoso',
      gender: 'female',
      profile: 'official',
      email: `${uniqueName('gloria')}@alcaldia.gov.co`,
      password: 'mi clave secreta 2026',
    })
    if (!r.ok) throw new Error('setup')
    const id = r.userId
    const email = userRow(id).email!
    db.update(users).set({ birthYear: 1984 }).where(eq(users.id, id)).run()
    const held = earnCertificates(id)
    // a name correction first: the replaced certificate carries the old name, and it goes too
    await post(id, { intent: 'correct-name', fullName: 'Gloria Inés Zapata Ruiz', reason: 'Faltaba el segundo apellido' }, admin)
    const me = await sessionOf(id)
    db.insert(secretResetTokens)
      .values({ tokenHash: uniqueName('hash'), userId: id, createdBy: admin.id, channel: 'handover', expiresAt: new Date(Date.now() + 86_400_000) })
      .run()
    const progressBefore = db.select().from(lessonProgress).where(eq(lessonProgress.userId, id)).all().length
    const attemptsBefore = db.select().from(quizAttempts).where(eq(quizAttempts.userId, id)).all().length

    requestDeletion(id)
    expect((await list('?solicitud=pendientes', admin)).data.users.map((u: { id: string }) => u.id)).toContain(id)

    const asked = await post(id, { intent: 'anonymise' }, admin)
    expect(asked.headers.get('Location')).toBe(`/admin/usuarios/${id}?confirmar=anonimizar`)
    const done = await post(id, { intent: 'anonymise', confirm: '1' }, admin, '?confirmar=anonimizar')
    expect(done.status).toBe(302)

    const row = userRow(id)
    expect(row).toMatchObject({
      fullName: ANONYMISED_NAME,
      username: null,
      email: null,
      passwordHash: UNUSABLE_SECRET_HASH,
      municipality: '',
      gender: null,
      birthYear: null,
      anonymisedBy: admin.id,
    })
    expect(row.anonymisedAt).toBeInstanceOf(Date)
    expect(row.deactivatedAt).toBeInstanceOf(Date)
    expect(await verifySecret(row.passwordHash, 'mi clave secreta 2026')).toBe(false)
    expect(sessionCount(id)).toBe(0)
    expect((await resolveSession(me.cookie)).user).toBeNull()
    expect(db.select().from(secretResetTokens).where(eq(secretResetTokens.userId, id)).all()).toEqual([])
    expect(await authenticate({ identifier: email, secret: 'mi clave secreta 2026', clientIp: '198.51.100.40' })).toEqual({ ok: false, reason: 'invalid' })

    // every certificate (current, replaced, any kind) keeps its code and names the holder «Titular anonimizado»
    const all = db.select().from(certificates).where(eq(certificates.userId, id)).all()
    expect(all.length).toBe(held.length + 2)
    for (const c of all) {
      expect(c.holderName).toBe(ANONYMISED_NAME)
      expect(c.holderAnonymisedAt).toBeInstanceOf(Date)
    }
    const current = all.find((c) => c.kind === 'course' && !c.replacedById)!
    expect(await verifyCode(current.code, '198.51.100.41', 'es')).toMatchObject({
      found: true,
      status: 'valid',
      holderName: ANONYMISED_NAME,
      holderAnonymised: true,
    })
    expect(await verifyCode(held[0].code, '198.51.100.41', 'es')).toMatchObject({ found: true, status: 'replaced', holderAnonymised: true })

    // the learning record stays, as anonymous statistics
    expect(db.select().from(lessonProgress).where(eq(lessonProgress.userId, id)).all()).toHaveLength(progressBefore)
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.userId, id)).all()).toHaveLength(attemptsBefore)

    // the request shows who carried it out and when; it moved from pending to carried out
    const shown = await page2(id)
    expect(shown.person).toMatchObject({ fullName: ANONYMISED_NAME, anonymisedBy: 'Administradora Principal' })
    expect(shown.person.anonymisedOn).toBeTruthy()
    expect((await list('?solicitud=atendidas', admin)).data.users.map((u: { id: string }) => u.id)).toContain(id)
    expect((await list('?solicitud=pendientes', admin)).data.users.map((u: { id: string }) => u.id)).not.toContain(id)

    // audited without the removed data
    const event = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'user.anonymised')))
      .get()!
    expect(event.actorId).toBe(admin.id)
    expect(event.details).toMatchObject({ requested: true, reason: null, certificates: all.length, sessionsEnded: 1 })
    expect(JSON.stringify(event.details)).not.toMatch(/Gloria|Zapata|alcaldia|sogamoso|1984/)

    // nothing more to do on a closed account
    expect((await post(id, { intent: 'reactivate' }, admin)).status).toBe(409)
    expect((await post(id, { intent: 'correct-name', fullName: 'Otra Persona', reason: 'Intento indebido' }, admin)).status).toBe(409)
    expect(anonymiseUser(id, { adminId: admin.id, reason: 'otra vez' })).toEqual({ ok: false, reason: 'alreadyAnonymised' })
  })

  test('without a request from the person, a reason is required; nobody anonymises themselves', async () => {
    const learner = await miner('Sin Solicitud Propia')
    const missing = await post(learner.id, { intent: 'anonymise', confirm: '1' }, admin, '?confirmar=anonimizar')
    expect(missing.status).toBe(400)
    expect(missing.data.fieldErrors).toEqual({ reason: 'errors.reasonRequired' })
    expect(userRow(learner.id).anonymisedAt).toBeNull()
    const withReason = await post(learner.id, { intent: 'anonymise', confirm: '1', reason: 'Solicitud por escrito del 3 de marzo' }, admin)
    expect(withReason.status).toBe(302)
    expect(userRow(learner.id).fullName).toBe(ANONYMISED_NAME)

    const self = await post(admin.id, { intent: 'anonymise', confirm: '1', reason: 'Me quiero ir del programa' }, admin)
    expect(self.status).toBe(409)
    expect(self.data.formError).toBe('errors.anonymise.self')
    expect(userRow(admin.id).anonymisedAt).toBeNull()
  })
})

describe('anonymisation leaves no personal data behind', () => {
  test('after a PIN reset (login card), a name correction whose reason names the person and a lock-out (IP): no table keeps name, username, PIN or address', async () => {
    const learner = await miner('Rubiela Zapata Quintero')
    const trainer = await staff('trainer', 'Formadora Tarjetas')
    const cohort = createCohort(
      { name: 'Taller Tarjetas', municipality: 'segovia', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: ['curso-prueba'] },
      trainer.id,
    )
    addMember(cohort.id, learner.id, admin)
    const reset = await resetPin(cohort.id, learner.id, trainer.id)
    if (!reset.ok) throw new Error(reset.reason)
    const pin = reset.card.pin
    // Someone else's card batch, already expired, goes too (nobody can open it any more).
    const other = await miner('Otra Persona Tarjeta')
    addMember(cohort.id, other.id, admin)
    const otherReset = await resetPin(cohort.id, other.id, trainer.id)
    if (!otherReset.ok) throw new Error(otherReset.reason)
    db.update(loginCardBatches)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(loginCardBatches.id, otherReset.batchId))
      .run()
    expect(correctName(learner.id, { fullName: 'Rubiela Zapata Q.', reason: 'Antes decía Rubiela Zapata Quintero' }, admin.id).ok).toBe(true)
    recordAudit(db, { action: 'user.locked_out', subjectId: learner.id, details: { address: '198.51.100.77', deviceCookie: false } })

    expect(anonymiseUser(learner.id, { adminId: admin.id, reason: 'Solicitud por escrito' })).toEqual({ ok: true })

    const secrets = ['Rubiela', 'Zapata', learner.username, pin, '198.51.100.77']
    const batches = JSON.stringify(db.select().from(loginCardBatches).all())
    const events = JSON.stringify(
      db
        .select()
        .from(auditEvents)
        .where(or(eq(auditEvents.subjectId, learner.id), eq(auditEvents.actorId, learner.id)))
        .all(),
    )
    for (const secret of secrets) {
      expect(batches, secret).not.toContain(secret)
      expect(events, secret).not.toContain(secret)
    }
    expect(db.select().from(loginCardBatches).where(eq(loginCardBatches.id, otherReset.batchId)).get()).toBeUndefined()
    // The events stay, without those details.
    const kept = auditTrailOf(learner.id).map((e) => e.action)
    expect(kept).toEqual(expect.arrayContaining(['user.pin_reset', 'user.name_corrected', 'user.locked_out', 'user.anonymised']))
  })
})

// Last: this one leaves a single active administrator in this file's database.
describe('the last active administrator', () => {
  test('cannot step down nor deactivate themselves (409 with the reason); a deactivated admin does not count', async () => {
    const solo = await staff('admin', 'Única Administradora')
    for (const other of db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).all()) {
      if (other.id !== solo.id) expect(deactivateUser(other.id, solo.id)).toEqual({ ok: true })
    }
    const deactivate = await post(solo.id, { intent: 'deactivate', confirm: '1' }, solo, '?confirmar=desactivar')
    expect(deactivate.status).toBe(409)
    expect(deactivate.data.formError).toBe('errors.lastAdminDeactivate')
    expect(userRow(solo.id).deactivatedAt).toBeNull()
    const role = await post(solo.id, { intent: 'role', role: 'trainer' }, solo)
    expect(role.status).toBe(409)
    expect(role.data.formError).toBe('users.lastAdmin')
    expect(userRow(solo.id).role).toBe('admin')

    // a deactivated administrator is not one of the active ones: their role may change
    expect(changeRole(admin.id, 'learner', solo.id)).toMatchObject({ ok: true })
    // with a second active admin, either may be deactivated, never both
    const second = await staff('admin', 'Segunda Administradora')
    expect(deactivateUser(solo.id, solo.id)).toEqual({ ok: true })
    expect(deactivateUser(second.id, second.id)).toEqual({ ok: false, reason: 'lastAdmin' })
    expect(anonymiseUser(second.id, { adminId: solo.id, reason: 'Prueba de la regla' })).toEqual({ ok: false, reason: 'lastAdmin' })
  })
})

import { createHash } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { changeRole, deactivateUser } from '#app/admin/users.server.ts'
import { authenticate, registerAccount } from '#app/auth/accounts.server.ts'
import { verifySecret } from '#app/auth/password.server.ts'
import { RESET_LINK_TTL_MS, createHandoverLink, findResetLink, readHandoverResult, redeemResetLink, type ResetActor } from '#app/auth/reset-links.server.ts'
import { specs } from '#app/auth/limits.server.ts'
import { createUserSession, resolveSession, type SessionUser } from '#app/auth/session.server.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { db, sqlite } from '#app/db/client.server.ts'
import { auditEvents, secretResetTokens, users } from '#app/db/schema.ts'
import { loader as homeLoader } from '#app/routes/_index.tsx'
import { action as adminLinkAction, loader as adminLinkLoader } from '#app/routes/admin.usuarios.$usuario_.enlace.tsx'
import { loader as learnerPageLoader } from '#app/routes/formacion.grupos.$grupo.participantes_.$usuario.tsx'
import { action as cohortLinkAction, loader as cohortLinkLoader } from '#app/routes/formacion.grupos.$grupo.participantes_.$usuario_.enlace.tsx'
import { action as redeemAction, loader as redeemLoader } from '#app/routes/restablecer.$token.tsx'
import { getEnv } from '#app/utils/env.server.ts'
import { enrolByCode } from '#tests/learning-helpers.ts'
import { formRequest, makeContext, runAction, uniqueName } from '#tests/utils.ts'

// One-time links to set a new PIN or password (app/auth/reset-links.server.ts): who may create
// them, that they work once and for 24 hours, that a newer one ends the older ones, and that
// using one ends every session of the person.

const OLD_PIN = '739154'
const NEW_PIN = '582047'

afterEach(() => {
  vi.useRealTimers()
})

type Person = { user: SessionUser; cookie: string }

async function person(role: 'learner' | 'trainer' | 'admin', fullName: string, kind: 'pin' | 'password' = 'pin'): Promise<Person> {
  const r =
    kind === 'pin'
      ? await registerAccount({ fullName, municipality: 'remedios', gender: null, profile: 'miner', role, username: uniqueName('u'), pin: OLD_PIN })
      : await registerAccount({
          fullName,
          municipality: 'remedios',
          gender: null,
          profile: 'official',
          role,
          email: `${uniqueName('c')}@example.org`,
          password: 'clave-vieja-123',
        })
  if (!r.ok) throw new Error(`could not register ${fullName}`)
  const { cookie } = await createUserSession(r.userId, { shared: false })
  const value = cookie.split(';')[0]
  return { user: (await resolveSession(value)).user!, cookie: value }
}

const cohortOf = (trainerId: string) =>
  createCohort(
    { name: `Grupo ${uniqueName('')}`, municipality: 'remedios', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: ['curso-prueba'] },
    trainerId,
  )

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { 'Accept-Language': 'es-CO' } })

/** POST /admin/usuarios/:id/enlace as `admin`; returns the response. */
function adminCreates(admin: SessionUser, userId: string, fields: Record<string, string> = { intent: 'create' }) {
  return runAction(() =>
    adminLinkAction({ request: formRequest(`/admin/usuarios/${userId}/enlace`, fields), params: { usuario: userId }, context: makeContext(admin) }),
  )
}

function cohortCreates(actor: SessionUser, cohortId: string, userId: string, fields: Record<string, string> = { intent: 'create' }) {
  return runAction(() =>
    cohortLinkAction({
      request: formRequest(`/formacion/grupos/${cohortId}/participantes/${userId}/enlace`, fields),
      params: { grupo: cohortId, usuario: userId },
      context: makeContext(actor),
    }),
  )
}

/** Follows the redirect of a create to the page that shows the link; returns the token in it. */
async function tokenShownAt(location: string, actor: SessionUser, params: Record<string, string>) {
  const loader = params.grupo ? cohortLinkLoader : adminLinkLoader
  const shown = await runAction(() => loader({ request: get(location), params, context: makeContext(actor) }))
  expect(shown.status).toBe(200)
  expect(shown.data.result).toMatchObject({ state: 'show' })
  const url: string = shown.data.result.url
  expect(url.startsWith(`${getEnv().PUBLIC_BASE_URL}/restablecer/`)).toBe(true)
  return { token: url.split('/').pop()!, shown }
}

const redeemGet = (token: string) => runAction(() => redeemLoader({ request: get(`/restablecer/${token}`), params: { token }, context: makeContext(null) }))
const redeemPost = (token: string, fields: Record<string, string>, ip = '203.0.113.50') =>
  runAction(() => redeemAction({ request: formRequest(`/restablecer/${token}`, fields), params: { token }, context: makeContext(null, ip) }))

const hashOf = (userId: string) => db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()!.hash
const linksOf = (userId: string) => db.select().from(secretResetTokens).where(eq(secretResetTokens.userId, userId)).all()
const auditOf = (userId: string, action: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, userId), eq(auditEvents.action, action)))
    .all()

describe('an administrator hands over a link; the person sets a new PIN with it, once', () => {
  test('create (PRG, a re-sent form makes no second link), only the hash stored, redeem, sessions end, sign in with the new PIN', async () => {
    const { user: admin } = await person('admin', 'Admin Programa')
    const { user: learner, cookie: learnerSession } = await person('learner', 'Marleny Cardona Úsuga')

    const created = await adminCreates(admin, learner.id, { intent: 'create', submissionKey: 'form-1' })
    expect(created.status).toBe(302)
    const location = created.headers.get('Location')!
    expect(location).toMatch(new RegExp(`^/admin/usuarios/${learner.id}/enlace\\?resultado=[\\w-]+$`))
    // The same form sent again: the same result, no second link (which would end the first).
    const again = await adminCreates(admin, learner.id, { intent: 'create', submissionKey: 'form-1' })
    expect(again.headers.get('Location')).toBe(location)
    expect(linksOf(learner.id)).toHaveLength(1)

    const { token, shown } = await tokenShownAt(location, admin, { usuario: learner.id })
    expect(token).toMatch(/^[\w-]{43}$/)
    expect(shown.data.result.qr).toMatch(/^data:image\/png;base64,/)
    expect(shown.data.person).toMatchObject({ fullName: 'Marleny Cardona Úsuga', username: learner.username })
    // A reload shows the same link and creates nothing.
    const { token: reloaded } = await tokenShownAt(location, admin, { usuario: learner.id })
    expect(reloaded).toBe(token)
    expect(linksOf(learner.id)).toHaveLength(1)
    // Another administrator with the same address sees nothing.
    const { user: otherAdmin } = await person('admin', 'Otra Admin')
    const foreign = await runAction(() => adminLinkLoader({ request: get(location), params: { usuario: learner.id }, context: makeContext(otherAdmin) }))
    expect(foreign.data.result).toEqual({ state: 'gone' })

    // Only the SHA-256 of the token is stored; the token is nowhere in the database.
    const [row] = linksOf(learner.id)
    expect(row).toMatchObject({ tokenHash: createHash('sha256').update(token).digest('hex'), channel: 'handover', createdBy: admin.id, usedAt: null })
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(RESET_LINK_TTL_MS)
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name)
    for (const table of tables) expect(JSON.stringify(sqlite.prepare(`SELECT * FROM "${table}"`).all()), table).not.toContain(token)

    // The person opens it: their first name and username, nothing more.
    const opened = await redeemGet(token)
    expect(opened.status).toBe(200)
    expect(opened.data).toMatchObject({ state: 'ready', link: { firstName: 'Marleny', username: learner.username, secretKind: 'pin' } })
    expect(JSON.stringify(opened.data)).not.toContain('Cardona')

    // The PIN rules: a trivial PIN and a mismatch are refused next to their fields, nothing saved.
    const before = hashOf(learner.id)
    const trivial = await redeemPost(token, { pin: '123456', pinConfirm: '123456' })
    expect(trivial.status).toBe(400)
    expect(trivial.data.fieldErrors).toEqual({ pin: 'errors.pinTrivial' })
    const mismatch = await redeemPost(token, { pin: NEW_PIN, pinConfirm: '582048' })
    expect(mismatch.status).toBe(400)
    expect(mismatch.data.fieldErrors).toEqual({ pinConfirm: 'errors.pinMismatch' })
    expect(hashOf(learner.id)).toBe(before)

    const done = await redeemPost(token, { pin: NEW_PIN, pinConfirm: NEW_PIN })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(`/ingresar?usuario=${learner.username}&cambio=1`)
    // Every session of the person ended; the old PIN no longer works, the new one does.
    expect((await resolveSession(learnerSession)).user).toBeNull()
    expect(await authenticate({ identifier: learner.username!, secret: OLD_PIN, clientIp: '192.0.2.10' })).toMatchObject({ ok: false })
    expect(await authenticate({ identifier: learner.username!, secret: NEW_PIN, clientIp: '192.0.2.10' })).toEqual({ ok: true, userId: learner.id })

    // Used: 410 on both methods, and a second use changes nothing.
    const after = hashOf(learner.id)
    expect((await redeemGet(token)).status).toBe(410)
    const second = await redeemPost(token, { pin: '860241', pinConfirm: '860241' })
    expect(second.status).toBe(410)
    expect(second.data).toMatchObject({ state: 'used', link: null })
    expect(hashOf(learner.id)).toBe(after)
    // The page that created it now says it was used.
    const creatorView = await runAction(() => adminLinkLoader({ request: get(location), params: { usuario: learner.id }, context: makeContext(admin) }))
    expect(creatorView.data.result).toEqual({ state: 'used' })

    // Audited: who created it, and that it was used (by whoever held it: no actor named).
    expect(auditOf(learner.id, 'user.reset_link_created')).toMatchObject([
      { actorId: admin.id, details: { channel: 'handover', role: 'learner', replaced: 0 } },
    ])
    expect(auditOf(learner.id, 'user.secret_reset_by_link')).toMatchObject([
      { actorId: null, details: { channel: 'handover', secretKind: 'pin', linkCreatedBy: admin.id } },
    ])
    // The person is told at sign-in that someone else created a link for them.
    const { cookie } = await createUserSession(learner.id, { shared: false })
    const me = (await resolveSession(cookie.split(';')[0])).user!
    const home = await runAction(() => homeLoader({ request: get('/'), params: {}, context: makeContext(me) }))
    expect(home.data.pinReset).toMatchObject({ by: 'Admin Programa', kind: 'link' })
  })

  test('an unknown or malformed token is a 404 that names nobody; a plain button (no intent) creates a link', async () => {
    for (const token of ['A'.repeat(43), 'corto', `${'b'.repeat(42)}!`]) {
      const res = await redeemGet(token)
      expect(res.status, token).toBe(404)
      expect(res.data).toMatchObject({ state: 'unknown', link: null })
      expect((await redeemPost(token, { pin: NEW_PIN, pinConfirm: NEW_PIN })).status).toBe(404)
    }
    const { user: admin } = await person('admin', 'Admin Botón')
    const { user: official } = await person('learner', 'Funcionaria Pérez', 'password')
    const res = await adminCreates(admin, official.id, {})
    expect(res.status).toBe(302)
    expect((await adminCreates(admin, official.id, { intent: 'borrar' })).status).toBe(400)
    const { token } = await tokenShownAt(res.headers.get('Location')!, admin, { usuario: official.id })
    // A password account: the password rules, then the e-mail sign-in (no username in the redirect).
    expect((await redeemGet(token)).data.link).toMatchObject({ secretKind: 'password', username: null, firstName: 'Funcionaria' })
    const short = await redeemPost(token, { password: 'corta', passwordConfirm: 'corta' })
    expect(short.data.fieldErrors).toEqual({ password: 'errors.passwordLength' })
    const ok = await redeemPost(token, { password: 'una clave nueva larga', passwordConfirm: 'una clave nueva larga' })
    expect(ok.headers.get('Location')).toBe('/ingresar?cambio=1')
    expect(await authenticate({ identifier: official.email!, secret: 'una clave nueva larga', clientIp: '192.0.2.11' })).toEqual({
      ok: true,
      userId: official.id,
    })
    expect((await adminCreates(admin, 'no-existe')).status).toBe(404)
  })
})

describe('a link used on a shared computer where someone else is signed in', () => {
  test('that session ends too: the sign-in page opens, and the next person is not left in another’s account', async () => {
    const { user: admin } = await person('admin', 'Admin Equipo Compartido')
    const { user: learner } = await person('learner', 'Olga Restrepo Mesa')
    const { user: other, cookie: otherCookie } = await person('learner', 'Quien Dejó Abierto')
    const made = createHandoverLink(admin, learner.id)
    if (!made.ok) throw new Error(made.reason)
    const shown = readHandoverResult(made.result, { actorId: admin.id, userId: learner.id })
    if (shown.state !== 'show') throw new Error(shown.state)
    const signedIn = await resolveSession(otherCookie)
    const res = await runAction(() =>
      redeemAction({
        request: formRequest(`/restablecer/${shown.token}`, { pin: NEW_PIN, pinConfirm: NEW_PIN }),
        params: { token: shown.token },
        context: { ...makeContext(signedIn.user), session: signedIn.session },
      }),
    )
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toMatch(/^\/ingresar\?/)
    expect(res.headers.get('Set-Cookie')).toMatch(/Max-Age=0/)
    expect((await resolveSession(otherCookie)).user).toBeNull()
    expect(auditOf(other.id, 'user.signed_out')).toHaveLength(1)
  })
})

describe('a learner with a PIN made a trainer or an administrator', () => {
  test('the PIN a trainer printed or reset stops working; the person chooses a new one with an administrator’s link', async () => {
    const { user: admin } = await person('admin', 'Admin Que Nombra')
    for (const role of ['trainer', 'admin'] as const) {
      const { user: member } = await person('learner', `Nueva ${role} Comunitaria`)
      expect(await authenticate({ identifier: member.username!, secret: OLD_PIN, clientIp: '192.0.2.30' })).toEqual({ ok: true, userId: member.id })
      expect(changeRole(member.id, role, admin.id)).toEqual({ ok: true, pinCleared: true })
      expect(auditOf(member.id, 'user.role_changed')).toMatchObject([{ details: { to: role, pinCleared: true } }])
      // whoever knew the card's PIN cannot open the new trainer's or administrator's account
      expect(await authenticate({ identifier: member.username!, secret: OLD_PIN, clientIp: '192.0.2.30' }), role).toMatchObject({ ok: false })
      const made = createHandoverLink(admin, member.id)
      if (!made.ok) throw new Error(made.reason)
      const shown = readHandoverResult(made.result, { actorId: admin.id, userId: member.id })
      if (shown.state !== 'show') throw new Error(shown.state)
      expect((await redeemPost(shown.token, { pin: NEW_PIN, pinConfirm: NEW_PIN })).status, role).toBe(302)
      expect(await authenticate({ identifier: member.username!, secret: NEW_PIN, clientIp: '192.0.2.31' }), role).toEqual({ ok: true, userId: member.id })
    }
    // a password account keeps its password (nobody else chose it); stepping down keeps the PIN
    const { user: official } = await person('learner', 'Funcionaria Ascendida', 'password')
    expect(changeRole(official.id, 'trainer', admin.id)).toEqual({ ok: true, pinCleared: false })
    const { user: back } = await person('trainer', 'Formador Que Vuelve')
    expect(changeRole(back.id, 'learner', admin.id)).toEqual({ ok: true, pinCleared: false })
    expect(await authenticate({ identifier: back.username!, secret: OLD_PIN, clientIp: '192.0.2.32' })).toEqual({ ok: true, userId: back.id })
  })
})

describe('a link works for 24 hours, once, and only the newest', () => {
  const adminActor = async (): Promise<ResetActor> => (await person('admin', 'Admin Reloj')).user
  const tokenOf = (actor: ResetActor, userId: string, result: string, now: Date) => {
    const shown = readHandoverResult(result, { actorId: actor.id, userId }, now)
    if (shown.state !== 'show') throw new Error(shown.state)
    return shown.token
  }

  test('valid until 24 h after creation, expired from then on (time injected)', async () => {
    const admin = await adminActor()
    const { user: learner } = await person('learner', 'Jaime Reloj Tobón')
    const t0 = new Date('2026-03-02T15:00:00Z')
    const created = createHandoverLink(admin, learner.id, { now: t0 })
    if (!created.ok) throw new Error(created.reason)
    const token = tokenOf(admin, learner.id, created.result, t0)
    expect(findResetLink(token, new Date(t0.getTime() + RESET_LINK_TTL_MS - 1000))).toMatchObject({ ok: true })
    expect(findResetLink(token, new Date(t0.getTime() + RESET_LINK_TTL_MS))).toEqual({ ok: false, reason: 'expired' })
    const before = hashOf(learner.id)
    expect(await redeemResetLink(token, { pin: NEW_PIN, pinConfirm: NEW_PIN }, new Date(t0.getTime() + RESET_LINK_TTL_MS + 1))).toEqual({
      ok: false,
      reason: 'expired',
    })
    expect(hashOf(learner.id)).toBe(before)

    // Through the routes, with the clock moved on: a day later it is a 410 page.
    const fresh = createHandoverLink(admin, learner.id)
    if (!fresh.ok) throw new Error(fresh.reason)
    const live = tokenOf(admin, learner.id, fresh.result, new Date())
    expect((await redeemGet(live)).status).toBe(200)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + RESET_LINK_TTL_MS + 60_000)
    const late = await redeemGet(live)
    expect(late.status).toBe(410)
    expect(late.data).toMatchObject({ state: 'expired', link: null })
    expect((await redeemPost(live, { pin: NEW_PIN, pinConfirm: NEW_PIN })).status).toBe(410)
    expect(hashOf(learner.id)).toBe(before)
  })

  test('a new link ends the earlier unused one', async () => {
    const admin = await adminActor()
    const { user: learner } = await person('learner', 'Olga Dos Enlaces')
    const first = createHandoverLink(admin, learner.id, { submissionKey: 'a' })
    if (!first.ok) throw new Error(first.reason)
    const older = tokenOf(admin, learner.id, first.result, new Date())
    expect((await redeemGet(older)).status).toBe(200)
    const second = createHandoverLink(admin, learner.id, { submissionKey: 'b' })
    if (!second.ok) throw new Error(second.reason)
    const newer = tokenOf(admin, learner.id, second.result, new Date())
    // The first is ended: its page and the link both say so.
    expect(readHandoverResult(first.result, { actorId: admin.id, userId: learner.id })).toEqual({ state: 'expired' })
    expect((await redeemGet(older)).status).toBe(410)
    expect((await redeemPost(older, { pin: NEW_PIN, pinConfirm: NEW_PIN })).data).toMatchObject({ state: 'expired' })
    expect((await redeemGet(newer)).status).toBe(200)
    expect(auditOf(learner.id, 'user.reset_link_created').map((e) => e.details?.replaced)).toEqual([0, 1])
  })

  test('two uses of one link at the same moment: exactly one sets the PIN', async () => {
    const admin = await adminActor()
    const { user: learner } = await person('learner', 'Ana Carrera Doble')
    const created = createHandoverLink(admin, learner.id)
    if (!created.ok) throw new Error(created.reason)
    const token = tokenOf(admin, learner.id, created.result, new Date())
    const pins = ['582047', '860241']
    const results = await Promise.all(pins.map((pin) => redeemResetLink(token, { pin, pinConfirm: pin })))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.reason === 'used')).toHaveLength(1)
    const winner = pins[results.findIndex((r) => r.ok)]
    expect(await verifySecret(hashOf(learner.id), winner)).toBe(true)
    expect(auditOf(learner.id, 'user.secret_reset_by_link')).toHaveLength(1)
  })

  test('the sign-in delays the person ran into with the old PIN are lifted', async () => {
    const admin = await adminActor()
    const { user: learner } = await person('learner', 'Pedro Olvido Ruiz')
    const ip = '192.0.2.99'
    for (let i = 0; i < 6; i++) await authenticate({ identifier: learner.username!, secret: String(400100 + i), clientIp: ip })
    expect(await authenticate({ identifier: learner.username!, secret: OLD_PIN, clientIp: ip })).toMatchObject({ ok: false, reason: 'locked' })
    const created = createHandoverLink(admin, learner.id)
    if (!created.ok) throw new Error(created.reason)
    const token = tokenOf(admin, learner.id, created.result, new Date())
    expect((await redeemPost(token, { pin: NEW_PIN, pinConfirm: NEW_PIN })).status).toBe(302)
    expect(await authenticate({ identifier: learner.username!, secret: NEW_PIN, clientIp: ip })).toEqual({ ok: true, userId: learner.id })
  })

  test('redemption attempts are limited per address', async () => {
    const admin = await adminActor()
    const { user: learner } = await person('learner', 'Luz Límite Arango')
    const created = createHandoverLink(admin, learner.id)
    if (!created.ok) throw new Error(created.reason)
    const token = tokenOf(admin, learner.id, created.result, new Date())
    const ip = '198.51.100.77'
    for (let i = 0; i < specs.resetLinkRedeem.points; i++) expect((await redeemPost(token, { pin: NEW_PIN, pinConfirm: '000000' }, ip)).status).toBe(400)
    const refused = await redeemPost(token, { pin: NEW_PIN, pinConfirm: NEW_PIN }, ip)
    expect(refused.status).toBe(429)
    expect(refused.data.waitMinutes).toBeGreaterThan(0)
    // Another address is not held back.
    expect((await redeemPost(token, { pin: NEW_PIN, pinConfirm: NEW_PIN }, '198.51.100.78')).status).toBe(302)
  })
})

describe('a trainer creates links only for learners of a cohort they run', () => {
  test('own learner: yes; trainer of another cohort, outsiders, promoted members, the admin route: 403; inactive: 409', async () => {
    const { user: trainer } = await person('trainer', 'Formadora Propia')
    const { user: otherTrainer } = await person('trainer', 'Formador Ajeno')
    const { user: admin } = await person('admin', 'Admin Promueve')
    const cohort = cohortOf(trainer.id)
    const otherCohort = cohortOf(otherTrainer.id)
    const { user: learner } = await person('learner', 'Nelson Pérez Cely')
    const { user: outsider } = await person('learner', 'Fuera Del Grupo')
    await enrolByCode(cohort.id, learner.id)
    await enrolByCode(otherCohort.id, outsider.id)

    // The learner page offers the form; the trainer's link works like the admin's.
    const page = await runAction(() =>
      learnerPageLoader({
        request: get(`/formacion/grupos/${cohort.id}/participantes/${learner.id}`),
        params: { grupo: cohort.id, usuario: learner.id },
        context: makeContext(trainer),
      }),
    )
    expect(page.data.canCreateResetLink).toBe(true)
    const made = await cohortCreates(trainer, cohort.id, learner.id, { intent: 'create', submissionKey: page.data.submissionKey })
    expect(made.status).toBe(302)
    const { token } = await tokenShownAt(made.headers.get('Location')!, trainer, { grupo: cohort.id, usuario: learner.id })
    expect(auditOf(learner.id, 'user.reset_link_created')).toMatchObject([{ actorId: trainer.id, details: { cohortId: cohort.id } }])
    expect((await redeemPost(token, { pin: NEW_PIN, pinConfirm: NEW_PIN })).status).toBe(302)

    const refusals: [string, SessionUser, string, string][] = [
      ['trainer of another cohort, through the learner’s cohort', otherTrainer, cohort.id, learner.id],
      ['trainer of another cohort, through their own cohort', otherTrainer, otherCohort.id, learner.id],
      ['own cohort, a learner outside it', trainer, cohort.id, outsider.id],
    ]
    for (const [why, actor, cohortId, userId] of refusals) {
      const before = linksOf(userId).length
      expect((await cohortCreates(actor, cohortId, userId)).status, why).toBe(403)
      const view = await runAction(() =>
        cohortLinkLoader({
          request: get(`/formacion/grupos/${cohortId}/participantes/${userId}/enlace`),
          params: { grupo: cohortId, usuario: userId },
          context: makeContext(actor),
        }),
      )
      expect(view.status, why).toBe(403)
      expect(linksOf(userId), why).toHaveLength(before)
    }
    // The admin route is for administrators only.
    expect((await adminCreates(trainer, learner.id)).status).toBe(403)
    expect((await adminCreates(learner, learner.id)).status).toBe(403)

    // A member since promoted to trainer or admin is out of the trainer's reach.
    for (const role of ['trainer', 'admin'] as const) {
      const { user: member } = await person('learner', `Coordinadora ${role}`)
      await enrolByCode(cohort.id, member.id)
      expect(changeRole(member.id, role, admin.id)).toMatchObject({ ok: true })
      expect((await cohortCreates(trainer, cohort.id, member.id)).status, role).toBe(403)
      expect(createHandoverLink(trainer, member.id, { cohortId: cohort.id })).toEqual({ ok: false, reason: 'forbidden' })
      expect(linksOf(member.id)).toHaveLength(0)
    }

    // A deactivated account gets no link (409), and a link made before no longer works.
    const { user: leaving } = await person('learner', 'Cuenta Que Se Cierra')
    await enrolByCode(cohort.id, leaving.id)
    const early = createHandoverLink(trainer, leaving.id, { cohortId: cohort.id })
    if (!early.ok) throw new Error(early.reason)
    const earlyShown = readHandoverResult(early.result, { actorId: trainer.id, userId: leaving.id, cohortId: cohort.id })
    if (earlyShown.state !== 'show') throw new Error(earlyShown.state)
    expect(deactivateUser(leaving.id, admin.id)).toEqual({ ok: true })
    expect((await cohortCreates(trainer, cohort.id, leaving.id)).status).toBe(409)
    expect((await adminCreates(admin, leaving.id)).status).toBe(409)
    // Deactivation drops the person's links (through reset-links.server.ts): the link is unknown now.
    expect((await redeemGet(earlyShown.token)).status).toBe(404)
    expect(linksOf(leaving.id)).toEqual([])
    // Had a row survived (an account switched off by other means), it would still count as expired.
    const { user: other } = await person('learner', 'Otra Cuenta Cerrada')
    const late = createHandoverLink(admin, other.id)
    if (!late.ok) throw new Error(late.reason)
    const lateShown = readHandoverResult(late.result, { actorId: admin.id, userId: other.id })
    if (lateShown.state !== 'show') throw new Error(lateShown.state)
    db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, other.id)).run()
    expect((await redeemGet(lateShown.token)).status).toBe(410)
  })

  test('a trainer’s link stops working when the learner is promoted (no takeover of a trainer or admin account)', async () => {
    const { user: trainer } = await person('trainer', 'Formadora Enlace')
    const { user: admin } = await person('admin', 'Admin Asciende')
    const cohort = cohortOf(trainer.id)
    for (const role of ['trainer', 'admin'] as const) {
      const { user: member, cookie } = await person('learner', `Futura ${role}`)
      await enrolByCode(cohort.id, member.id)
      const made = createHandoverLink(trainer, member.id, { cohortId: cohort.id })
      if (!made.ok) throw new Error(made.reason)
      const shown = readHandoverResult(made.result, { actorId: trainer.id, userId: member.id, cohortId: cohort.id })
      if (shown.state !== 'show') throw new Error(shown.state)
      // changeRole drops the unused links and ends the sessions, in its transaction.
      expect(changeRole(member.id, role, admin.id)).toMatchObject({ ok: true })
      expect(linksOf(member.id), role).toEqual([])
      expect((await resolveSession(cookie)).user, role).toBeNull()
      expect(auditOf(member.id, 'user.role_changed')).toMatchObject([{ details: { to: role, sessionsEnded: 1, resetLinksDropped: 1 } }])
      expect((await redeemGet(shown.token)).status, role).toBe(404)
    }

    // Had the link survived (a role set by other means), redemption still refuses a link made by
    // a non-administrator for someone who is no longer a learner: 410, and the secret stays.
    const { user: member } = await person('learner', 'Ascendida Por Fuera')
    await enrolByCode(cohort.id, member.id)
    const byTrainer = createHandoverLink(trainer, member.id, { cohortId: cohort.id })
    if (!byTrainer.ok) throw new Error(byTrainer.reason)
    const shown = readHandoverResult(byTrainer.result, { actorId: trainer.id, userId: member.id, cohortId: cohort.id })
    if (shown.state !== 'show') throw new Error(shown.state)
    db.update(users).set({ role: 'admin' }).where(eq(users.id, member.id)).run()
    const before = hashOf(member.id)
    expect(findResetLink(shown.token)).toEqual({ ok: false, reason: 'expired' })
    expect((await redeemGet(shown.token)).status).toBe(410)
    expect((await redeemPost(shown.token, { pin: NEW_PIN, pinConfirm: NEW_PIN })).status).toBe(410)
    expect(hashOf(member.id)).toBe(before)
    // An administrator's link for an administrator keeps working.
    const byAdmin = createHandoverLink(admin, member.id)
    if (!byAdmin.ok) throw new Error(byAdmin.reason)
    const adminShown = readHandoverResult(byAdmin.result, { actorId: admin.id, userId: member.id })
    if (adminShown.state !== 'show') throw new Error(adminShown.state)
    expect(findResetLink(adminShown.token)).toMatchObject({ ok: true })
  })

  test('a trainer creates links for PIN accounts only: an official in the cohort (password) is the administrators’ to help', async () => {
    const { user: trainer } = await person('trainer', 'Formador Claves')
    const { user: admin } = await person('admin', 'Admin Claves')
    const cohort = cohortOf(trainer.id)
    const { user: official } = await person('learner', 'Funcionaria Con Correo', 'password')
    await enrolByCode(cohort.id, official.id)
    const pageAs = (actor: SessionUser) =>
      runAction(() =>
        learnerPageLoader({
          request: get(`/formacion/grupos/${cohort.id}/participantes/${official.id}`),
          params: { grupo: cohort.id, usuario: official.id },
          context: makeContext(actor),
        }),
      )
    expect((await pageAs(trainer)).data.canCreateResetLink).toBe(false)
    expect((await cohortCreates(trainer, cohort.id, official.id)).status).toBe(403)
    expect(createHandoverLink(trainer, official.id, { cohortId: cohort.id })).toEqual({ ok: false, reason: 'forbidden' })
    expect(linksOf(official.id)).toHaveLength(0)
    // An administrator still can, through the cohort too.
    expect((await pageAs(admin)).data.canCreateResetLink).toBe(true)
    expect((await cohortCreates(admin, cohort.id, official.id)).status).toBe(302)
    expect(linksOf(official.id)).toHaveLength(1)
  })

  test('an administrator may create one for another administrator: audited with the role, and they are told', async () => {
    const { user: admin } = await person('admin', 'Admin Que Ayuda')
    const { user: colleague } = await person('admin', 'Admin Sin Correo')
    const res = await adminCreates(admin, colleague.id)
    expect(res.status).toBe(302)
    expect(auditOf(colleague.id, 'user.reset_link_created')).toMatchObject([{ actorId: admin.id, details: { role: 'admin' } }])
    const { cookie } = await createUserSession(colleague.id, { shared: false })
    const me = (await resolveSession(cookie.split(';')[0])).user!
    const home = await runAction(() => homeLoader({ request: get('/'), params: {}, context: makeContext(me) }))
    expect(home.data.pinReset).toMatchObject({ by: 'Admin Que Ayuda', kind: 'link' })
  })
})

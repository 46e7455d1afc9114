import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { addressKey, hitLimit, specs, type LimiterName } from '#app/auth/limits.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { createCohort, joinCohortByCode } from '#app/cohorts/cohorts.server.ts'
import { db } from '#app/db/client.server.ts'
import { cohorts } from '#app/db/schema.ts'
import { loader as certificateLoader } from '#app/routes/certificados.$archivo.tsx'
import { action as participantsAction } from '#app/routes/formacion.grupos.$grupo.participantes.tsx'
import { action as accountAction } from '#app/routes/mi-cuenta.tsx'
import { action as registerAction } from '#app/routes/registro.tsx'
import { formRequest, makeContext, runAction, uniqueName } from '#tests/utils.ts'
import { eq } from 'drizzle-orm'

// Each abuse budget in app/auth/limits.server.ts is wired into its route: once the budget is
// spent the route answers 429 before doing the work, and another key is not affected.
// (Sign-in and verification have their own tests in sign-in-limits and certificates.)

async function person(role: 'learner' | 'trainer', fullName: string) {
  const r = await registerAccount({ fullName, municipality: 'segovia', gender: null, profile: 'miner', role, username: uniqueName('lim'), pin: '739154' })
  if (!r.ok) throw new Error('no user')
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

async function spend(name: Exclude<LimiterName, `signIn${string}`>, key: string) {
  for (let i = 0; i < specs[name].points; i++) expect(await hitLimit(name, key)).toBe(0)
}

describe('every abuse budget guards its route', () => {
  test('registration, per address', async () => {
    const register = (ip: string) =>
      runAction(() =>
        registerAction({
          request: formRequest('/registro', {
            method: 'pin',
            fullName: 'Rosa Gómez',
            municipality: 'segovia',
            username: uniqueName('reg'),
            pin: '739146',
            pinConfirm: '739146',
            consent: 'on',
          }),
          context: makeContext(null, ip),
          params: {},
        }),
      )
    await spend('registration', addressKey('198.51.100.31'))
    expect((await register('198.51.100.31')).status).toBe(429)
    expect((await register('198.51.100.32')).status).toBe(302)
  })

  test('join codes, per learner', async () => {
    const [spent, fresh] = await Promise.all([person('learner', 'Ana Ruiz'), person('learner', 'Luis Ruiz')])
    const join = (user: typeof spent) =>
      runAction(() => accountAction({ request: formRequest('/mi-cuenta', { intent: 'join', code: 'NOPE2345' }), context: makeContext(user), params: {} }))
    await spend('joinCode', spent.id)
    expect((await join(spent)).status).toBe(429)
    expect((await join(fresh)).status).toBe(400) // unknown code, but checked
  })

  test('PIN resets, per acting trainer', async () => {
    const trainer = await person('trainer', 'Formadora Límite')
    const learner = await person('learner', 'Pedro Límite')
    const cohort = createCohort({ name: 'Grupo límite', municipality: 'segovia', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: [] }, trainer.id)
    const code = db.select({ code: cohorts.joinCode }).from(cohorts).where(eq(cohorts.id, cohort.id)).get()!.code!
    expect(joinCohortByCode(learner, code)).toMatchObject({ ok: true })
    await spend('pinReset', trainer.id)
    const reset = await runAction(() =>
      participantsAction({
        request: formRequest(`/formacion/grupos/${cohort.id}/participantes`, { intent: 'reset-pin', userId: learner.id, submissionKey: 'lim-1', confirm: '1' }),
        params: { grupo: cohort.id },
        context: makeContext(trainer),
      }),
    )
    expect(reset.status).toBe(429)
  })

  test('certificate downloads, per address', async () => {
    const learner = await person('learner', 'Marta Límite')
    const download = (ip: string) =>
      runAction(() =>
        certificateLoader({
          request: new Request('http://localhost/certificados/AAAA-BBBB-CCCC.pdf', { headers: { 'Accept-Language': 'es-CO' } }),
          params: { archivo: 'AAAA-BBBB-CCCC.pdf' },
          context: makeContext(learner, ip),
        }),
      )
    await spend('certificateDownload', addressKey('198.51.100.41'))
    expect((await download('198.51.100.41')).status).toBe(429)
    expect((await download('198.51.100.42')).status).toBe(404) // no such certificate, but looked up
  })
})

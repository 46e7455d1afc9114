import { describe, expect, test } from 'vitest'
import { changeRole } from '#app/admin/users.server.ts'
import { authenticate, registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { createCohort, importLearners, joinCohortByCode, listMembers, resetPin } from '#app/cohorts/cohorts.server.ts'
import { db } from '#app/db/client.server.ts'
import { cohorts, users } from '#app/db/schema.ts'
import { loader as homeLoader } from '#app/routes/_index.tsx'
import { action as participantsAction, loader as participantsLoader } from '#app/routes/formacion.grupos.$grupo.participantes.tsx'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'
import { eq } from 'drizzle-orm'

// The takeover chain from the security review: a trainer of another cohort finds a miner,
// enrols them, resets the PIN and signs in as them. Every step must be refused.

async function person(role: 'learner' | 'trainer' | 'admin', fullName: string) {
  const r = await registerAccount({ fullName, municipality: 'remedios', gender: null, profile: 'miner', role, username: uniqueName('u'), pin: '739154' })
  if (!r.ok) throw new Error('no user')
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return { user: (await resolveSession(cookie.split(';')[0])).user!, cookie: cookie.split(';')[0] }
}

const cohortOf = (trainerId: string) =>
  createCohort(
    { name: `Grupo ${uniqueName('')}`, municipality: 'remedios', startsOn: '2026-02-01', endsOn: '2026-11-30', courseIds: ['curso-prueba'] },
    trainerId,
  )

const post = (cohortId: string, fields: Record<string, string>) =>
  new Request(`http://localhost/formacion/grupos/${cohortId}/participantes`, { method: 'POST', body: new URLSearchParams(fields) })

describe('a trainer manages only learners who came in through a path they or an admin agreed to', () => {
  test('the takeover chain is refused: no directory, no enrolling someone else, no PIN reset outside the cohort', async () => {
    const { user: miner } = await person('learner', 'Miner Vega Tuberquia')
    const { user: intruder } = await person('trainer', 'Formador Ajeno')
    const own = cohortOf(intruder.id)
    const ctx = makeContext(intruder)

    // 1. No directory: a partial name or the exact username finds nobody for a trainer.
    for (const query of ['Vega', miner.username!]) {
      const found = await runAction(() =>
        participantsLoader({
          request: new Request(`http://localhost/formacion/grupos/${own.id}/participantes?buscar=${query}`),
          params: { grupo: own.id },
          context: ctx,
        }),
      )
      expect(found.data.results).toEqual([])
    }
    // 2. Enrolling an existing learner is refused (403) and nothing changes.
    const add = await runAction(() =>
      participantsAction({ request: post(own.id, { intent: 'add', userId: miner.id }), params: { grupo: own.id }, context: ctx }),
    )
    expect(add.status).toBe(403)
    expect(listMembers(own.id)).toEqual([])
    // 3. Resetting the PIN of someone outside the cohort is refused.
    const reset = await runAction(() =>
      participantsAction({ request: post(own.id, { intent: 'reset-pin', userId: miner.id, submissionKey: 'k1' }), params: { grupo: own.id }, context: ctx }),
    )
    expect(reset.status).toBe(403)
  })

  test('an admin finds by exact username only, and may enrol; a learner joins with the cohort code', async () => {
    const { user: miner } = await person('learner', 'Rubiela Zapata Mena')
    const { user: admin } = await person('admin', 'Admin Programa')
    const { user: trainer } = await person('trainer', 'Formadora Propia')
    const cohort = cohortOf(trainer.id)
    const search = (q: string) =>
      runAction(() =>
        participantsLoader({
          request: new Request(`http://localhost/formacion/grupos/${cohort.id}/participantes?buscar=${q}`),
          params: { grupo: cohort.id },
          context: makeContext(admin),
        }),
      )
    expect((await search('Rubiela')).data.results).toEqual([])
    expect((await search(miner.username!)).data.results).toMatchObject([{ id: miner.id }])

    const code = db.select({ code: cohorts.joinCode }).from(cohorts).where(eq(cohorts.id, cohort.id)).get()!.code!
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{8}$/)
    expect(joinCohortByCode(miner, 'NOPE1234')).toEqual({ ok: false, reason: 'unknownCode' })
    expect(joinCohortByCode(miner, code.toLowerCase())).toMatchObject({ ok: true })
    expect(listMembers(cohort.id).map((m) => m.id)).toEqual([miner.id])
    // Trainers cannot join cohorts as learners with a code.
    expect(joinCohortByCode(trainer, code)).toEqual({ ok: false, reason: 'notLearner' })
  })

  test('a PIN reset ends every session of the learner, is audited, and the learner is told who and when', async () => {
    const { user: trainer } = await person('trainer', 'Formadora Gámeza')
    const cohort = cohortOf(trainer.id)
    const imported = await importLearners(cohort.id, 'Nelson Pérez Cely;Gámeza;;', trainer.id)
    if (!imported.ok) throw new Error('import failed')
    const learnerId = listMembers(cohort.id)[0].id
    const { cookie } = await createUserSession(learnerId, { shared: true })
    const session = cookie.split(';')[0]
    expect((await resolveSession(session)).user?.id).toBe(learnerId)

    await resetPin(cohort.id, learnerId, trainer.id)
    expect((await resolveSession(session)).user).toBeNull()

    const { cookie: fresh } = await createUserSession(learnerId, { shared: false })
    const me = (await resolveSession(fresh.split(';')[0])).user!
    const home = await runAction(() =>
      homeLoader({ request: new Request('http://localhost/', { headers: { 'Accept-Language': 'es-CO' } }), params: {}, context: makeContext(me) }),
    )
    expect(home.data.pinReset).toMatchObject({ by: 'Formadora Gámeza' })
  })

  test("a member since promoted to trainer or admin is out of the cohort trainer's reach: no PIN reset, no unlock", async () => {
    const { user: trainer } = await person('trainer', 'Formadora Del Grupo')
    const { user: admin } = await person('admin', 'Admin Que Promueve')
    const cohort = cohortOf(trainer.id)
    const code = db.select({ code: cohorts.joinCode }).from(cohorts).where(eq(cohorts.id, cohort.id)).get()!.code!
    const ctx = makeContext(trainer)
    for (const role of ['admin', 'trainer'] as const) {
      const { user: member } = await person('learner', `Coordinadora ${role}`)
      expect(joinCohortByCode(member, code)).toMatchObject({ ok: true })
      // Promoted later; the membership row stays (progress and certificates are kept).
      expect(changeRole(member.id, role, admin.id)).toMatchObject({ ok: true })
      const before = db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, member.id)).get()!.hash
      for (const intent of ['reset-pin', 'unlock']) {
        const res = await runAction(() =>
          participantsAction({
            request: post(cohort.id, { intent, userId: member.id, submissionKey: `k-${role}-${intent}` }),
            params: { grupo: cohort.id },
            context: ctx,
          }),
        )
        expect(res.status, `${intent} of a member promoted to ${role}`).toBe(403)
      }
      await expect(resetPin(cohort.id, member.id, trainer.id)).resolves.toEqual({ ok: false, reason: 'forbidden' })
      expect(db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, member.id)).get()!.hash).toBe(before)
      // (the card's PIN itself stopped working at the promotion: the person chooses a new secret
      // with an administrator's link — reset-links.test.ts)
      expect(await authenticate({ identifier: member.username!, secret: '739154', clientIp: '192.0.2.77' })).toMatchObject({ ok: false })
    }
  })
})

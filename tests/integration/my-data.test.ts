import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { getCourseBySlug } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { auditEvents, users } from '#app/db/schema.ts'
import { readLesson } from '#tests/learning-helpers.ts'
import { loader as dataLoader } from '#app/routes/mi-cuenta.datos[.]json.tsx'
import { action as accountAction } from '#app/routes/mi-cuenta.tsx'
import { formRequest, makeContext, runAction, uniqueName } from '#tests/utils.ts'

async function learner() {
  const r = await registerAccount({
    fullName: 'Nidia Ramírez',
    municipality: 'sogamoso',
    gender: 'female',
    profile: 'miner',
    username: uniqueName('nidia'),
    pin: '707070',
  })
  if (!r.ok) throw new Error('no user')
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

describe('my data (Ley 1581)', () => {
  test('a person downloads everything kept about them, without secrets', async () => {
    const me = await learner()
    readLesson(me.id, getCourseBySlug('curso-prueba')!.lessons[0])
    const res: Response = await dataLoader({ request: new Request('http://localhost/mi-cuenta/datos.json'), params: {}, context: makeContext(me) })
    expect(res.headers.get('Content-Disposition')).toContain('attachment')
    const body = await res.text()
    const data = JSON.parse(body)
    expect(data.profile).toMatchObject({ fullName: 'Nidia Ramírez', municipality: 'sogamoso', gender: 'female' })
    expect(data.lessonProgress).toHaveLength(1)
    expect(body).not.toMatch(/argon2|passwordHash|password_hash/)
    const guest = await runAction(() => dataLoader({ request: new Request('http://localhost/mi-cuenta/datos.json'), params: {}, context: makeContext() }))
    expect(guest.status).toBe(302)
  })

  test('asking for deletion is recorded and audited for the administrators', async () => {
    const me = await learner()
    const res = await runAction(() =>
      accountAction({ request: formRequest('/mi-cuenta', { intent: 'request-deletion' }), params: {}, context: makeContext(me) }),
    )
    expect(res.status).toBe(302)
    expect(db.select().from(users).where(eq(users.id, me.id)).get()?.deletionRequestedAt).toBeInstanceOf(Date)
    expect(
      db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.subjectId, me.id))
        .all()
        .map((a) => a.action),
    ).toContain('user.deletion_requested')
  })
})

import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { requireUser, requireUserWithRole, safeRedirect } from '#app/auth/guards.server.ts'
import { SHARED_IDLE_MS, createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { db } from '#app/db/client.server.ts'
import { users } from '#app/db/schema.ts'
import { loader as adminLoader } from '#app/routes/admin.usuarios._index.tsx'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

async function newUser(role: 'learner' | 'trainer' | 'admin' = 'learner') {
  const result = await registerAccount({
    fullName: 'Carlos Ruiz',
    municipality: 'topaga',
    gender: null,
    profile: 'miner',
    role,
    username: uniqueName('carlos'),
    pin: '112233',
  })
  if (!result.ok) throw new Error('could not create user')
  return result.userId
}

const cookieHeaderOf = (setCookie: string) => setCookie.split(';')[0]

describe('sessions', () => {
  test('a persistent session resolves to its user', async () => {
    const userId = await newUser()
    const { cookie } = await createUserSession(userId, { shared: false })
    const resolved = await resolveSession(cookieHeaderOf(cookie))
    expect(resolved.user?.id).toBe(userId)
    expect(resolved.user?.fullName).toBe('Carlos Ruiz')
  })

  test('a shared-computer session ends after 30 minutes without use, but not while in use', async () => {
    const userId = await newUser()
    const t0 = Date.now()
    const { cookie } = await createUserSession(userId, { shared: true }, t0)
    const header = cookieHeaderOf(cookie)
    // Active every 20 minutes: still signed in after an hour.
    expect((await resolveSession(header, t0 + 20 * 60_000)).user?.id).toBe(userId)
    expect((await resolveSession(header, t0 + 40 * 60_000)).user?.id).toBe(userId)
    // Then left idle for 31 minutes: signed out, cookie cleared, and the session is gone for good.
    const idle = await resolveSession(header, t0 + 40 * 60_000 + SHARED_IDLE_MS + 60_000)
    expect(idle.user).toBeNull()
    expect(idle.setCookies[0]).toMatch(/ast_session=;/)
    expect((await resolveSession(header, t0 + 41 * 60_000)).user).toBeNull()
  })

  test('a session of a deactivated account signs no one in, even one created after the deactivation', async () => {
    // Deactivating ends every session; a session that still exists (a sign-in finishing at
    // that moment) must not let the person in either: the lookup reads the account's state.
    const userId = await newUser()
    db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, userId)).run()
    const { cookie } = await createUserSession(userId, { shared: false })
    const resolved = await resolveSession(cookieHeaderOf(cookie))
    expect(resolved.user).toBeNull()
    expect(resolved.setCookies.join()).toContain('ast_session=;')
  })

  test('an unknown session cookie is cleared', async () => {
    const resolved = await resolveSession('ast_session=doesnotexist')
    expect(resolved.user).toBeNull()
    expect(resolved.setCookies).toHaveLength(1)
  })
})

describe('role checks', () => {
  test('not signed in → sign-in page with the way back', () => {
    const request = new Request('http://localhost/admin?x=1')
    let thrown: unknown
    try {
      requireUser(request, makeContext())
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).headers.get('Location')).toBe('/ingresar?redirectTo=%2Fadmin%3Fx%3D1')
  })

  test('a learner gets 403 from the admin page; an admin gets the user list', async () => {
    const learnerId = await newUser('learner')
    const adminId = await newUser('admin')
    const asLearner = await resolveSession(cookieHeaderOf((await createUserSession(learnerId, { shared: false })).cookie))
    const asAdmin = await resolveSession(cookieHeaderOf((await createUserSession(adminId, { shared: false })).cookie))
    const request = new Request(`http://localhost/admin/usuarios?q=carlos`)
    const denied = await runAction(() => adminLoader({ request, context: makeContext(asLearner.user), params: {} }))
    expect(denied.status).toBe(403)
    const allowed = await runAction(() => adminLoader({ request, context: makeContext(asAdmin.user), params: {} }))
    expect(allowed.status).toBe(200)
    expect(allowed.data.users.some((u: { id: string }) => u.id === learnerId)).toBe(true)
    expect(() => requireUserWithRole(request, makeContext(asAdmin.user), ['trainer'])).toThrow()
  })

  test('redirects stay on this site', () => {
    expect(safeRedirect('/cursos/x')).toBe('/cursos/x')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect(null)).toBe('/')
  })
})

describe('roles', () => {
  test('an admin makes a learner a trainer (audited); a learner cannot change roles', async () => {
    const { action: adminAction } = await import('#app/routes/admin.usuarios.$usuario._index.tsx')
    const { db } = await import('#app/db/client.server.ts')
    const { auditEvents, users } = await import('#app/db/schema.ts')
    const { eq } = await import('drizzle-orm')
    const learnerId = await newUser('learner')
    const adminId = await newUser('admin')
    const asAdmin = await resolveSession(cookieHeaderOf((await createUserSession(adminId, { shared: false })).cookie))
    const asLearner = await resolveSession(cookieHeaderOf((await createUserSession(learnerId, { shared: false })).cookie))
    const post = () =>
      new Request(`http://localhost/admin/usuarios/${learnerId}`, { method: 'POST', body: new URLSearchParams({ intent: 'role', role: 'trainer' }) })
    const params = { usuario: learnerId }
    expect((await runAction(() => adminAction({ request: post(), context: makeContext(asLearner.user), params }))).status).toBe(403)
    expect((await runAction(() => adminAction({ request: post(), context: makeContext(asAdmin.user), params }))).status).toBe(302)
    expect(db.select().from(users).where(eq(users.id, learnerId)).get()?.role).toBe('trainer')
    expect(
      db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.subjectId, learnerId))
        .all()
        .map((a) => a.action),
    ).toContain('user.role_changed')
  })
})

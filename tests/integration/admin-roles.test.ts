import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { changeRole } from '#app/admin/users.server.ts'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { db } from '#app/db/client.server.ts'
import { users } from '#app/db/schema.ts'
import { action as adminAction } from '#app/routes/admin.usuarios.$usuario._index.tsx'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

// The programme always keeps an administrator: the last one cannot step down and lock
// everyone out of appointing trainers and revoking constancias.

async function person(name: string) {
  const result = await registerAccount({
    fullName: name,
    municipality: 'segovia',
    gender: null,
    profile: 'official',
    email: `${uniqueName('adm')}@alcaldia.gov.co`,
    password: 'una clave larga 2026',
  })
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors))
  const { cookie } = await createUserSession(result.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

describe('the last administrator', () => {
  test('cannot remove their own role; once a second admin exists, either may step down, never both', async () => {
    const ana = await person('Ana Pérez')
    expect(changeRole(ana.id, 'admin', ana.id)).toMatchObject({ ok: true })
    expect(changeRole(ana.id, 'learner', ana.id)).toEqual({ ok: false, reason: 'lastAdmin' })
    expect(changeRole(ana.id, 'trainer', ana.id)).toEqual({ ok: false, reason: 'lastAdmin' })

    const beto = await person('Beto Ruiz')
    expect(changeRole(beto.id, 'admin', ana.id)).toMatchObject({ ok: true })
    expect(changeRole(ana.id, 'trainer', beto.id)).toMatchObject({ ok: true })
    expect(changeRole(beto.id, 'learner', beto.id)).toEqual({ ok: false, reason: 'lastAdmin' })
  })

  test('the admin page says why in Spanish (409) and changes nothing', async () => {
    const carla = await person('Carla Gómez')
    changeRole(carla.id, 'admin', carla.id)
    // Carla is left as the only admin of this file's database.
    for (const other of db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).all()) {
      if (other.id !== carla.id) expect(changeRole(other.id, 'learner', carla.id)).toMatchObject({ ok: true })
    }
    const request = new Request(`http://localhost/admin/usuarios/${carla.id}`, {
      method: 'POST',
      body: new URLSearchParams({ intent: 'role', role: 'learner' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    const result = await runAction(() => adminAction({ request, params: { usuario: carla.id }, context: makeContext({ ...carla, role: 'admin' }) }))
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ intent: 'role', formError: 'users.lastAdmin' })
    expect(db.select({ role: users.role }).from(users).where(eq(users.id, carla.id)).get()!.role).toBe('admin')
  })
})

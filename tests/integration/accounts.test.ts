import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { authenticate, registerAccount } from '#app/auth/accounts.server.ts'
import { db } from '#app/db/client.server.ts'
import { auditEvents, users } from '#app/db/schema.ts'
import { action as registerAction } from '#app/routes/registro.tsx'
import { action as signInAction } from '#app/routes/ingresar.tsx'
import { formRequest, makeContext, runAction, uniqueName } from '#tests/utils.ts'

const miner = (username: string) => ({
  fullName: 'Rosa Elena Gómez',
  municipality: 'segovia',
  gender: 'female' as const,
  profile: 'miner' as const,
  username,
  pin: '135790',
})

describe('registration', () => {
  test('a miner registers with a username and PIN; the PIN is stored hashed with argon2id', async () => {
    const username = uniqueName('rosa')
    const result = await registerAccount(miner(username))
    expect(result.ok).toBe(true)
    const row = db.select().from(users).where(eq(users.username, username)).get()!
    expect(row.email).toBeNull()
    expect(row.secretKind).toBe('pin')
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(row.passwordHash).not.toContain('135790')
    expect(row.consentAt).toBeInstanceOf(Date)
    const audit = db.select().from(auditEvents).where(eq(auditEvents.subjectId, row.id)).all()
    expect(audit.map((a) => a.action)).toContain('user.registered')
  })

  test('a taken username is refused and nothing is saved', async () => {
    const username = uniqueName('dup')
    await registerAccount(miner(username))
    const before = db.select().from(users).all().length
    const again = await registerAccount({ ...miner(username), fullName: 'Otra Persona' })
    expect(again).toEqual({ ok: false, fieldErrors: { username: 'errors.usernameTaken' } })
    expect(db.select().from(users).all().length).toBe(before)
  })

  test('the registration form refuses bad input field by field, without saving', async () => {
    const before = db.select().from(users).all().length
    const res = await runAction(() =>
      registerAction({
        request: formRequest('/registro', { method: 'pin', fullName: 'Jo', municipality: 'bogota', username: 'A B', pin: '12ab', pinConfirm: '1' }),
        context: makeContext(),
        params: {},
      }),
    )
    expect(res.status).toBe(400)
    expect(res.data.fieldErrors).toMatchObject({
      fullName: 'errors.fullNameRequired',
      municipality: 'errors.municipalityRequired',
      username: 'errors.usernameFormat',
      pin: 'errors.pinFormat',
      consent: 'errors.consentRequired',
    })
    // The PIN is never echoed back into the form.
    expect(res.data.values.pin).toBeUndefined()
    expect(db.select().from(users).all().length).toBe(before)
  })

  test('an official registers with e-mail and password and is signed in', async () => {
    const email = `${uniqueName('ana')}@alcaldia.gov.co`
    const res = await runAction(() =>
      registerAction({
        request: formRequest('/registro', {
          method: 'correo',
          fullName: 'Ana María Pérez',
          municipality: 'sogamoso',
          profile: 'official',
          email: email.toUpperCase(),
          password: 'una clave larga 2026',
          passwordConfirm: 'una clave larga 2026',
          consent: 'on',
        }),
        context: makeContext(),
        params: {},
      }),
    )
    expect(res.status).toBe(302)
    expect(res.headers.get('Set-Cookie')).toMatch(/ast_session=/)
    const row = db.select().from(users).where(eq(users.email, email)).get()!
    expect(row.profile).toBe('official')
    expect(row.role).toBe('learner')
  })
})

describe('sign-in', () => {
  test('accepts username + PIN and e-mail + password, and refuses a wrong secret', async () => {
    const username = uniqueName('pedro')
    await registerAccount(miner(username))
    const email = `${uniqueName('luz')}@gmail.com`
    await registerAccount({ fullName: 'Luz Dary', municipality: 'paipa', gender: null, profile: 'official', email, password: 'contraseña segura 1' })

    expect(await authenticate({ identifier: username, secret: '135790', clientIp: '1.1.1.1' })).toMatchObject({ ok: true })
    expect(await authenticate({ identifier: ` ${email.toUpperCase()} `, secret: 'contraseña segura 1', clientIp: '1.1.1.1' })).toMatchObject({ ok: true })
    expect(await authenticate({ identifier: username, secret: '000000', clientIp: '1.1.1.1' })).toEqual({ ok: false, reason: 'invalid' })
    expect(await authenticate({ identifier: 'nadie.existe', secret: '000000', clientIp: '1.1.1.1' })).toEqual({ ok: false, reason: 'invalid' })
  })

  test('five failures at one address start a one-minute delay there (sign-in limits are in sign-in-limits.test.ts)', async () => {
    const username = uniqueName('bloq')
    await registerAccount(miner(username))
    const results = []
    for (let i = 0; i < 5; i++) results.push(await authenticate({ identifier: username, secret: '999999', clientIp: '10.0.0.1' }))
    expect(results.slice(0, 4).every((r) => !r.ok && r.reason === 'invalid')).toBe(true)
    expect(results[4]).toEqual({ ok: false, reason: 'locked', retryInMinutes: 1 })
    // Even the right PIN waits while the delay holds.
    expect(await authenticate({ identifier: username, secret: '135790', clientIp: '10.0.0.1' })).toEqual({ ok: false, reason: 'locked', retryInMinutes: 1 })
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'user.locked_out')).all()
    expect(audit.length).toBe(1)
  })

  test('the sign-in form says in Spanish how long to wait, and gives a fresh session each time', async () => {
    const username = uniqueName('form')
    await registerAccount(miner(username))
    const ip = '198.51.100.20'
    const signIn = (secret: string, shared = false) =>
      runAction(() =>
        signInAction({
          request: formRequest('/ingresar', { identifier: username, secret, redirectTo: '/cursos', ...(shared ? { shared: 'on' } : {}) }),
          context: makeContext(null, ip),
          params: {},
        }),
      )
    const first = await signIn('135790')
    const second = await signIn('135790', true)
    expect(first.status).toBe(302)
    expect(first.headers.get('Location')).toBe('/cursos')
    // The session cookie (a sign-in also sets the device cookie, ADR 015).
    const session = (h: Headers) => h.getSetCookie().find((c) => c.startsWith('ast_session=')) ?? ''
    const id = (h: Headers) => /ast_session=([^;]+)/.exec(session(h))?.[1]
    expect(id(first.headers)).toBeTruthy()
    expect(id(second.headers)).not.toBe(id(first.headers))
    expect(session(first.headers)).toMatch(/Max-Age=/)
    expect(session(second.headers)).not.toMatch(/Max-Age=|Expires=/)
    expect(session(second.headers)).toMatch(/HttpOnly/)
    expect(session(second.headers)).toMatch(/SameSite=Lax/)

    for (let i = 0; i < 4; i++) await signIn('111111')
    const locked = await signIn('111111')
    expect(locked.status).toBe(429)
    expect(locked.data.formError).toBe('signIn.locked')
    expect(locked.data.retryInMinutes).toBe(1)
    const { getFixedT } = await import('#app/i18n/translations.server.ts')
    const t = await getFixedT('es', 'auth')
    expect(t(locked.data.formError, { count: locked.data.retryInMinutes })).toBe('Demasiados intentos fallidos. Espere 1 minuto e intente de nuevo.')
  })
})

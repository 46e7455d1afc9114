// Issue 14: the login card a miner takes home (QR to /ingresar?usuario=…, never the PIN), the
// public address it prints, and the sign-in made for a phone and a shared computer.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { eq } from 'drizzle-orm'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { describe, expect, test, vi } from 'vitest'
import { authenticate, registerAccount } from '#app/auth/accounts.server.ts'
import { SHARED_IDLE_MS, createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { normalizeIdentifier } from '#app/auth/validation.ts'
import { createCohort, isMember, resetPin } from '#app/cohorts/cohorts.server.ts'
import { addMember } from '#app/cohorts/cohorts.server.ts'
import { printableCards } from '#app/cohorts/login-card-qr.server.ts'
import { db } from '#app/db/client.server.ts'
import { sessions } from '#app/db/schema.ts'
import { getLoadContext } from '#app/entry.server.tsx'
import { loader as signInLoader } from '#app/routes/ingresar.tsx'
import { loader as participantsLoader } from '#app/routes/formacion.grupos.$grupo.participantes.tsx'
import { parseEnv } from '#app/utils/env.server.ts'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

async function miner(username = uniqueName('ana.munoz'), pin = '482915', role: 'learner' | 'trainer' = 'learner') {
  const r = await registerAccount({ fullName: 'Ana Lucía Muñoz', municipality: 'segovia', gender: null, profile: 'miner', role, username, pin })
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors))
  return { id: r.userId, username, pin }
}

function decodeQr(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'))
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
}

describe('the identifier as typed on a phone', () => {
  test('a username in any case, with spaces for the dot, with accents; e-mails keep their form', () => {
    expect(normalizeIdentifier('Jaime Demo')).toBe('jaime.demo')
    expect(normalizeIdentifier('  JAIME.DEMO ')).toBe('jaime.demo')
    expect(normalizeIdentifier('jaime  demo')).toBe('jaime.demo')
    expect(normalizeIdentifier('Jaime . Demo')).toBe('jaime.demo')
    expect(normalizeIdentifier('Ana Muñoz2')).toBe('ana.munoz2')
    expect(normalizeIdentifier('Funcionaria@Demo.SomosTesoro.co ')).toBe('funcionaria@demo.somostesoro.co')
    // An e-mail is never turned into a username: its dots, hyphens and plus stay as they are.
    expect(normalizeIdentifier('maría.pérez+aula@alcaldía.gov.co')).toBe('maría.pérez+aula@alcaldía.gov.co')
  })

  test('sign-in accepts «Jaime Demo» for jaime.demo, and an e-mail in capitals', async () => {
    const suffix = uniqueName('')
    const user = await miner(`jaime.demo${suffix}`)
    for (const typed of [`Jaime Demo${suffix}`, `JAIME DEMO${suffix.toUpperCase()}`, `jaime.demo${suffix}`]) {
      expect(await authenticate({ identifier: typed, secret: user.pin, clientIp: '198.51.100.4' })).toEqual({ ok: true, userId: user.id })
    }
    expect((await authenticate({ identifier: `Jaime Demo${suffix}`, secret: '000000', clientIp: '198.51.100.4' })).ok).toBe(false)

    const email = `${uniqueName('luisa')}@alcaldia.gov.co`
    const official = await registerAccount({
      fullName: 'Luisa Pérez',
      municipality: 'segovia',
      gender: null,
      profile: 'official',
      email,
      password: 'una-clave-larga',
    })
    if (!official.ok) throw new Error('no official')
    expect(await authenticate({ identifier: email.toUpperCase(), secret: 'una-clave-larga', clientIp: '198.51.100.5' })).toEqual({
      ok: true,
      userId: official.userId,
    })
  })
})

describe('the idle sign-out on a shared computer says why', () => {
  test('resolveSession reports the idle ending; the next request carries a notice the sign-in page shows once', async () => {
    const user = await miner()
    const t0 = Date.now() - SHARED_IDLE_MS - 5 * 60_000
    const { cookie } = await createUserSession(user.id, { shared: true }, t0)
    const header = cookie.split(';')[0]
    expect((await resolveSession(header, t0 + 60_000)).endedByIdle).toBeUndefined()

    // A request 35 minutes after the last one: signed out, and the response sets the notice.
    const setCookies: string[] = []
    const context = await getLoadContext(
      { headers: { cookie: header }, socket: { remoteAddress: '127.0.0.1' } } as never,
      { locals: {}, append: (_: string, value: string) => setCookies.push(value) } as never,
    )
    expect(context.user).toBeNull()
    const notice = setCookies.find((c) => c.startsWith('ast_aviso='))
    expect(notice).toMatch(/^ast_aviso=inactividad; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/)

    const page = await runAction(() =>
      signInLoader({
        request: new Request('http://localhost/ingresar?redirectTo=/mi-cuenta', { headers: { cookie: notice!.split(';')[0] } }),
        params: {},
        context: makeContext(null),
      }),
    )
    expect(page.data.idleSignOut).toBe(true)
    expect(page.headers.get('Set-Cookie')).toMatch(/^ast_aviso=; Path=\/; Max-Age=0/)
    const plain = await runAction(() => signInLoader({ request: new Request('http://localhost/ingresar'), params: {}, context: makeContext(null) }))
    expect(plain.data.idleSignOut).toBe(false)
  })

  test('a deactivated account or a session still in use sets no notice', async () => {
    const user = await miner()
    const { cookie } = await createUserSession(user.id, { shared: true })
    const resolved = await resolveSession(cookie.split(';')[0])
    expect(resolved.user?.id).toBe(user.id)
    expect(resolved.endedByIdle).toBeUndefined()
    // A persistent session is never ended for idleness.
    const persistent = await createUserSession(user.id, { shared: false }, Date.now() - 10 * SHARED_IDLE_MS)
    db.update(sessions)
      .set({ lastSeenAt: Date.now() - 10 * SHARED_IDLE_MS })
      .where(eq(sessions.id, persistent.session.id))
      .run()
    expect((await resolveSession(persistent.cookie.split(';')[0])).user?.id).toBe(user.id)
  })

  test('the sign-in page fills in ?usuario= and ticks «computador compartido» when SHARED_COMPUTER_DEFAULT=1', async () => {
    const page = await runAction(() =>
      signInLoader({ request: new Request('http://localhost/ingresar?usuario=ana.munoz'), params: {}, context: makeContext(null) }),
    )
    expect(page.data.username).toBe('ana.munoz')
    expect(page.data.sharedDefault).toBe(false)
    expect(parseEnv({ SHARED_COMPUTER_DEFAULT: '1' }).SHARED_COMPUTER_DEFAULT).toBe(true)
    expect(parseEnv({}).SHARED_COMPUTER_DEFAULT).toBe(false)
    expect(() => parseEnv({ SHARED_COMPUTER_DEFAULT: 'yes' })).toThrow(/SHARED_COMPUTER_DEFAULT/)
  })
})

describe('PUBLIC_BASE_URL', () => {
  test('unset, it is the address the server listens on; set, it is used as given', () => {
    expect(parseEnv({ PORT: '3210' }).PUBLIC_BASE_URL).toBe('http://localhost:3210')
    expect(parseEnv({}).PUBLIC_BASE_URL).toBe('http://localhost:3000')
    expect(parseEnv({ PORT: '3210', PUBLIC_BASE_URL: '' }).PUBLIC_BASE_URL).toBe('http://localhost:3210')
    expect(parseEnv({ PORT: '8080', HOST: '0.0.0.0' }).PUBLIC_BASE_URL).toBe('http://localhost:8080')
    expect(parseEnv({ PORT: '8080', HOST: '192.168.1.20' }).PUBLIC_BASE_URL).toBe('http://192.168.1.20:8080')
    expect(parseEnv({ PORT: '3210', PUBLIC_BASE_URL: 'https://aula.example.org/' }).PUBLIC_BASE_URL).toBe('https://aula.example.org')
    expect(() => parseEnv({ PUBLIC_BASE_URL: 'aula.example.org' })).toThrow(/PUBLIC_BASE_URL/)
  })

  test('login cards and certificate QR codes follow the port when it is unset', async () => {
    vi.resetModules()
    const saved = { PORT: process.env.PORT, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL }
    process.env.PORT = '3210'
    delete process.env.PUBLIC_BASE_URL
    try {
      const { verificationUrl } = await import('#app/certificates/urls.server.ts')
      const { signInUrl, displayAddress } = await import('#app/cohorts/login-card-qr.server.ts')
      expect(verificationUrl('ABCD2345EFGH')).toBe('http://localhost:3210/verificar/ABCD-2345-EFGH')
      expect(signInUrl('ana.munoz')).toBe('http://localhost:3210/ingresar?usuario=ana.munoz')
      expect(displayAddress()).toBe('http://localhost:3210')
      expect(displayAddress('https://aula.example.org')).toBe('aula.example.org')
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
      vi.resetModules()
    }
  })

  async function freePort(): Promise<number> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    await new Promise((resolve) => server.close(resolve))
    return port
  }

  async function startServer(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
    const child = spawn(process.execPath, ['server/index.js'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_PATH: process.env.DATABASE_PATH,
        NODE_ENV: 'development',
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (out += d))
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve)
      child.stdout!.on('data', () => out.includes('escuchando') && child.kill())
    })
    return { code, out }
  }

  test('a production start without it stops with a clear message; the demo may start without it', async () => {
    const refused = await startServer({ NODE_ENV: 'production' })
    expect(refused.code).toBe(1)
    expect(refused.out).toContain('PUBLIC_BASE_URL: required in production')

    // The demo gets past the check (then serves, or says there is no build yet).
    const demo = await startServer({ NODE_ENV: 'production', AULA_DEMO: '1' })
    expect(demo.out).not.toContain('PUBLIC_BASE_URL')
    expect(demo.out).toMatch(/escuchando|No build found/)
  }, 30_000)
})

describe('the login card', () => {
  test('its QR code opens /ingresar with the username filled in, never the PIN', async () => {
    const [card] = await printableCards([{ fullName: 'Ana Lucía Muñoz', username: 'ana.munoz2', pin: '482915' }])
    expect(card.signInUrl).toBe('http://localhost:3000/ingresar?usuario=ana.munoz2')
    const decoded = decodeQr(card.qr)
    expect(decoded).toBe('http://localhost:3000/ingresar?usuario=ana.munoz2')
    expect(decoded).not.toContain('482915')
  })

  test('the cards page after a new PIN: a card per person with its QR, eight to a page or one to a page', async () => {
    const trainer = await miner(uniqueName('formadora'), '505051', 'trainer')
    const { user: trainerUser } = await resolveSession((await createUserSession(trainer.id, { shared: false })).cookie.split(';')[0])
    const cohort = createCohort(
      { name: `Grupo ${uniqueName('')}`, municipality: 'segovia', startsOn: '2026-01-10', endsOn: '2026-12-10', courseIds: [] },
      trainer.id,
    )
    const learner = await miner()
    expect(addMember(cohort.id, learner.id, { id: trainer.id, role: 'admin' }).ok).toBe(true)
    expect(isMember(cohort.id, learner.id)).toBe(true)
    const reset = await resetPin(cohort.id, learner.id, trainer.id)
    if (!reset.ok) throw new Error('no reset')

    const load = (search: string) =>
      runAction(() =>
        participantsLoader({
          request: new Request(`http://localhost/formacion/grupos/${cohort.id}/participantes?${search}`),
          params: { grupo: cohort.id },
          context: makeContext(trainerUser),
        }),
      )
    const page = await load(`tarjetas=${reset.batchId}`)
    expect(page.data.onePerPage).toBe(false)
    expect(page.data.address).toBe('http://localhost:3000')
    expect(page.data.cards).toHaveLength(1)
    const [card] = page.data.cards
    expect(card.username).toBe(learner.username)
    expect(card.pin).toBe(reset.card.pin)
    expect(decodeQr(card.qr)).toBe(`http://localhost:3000/ingresar?usuario=${learner.username}`)
    expect(decodeQr(card.qr)).not.toContain(reset.card.pin)
    expect((await load(`tarjetas=${reset.batchId}&hoja=una`)).data.onePerPage).toBe(true)
  })
})

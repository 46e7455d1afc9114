import { rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { authenticate, registerAccount, signInAccountKey, unlockSignIn } from '#app/auth/accounts.server.ts'
import {
  ACCOUNT_FAILURES_PER_DAY,
  ADDRESS_FAILURES_PER_HOUR,
  DEVICE_FREE_FAILURES,
  FREE_FAILURES,
  TABLE,
  admitSignIn,
  createLimits,
  hitLimit,
  limits,
  specs,
} from '#app/auth/limits.server.ts'
import { DEVICE_COOKIE, issueDeviceCookie } from '#app/auth/device-cookie.server.ts'
import { action as signInAction } from '#app/routes/ingresar.tsx'
import { formRequest, makeContext, runAction } from '#tests/utils.ts'
import { verifySecret } from '#app/auth/password.server.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { enrolByCode } from '#tests/learning-helpers.ts'
import { db, openDatabase, sqlite } from '#app/db/client.server.ts'
import { auditEvents } from '#app/db/schema.ts'
import { uniqueName } from '#tests/utils.ts'

// Count how many guesses reach the (slow) argon2 check.
vi.mock('#app/auth/password.server.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#app/auth/password.server.ts')>()
  return { ...original, verifySecret: vi.fn(original.verifySecret) }
})
const verifyCalls = () => vi.mocked(verifySecret).mock.calls.length

const PIN = '739146'
async function newMiner() {
  const username = uniqueName('pin')
  const result = await registerAccount({ fullName: 'Rosa Elena Gómez', municipality: 'segovia', gender: null, profile: 'miner', username, pin: PIN })
  if (!result.ok) throw new Error('registration failed')
  return { username, id: result.userId }
}
const pointsOf = (key: string) => (sqlite.prepare(`SELECT points FROM ${TABLE} WHERE key = ?`).get(key) as { points: number } | undefined)?.points ?? 0

afterEach(() => {
  vi.useRealTimers()
  vi.mocked(verifySecret).mockClear()
})

describe('the sign-in lockout holds under concurrency', () => {
  test('20 concurrent wrong PINs are all counted before the hash; the right PIN as guess 21 is refused', async () => {
    const { username, id } = await newMiner()
    const address = '198.51.100.1'
    vi.mocked(verifySecret).mockClear()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => authenticate({ identifier: username, secret: String(100000 + i), clientIp: address })),
    )
    // Only the free guesses reach argon2; all others were refused before it, none slipped through.
    expect(verifyCalls()).toBe(FREE_FAILURES)
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(FREE_FAILURES - 1)
    expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(20 - (FREE_FAILURES - 1))
    expect(results.some((r) => r.ok)).toBe(false)
    // Every checked guess is on record: the account, the account at this address, the address.
    expect(pointsOf(`signInPair:${signInAccountKey(id, '')}|${address}`)).toBe(FREE_FAILURES)
    expect(pointsOf(`signInAccount:${signInAccountKey(id, '')}`)).toBe(FREE_FAILURES)
    expect(pointsOf(`signInAddress:${address}`)).toBe(FREE_FAILURES)

    const guess21 = await authenticate({ identifier: username, secret: PIN, clientIp: address })
    expect(guess21).toEqual({ ok: false, reason: 'locked', retryInMinutes: 1 })
    expect(verifyCalls()).toBe(FREE_FAILURES)
  })

  test('the delays grow 1, 2, 4 minutes per account and address; the right PIN after a delay signs in and clears them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { username, id } = await newMiner()
    const ip = '198.51.100.2'
    const guess = (secret: string) => authenticate({ identifier: username, secret, clientIp: ip })
    for (let i = 0; i < FREE_FAILURES - 1; i++) expect(await guess('111000')).toEqual({ ok: false, reason: 'invalid' })
    expect(await guess('111000')).toEqual({ ok: false, reason: 'locked', retryInMinutes: 1 })
    vi.setSystemTime(Date.now() + 61_000)
    expect(await guess('111000')).toEqual({ ok: false, reason: 'locked', retryInMinutes: 2 })
    vi.setSystemTime(Date.now() + 61_000)
    expect(await guess(PIN)).toEqual({ ok: false, reason: 'locked', retryInMinutes: 1 }) // still inside the 2 minutes
    vi.setSystemTime(Date.now() + 61_000)
    expect(await guess('111000')).toEqual({ ok: false, reason: 'locked', retryInMinutes: 4 })
    vi.setSystemTime(Date.now() + 4 * 60_000 + 1000)
    expect(await guess(PIN)).toEqual({ ok: true, userId: id })
    // A success resets the run of failures at that address.
    expect(await guess('111000')).toEqual({ ok: false, reason: 'invalid' })
    const lockouts = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.locked_out'), eq(auditEvents.subjectId, id)))
      .all()
    expect(lockouts).toHaveLength(1)
  })
})

describe('the lockout cannot be turned against the owner', () => {
  test("an outsider's failures from address A do not stop the owner signing in from address B", async () => {
    const { username, id } = await newMiner()
    await Promise.all(Array.from({ length: 20 }, () => authenticate({ identifier: username, secret: '222333', clientIp: '203.0.113.66' })))
    for (let i = 0; i < 30; i++) await authenticate({ identifier: username, secret: '222333', clientIp: '203.0.113.66' })
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '203.0.113.66' })).toMatchObject({ reason: 'locked' })
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.200' })).toEqual({ ok: true, userId: id })
  })

  test("a learner at a shared community-centre address is not locked out by someone's failures against other accounts", async () => {
    const centre = '203.0.113.80'
    const { username, id } = await newMiner()
    // 40 accounts × 5 failed guesses from the centre: 200 guesses would be the address budget; stay just under it.
    for (let a = 0; a < 39; a++) {
      for (let i = 0; i < FREE_FAILURES; i++) {
        const admission = await admitSignIn(`unknown:nadie${a}`, centre)
        if (admission.ok) await admission.ticket.settle(false)
      }
    }
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: centre })).toEqual({ ok: true, userId: id })
  })

  test("the per-account ceiling stops guesses without a device cookie from many addresses (the owner's own browser is exempt, see below); a trainer of the cohort or an admin unlocks, audited", async () => {
    const { username, id } = await newMiner()
    const account = signInAccountKey(id, '')
    // An attacker spreads guesses over many addresses: FREE_FAILURES each, until the ceiling.
    for (let n = 0; n < ACCOUNT_FAILURES_PER_DAY; n++) {
      const admission = await admitSignIn(account, `10.9.${Math.floor(n / FREE_FAILURES)}.1`)
      expect(admission.ok).toBe(true)
      if (admission.ok) await admission.ticket.settle(false)
    }
    const refused = await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.201' })
    expect(refused).toMatchObject({ ok: false, reason: 'locked' })
    expect(refused.ok === false && refused.reason === 'locked' && refused.retryInMinutes).toBeGreaterThan(23 * 60)

    const trainer = await registerAccount({
      fullName: 'Formadora Uno',
      municipality: 'segovia',
      gender: null,
      profile: 'other',
      role: 'trainer',
      email: `${uniqueName('f')}@x.co`,
      password: 'formadora-2026',
    })
    const otherTrainer = await registerAccount({
      fullName: 'Formador Dos',
      municipality: 'segovia',
      gender: null,
      profile: 'other',
      role: 'trainer',
      email: `${uniqueName('g')}@x.co`,
      password: 'formador-2026',
    })
    if (!trainer.ok || !otherTrainer.ok) throw new Error('setup')
    const cohort = createCohort(
      { name: 'Taller Segovia', municipality: 'segovia', startsOn: '2026-03-01', endsOn: '2026-03-31', courseIds: ['prueba'] },
      trainer.userId,
    )
    await enrolByCode(cohort.id, id)

    expect(unlockSignIn({ id: otherTrainer.userId, role: 'trainer' }, id)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.201' })).toMatchObject({ reason: 'locked' })

    expect(unlockSignIn({ id: trainer.userId, role: 'trainer' }, id)).toEqual({ ok: true })
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.201' })).toEqual({ ok: true, userId: id })
    const audit = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.sign_in_unlocked'), eq(auditEvents.subjectId, id)))
      .all()
    expect(audit).toMatchObject([{ actorId: trainer.userId }])

    // An admin can unlock anyone, also the delays at one address.
    for (let i = 0; i < FREE_FAILURES; i++) await authenticate({ identifier: username, secret: '000111', clientIp: '192.0.2.202' })
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.202' })).toMatchObject({ reason: 'locked' })
    const admin = await registerAccount({
      fullName: 'Admin',
      municipality: 'segovia',
      gender: null,
      profile: 'other',
      role: 'admin',
      email: `${uniqueName('a')}@x.co`,
      password: 'administra-2026',
    })
    if (!admin.ok) throw new Error('setup')
    expect(unlockSignIn({ id: admin.userId, role: 'admin' }, id)).toEqual({ ok: true })
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.202' })).toEqual({ ok: true, userId: id })
  })
})

describe('one rate limiter, stored in SQLite', () => {
  test('limits survive closing and re-opening the database', async () => {
    const file = `tests/.tmp/limits-${randomUUID()}.db`
    try {
      let handle = openDatabase(file)
      let l = createLimits(handle.sqlite)
      for (let i = 0; i < FREE_FAILURES; i++) {
        const admission = await admitSignIn('user:restart', '10.1.1.1', l)
        if (admission.ok) await admission.ticket.settle(false)
      }
      for (let i = 0; i < specs.registration.points; i++) expect(await hitLimit('registration', '10.1.1.1', l)).toBe(0)
      handle.sqlite.close()

      handle = openDatabase(file)
      l = createLimits(handle.sqlite)
      expect(await admitSignIn('user:restart', '10.1.1.1', l)).toMatchObject({ ok: false })
      expect(await hitLimit('registration', '10.1.1.1', l)).toBeGreaterThan(0)
      expect(await hitLimit('registration', '10.1.1.2', l)).toBe(0)
      handle.sqlite.close()
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    }
  })

  test('the app-wide limiters share the one table', async () => {
    expect(limits.verification.points).toBe(specs.verification.points)
    await hitLimit('joinCode', 'user:x')
    expect(pointsOf('joinCode:user:x')).toBe(1)
  })
})

describe('unlock from the pages', () => {
  test('the trainer unlocks from the participants page; an admin from /admin; both audited', async () => {
    const { action: participantsAction, loader: participantsLoader } = await import('#app/routes/formacion.grupos.$grupo.participantes.tsx')
    const { action: adminAction } = await import('#app/routes/admin.usuarios.$usuario._index.tsx')
    const { createUserSession, resolveSession } = await import('#app/auth/session.server.ts')
    const { formRequest, makeContext, runAction } = await import('#tests/utils.ts')
    const sessionUser = async (role: 'trainer' | 'admin') => {
      const r = await registerAccount({
        fullName: `Persona ${role}`,
        municipality: 'segovia',
        gender: null,
        profile: 'other',
        role,
        email: `${uniqueName(role)}@x.co`,
        password: 'una-clave-2026',
      })
      if (!r.ok) throw new Error('setup')
      const { cookie } = await createUserSession(r.userId, { shared: false })
      return (await resolveSession(cookie.split(';')[0])).user!
    }
    const trainer = await sessionUser('trainer')
    const admin = await sessionUser('admin')
    const { username, id } = await newMiner()
    const cohort = createCohort(
      { name: 'Taller Remedios', municipality: 'remedios', startsOn: '2026-03-01', endsOn: '2026-03-31', courseIds: ['curso-prueba'] },
      trainer.id,
    )
    await enrolByCode(cohort.id, id)
    const lockOut = async (ip: string) => {
      for (let i = 0; i < FREE_FAILURES; i++) await authenticate({ identifier: username, secret: '000111', clientIp: ip })
      expect(await authenticate({ identifier: username, secret: PIN, clientIp: ip })).toMatchObject({ reason: 'locked' })
    }

    await lockOut('192.0.2.210')
    const page = await participantsLoader({
      request: new Request(`http://localhost/formacion/grupos/${cohort.id}/participantes`),
      params: { grupo: cohort.id },
      context: makeContext(trainer),
    })
    expect(page.members.find((m) => m.id === id)?.signInLocked).toBe(true)
    const res = await runAction(() =>
      participantsAction({
        request: formRequest(`/formacion/grupos/${cohort.id}/participantes`, { intent: 'unlock', userId: id }),
        params: { grupo: cohort.id },
        context: makeContext(trainer),
      }),
    )
    expect(res.status).toBe(302)
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.210' })).toEqual({ ok: true, userId: id })

    await lockOut('192.0.2.211')
    expect(
      (
        await runAction(() =>
          adminAction({ request: formRequest(`/admin/usuarios/${id}`, { intent: 'unlock' }), params: { usuario: id }, context: makeContext(admin) }),
        )
      ).status,
    ).toBe(302)
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.211' })).toEqual({ ok: true, userId: id })

    const audit = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.sign_in_unlocked'), eq(auditEvents.subjectId, id)))
      .all()
    expect(audit.map((a) => a.actorId)).toEqual([trainer.id, admin.id])
  })
})

describe('addresses', () => {
  test('IPv4 counts per address, IPv6 per /64 network', async () => {
    const { addressKey } = await import('#app/auth/limits.server.ts')
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7')
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64')
    expect(addressKey('2001:db8:0:1:bbbb:cccc:dddd:eeee')).toBe('2001:db8:0:1::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
  })
})

describe('device cookies: the owner is never locked out of a browser they signed in with (ADR 015)', () => {
  /** Posts the sign-in form as a browser would, with the cookies it holds. */
  const signIn = async (identifier: string, secret: string, clientIp: string, cookie = '') => {
    const base = formRequest('/ingresar', { identifier, secret, redirectTo: '/cursos' })
    const request = new Request(base.url, { method: 'POST', body: await base.text(), headers: { ...Object.fromEntries(base.headers), Cookie: cookie } })
    return runAction(() => signInAction({ request, context: makeContext(null, clientIp), params: {} }))
  }
  /** The device cookie a response sets, as the browser sends it back. */
  const deviceCookieOf = (headers: Headers) => {
    const set = headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`))
    if (!set) throw new Error('no device cookie set')
    return set.split(';')[0]
  }
  /** Outsiders spread wrong PINs over 20 addresses, 5 each, until the account's daily ceiling. */
  const exhaustCeiling = async (username: string, net: number) => {
    for (let a = 0; a < ACCOUNT_FAILURES_PER_DAY / FREE_FAILURES; a++) {
      for (let i = 0; i < FREE_FAILURES; i++) await authenticate({ identifier: username, secret: '482915', clientIp: `10.${net}.${a}.1` })
    }
  }

  test('a successful sign-in sets a signed, HttpOnly, SameSite=Lax device cookie for a year, only for the sign-in page', async () => {
    const { username } = await newMiner()
    const res = await signIn(username, PIN, '192.0.2.40')
    expect(res.status).toBe(302)
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!
    expect(set).toMatch(/; HttpOnly/)
    expect(set).toMatch(/; SameSite=Lax/)
    expect(set).toMatch(/; Path=\/ingresar/)
    expect(set).toMatch(/; Max-Age=31536000/)
    expect(set).not.toMatch(/Secure/) // only in production
    // A failed attempt sets nothing.
    expect((await signIn(username, '111999', '192.0.2.40')).headers.getSetCookie()).toEqual([])
  }, 30_000)

  test('(1) outsiders exhaust the per-account ceiling from 20 addresses: an attempt without a device cookie is refused even with the right PIN, the owner with theirs signs in', async () => {
    const { username, id } = await newMiner()
    const cookie = deviceCookieOf((await signIn(username, PIN, '192.0.2.41')).headers)
    await exhaustCeiling(username, 21)

    const untrusted = await signIn(username, PIN, '192.0.2.41')
    expect(untrusted.status).toBe(429)
    expect(untrusted.data.retryInMinutes).toBeGreaterThan(23 * 60)
    // The owner's phone, at home or even behind one of the attackers' addresses (delayed there).
    for (const ip of ['192.0.2.41', '10.21.0.1']) {
      const owner = await signIn(username, PIN, ip, cookie)
      expect(owner.status).toBe(302)
      expect(owner.headers.get('Location')).toBe('/cursos')
    }
    // Trusted attempts are not counted on the account: the outsiders' ceiling still holds for them.
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.42' })).toMatchObject({ ok: false, reason: 'locked' })
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.42', cookies: cookie })).toEqual({ ok: true, userId: id })
  }, 30_000)

  test('(1b) a shared community-centre computer: after the address budget is spent, each learner who signed in there still can, a newcomer waits', async () => {
    const centre = '203.0.113.90'
    const ana = await newMiner()
    const beto = await newMiner()
    const newcomer = await newMiner()
    // Ana, then Beto, sign in on the same browser: one cookie, one entry each.
    let cookie = deviceCookieOf((await signIn(ana.username, PIN, centre)).headers)
    cookie = deviceCookieOf((await signIn(beto.username, PIN, centre, cookie)).headers)
    for (let a = 0; a < ADDRESS_FAILURES_PER_HOUR / FREE_FAILURES; a++) {
      for (let i = 0; i < FREE_FAILURES; i++) {
        const admission = await admitSignIn(`unknown:nadie-centro${a}`, centre)
        if (admission.ok) await admission.ticket.settle(false)
      }
    }
    expect((await signIn(newcomer.username, PIN, centre, cookie)).status).toBe(429)
    expect((await signIn(ana.username, PIN, centre)).status).toBe(429) // Ana from a browser she never used there
    expect((await signIn(ana.username, PIN, centre, cookie)).status).toBe(302)
    expect((await signIn(beto.username, PIN, centre, cookie)).status).toBe(302)
  }, 30_000)

  test('(2) a device cookie for account X gives no exemption when trying account Y', async () => {
    const attacker = await newMiner()
    const victim = await newMiner()
    // The attacker's own browser holds a genuine device cookie, for the attacker's account.
    const cookie = deviceCookieOf((await signIn(attacker.username, PIN, '192.0.2.43')).headers)
    // Guesses at Y with X's cookie are counted like any outsider's: 20 addresses reach Y's ceiling.
    for (let a = 0; a < ACCOUNT_FAILURES_PER_DAY / FREE_FAILURES; a++) {
      for (let i = 0; i < FREE_FAILURES; i++) await signIn(victim.username, '482915', `10.22.${a}.1`, cookie)
    }
    const refused = await signIn(victim.username, PIN, '192.0.2.43', cookie)
    expect(refused.status).toBe(429)
    expect(refused.data.retryInMinutes).toBeGreaterThan(23 * 60)
    expect(await authenticate({ identifier: attacker.username, secret: PIN, clientIp: '192.0.2.43', cookies: cookie })).toEqual({
      ok: true,
      userId: attacker.id,
    })
  }, 30_000)

  test('(3) a forged or tampered device cookie gives no exemption', async () => {
    const { username, id } = await newMiner()
    const other = await newMiner()
    const genuine = deviceCookieOf((await signIn(username, PIN, '192.0.2.44')).headers)
    await exhaustCeiling(username, 23)
    const [userId, nonce, issued, mac] = genuine.slice(DEVICE_COOKIE.length + 1).split('.')
    expect(userId).toBe(id)
    const flip = (s: string) => s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1)
    const forgeries = {
      'MAC altered': [userId, nonce, issued, flip(mac)],
      'nonce altered': [userId, flip(nonce), issued, mac],
      'issue time altered': [userId, nonce, (parseInt(issued, 36) + 1).toString(36), mac],
      'made up': [id, 'AAAAAAAAAAAAAAAAAAAAAA', Date.now().toString(36), 'x'.repeat(43)],
      "another account's entry relabelled": [
        id,
        ...deviceCookieOf((await signIn(other.username, PIN, '192.0.2.44')).headers)
          .split('.')
          .slice(1),
      ],
    }
    for (const [what, parts] of Object.entries(forgeries)) {
      const res = await signIn(username, PIN, '192.0.2.44', `${DEVICE_COOKIE}=${parts.join('.')}`)
      expect({ what, status: res.status }).toEqual({ what, status: 429 })
    }
    // An expired one (more than a year old) is no better.
    const issuedLongAgo = issueDeviceCookie(null, id, Date.now() - 366 * 86_400_000).split(';')[0]
    expect((await signIn(username, PIN, '192.0.2.44', issuedLongAgo)).status).toBe(429)
    // The genuine one still works.
    expect((await signIn(username, PIN, '192.0.2.44', genuine)).status).toBe(302)
  }, 30_000)

  test('(4) wrong PINs with a valid device cookie are themselves limited: 10 free, then 1, 2 … minute delays, concurrent ones all counted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { username, id } = await newMiner()
    const cookie = deviceCookieOf((await signIn(username, PIN, '192.0.2.45')).headers)
    const guess = (secret: string, ip = '192.0.2.45') => authenticate({ identifier: username, secret, clientIp: ip, cookies: cookie })
    vi.mocked(verifySecret).mockClear()
    // Someone holding the phone (or its cookie) fires 30 guesses at once: only the free ones are checked.
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => guess(String(300000 + i), `10.24.${i}.1`)))
    expect(verifyCalls()).toBe(DEVICE_FREE_FAILURES)
    expect(burst.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(DEVICE_FREE_FAILURES - 1)
    expect(burst.some((r) => r.ok)).toBe(false)
    // Changing address does not help: the budget is the device's.
    expect(await guess(PIN, '10.24.99.1')).toEqual({ ok: false, reason: 'locked', retryInMinutes: 1 })
    vi.setSystemTime(Date.now() + 61_000)
    expect(await guess('111000')).toEqual({ ok: false, reason: 'locked', retryInMinutes: 2 })
    vi.setSystemTime(Date.now() + 61_000)
    expect(await guess(PIN)).toEqual({ ok: false, reason: 'locked', retryInMinutes: 1 })
    vi.setSystemTime(Date.now() + 61_000)
    expect(await guess(PIN)).toEqual({ ok: true, userId: id })
    expect(verifyCalls()).toBe(DEVICE_FREE_FAILURES + 2)
    // These failures were not charged to the account: an attempt without the cookie is still free.
    expect(await authenticate({ identifier: username, secret: PIN, clientIp: '192.0.2.46' })).toEqual({ ok: true, userId: id })
  }, 30_000)
})

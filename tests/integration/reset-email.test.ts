import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, test, vi } from 'vitest'

// «¿Olvidó su contraseña?» by e-mail, against a real SMTP server (the smtp-server package) on a
// random local port: the message that arrives, the link in it used end to end, and the same
// answer (in the same time) for an address with no account.

type Received = { from: string; to: string[]; raw: string }
const inbox: Received[] = []
let smtpDelayMs = 0
/** When set, the mail server refuses every message with this reply (550). */
let smtpRefusal: string | null = null

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = []
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => {
      if (smtpRefusal) return callback(Object.assign(new Error(smtpRefusal), { responseCode: 550 }))
      setTimeout(() => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      }, smtpDelayMs)
    })
  },
})
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
const smtpPort = (smtp.server.address() as AddressInfo).port
// Set before the app reads its configuration (getEnv() is read once, on first use).
process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`
process.env.SMTP_FROM = 'Aula Somos Tesoro <no-responder@aula.example.org>'

const { authenticate, registerAccount } = await import('#app/auth/accounts.server.ts')
const { deactivateUser } = await import('#app/admin/users.server.ts')
const { settleResetEmails, hashResetToken } = await import('#app/auth/reset-links.server.ts')
const { specs } = await import('#app/auth/limits.server.ts')
const { createUserSession, resolveSession } = await import('#app/auth/session.server.ts')
const { db } = await import('#app/db/client.server.ts')
const { auditEvents, secretResetTokens } = await import('#app/db/schema.ts')
const { getEnv } = await import('#app/utils/env.server.ts')
const { getLogger } = await import('../../server/logging.js')
const recover = await import('#app/routes/recuperar.tsx')
const redeem = await import('#app/routes/restablecer.$token.tsx')
const home = await import('#app/routes/_index.tsx')
const { formRequest, makeContext, runAction, uniqueName } = await import('#tests/utils.ts')
const { and, eq } = await import('drizzle-orm')

afterAll(async () => {
  await settleResetEmails()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

// ---- reading what arrived (a small MIME reader: headers, multipart, quoted-printable, RFC 2047) ----

function bytesToUtf8(bytes: number[]) {
  return Buffer.from(bytes).toString('utf8')
}
function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = []
  const body = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '=' && /^[0-9A-F]{2}$/i.test(body.slice(i + 1, i + 3))) {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(...Buffer.from(body[i], 'utf8'))
  }
  return bytesToUtf8(bytes)
}
function decodeHeader(value: string): string {
  const unfolded = value.replace(/\r?\n[ \t]+/g, ' ').replace(/\?=\s+=\?/g, '?==?')
  return unfolded.replace(/(=\?utf-8\?[QB]\?[^?]*\?=)+/gi, (run) => {
    const bytes: number[] = []
    for (const [, enc, text] of run.matchAll(/=\?utf-8\?([QB])\?([^?]*)\?=/gi)) {
      if (enc.toUpperCase() === 'B') bytes.push(...Buffer.from(text, 'base64'))
      else bytes.push(...Buffer.from(decodeQuotedPrintable(text.replace(/_/g, ' ')), 'utf8'))
    }
    return bytesToUtf8(bytes)
  })
}
function splitMessage(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ')
  const headers: Record<string, string> = {}
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { headers, body: raw.slice(at + 4) }
}
function readMessage(raw: string) {
  const { headers, body } = splitMessage(raw)
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1]
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => splitMessage(p.replace(/^\r\n/, '')))
    : [{ headers, body }]
  const partOf = (type: string) => {
    const part = parts.find((p) => (p.headers['content-type'] ?? '').startsWith(type))
    if (!part) return ''
    const encoding = (part.headers['content-transfer-encoding'] ?? '').toLowerCase()
    if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body)
    if (encoding === 'base64') return Buffer.from(part.body, 'base64').toString('utf8')
    return part.body
  }
  return {
    subject: decodeHeader(headers.subject ?? ''),
    from: decodeHeader(headers.from ?? ''),
    to: headers.to ?? '',
    text: partOf('text/plain'),
    html: partOf('text/html'),
  }
}

// ---- helpers ------------------------------------------------------------------------------

const OLD_PASSWORD = 'clave-vieja-123'
async function official(fullName = 'Beatriz Elena Zuluaga') {
  const email = `${uniqueName('funcionaria')}@example.org`
  const r = await registerAccount({ fullName, municipality: 'segovia', gender: null, profile: 'official', email, password: OLD_PASSWORD })
  if (!r.ok) throw new Error('registration failed')
  return { id: r.userId, email }
}
const ask = (email: string, ip = '203.0.113.60') =>
  runAction(() => recover.action({ request: formRequest('/recuperar', { email }), params: {}, context: makeContext(null, ip) }))
const linksOf = (userId: string) => db.select().from(secretResetTokens).where(eq(secretResetTokens.userId, userId)).all()

describe('a password reset link by e-mail (SMTP_URL set)', () => {
  test('the official asks, a Spanish e-mail arrives with a link that sets a new password; they sign in with it', async () => {
    const person = await official()
    const { cookie } = await createUserSession(person.id, { shared: false })
    const page = await runAction(() => recover.loader({ request: new Request('http://localhost/recuperar'), params: {}, context: makeContext(null) }))
    expect(page.data).toMatchObject({ configured: true, sent: false })

    // Typed as people type it: capitals and spaces.
    const answer = await ask(`  ${person.email.toUpperCase()} `)
    expect(answer.status).toBe(302)
    expect(answer.headers.get('Location')).toBe('/recuperar?enviado=1')
    await settleResetEmails()
    expect(inbox).toHaveLength(1)
    const [delivered] = inbox
    expect(delivered.to).toEqual([person.email])
    expect(delivered.from).toBe('no-responder@aula.example.org')
    const message = readMessage(delivered.raw)
    expect(message.subject).toBe('Enlace para cambiar su contraseña del Aula Somos Tesoro')
    expect(message.from).toContain('Aula Somos Tesoro')
    expect(message.text).toContain('Hola, Beatriz:')
    expect(message.text).toContain('vence en 24 horas')
    expect(message.text).toContain('Si usted no lo pidió, no haga nada: su contraseña sigue igual.')
    const link = new RegExp(`${getEnv().PUBLIC_BASE_URL}/restablecer/([\\w-]{43})`).exec(message.text)
    expect(link).not.toBeNull()
    const token = link![1]
    expect(message.html).toContain(`<a href="${link![0]}">Escoger mi contraseña nueva</a>`)
    // Only the hash is kept; the link is an e-mail one, created by nobody.
    expect(linksOf(person.id)).toMatchObject([{ tokenHash: hashResetToken(token), channel: 'email', createdBy: null, usedAt: null }])

    // The link, end to end: the form, the new password, the old sessions gone, sign-in works.
    const opened = await runAction(() =>
      redeem.loader({ request: new Request(`http://localhost/restablecer/${token}`), params: { token }, context: makeContext(null) }),
    )
    expect(opened.data).toMatchObject({ state: 'ready', link: { firstName: 'Beatriz', secretKind: 'password' } })
    const set = await runAction(() =>
      redeem.action({
        request: formRequest(`/restablecer/${token}`, { password: 'mi clave nueva 2026', passwordConfirm: 'mi clave nueva 2026' }),
        params: { token },
        context: makeContext(null),
      }),
    )
    expect(set.status).toBe(302)
    expect(set.headers.get('Location')).toBe('/ingresar?cambio=1')
    expect((await resolveSession(cookie.split(';')[0])).user).toBeNull()
    expect(await authenticate({ identifier: person.email, secret: OLD_PASSWORD, clientIp: '192.0.2.20' })).toMatchObject({ ok: false })
    expect(await authenticate({ identifier: person.email, secret: 'mi clave nueva 2026', clientIp: '192.0.2.20' })).toEqual({ ok: true, userId: person.id })

    const events = db
      .select({ action: auditEvents.action, actorId: auditEvents.actorId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, person.id)))
      .all()
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'user.reset_link_emailed', actorId: null }),
        expect.objectContaining({ action: 'user.secret_reset_by_link', actorId: null, details: expect.objectContaining({ channel: 'email' }) }),
      ]),
    )
    // They asked themselves: no «someone changed your secret» notice.
    const { cookie: fresh } = await createUserSession(person.id, { shared: false })
    const me = (await resolveSession(fresh.split(';')[0])).user!
    const homePage = await runAction(() => home.loader({ request: new Request('http://localhost/'), params: {}, context: makeContext(me) }))
    expect(homePage.data.pinReset).toBeNull()
  })

  test('an unknown address, a PIN account, a deactivated account: the same answer, at once, and nothing sent', async () => {
    const known = await official('Camila Conocida Ríos')
    const inactive = await official('Cuenta Desactivada')
    // (deactivateUser leaves the question of who may to its route; any existing account can be the actor here)
    expect(deactivateUser(inactive.id, known.id)).toEqual({ ok: true })
    const miner = await registerAccount({
      fullName: 'Minero Sin Correo',
      municipality: 'segovia',
      gender: null,
      profile: 'miner',
      username: uniqueName('m'),
      pin: '739154',
    })
    if (!miner.ok) throw new Error('no miner')

    // The mail server answers slowly: the answer must not wait for it.
    smtpDelayMs = 400
    const before = inbox.length
    const timed = async (email: string, ip: string) => {
      const started = performance.now()
      const res = await ask(email, ip)
      return { status: res.status, location: res.headers.get('Location'), ms: performance.now() - started }
    }
    const answers = [
      await timed(known.email, '203.0.113.61'),
      await timed(`nadie-${uniqueName('')}@example.org`, '203.0.113.62'),
      await timed(inactive.email, '203.0.113.63'),
    ]
    for (const a of answers) {
      expect({ status: a.status, location: a.location }).toEqual({ status: 302, location: '/recuperar?enviado=1' })
      expect(a.ms).toBeLessThan(smtpDelayMs / 2)
    }
    await settleResetEmails()
    smtpDelayMs = 0
    // Only the active password account got a message.
    expect(inbox.slice(before).map((m) => m.to)).toEqual([[known.email]])
    expect(linksOf(inactive.id)).toEqual([])
    expect(linksOf(miner.userId)).toEqual([])
    // The answer page is the same sentence for everyone.
    const sent = await runAction(() => recover.loader({ request: new Request('http://localhost/recuperar?enviado=1'), params: {}, context: makeContext(null) }))
    expect(sent.data).toMatchObject({ configured: true, sent: true })
    // A malformed address is a field error, before anything is counted or looked up.
    const bad = await ask('no-es-un-correo')
    expect(bad.status).toBe(400)
    expect(bad.data.fieldErrors).toEqual({ email: 'errors.emailFormat' })
  })

  test('limits: per e-mail (silently: same answer, nothing more sent) and per address (429)', async () => {
    const person = await official('Rosa Límite Gómez')
    const before = inbox.length
    for (let i = 0; i < specs.resetEmailRecipient.points + 2; i++) {
      const res = await ask(person.email, `198.51.100.${10 + i}`)
      expect(res.headers.get('Location')).toBe('/recuperar?enviado=1')
    }
    await settleResetEmails()
    expect(inbox.length - before).toBe(specs.resetEmailRecipient.points)
    // A newer e-mailed link ends the earlier one: only the last works.
    expect(linksOf(person.id).filter((l) => l.expiresAt > new Date() && !l.usedAt)).toHaveLength(1)

    const ip = '198.51.100.200'
    for (let i = 0; i < specs.resetEmailAddress.points; i++) expect((await ask(`nadie${i}-${uniqueName('')}@example.org`, ip)).status).toBe(302)
    const refused = await ask(person.email, ip)
    expect(refused.status).toBe(429)
    expect(refused.data.waitMinutes).toBeGreaterThan(0)
  })

  test('a refusal from the mail server is logged by its codes only, never its reply text (it can quote the address)', async () => {
    const person = await official('Rechazo Servidor Díaz')
    const logged = vi.spyOn(getLogger(), 'error').mockImplementation(() => {})
    smtpRefusal = `Buzón lleno de ${person.email}`
    try {
      expect((await ask(person.email, '198.51.100.251')).headers.get('Location')).toBe('/recuperar?enviado=1')
      await settleResetEmails()
    } finally {
      smtpRefusal = null
    }
    expect(logged).toHaveBeenCalledTimes(1)
    expect(logged.mock.calls[0]).toEqual([{ event: 'reset_email_failed', code: 'EMESSAGE', responseCode: 550 }, 'reset e-mail failed'])
    expect(JSON.stringify(logged.mock.calls)).not.toContain(person.email)
    expect(linksOf(person.id).filter((l) => l.expiresAt > new Date())).toEqual([])
    logged.mockRestore()
  })

  test('when the mail server cannot be reached, the link is ended and the error logged; the answer is the same', async () => {
    const person = await official('Sin Servidor Pérez')
    const logged = vi.spyOn(getLogger(), 'error').mockImplementation(() => {})
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
    const res = await ask(person.email, '198.51.100.250')
    expect(res.headers.get('Location')).toBe('/recuperar?enviado=1')
    await settleResetEmails()
    expect(logged).toHaveBeenCalledWith({ event: 'reset_email_failed', code: expect.any(String) }, 'reset e-mail failed')
    expect(linksOf(person.id).filter((l) => l.expiresAt > new Date())).toEqual([])
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve))
    logged.mockRestore()
  })
})

describe('without SMTP_URL', () => {
  test('/recuperar says whom to ask and takes no form', async () => {
    vi.resetModules()
    const saved = process.env.SMTP_URL
    delete process.env.SMTP_URL
    try {
      const plain = await import('#app/routes/recuperar.tsx')
      const page = await runAction(() => plain.loader({ request: new Request('http://localhost/recuperar'), params: {}, context: makeContext(null) }))
      expect(page.data).toMatchObject({ configured: false })
      const post = await runAction(() =>
        plain.action({ request: formRequest('/recuperar', { email: 'alguien@example.org' }), params: {}, context: makeContext(null) }),
      )
      expect(post.status).toBe(404)
    } finally {
      process.env.SMTP_URL = saved
      vi.resetModules()
    }
  })
})

import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { listCertificatesOf, revokeCertificate } from '#app/certificates/certificates.server.ts'
import { codeFromBytes, formatCode, normalizeCode } from '#app/certificates/code.ts'
import { VERIFY_LIMIT, verifyCode } from '#app/certificates/verification.server.ts'
import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { auditEvents, certificates } from '#app/db/schema.ts'
import { startQuizAttempt } from '#app/learning/events.server.ts'
import { enrolByCode, readLesson as readLessonAt, takeQuiz } from '#tests/learning-helpers.ts'
import { formatHours } from '#app/certificates/pdf.server.ts'
import { loader as pdfLoader } from '#app/routes/certificados.$archivo.tsx'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

async function newLearner(fullName = 'María Peña Muñoz') {
  const r = await registerAccount({ fullName, municipality: 'gameza', gender: 'female', profile: 'official', username: uniqueName('maria'), pin: '404040' })
  if (!r.ok) throw new Error('no user')
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

/** Takes a quiz with the right answers through the app's own event (which issues certificates). */
function pass(userId: string, quizId: string) {
  const result = takeQuiz(userId, getQuiz(quizId)!)
  expect(result).toMatchObject({ ok: true, attempt: { passed: true } })
  return result
}

function readLesson(userId: string, lessonIndex: number) {
  return readLessonAt(userId, getCourseBySlug('curso-prueba')!.lessons[lessonIndex])
}

describe('issuing', () => {
  test('a course certificate is issued exactly when the last requirement is met, and never twice', async () => {
    const user = await newLearner()
    readLesson(user.id, 0)
    readLesson(user.id, 1)
    pass(user.id, 'prueba-m1-quiz')
    // The exam does not open while a lesson is unread, so no attempt is wasted.
    expect(startQuizAttempt(user.id, getQuiz('prueba-examen')!)).toMatchObject({
      ok: false,
      reason: 'prerequisites',
      missingLessonIds: [getCourseBySlug('curso-prueba')!.lessons[2].id],
    })
    readLesson(user.id, 2)
    expect(listCertificatesOf(user.id)).toHaveLength(0) // the exam is still to pass
    const { certificates: fromExam } = pass(user.id, 'prueba-examen') as { certificates: unknown[] }
    expect(fromExam).toHaveLength(1)
    const issued = listCertificatesOf(user.id)
    expect(issued).toHaveLength(1)
    expect(issued[0]).toMatchObject({
      kind: 'course',
      subjectId: 'curso-prueba',
      holderName: 'María Peña Muñoz',
      title: 'Curso de prueba: seguridad básica en la minería',
      contentVersion: '1',
      hours: getCourseBySlug('curso-prueba')!.certificateHours,
    })
    // Re-reading or re-passing never issues a second one.
    expect(readLesson(user.id, 2)).toMatchObject({ ok: true, alreadyDone: true, certificates: [] })
    expect(pass(user.id, 'prueba-examen')).toMatchObject({ certificates: [] })
    expect(db.select().from(certificates).where(eq(certificates.userId, user.id)).all()).toHaveLength(1)
  })

  test('the programme certificate needs its modules and its own exam', async () => {
    const user = await newLearner()
    for (const i of [0, 1, 2]) readLesson(user.id, i)
    pass(user.id, 'prueba-m1-quiz')
    expect(listCertificatesOf(user.id).map((c) => c.kind)).toEqual([]) // course exam and programme exam missing
    pass(user.id, 'prog-prueba-examen')
    expect(listCertificatesOf(user.id).map((c) => `${c.kind}:${c.subjectId}`)).toEqual(['programme:prog-prueba'])
    pass(user.id, 'prueba-examen')
    expect(
      listCertificatesOf(user.id)
        .map((c) => `${c.kind}:${c.subjectId}`)
        .sort(),
    ).toEqual(['course:curso-prueba', 'programme:prog-prueba'])
  })
})

describe('codes', () => {
  test('60 random bits in Crockford base32, unique over many issues, forgiving when typed', () => {
    const codes = new Set(Array.from({ length: 20_000 }, () => codeFromBytes(randomBytes(8))))
    expect(codes.size).toBe(20_000)
    for (const code of [...codes].slice(0, 500)) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/)
    expect(formatCode('7K3MQ9TDXW2P')).toBe('7K3M-Q9TD-XW2P')
    expect(normalizeCode('7k3m q9td-xw2p')).toBe('7K3MQ9TDXW2P')
    expect(normalizeCode('7K3M-Q9TD-XW2O')).toBe('7K3MQ9TDXW20')
    expect(normalizeCode('7K3M-Q9TD')).toBeNull()
    expect(normalizeCode('7K3M-Q9TD-XW2U')).toBeNull()
  })
})

describe('verification and revocation', () => {
  async function certified() {
    const user = await newLearner('José Núñez Ibáñez')
    for (const i of [0, 1, 2]) readLesson(user.id, i)
    pass(user.id, 'prueba-m1-quiz')
    pass(user.id, 'prueba-examen')
    return { user, certificate: listCertificatesOf(user.id)[0] }
  }

  test('valid, then revoked with its date after an admin revokes it; the record stays', async () => {
    const { certificate } = await certified()
    const admin = await newLearner('Admin Prueba')
    const typed = formatCode(certificate.code).toLowerCase().replace(/-/g, '')
    expect(await verifyCode(typed, '192.0.2.1', 'es')).toMatchObject({
      found: true,
      status: 'valid',
      holderName: 'José Núñez Ibáñez',
      hours: certificate.hours,
    })
    expect(revokeCertificate(certificate.code, { adminId: admin.id, reason: 'Emitido por error en el taller' }, new Date('2026-07-01T15:00:00Z'))).toEqual({
      ok: true,
    })
    expect(await verifyCode(certificate.code, '192.0.2.1', 'es')).toMatchObject({ found: true, status: 'revoked', revokedOn: '1 de julio de 2026' })
    expect(revokeCertificate(certificate.code, { adminId: admin.id, reason: 'otra vez' })).toEqual({ ok: false, reason: 'alreadyRevoked' })
    const audit = db.select().from(auditEvents).where(eq(auditEvents.subjectId, certificate.id)).all()
    expect(audit).toMatchObject([
      { action: 'certificate.issued', details: { code: certificate.code } },
      { action: 'certificate.revoked', actorId: admin.id, details: { reason: 'Emitido por error en el taller' } },
    ])
    expect(db.select().from(certificates).where(eq(certificates.id, certificate.id)).get()?.revocationReason).toBe('Emitido por error en el taller')
  })

  test('unknown and malformed codes get the same answer; lookups are limited per client', async () => {
    expect(await verifyCode('0000-0000-0000', '192.0.2.50', 'es')).toEqual({ found: false, limitedForMinutes: 0 })
    expect(await verifyCode('hola', '192.0.2.50', 'es')).toEqual({ found: false, limitedForMinutes: 0 })
    for (let i = 2; i < VERIFY_LIMIT; i++) await verifyCode('0000-0000-0000', '192.0.2.50', 'es')
    expect(await verifyCode('0000-0000-0000', '192.0.2.50', 'es')).toMatchObject({ found: false, limitedForMinutes: 15 })
    // Another client is not affected.
    expect(await verifyCode('0000-0000-0000', '192.0.2.51', 'es')).toEqual({ found: false, limitedForMinutes: 0 })
  })
})

describe('the PDF', () => {
  test('holder, course and code are in its text; its QR code opens the verification URL; others get 403', async () => {
    const { user, certificate } = await (async () => {
      const u = await newLearner('Ñusta Peñaloza Gómez')
      for (const i of [0, 1, 2]) readLesson(u.id, i)
      pass(u.id, 'prueba-m1-quiz')
      pass(u.id, 'prueba-examen')
      return { user: u, certificate: listCertificatesOf(u.id)[0] }
    })()
    const code = formatCode(certificate.code)
    const request = new Request(`http://localhost/certificados/${code}.pdf`)
    const response = await runAction(() => pdfLoader({ request, params: { archivo: `${code}.pdf` }, context: makeContext(user) }))
    expect(response.status).toBe(200)
    const res: Response = await pdfLoader({ request, params: { archivo: `${code}.pdf` }, context: makeContext(user) })
    expect(res.headers.get('Content-Type')).toBe('application/pdf')
    const dir = mkdtempSync(join(tmpdir(), 'cert-'))
    const file = join(dir, 'c.pdf')
    writeFileSync(file, Buffer.from(await res.arrayBuffer()))

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Ñusta Peñaloza Gómez')
    expect(text).toContain('Curso de prueba: seguridad básica en la minería')
    expect(text).toContain(`Código de verificación: ${code}`)
    expect(text).toContain('Constancia de participación')
    expect(text).toContain(`Intensidad horaria: ${formatHours(getCourseBySlug('curso-prueba')!.certificateHours)} horas`)

    execFileSync('pdfimages', ['-png', file, join(dir, 'img')])
    const png = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('img'))!)))
    const rgba = new Uint8ClampedArray(png.width * png.height * 4)
    // pdfimages may write grey or RGB; pngjs always gives RGBA.
    rgba.set(png.data)
    const qr = jsQR(rgba, png.width, png.height)
    expect(qr?.data).toBe(`http://localhost:3000/verificar/${code}`)

    const stranger = await newLearner('Otra Persona')
    expect((await runAction(() => pdfLoader({ request, params: { archivo: `${code}.pdf` }, context: makeContext(stranger) }))).status).toBe(403)
    expect((await runAction(() => pdfLoader({ request, params: { archivo: '0000-0000-0000.pdf' }, context: makeContext(user) }))).status).toBe(404)
  })
})

describe('who may download a PDF', () => {
  test('the trainers of the holder’s cohort may; a trainer of another cohort may not', async () => {
    const { createCohort } = await import('#app/cohorts/cohorts.server.ts')
    const learner = await newLearner('Wilson Díaz Ñañez')
    for (const i of [0, 1, 2]) readLesson(learner.id, i)
    pass(learner.id, 'prueba-m1-quiz')
    pass(learner.id, 'prueba-examen')
    const code = formatCode(listCertificatesOf(learner.id)[0].code)
    const trainerOf = async () => {
      const r = await registerAccount({
        fullName: 'Formadora',
        municipality: 'paipa',
        gender: null,
        profile: 'other',
        role: 'trainer',
        username: uniqueName('f'),
        pin: '606060',
      })
      if (!r.ok) throw new Error('no trainer')
      const { cookie } = await createUserSession(r.userId, { shared: false })
      return (await resolveSession(cookie.split(';')[0])).user!
    }
    const ownTrainer = await trainerOf()
    const otherTrainer = await trainerOf()
    const cohort = createCohort(
      { name: 'Grupo Paipa', municipality: 'paipa', startsOn: '2026-01-01', endsOn: '2026-06-30', courseIds: ['curso-prueba'] },
      ownTrainer.id,
    )
    createCohort({ name: 'Otro grupo', municipality: 'paipa', startsOn: '2026-01-01', endsOn: '2026-06-30', courseIds: ['curso-prueba'] }, otherTrainer.id)
    await enrolByCode(cohort.id, learner.id)
    const request = new Request(`http://localhost/certificados/${code}.pdf`)
    const params = { archivo: `${code}.pdf` }
    expect((await runAction(() => pdfLoader({ request, params, context: makeContext(ownTrainer) }))).status).toBe(200)
    expect((await runAction(() => pdfLoader({ request, params, context: makeContext(otherTrainer) }))).status).toBe(403)
  })
})

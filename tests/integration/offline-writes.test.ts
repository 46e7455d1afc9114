import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { auditEvents, lessonProgress, quizAttempts, users } from '#app/db/schema.ts'
import { startQuizAttempt } from '#app/learning/events.server.ts'
import { WRITE_TOKEN_FIELD } from '#app/offline/fields.ts'
import { checkWriteToken, issueWriteToken, WRITE_TOKEN_DAYS } from '#app/offline/write-token.server.ts'
import { action as lessonAction, loader as lessonLoader } from '#app/routes/cursos.$curso.$leccion.tsx'
import { action as quizAction } from '#app/routes/cursos.$curso.evaluaciones.$quiz.tsx'
import { answerForm, rightAnswers } from '#tests/learning-helpers.ts'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

// Writes that arrive late (queued offline, sent after the shared-computer sign-out or after
// someone else signed in) are credited to the learner the page was shown to, or refused.

async function newLearner(name = 'Rosa Elena Cárdenas') {
  const result = await registerAccount({
    fullName: name,
    municipality: 'remedios',
    gender: null,
    profile: 'miner',
    username: uniqueName('rosa'),
    pin: '305172',
  })
  if (!result.ok) throw new Error('no user')
  const { cookie } = await createUserSession(result.userId, { shared: true })
  return (await resolveSession(cookie.split(';')[0])).user!
}

const course = () => getCourseBySlug('curso-prueba')!
const lessonUrl = 'http://localhost/cursos/curso-prueba/leccion-2'
const params = { curso: 'curso-prueba', leccion: 'leccion-2' }
const lesson = () => course().lessons[1]!
const HOUR = 3_600_000

function post(url: string, fields: [string, string][]) {
  return new Request(url, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
}

const completedAt = (userId: string, lessonId: string) =>
  db
    .select({ at: lessonProgress.completedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lessonId)))
    .get()?.at ?? null

const audits = (userId: string, action: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, userId), eq(auditEvents.action, action)))
    .all().length

describe('write tokens', () => {
  test('a token names one learner, one kind of write and one target, and expires', () => {
    const issued = new Date('2026-06-01T10:00:00Z')
    const token = issueWriteToken('user-a', 'lesson', 'lesson-1', issued)
    expect(checkWriteToken(token, 'lesson', 'lesson-1', issued)).toEqual({ ok: true, userId: 'user-a', issuedAt: issued })
    expect(checkWriteToken(token, 'lesson', 'lesson-2', issued)).toEqual({ ok: false, reason: 'otherTarget' })
    expect(checkWriteToken(token, 'quiz', 'lesson-1', issued)).toEqual({ ok: false, reason: 'otherTarget' })
    expect(checkWriteToken(token, 'lesson', 'lesson-1', new Date(issued.getTime() + (WRITE_TOKEN_DAYS * 24 + 1) * HOUR))).toEqual({
      ok: false,
      reason: 'expired',
    })
    // Another learner's id in the same envelope: the signature no longer matches.
    const [version, body, signature] = token.split('.')
    const forged = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('user-a', 'user-b')).toString('base64url')
    expect(checkWriteToken(`${version}.${forged}.${signature}`, 'lesson', 'lesson-1', issued)).toEqual({ ok: false, reason: 'invalid' })
    expect(checkWriteToken('basura', 'lesson', 'lesson-1', issued)).toEqual({ ok: false, reason: 'invalid' })
  })
})

describe('a lesson marked read and sent later', () => {
  test("A's mark-read sent while B is signed in credits A, never B; sent twice, it counts once", async () => {
    const a = await newLearner('Ana Lucía Muñoz')
    const b = await newLearner('Beatriz Gómez')
    const token = issueWriteToken(a.id, 'lesson', lesson().id, new Date(Date.now() - HOUR))
    const first = await runAction(() => lessonAction({ request: post(lessonUrl, [[WRITE_TOKEN_FIELD, token]]), params, context: makeContext(b) }))
    expect(first.status).toBe(302)
    expect(first.headers.get('Location')).toBe('/cursos/curso-prueba/leccion-2')
    expect(completedAt(a.id, lesson().id)).not.toBeNull()
    expect(completedAt(b.id, lesson().id)).toBeNull()
    await runAction(() => lessonAction({ request: post(lessonUrl, [[WRITE_TOKEN_FIELD, token]]), params, context: makeContext(b) }))
    expect(audits(a.id, 'lesson.completed')).toBe(1)
    expect(audits(b.id, 'lesson.completed')).toBe(0)
  })

  test('sent after the sign-out (nobody signed in): credited to the learner, who is asked to sign in again', async () => {
    const a = await newLearner()
    const token = issueWriteToken(a.id, 'lesson', lesson().id, new Date(Date.now() - HOUR))
    const sent = await runAction(() => lessonAction({ request: post(lessonUrl, [[WRITE_TOKEN_FIELD, token]]), params, context: makeContext() }))
    expect(sent.status).toBe(302)
    expect(sent.headers.get('Location')).toBe('/ingresar?redirectTo=%2Fcursos%2Fcurso-prueba%2Fleccion-2')
    expect(completedAt(a.id, lesson().id)).not.toBeNull()
  })

  test('a forged, expired or other-lesson token is refused and never credited to whoever is signed in', async () => {
    const a = await newLearner()
    const b = await newLearner()
    const other = course().lessons[0]!
    const expired = issueWriteToken(a.id, 'lesson', lesson().id, new Date(Date.now() - (WRITE_TOKEN_DAYS * 24 + 1) * HOUR))
    for (const token of [expired, issueWriteToken(a.id, 'lesson', other.id, new Date(Date.now() - HOUR)), 'w1.e30.AAAA']) {
      const sent = await runAction(() => lessonAction({ request: post(lessonUrl, [[WRITE_TOKEN_FIELD, token]]), params, context: makeContext(b) }))
      expect(sent.status).toBe(403)
      expect(sent.data.refused).toBe(true)
    }
    expect(completedAt(a.id, lesson().id)).toBeNull()
    expect(completedAt(b.id, lesson().id)).toBeNull()
  })

  test('a token of an account deactivated since the page was shown is refused (its sessions are too)', async () => {
    const a = await newLearner()
    const token = issueWriteToken(a.id, 'lesson', lesson().id, new Date(Date.now() - HOUR))
    db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, a.id)).run()
    const sent = await runAction(() => lessonAction({ request: post(lessonUrl, [[WRITE_TOKEN_FIELD, token]]), params, context: makeContext() }))
    expect(sent.status).toBe(403)
    expect(completedAt(a.id, lesson().id)).toBeNull()
    // An account that no longer exists: refused too (not a 500).
    const gone = issueWriteToken('no-such-account', 'lesson', lesson().id, new Date(Date.now() - HOUR))
    expect((await runAction(() => lessonAction({ request: post(lessonUrl, [[WRITE_TOKEN_FIELD, gone]]), params, context: makeContext() }))).status).toBe(403)
  })

  test('the page carries a token for the signed-in learner; a lesson read from a download counts from when the page was served', async () => {
    const a = await newLearner()
    const page = await runAction(() =>
      lessonLoader({ request: new Request(lessonUrl, { headers: { 'X-Aula-Descarga': '1' } }), params, context: makeContext(a) }),
    )
    expect(checkWriteToken(page.data.writeToken, 'lesson', lesson().id)).toMatchObject({ ok: true, userId: a.id })
    // A download is not an opening: nothing recorded yet.
    expect(db.select().from(lessonProgress).where(eq(lessonProgress.userId, a.id)).all()).toHaveLength(0)
    // Marked at once: too soon (the reading-time rule still holds).
    const early = await runAction(() =>
      lessonAction({ request: post(lessonUrl, [[WRITE_TOKEN_FIELD, page.data.writeToken]]), params, context: makeContext(a) }),
    )
    expect(early.status).toBe(400)
    expect(completedAt(a.id, lesson().id)).toBeNull()
    // The same lesson served an hour ago (downloaded, read offline): accepted.
    const old = issueWriteToken(a.id, 'lesson', lesson().id, new Date(Date.now() - HOUR))
    expect((await runAction(() => lessonAction({ request: post(lessonUrl, [[WRITE_TOKEN_FIELD, old]]), params, context: makeContext(a) }))).status).toBe(302)
    expect(completedAt(a.id, lesson().id)).not.toBeNull()
  })
})

describe('a quiz sent later', () => {
  test("A's answers sent while B is signed in are graded for A; B's attempts are untouched; sent twice, graded once", async () => {
    const a = await newLearner()
    const b = await newLearner()
    const quiz = getQuiz(course().modules[0]!.quizId!)!
    const started = startQuizAttempt(a.id, quiz)
    if (!started.ok) throw new Error('not started')
    const attempt = started.attempt
    const fields: [string, string][] = [
      ['attemptId', attempt.id],
      [WRITE_TOKEN_FIELD, issueWriteToken(a.id, 'quiz', attempt.id)],
      ...answerForm(attempt.questions, rightAnswers(attempt.questions)),
    ]
    const url = `http://localhost/cursos/curso-prueba/evaluaciones/${quiz.slug}`
    const quizParams = { curso: 'curso-prueba', quiz: quiz.slug }
    const sent = await runAction(() => quizAction({ request: post(url, fields), params: quizParams, context: makeContext(b) }))
    expect(sent.status).toBe(302)
    const graded = db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.id)).get()!
    expect(graded.submittedAt).not.toBeNull()
    expect(graded.passed).toBe(true)
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.userId, b.id)).all()).toHaveLength(0)
    await runAction(() => quizAction({ request: post(url, fields), params: quizParams, context: makeContext(b) }))
    expect(audits(a.id, 'quiz.submitted')).toBe(1)
    // B's own token cannot submit A's attempt.
    const stolen: [string, string][] = [
      ['attemptId', attempt.id],
      [WRITE_TOKEN_FIELD, issueWriteToken(b.id, 'quiz', 'another-attempt')],
    ]
    expect((await runAction(() => quizAction({ request: post(url, stolen), params: quizParams, context: makeContext(b) }))).status).toBe(403)
  })
})

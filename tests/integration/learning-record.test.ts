import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { listCertificatesOf, revokeCertificate } from '#app/certificates/certificates.server.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { buildCohortReport } from '#app/cohorts/report.server.ts'
import { getContent, getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import type { CompiledContent } from '#app/content/types.ts'
import { db } from '#app/db/client.server.ts'
import { quizAttempts } from '#app/db/schema.ts'
import { startQuizAttempt, submitQuizAttempt } from '#app/learning/events.server.ts'
import { loader as courseLoader } from '#app/routes/cursos.$curso._index.tsx'
import { loader as quizLoader } from '#app/routes/cursos.$curso.evaluaciones.$quiz.tsx'
import { loader as resultLoader } from '#app/routes/cursos.$curso.evaluaciones.$quiz_.intentos.$intento.tsx'
import { loader as lessonLoader } from '#app/routes/cursos.$curso.$leccion.tsx'
import { loader as programmeLoader } from '#app/routes/programas.$programa._index.tsx'
import { loader as programmeResultLoader } from '#app/routes/programas.$programa.evaluaciones.$quiz_.intentos.$intento.tsx'
import { answerForm, enrolByCode, readLesson, rightAnswers, takeQuiz, wrongAnswers } from '#tests/learning-helpers.ts'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

async function person(role: 'learner' | 'trainer' = 'learner', fullName = 'Rosa Elena Tuta') {
  const r = await registerAccount({ fullName, municipality: 'topaga', gender: 'female', profile: 'miner', username: uniqueName('rosa'), pin: '515151' })
  if (!r.ok) throw new Error('no user')
  if (role === 'trainer') {
    const { users } = await import('#app/db/schema.ts')
    db.update(users).set({ role: 'trainer' }).where(eq(users.id, r.userId)).run()
  }
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

const course = () => getCourseBySlug('curso-prueba')!
const lessons = () => course().lessons

// Some tests change the compiled content in memory (as a new build would); put it back afterwards.
let restore: (() => void) | null = null
function editContent(edit: (content: CompiledContent) => void) {
  const content = getContent()
  const saved = structuredClone(content)
  restore = () => Object.assign(content, saved)
  edit(content)
}
afterEach(() => {
  restore?.()
  restore = null
})

describe('every path that completes a course or programme issues its certificate in the same event', () => {
  test('the final exam completes the course', async () => {
    const user = await person()
    for (const l of lessons()) readLesson(user.id, l)
    takeQuiz(user.id, getQuiz('prueba-m1-quiz')!)
    const result = takeQuiz(user.id, getQuiz('prueba-examen')!)
    expect(result.ok && result.certificates.map((c) => c.subjectId).sort()).toEqual(['curso-prueba'])
  })

  test('the last module quiz completes a course without a final exam', async () => {
    editContent((c) => (c.courses[0].examId = null))
    const user = await person()
    for (const l of lessons()) readLesson(user.id, l)
    const result = takeQuiz(user.id, getQuiz('prueba-m1-quiz')!)
    expect(result.ok && result.certificates.map((c) => `${c.kind}:${c.subjectId}`)).toEqual(['course:curso-prueba'])
  })

  test('the last lesson completes the course and a programme without exams', async () => {
    editContent((c) => {
      c.courses[0].examId = null
      c.programmes[0].examId = null
    })
    const user = await person()
    readLesson(user.id, lessons()[0])
    readLesson(user.id, lessons()[1])
    takeQuiz(user.id, getQuiz('prueba-m1-quiz')!)
    expect(listCertificatesOf(user.id)).toEqual([])
    const last = readLesson(user.id, lessons()[2])
    expect(last.certificates.map((c) => `${c.kind}:${c.subjectId}`).sort()).toEqual(['course:curso-prueba', 'programme:prog-prueba'])
    expect(listCertificatesOf(user.id)).toHaveLength(2)
  })

  test('the programme exam completes the programme', async () => {
    const user = await person()
    for (const l of lessons()) readLesson(user.id, l)
    takeQuiz(user.id, getQuiz('prueba-m1-quiz')!)
    const result = takeQuiz(user.id, getQuiz('prog-prueba-examen')!)
    expect(result.ok && result.certificates.map((c) => `${c.kind}:${c.subjectId}`)).toEqual(['programme:prog-prueba'])
  })
})

describe('question banks can change without breaking anyone', () => {
  const quizParams = { curso: 'curso-prueba', quiz: 'modulo' }
  const quizRequest = () => new Request('http://localhost/cursos/curso-prueba/evaluaciones/modulo')

  test('a question removed while an attempt is open: the attempt still renders, grades and reviews from what it stored', async () => {
    const user = await person()
    const started = startQuizAttempt(user.id, getQuiz('prueba-m1-quiz')!)
    if (!started.ok) throw new Error('not started')
    const removed = started.attempt.questions[0].questionId
    editContent((c) => {
      const quiz = c.quizzes['prueba-m1-quiz']
      quiz.questions = quiz.questions.filter((q) => q.id !== removed)
    })
    const page = await runAction(() => quizLoader({ request: quizRequest(), params: quizParams, context: makeContext(user) }))
    expect(page.data.attempt.questions).toHaveLength(3)
    const result = submitQuizAttempt({
      userId: user.id,
      attemptId: started.attempt.id,
      quiz: getQuiz('prueba-m1-quiz')!,
      form: answerForm(started.attempt.questions, rightAnswers(started.attempt.questions)),
    })
    expect(result).toMatchObject({ ok: true, attempt: { score: 100, passed: true } })
    const review = await runAction(() =>
      resultLoader({ request: quizRequest(), params: { ...quizParams, intento: started.attempt.id }, context: makeContext(user) }),
    )
    const retired = review.data.review.find((q: { id: string }) => q.id === removed)
    expect(retired).toMatchObject({ retired: true, right: true })
    expect(retired.prompt).toBeTruthy()
  })

  test('an option removed from a question: the attempt keeps grading with the options it showed', async () => {
    const user = await person()
    const started = startQuizAttempt(user.id, getQuiz('prueba-m1-quiz')!)
    if (!started.ok) throw new Error('not started')
    editContent((c) => {
      for (const q of c.quizzes['prueba-m1-quiz'].questions) if (q.type !== 'truefalse') q.options = q.options.filter((o) => o.correct)
    })
    const result = submitQuizAttempt({
      userId: user.id,
      attemptId: started.attempt.id,
      quiz: getQuiz('prueba-m1-quiz')!,
      form: answerForm(started.attempt.questions, wrongAnswers(started.attempt.questions)),
    })
    expect(result).toMatchObject({ ok: true, attempt: { score: 0 } })
    const review = await runAction(() =>
      resultLoader({ request: quizRequest(), params: { ...quizParams, intento: started.attempt.id }, context: makeContext(user) }),
    )
    expect(review.status).toBe(200)
    expect(review.data.review.every((q: { options: unknown[] }) => q.options.length >= 2)).toBe(true)
  })

  test('an older attempt (stored before questions were copied) whose question was removed says so', async () => {
    const user = await person()
    const quiz = getQuiz('prueba-m1-quiz')!
    const started = startQuizAttempt(user.id, quiz)
    if (!started.ok) throw new Error('not started')
    submitQuizAttempt({
      userId: user.id,
      attemptId: started.attempt.id,
      quiz,
      form: answerForm(started.attempt.questions, rightAnswers(started.attempt.questions)),
    })
    // Rewrite the row as the old format: ids only.
    const legacy = started.attempt.questions.map(({ questionId, optionIds }) => ({ questionId, optionIds }))
    db.update(quizAttempts).set({ questions: legacy }).where(eq(quizAttempts.id, started.attempt.id)).run()
    const removed = legacy[1].questionId
    editContent((c) => {
      c.quizzes['prueba-m1-quiz'].questions = c.quizzes['prueba-m1-quiz'].questions.filter((q) => q.id !== removed)
    })
    const review = await runAction(() =>
      resultLoader({ request: quizRequest(), params: { ...quizParams, intento: started.attempt.id }, context: makeContext(user) }),
    )
    expect(review.data.result).toMatchObject({ score: 100, passed: true })
    expect(review.data.review.find((q: { id: string }) => q.id === removed)).toMatchObject({ retired: true, prompt: null })
  })

  test('a quiz removed from the course: it stops being required, the course page works, its old results are a 404 not a crash', async () => {
    const user = await person()
    const quiz = getQuiz('prueba-m1-quiz')!
    const result = takeQuiz(user.id, quiz)
    if (!result.ok) throw new Error('not graded')
    editContent((c) => {
      delete c.quizzes['prueba-m1-quiz']
      c.courses[0].modules[0].quizId = null
    })
    const page = await runAction(() =>
      courseLoader({ request: new Request('http://localhost/cursos/curso-prueba'), params: { curso: 'curso-prueba' }, context: makeContext(user) }),
    )
    expect(page.status).toBe(200)
    expect(page.data.progress.quizzesTotal).toBe(1) // only the final exam
    const old = await runAction(() =>
      resultLoader({ request: quizRequest(), params: { ...quizParams, intento: result.attempt.id }, context: makeContext(user) }),
    )
    expect(old.status).toBe(404)
  })
})

describe('the matrix, the course page, the programme page and the certificate agree', () => {
  test('half-way, done, and done before the course gained a lesson', async () => {
    const trainer = await person('trainer', 'Formadora Paipa')
    const cohort = createCohort(
      { name: uniqueName('Grupo'), municipality: 'paipa', startsOn: '2026-01-10', endsOn: '2026-12-10', courseIds: ['curso-prueba'] },
      trainer.id,
    )
    const [half, done, before] = await Promise.all([person('learner', 'Media Vía'), person('learner', 'Toda Lista'), person('learner', 'Antes Nueva')])
    for (const l of [half, done, before]) await enrolByCode(cohort.id, l.id)
    readLesson(half.id, lessons()[0])
    readLesson(half.id, lessons()[1])
    for (const l of [done, before]) {
      for (const lesson of lessons()) readLesson(l.id, lesson)
      takeQuiz(l.id, getQuiz('prueba-m1-quiz')!)
      takeQuiz(l.id, getQuiz('prueba-examen')!)
      takeQuiz(l.id, getQuiz('prog-prueba-examen')!)
    }
    // A new build adds a lesson to the course after "before" finished; "done" reads it.
    editContent((c) => {
      const extra = { ...c.courses[0].lessons[2], id: 'prueba-l4', slug: 'leccion-4', title: 'Lección nueva' }
      c.courses[0].lessons.push(extra)
      c.courses[0].modules[0].lessonIds.push(extra.id)
    })
    readLesson(done.id, lessons()[3])

    const report = buildCohortReport(cohort.id, ['curso-prueba'])
    const views = async (user: typeof half) => {
      const coursePage = await runAction(() =>
        courseLoader({ request: new Request('http://localhost/cursos/curso-prueba'), params: { curso: 'curso-prueba' }, context: makeContext(user) }),
      )
      const programmePage = await runAction(() =>
        programmeLoader({ request: new Request('http://localhost/programas/prog-prueba'), params: { programa: 'prog-prueba' }, context: makeContext(user) }),
      )
      const row = report.learners.find((l) => l.id === user.id)!
      return {
        matrix: row.percent,
        course: coursePage.data.progress.percent,
        courseComplete: coursePage.data.progress.complete,
        programme: programmePage.data.progress.percent,
        certificates: listCertificatesOf(user.id)
          .map((c) => c.kind)
          .sort(),
        courseCertificate: Boolean(coursePage.data.certificate),
      }
    }
    // 2 of 3 lessons + 0 of 2 quizzes, before the extra lesson: 2 of 6 items now.
    expect(await views(half)).toEqual({ matrix: 33, course: 33, courseComplete: false, programme: 33, certificates: [], courseCertificate: false })
    expect(await views(done)).toEqual({
      matrix: 100,
      course: 100,
      courseComplete: true,
      programme: 100,
      certificates: ['course', 'programme'],
      courseCertificate: true,
    })
    // The certificate stays (it certifies what the course was), the pages say one lesson is new.
    expect(await views(before)).toEqual({
      matrix: 83,
      course: 83,
      courseComplete: false,
      programme: 83,
      certificates: ['course', 'programme'],
      courseCertificate: true,
    })
  })
})

describe('the programme page says where a learner stands and what comes next', () => {
  const load = async (user: Awaited<ReturnType<typeof person>> | null) => {
    const page = await runAction(() =>
      programmeLoader({ request: new Request('http://localhost/programas/prog-prueba'), params: { programa: 'prog-prueba' }, context: makeContext(user) }),
    )
    expect(page.status).toBe(200)
    return page.data
  }

  test('not started: «Empezar» with the first lesson; the exam waits for the whole module', async () => {
    const page = await load(await person())
    expect(page.modules[0]).toMatchObject({ state: 'notStarted', lessonsDone: 0, lessonsTotal: 3, next: { href: '/cursos/curso-prueba/leccion-1' } })
    expect(page.modules[0].lessons.map((l: { href: string }) => l.href)).toEqual([
      '/cursos/curso-prueba/leccion-1',
      '/cursos/curso-prueba/leccion-2',
      '/cursos/curso-prueba/leccion-3',
    ])
    expect(page.next).toEqual({ href: '/cursos/curso-prueba/leccion-1', title: 'Lección 1', start: true })
    expect(page.exam).toMatchObject({ open: false, passed: false, waitingFor: [{ moduleId: 'prueba-m1', lessonsMissing: 3, quizMissing: true }] })
    expect(page.certificate).toBeNull()
  })

  test('half-way: «Continuar» with the next unread lesson, n of m read; the exam says what is missing', async () => {
    const user = await person()
    readLesson(user.id, lessons()[0])
    readLesson(user.id, lessons()[1])
    const page = await load(user)
    expect(page.modules[0]).toMatchObject({
      state: 'inProgress',
      lessonsDone: 2,
      lessonsTotal: 3,
      quiz: { href: '/cursos/curso-prueba/evaluaciones/modulo', passed: false, attempts: 0 },
      next: { href: '/cursos/curso-prueba/leccion-3', title: 'Lección 3' },
    })
    expect(page.modules[0].lessons.map((l: { done: boolean }) => l.done)).toEqual([true, true, false])
    expect(page.next).toMatchObject({ href: '/cursos/curso-prueba/leccion-3', start: false })
    expect(page.exam).toMatchObject({
      open: false,
      waitingFor: [{ moduleId: 'prueba-m1', lessonsMissing: 1, quizMissing: true, href: '/cursos/curso-prueba/leccion-3' }],
    })
    // Every lesson read: the module quiz is what comes next.
    readLesson(user.id, lessons()[2])
    expect((await load(user)).next).toMatchObject({ href: '/cursos/curso-prueba/evaluaciones/modulo', start: false })
  })

  test('modules done: the quiz shows its score and the exam opens as the next step; then done, with the constancia', async () => {
    const user = await person()
    for (const l of lessons()) readLesson(user.id, l)
    takeQuiz(user.id, getQuiz('prueba-m1-quiz')!)
    let page = await load(user)
    expect(page.modules[0]).toMatchObject({ state: 'done', quiz: { passed: true, bestScore: 100 }, next: null })
    expect(page.exam).toMatchObject({ open: true, passed: false, waitingFor: [] })
    expect(page.next).toEqual({ href: '/programas/prog-prueba/evaluaciones/examen-final', title: expect.any(String), start: false })

    takeQuiz(user.id, getQuiz('prog-prueba-examen')!)
    page = await load(user)
    expect(page.exam).toMatchObject({ passed: true, bestScore: 100 })
    expect(page.next).toBeNull()
    expect(page.progress).toMatchObject({ complete: true, percent: 100 })
    const [held] = listCertificatesOf(user.id).filter((c) => c.kind === 'programme')
    expect(page.certificate).toMatchObject({ kind: 'programme', revokedOn: null, pdf: `/certificados/${page.certificate.code}.pdf` })
    expect(page.certificate.code.replace(/-/g, '')).toBe(held.code)
  })

  test('revoked: the page shows the constancia as revoked, with its date, never as held', async () => {
    const user = await person()
    for (const l of lessons()) readLesson(user.id, l)
    takeQuiz(user.id, getQuiz('prueba-m1-quiz')!)
    takeQuiz(user.id, getQuiz('prog-prueba-examen')!)
    const code = listCertificatesOf(user.id).find((c) => c.kind === 'programme')!.code
    expect(revokeCertificate(code, { adminId: user.id, reason: 'Emitida por error' }, new Date('2026-03-05T15:00:00Z'))).toEqual({ ok: true })
    const page = await load(user)
    expect(page.certificate).toMatchObject({ revokedOn: '5 de marzo de 2026' })
  })

  test('a guest sees the modules and their lessons, and nobody’s standing', async () => {
    const page = await load(null)
    expect(page.signedIn).toBe(false)
    expect(page.modules[0].lessons).toHaveLength(3)
    expect(page.certificate).toBeNull()
  })
})

describe('the event that completes a course or programme says so, to that learner only', () => {
  const resultOf = async (attemptId: string, user: Awaited<ReturnType<typeof person>>) =>
    (
      await runAction(() =>
        programmeResultLoader({
          request: new Request('http://localhost/'),
          params: { programa: 'prog-prueba', quiz: 'examen-final', intento: attemptId },
          context: makeContext(user),
        }),
      )
    ).data

  test('the exam attempt that issued the constancia shows its code, PDF and verification page; a later pass does not', async () => {
    const user = await person()
    for (const l of lessons()) readLesson(user.id, l)
    takeQuiz(user.id, getQuiz('prueba-m1-quiz')!)
    const first = takeQuiz(user.id, getQuiz('prog-prueba-examen')!)
    if (!first.ok) throw new Error('not graded')
    const code = first.certificates[0].code
    const page = await resultOf(first.attempt.id, user)
    expect(page.issued).toEqual([
      expect.objectContaining({
        kind: 'programme',
        pdf: `/certificados/${page.issued[0].code}.pdf`,
        verify: `/verificar/${page.issued[0].code}`,
        revokedOn: null,
      }),
    ])
    expect(page.held).toBeNull()

    // Passing again later: no news, only the constancia already held.
    const again = takeQuiz(user.id, getQuiz('prog-prueba-examen')!, undefined, new Date(Date.now() + 1000))
    if (!again.ok) throw new Error('not graded')
    const later = await resultOf(again.attempt.id, user)
    expect(later.issued).toEqual([])
    expect(later.held).toMatchObject({ code: page.issued[0].code, revokedOn: null })

    // An administrator looking at the attempt is not told «Obtuvo su constancia».
    const admin = await person()
    db.update((await import('#app/db/schema.ts')).users)
      .set({ role: 'admin' })
      .where(eq((await import('#app/db/schema.ts')).users.id, admin.id))
      .run()
    const adminView = await resultOf(first.attempt.id, { ...admin, role: 'admin' })
    expect(adminView.issued).toEqual([])

    // Revoked: the same attempt now shows it as revoked, with the date.
    revokeCertificate(code, { adminId: admin.id, reason: 'Emitida por error' }, new Date('2026-03-05T15:00:00Z'))
    expect((await resultOf(first.attempt.id, user)).issued).toEqual([expect.objectContaining({ revokedOn: '5 de marzo de 2026' })])
  })

  test('the lesson that completes a course shows its constancias at the top, right after the event', async () => {
    editContent((c) => {
      c.courses[0].examId = null
      c.programmes[0].examId = null
    })
    const user = await person()
    readLesson(user.id, lessons()[0])
    readLesson(user.id, lessons()[1])
    takeQuiz(user.id, getQuiz('prueba-m1-quiz')!)
    readLesson(user.id, lessons()[2])
    const lessonPage = async (query: string, who = user) =>
      (
        await runAction(() =>
          lessonLoader({
            request: new Request(`http://localhost/cursos/curso-prueba/leccion-3${query}`),
            params: { curso: 'curso-prueba', leccion: 'leccion-3' },
            context: makeContext(who),
          }),
        )
      ).data
    const page = await lessonPage('?leida=1&constancia=1')
    expect(page.issued.map((c: { kind: string }) => c.kind).sort()).toEqual(['course', 'programme'])
    // A later visit (no `constancia` in the address), or another learner with the same address: nothing.
    expect((await lessonPage('')).issued).toEqual([])
    expect((await lessonPage('?leida=1&constancia=1', await person())).issued).toEqual([])
  })
})

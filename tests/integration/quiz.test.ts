import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { createUserSession, resolveSession } from '#app/auth/session.server.ts'
import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import { startQuizAttempt, submitQuizAttempt } from '#app/learning/events.server.ts'
import { loadLearnerRecord } from '#app/learning/record.server.ts'
import { courseProgress } from '#app/learning/requirements.ts'
import { getAvailability, getOpenAttempt, listSubmittedAttempts } from '#app/quiz/attempts.server.ts'
import { answerForm, readLesson, takeQuiz } from '#tests/learning-helpers.ts'
import { action as quizAction, loader as quizLoader } from '#app/routes/cursos.$curso.evaluaciones.$quiz.tsx'
import { loader as resultLoader } from '#app/routes/cursos.$curso.evaluaciones.$quiz_.intentos.$intento.tsx'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'

async function newLearner() {
  const r = await registerAccount({
    fullName: 'Luis Alberto Mesa',
    municipality: 'mongua',
    gender: 'male',
    profile: 'miner',
    username: uniqueName('luis'),
    pin: '303030',
  })
  if (!r.ok) throw new Error('no user')
  const { cookie } = await createUserSession(r.userId, { shared: false })
  return (await resolveSession(cookie.split(';')[0])).user!
}

const quiz = () => getQuiz('prueba-m1-quiz')!
const exam = () => getQuiz('prueba-examen')!
const allRight = { q1: ['v'], q2: ['a', 'b'], q3: ['a'] }
/** Wrong but valid answers for whatever an exam attempt drew. */
const wrongExamAnswers = (shown: { questionId: string }[]) => Object.fromEntries(shown.map((q) => [q.questionId, [q.questionId === 'e1' ? 'f' : 'b']]))
/** Everything but the final exam done, so the exam opens. */
function readyForExam(userId: string) {
  for (const lesson of getCourseBySlug('curso-prueba')!.lessons) readLesson(userId, lesson)
  takeQuiz(userId, quiz())
}

describe('attempt lifecycle', () => {
  test('an attempt stores the questions and option order it showed, and grades against that record', async () => {
    const user = await newLearner()
    const started = startQuizAttempt(user.id, quiz())
    if (!started.ok) throw new Error('not started')
    expect(started.attempt.questions.map((q) => q.questionId).sort()).toEqual(['q1', 'q2', 'q3'])
    // Reloading the page shows the same attempt, in the same order.
    expect(getOpenAttempt(user.id, quiz().id)?.questions).toEqual(started.attempt.questions)
    const again = startQuizAttempt(user.id, quiz())
    expect(again.ok && again.attempt.id).toBe(started.attempt.id)

    const result = submitQuizAttempt({
      userId: user.id,
      attemptId: started.attempt.id,
      quiz: quiz(),
      form: answerForm(started.attempt.questions, { q1: ['v'], q2: ['a'], q3: ['a'] }),
    })
    expect(result).toMatchObject({ ok: true, alreadySubmitted: false, attempt: { correctCount: 2, totalCount: 3, score: 66, passed: false } })
    expect(getOpenAttempt(user.id, quiz().id)).toBeUndefined()
  })

  test('a double submission grades once', async () => {
    const user = await newLearner()
    const started = startQuizAttempt(user.id, quiz())
    if (!started.ok) throw new Error('not started')
    const first = submitQuizAttempt({ userId: user.id, attemptId: started.attempt.id, quiz: quiz(), form: answerForm(started.attempt.questions, allRight) })
    const replay = submitQuizAttempt({
      userId: user.id,
      attemptId: started.attempt.id,
      quiz: quiz(),
      form: answerForm(started.attempt.questions, { q1: ['f'], q2: ['c'], q3: ['b'] }),
    })
    expect(first).toMatchObject({ ok: true, alreadySubmitted: false, attempt: { score: 100, passed: true } })
    expect(replay).toMatchObject({ ok: true, alreadySubmitted: true, attempt: { score: 100, passed: true } })
    expect(listSubmittedAttempts(user.id, quiz().id)).toHaveLength(1)
  })

  test('an answer to a question that was not in the attempt is refused and nothing is saved', async () => {
    const user = await newLearner()
    readyForExam(user.id)
    const started = startQuizAttempt(user.id, exam())
    if (!started.ok) throw new Error('not started')
    const shown = started.attempt.questions.map((q) => q.questionId)
    const foreign = ['e1', 'e2', 'e3'].find((id) => !shown.includes(id))!
    const form = [
      ...answerForm(started.attempt.questions, Object.fromEntries(shown.map((id) => [id, [id === 'e1' ? 'v' : 'a']]))),
      [`q:${foreign}`, 'a'] as [string, string],
    ]
    const result = submitQuizAttempt({ userId: user.id, attemptId: started.attempt.id, quiz: exam(), form })
    expect(result).toMatchObject({ ok: false, reason: 'invalid', problems: [{ questionId: foreign, problem: 'unknownQuestion' }] })
    expect(getOpenAttempt(user.id, exam().id)?.submittedAt).toBeNull()
  })

  test('another learner cannot submit or see my attempt', async () => {
    const me = await newLearner()
    const other = await newLearner()
    const started = startQuizAttempt(me.id, quiz())
    if (!started.ok) throw new Error('not started')
    expect(submitQuizAttempt({ userId: other.id, attemptId: started.attempt.id, quiz: quiz(), form: answerForm(started.attempt.questions, allRight) })).toEqual(
      { ok: false, reason: 'forbidden' },
    )
    submitQuizAttempt({ userId: me.id, attemptId: started.attempt.id, quiz: quiz(), form: answerForm(started.attempt.questions, allRight) })
    const params = { curso: 'curso-prueba', quiz: 'modulo', intento: started.attempt.id }
    const request = new Request(`http://localhost/cursos/curso-prueba/evaluaciones/modulo/intentos/${started.attempt.id}`)
    expect((await runAction(() => resultLoader({ request, params, context: makeContext(other) }))).status).toBe(403)
    const mine = await runAction(() => resultLoader({ request, params, context: makeContext(me) }))
    expect(mine.data.result).toMatchObject({ score: 100, passed: true })
    expect(mine.data.review[0].options.some((o: { feedback: string | null }) => o.feedback)).toBe(true)
  })
})

describe('exam rules', () => {
  test('3 attempts per 24 hours: the 4th is refused until the first leaves the window', async () => {
    const user = await newLearner()
    readyForExam(user.id)
    const t0 = new Date('2026-06-01T08:00:00Z')
    for (let i = 0; i < 3; i++) {
      const at = new Date(t0.getTime() + i * 3_600_000)
      const s = startQuizAttempt(user.id, exam(), at)
      if (!s.ok) throw new Error(`attempt ${i} refused`)
      const graded = submitQuizAttempt(
        { userId: user.id, attemptId: s.attempt.id, quiz: exam(), form: answerForm(s.attempt.questions, wrongExamAnswers(s.attempt.questions)) },
        at,
      )
      expect(graded).toMatchObject({ ok: true, attempt: { passed: false } })
    }
    const fourth = startQuizAttempt(user.id, exam(), new Date(t0.getTime() + 5 * 3_600_000))
    expect(fourth).toEqual({ ok: false, reason: 'limit', nextOpensAt: new Date(t0.getTime() + 24 * 3_600_000) })
    expect(getAvailability(user.id, exam(), new Date(t0.getTime() + 24 * 3_600_000 + 1000))).toEqual({ canStart: true, attemptsLeft: 1 })
  })

  test('the time limit is enforced by the server: a late submission does not count', async () => {
    const user = await newLearner()
    readyForExam(user.id)
    const t0 = new Date('2026-06-02T08:00:00Z')
    const s = startQuizAttempt(user.id, exam(), t0)
    if (!s.ok) throw new Error('not started')
    expect(s.attempt.deadlineAt).toEqual(new Date(t0.getTime() + 10 * 60_000))
    const late = submitQuizAttempt(
      {
        userId: user.id,
        attemptId: s.attempt.id,
        quiz: exam(),
        form: answerForm(s.attempt.questions, Object.fromEntries(s.attempt.questions.map((q) => [q.questionId, [q.questionId === 'e1' ? 'v' : 'a']]))),
      },
      new Date(t0.getTime() + 11 * 60_000),
    )
    expect(late).toMatchObject({ ok: false, reason: 'expired', attempt: { expired: true, passed: false, score: 0 } })
  })

  test('the quiz page answers the 4th attempt with a Spanish message and the time it opens', async () => {
    const user = await newLearner()
    readyForExam(user.id)
    const params = { curso: 'curso-prueba', quiz: 'examen-final' }
    const start = () =>
      runAction(() =>
        quizAction({
          request: new Request('http://localhost/cursos/curso-prueba/evaluaciones/examen-final', {
            method: 'POST',
            body: new URLSearchParams({ intent: 'start' }),
          }),
          params,
          context: makeContext(user),
        }),
      )
    for (let i = 0; i < 3; i++) {
      expect((await start()).status).toBe(302)
      const open = getOpenAttempt(user.id, 'prueba-examen')!
      submitQuizAttempt({ userId: user.id, attemptId: open.id, quiz: exam(), form: answerForm(open.questions, wrongExamAnswers(open.questions)) })
    }
    const refused = await start()
    expect(refused.status).toBe(429)
    expect(refused.data.error).toBe('limit')
    expect(refused.data.nextOpensAt).toMatch(/de 20\d\d/)
  })

  test('the review of a failed exam shows right or wrong and the feedback of one’s own choices, but not the key until passed', async () => {
    const user = await newLearner()
    readyForExam(user.id)
    const review = async (attemptId: string) =>
      runAction(() =>
        resultLoader({
          request: new Request('http://localhost/cursos/curso-prueba/evaluaciones/examen-final'),
          params: { curso: 'curso-prueba', quiz: 'examen-final', intento: attemptId },
          context: makeContext(user),
        }),
      )
    const failed = takeQuiz(user.id, exam(), wrongExamAnswers)
    if (!failed.ok) throw new Error('not graded')
    const hidden = await review(failed.attempt.id)
    expect(hidden.data.answersRevealed).toBe(false)
    for (const q of hidden.data.review) {
      expect(q.right).toBe(false)
      expect(q.explanation).toBeNull()
      for (const o of q.options) {
        expect(o.correct).toBeNull()
        if (!o.chosen) expect(o.feedback).toBeNull()
      }
      expect(q.options.some((o: { chosen: boolean; feedback: string | null }) => o.chosen && o.feedback)).toBe(true)
    }
    const passed = takeQuiz(user.id, exam())
    if (!passed.ok) throw new Error('not graded')
    const shown = await review(failed.attempt.id)
    expect(shown.data.answersRevealed).toBe(true)
    expect(shown.data.review.every((q: { options: { correct: boolean | null }[] }) => q.options.some((o) => o.correct === true))).toBe(true)
  })
})

describe('what the browser receives before submitting', () => {
  test('the loader data of an open attempt has no correct flags and no feedback', async () => {
    const user = await newLearner()
    startQuizAttempt(user.id, quiz())
    const page = await runAction(() =>
      quizLoader({
        request: new Request('http://localhost/cursos/curso-prueba/evaluaciones/modulo'),
        params: { curso: 'curso-prueba', quiz: 'modulo' },
        context: makeContext(user),
      }),
    )
    const serialized = JSON.stringify(page.data)
    expect(page.data.attempt.questions).toHaveLength(3)
    expect(serialized).not.toMatch(/"correct"|feedback|explanation/)
    for (const q of quiz().questions) for (const o of q.options) if (o.feedback) expect(serialized).not.toContain(o.feedback)
  })

  test('the option values in the page are the attempt’s own tokens, never the authoring ids', async () => {
    const user = await newLearner()
    const started = startQuizAttempt(user.id, quiz())
    if (!started.ok) throw new Error('not started')
    const page = await runAction(() =>
      quizLoader({
        request: new Request('http://localhost/cursos/curso-prueba/evaluaciones/modulo'),
        params: { curso: 'curso-prueba', quiz: 'modulo' },
        context: makeContext(user),
      }),
    )
    const authoringIds = new Set(quiz().questions.flatMap((q) => q.options.map((o) => o.id)))
    for (const shown of started.attempt.questions) {
      const inPage = page.data.attempt.questions.find((q: { id: string }) => q.id === shown.questionId)
      const values = inPage.options.map((o: { id: string }) => o.id)
      expect(values).toEqual(shown.snapshot!.options.map((o) => o.token))
      for (const v of values) expect(authoringIds.has(v)).toBe(false)
    }
  })
})

describe('best attempt and course progress', () => {
  test('a failed then passed module quiz counts as passed; the best score is kept', async () => {
    const user = await newLearner()
    const a = startQuizAttempt(user.id, quiz())
    if (!a.ok) throw new Error()
    submitQuizAttempt({ userId: user.id, attemptId: a.attempt.id, quiz: quiz(), form: answerForm(a.attempt.questions, { q1: ['f'], q2: ['a'], q3: ['b'] }) })
    const b = startQuizAttempt(user.id, quiz())
    if (!b.ok) throw new Error()
    submitQuizAttempt({ userId: user.id, attemptId: b.attempt.id, quiz: quiz(), form: answerForm(b.attempt.questions, allRight) })
    const c = startQuizAttempt(user.id, quiz())
    if (!c.ok) throw new Error()
    submitQuizAttempt({ userId: user.id, attemptId: c.attempt.id, quiz: quiz(), form: answerForm(c.attempt.questions, { q1: ['f'], q2: ['a'], q3: ['a'] }) })
    expect(loadLearnerRecord(user.id).quizzes.get(quiz().id)).toMatchObject({ bestScore: 100, passed: true, attempts: 3, failed: 2 })

    const course = getCourseBySlug('curso-prueba')!
    for (const lesson of course.lessons) readLesson(user.id, lesson)
    const progress = courseProgress(course, loadLearnerRecord(user.id))
    // 3 lessons + module quiz passed, final exam still missing.
    expect(progress).toMatchObject({ lessonsDone: 3, quizzesPassed: 1, quizzesTotal: 2, complete: false })
  })
})

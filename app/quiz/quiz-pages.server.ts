import { getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import type { CourseEntry, QuizEntry } from '#app/content/types.ts'
import type { Attempt } from './attempts.server.ts'

/** The course and quiz of a /cursos/:curso/evaluaciones/:quiz URL, or a 404. */
export function requireCourseQuiz(courseSlug: string | undefined, quizSlug: string | undefined): { course: CourseEntry; quiz: QuizEntry } {
  const course = getCourseBySlug(courseSlug ?? '')
  const quizId = course && [...course.modules.map((m) => m.quizId), course.examId].find((id) => id && getQuiz(id)?.slug === quizSlug)
  const quiz = quizId ? getQuiz(quizId) : undefined
  if (!course || !quiz) throw new Response('Not found', { status: 404 })
  return { course, quiz }
}

/** The questions of an attempt as the form shows them: text only, never answers or feedback. */
export function questionsForForm(quiz: QuizEntry, attempt: Pick<Attempt, 'questions'>) {
  const bank = new Map(quiz.questions.map((q) => [q.id, q]))
  return attempt.questions.map(({ questionId, optionIds }) => {
    const question = bank.get(questionId)!
    const options = new Map(question.options.map((o) => [o.id, o]))
    return {
      id: question.id,
      type: question.type,
      prompt: question.prompt,
      options: optionIds.map((id) => ({ id, text: options.get(id)!.text })),
    }
  })
}

/** After submission: every question with the learner's answer, the right one, feedback and the lesson. */
export function reviewOfAttempt(quiz: QuizEntry, course: CourseEntry | undefined, attempt: Attempt) {
  const bank = new Map(quiz.questions.map((q) => [q.id, q]))
  const lessons = new Map(course?.lessons.map((l) => [l.id, l]))
  return attempt.questions.map(({ questionId, optionIds }) => {
    const question = bank.get(questionId)!
    const chosen = new Set(attempt.answers?.[questionId] ?? [])
    const byId = new Map(question.options.map((o) => [o.id, o]))
    const options = optionIds.map((id) => {
      const o = byId.get(id)!
      return { id, text: o.text, correct: o.correct, chosen: chosen.has(id), feedback: o.feedback ?? null }
    })
    const right = options.every((o) => o.correct === o.chosen)
    const lesson = question.lesson ? lessons.get(question.lesson) : undefined
    return {
      id: question.id,
      type: question.type,
      prompt: question.prompt,
      right,
      options,
      explanation: question.explanation ?? null,
      lesson: lesson && course ? { title: lesson.title, href: `/cursos/${course.slug}/${lesson.slug}` } : null,
    }
  })
}

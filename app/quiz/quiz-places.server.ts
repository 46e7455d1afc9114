import { getContent, getCourseBySlug, getQuiz } from '#app/content/content.server.ts'
import type { CourseEntry, QuizEntry } from '#app/content/types.ts'
import type { Attempt } from './attempts.server.ts'

/** Where a quiz lives: a course (module quizzes, final exam) or a programme (its exam). */
export type QuizPlace = {
  quiz: QuizEntry
  /** The course or programme page, for breadcrumbs and "see my progress". */
  home: { url: string; title: string }
  quizUrl: string
  /** After passing a module quiz: the first lesson of the next module. */
  nextAfterPass: { href: string; title: string } | null
}

function notFound(): never {
  throw new Response('Not found', { status: 404 })
}

function lessonHref(lessonId: string) {
  for (const course of getContent().courses) {
    const lesson = course.lessons.find((l) => l.id === lessonId)
    if (lesson) return { title: lesson.title, href: `/cursos/${course.slug}/${lesson.slug}` }
  }
  return null
}

function nextModuleStart(course: CourseEntry, quiz: QuizEntry) {
  if (!quiz.moduleId) return null
  const nextModule = course.modules[course.modules.findIndex((m) => m.id === quiz.moduleId) + 1]
  const firstLesson = nextModule && course.lessons.find((l) => l.moduleId === nextModule.id)
  return firstLesson ? { href: `/cursos/${course.slug}/${firstLesson.slug}`, title: nextModule.title } : null
}

/** /cursos/:curso/evaluaciones/:quiz */
export function requireCourseQuiz(courseSlug: string | undefined, quizSlug: string | undefined): QuizPlace {
  const course = getCourseBySlug(courseSlug ?? '') ?? notFound()
  const quizId = [...course.modules.map((m) => m.quizId), course.examId].find((id) => id && getQuiz(id)?.slug === quizSlug)
  const quiz = (quizId && getQuiz(quizId)) || notFound()
  const home = { url: `/cursos/${course.slug}`, title: course.title }
  return { quiz, home, quizUrl: `${home.url}/evaluaciones/${quiz.slug}`, nextAfterPass: nextModuleStart(course, quiz) }
}

/** /programas/:programa/evaluaciones/:quiz */
export function requireProgrammeQuiz(programmeSlug: string | undefined, quizSlug: string | undefined): QuizPlace {
  const programme = getContent().programmes.find((p) => p.slug === programmeSlug) ?? notFound()
  const quiz = (programme.examId && getQuiz(programme.examId)) || notFound()
  if (quiz.slug !== quizSlug) notFound()
  const home = { url: `/programas/${programme.slug}`, title: programme.title }
  return { quiz, home, quizUrl: `${home.url}/evaluaciones/${quiz.slug}`, nextAfterPass: null }
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
export function reviewOfAttempt(quiz: QuizEntry, attempt: Attempt) {
  const bank = new Map(quiz.questions.map((q) => [q.id, q]))
  return attempt.questions.map(({ questionId, optionIds }) => {
    const question = bank.get(questionId)!
    const chosen = new Set(attempt.answers?.[questionId] ?? [])
    const byId = new Map(question.options.map((o) => [o.id, o]))
    const options = optionIds.map((id) => {
      const o = byId.get(id)!
      return { id, text: o.text, correct: o.correct, chosen: chosen.has(id), feedback: o.feedback ?? null }
    })
    return {
      id: question.id,
      type: question.type,
      prompt: question.prompt,
      right: options.every((o) => o.correct === o.chosen),
      options,
      explanation: question.explanation ?? null,
      lesson: question.lesson ? lessonHref(question.lesson) : null,
    }
  })
}

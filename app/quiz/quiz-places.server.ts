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

/** /cursos/:curso/evaluaciones/:quiz (null when the course or quiz does not exist, or no longer does) */
export function findCourseQuiz(courseSlug: string | undefined, quizSlug: string | undefined): QuizPlace | null {
  const course = getCourseBySlug(courseSlug ?? '')
  if (!course) return null
  const quizId = [...course.modules.map((m) => m.quizId), course.examId].find((id) => id && getQuiz(id)?.slug === quizSlug)
  const quiz = quizId ? getQuiz(quizId) : undefined
  if (!quiz) return null
  const home = { url: `/cursos/${course.slug}`, title: course.title }
  return { quiz, home, quizUrl: `${home.url}/evaluaciones/${quiz.slug}`, nextAfterPass: nextModuleStart(course, quiz) }
}

/** /programas/:programa/evaluaciones/:quiz */
export function findProgrammeQuiz(programmeSlug: string | undefined, quizSlug: string | undefined): QuizPlace | null {
  const programme = getContent().programmes.find((p) => p.slug === programmeSlug)
  const quiz = programme?.examId ? getQuiz(programme.examId) : undefined
  if (!programme || !quiz || quiz.slug !== quizSlug) return null
  const home = { url: `/programas/${programme.slug}`, title: programme.title }
  return { quiz, home, quizUrl: `${home.url}/evaluaciones/${quiz.slug}`, nextAfterPass: null }
}

/** The questions of an attempt as the form shows them: text and opaque tokens only, never answers or feedback. */
export function questionsForForm(quiz: QuizEntry, attempt: Pick<Attempt, 'questions'>) {
  const bank = new Map(quiz.questions.map((q) => [q.id, q]))
  return attempt.questions.flatMap((shown) => {
    if (shown.snapshot) {
      const { type, prompt, options } = shown.snapshot
      return [{ id: shown.questionId, type, prompt, options: options.map((o) => ({ id: o.token, text: o.text })) }]
    }
    // An attempt from before questions were stored with it: read the bank; a retired question is skipped.
    const question = bank.get(shown.questionId)
    if (!question) return []
    const byId = new Map(question.options.map((o) => [o.id, o]))
    const options = shown.optionIds.flatMap((id) => (byId.has(id) ? [{ id, text: byId.get(id)!.text }] : []))
    return [{ id: question.id, type: question.type, prompt: question.prompt, options }]
  })
}

export type ReviewPolicy = {
  /** Show which options were right and the explanation (module quizzes always; exams once passed or out of attempts). */
  revealAnswers: boolean
}

/**
 * Review settings per kind, as Moodle has: module quizzes show everything after each attempt;
 * final exams show right/wrong and the feedback of the learner's own choices, and the right
 * option only once the learner passed or has no attempt left.
 */
export function reviewPolicy(quiz: Pick<QuizEntry, 'kind'>, { passed, attemptsLeft }: { passed: boolean; attemptsLeft: number | null }): ReviewPolicy {
  if (quiz.kind !== 'exam') return { revealAnswers: true }
  return { revealAnswers: passed || attemptsLeft === 0 }
}

/** After submission: every question as the attempt stored it, with the learner's answer and what the policy reveals. */
export function reviewOfAttempt(quiz: QuizEntry, attempt: Attempt, policy: ReviewPolicy) {
  const bank = new Map(quiz.questions.map((q) => [q.id, q]))
  return attempt.questions.map((shown) => {
    const chosen = new Set(attempt.answers?.[shown.questionId] ?? [])
    const stored = shown.snapshot
    const current = bank.get(shown.questionId)
    const retired = !current
    const source = stored
      ? {
          type: stored.type,
          prompt: stored.prompt,
          explanation: stored.explanation,
          lessonId: stored.lessonId,
          options: stored.options.map((o) => ({ id: o.optionId, text: o.text, correct: o.correct, feedback: o.feedback })),
        }
      : current
        ? {
            type: current.type,
            prompt: current.prompt,
            explanation: current.explanation ?? null,
            lessonId: current.lesson ?? null,
            options: shown.optionIds.flatMap((id) => {
              const o = current.options.find((x) => x.id === id)
              return o ? [{ id, text: o.text, correct: o.correct, feedback: o.feedback ?? null }] : []
            }),
          }
        : null
    if (!source) return { id: shown.questionId, retired: true, prompt: null, type: null, right: null, options: [], explanation: null, lesson: null }
    const right = source.options.every((o) => o.correct === chosen.has(o.id))
    return {
      id: shown.questionId,
      retired,
      type: source.type,
      prompt: source.prompt,
      right,
      options: source.options.map((o) => ({
        id: o.id,
        text: o.text,
        chosen: chosen.has(o.id),
        correct: policy.revealAnswers ? o.correct : null,
        feedback: policy.revealAnswers || chosen.has(o.id) ? o.feedback : null,
      })),
      explanation: policy.revealAnswers ? source.explanation : null,
      lesson: source.lessonId ? lessonHref(source.lessonId) : null,
    }
  })
}

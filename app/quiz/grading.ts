import type { Question, QuizDefinition } from '#app/content/schema.ts'
import type { AttemptAnswers, ShownQuestion } from '#app/db/schema.ts'

// Pure assessment rules: drawing, shuffling and grading. No database, no clock.

export const DEFAULT_PASS_MARK = 70

/** Fisher–Yates with an injectable random source (tests pass a seeded one). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** Chooses the questions of a new attempt and the order of their options; stored with the attempt. */
export function drawQuestions(quiz: Pick<QuizDefinition, 'questions' | 'draw' | 'shuffle'>, random: () => number = Math.random): ShownQuestion[] {
  const count = Math.min(quiz.draw ?? quiz.questions.length, quiz.questions.length)
  const pool = quiz.draw && quiz.draw < quiz.questions.length ? shuffled(quiz.questions, random).slice(0, count) : quiz.questions
  const ordered = quiz.shuffle ? shuffled(pool, random) : [...pool]
  return ordered.map((q) => ({
    questionId: q.id,
    // True/false keeps "Verdadero" before "Falso"; other options are shuffled when asked to.
    optionIds: quiz.shuffle && q.type !== 'truefalse' ? shuffled(q.options, random).map((o) => o.id) : q.options.map((o) => o.id),
  }))
}

/** All-or-nothing: right when the chosen set equals the set of correct options exactly. */
export function isAnswerCorrect(question: Pick<Question, 'options'>, chosen: readonly string[]): boolean {
  const correct = new Set(question.options.filter((o) => o.correct).map((o) => o.id))
  const picked = new Set(chosen)
  if (picked.size !== correct.size) return false
  for (const id of picked) if (!correct.has(id)) return false
  return true
}

export type GradedQuestion = { questionId: string; chosen: string[]; correct: boolean }
export type Grade = { correctCount: number; totalCount: number; score: number; passed: boolean; questions: GradedQuestion[] }

/** Share of questions right (rounded down to whole percent, so 69.9 % never passes a 70 % mark). */
export function gradeAttempt(
  shown: readonly ShownQuestion[],
  answers: AttemptAnswers,
  bank: ReadonlyMap<string, Pick<Question, 'options'>>,
  passMark = DEFAULT_PASS_MARK,
): Grade {
  const questions = shown.map(({ questionId }) => {
    const question = bank.get(questionId)
    const chosen = answers[questionId] ?? []
    return { questionId, chosen, correct: question ? isAnswerCorrect(question, chosen) : false }
  })
  const correctCount = questions.filter((q) => q.correct).length
  const totalCount = shown.length
  const exact = totalCount ? (correctCount * 100) / totalCount : 0
  return { correctCount, totalCount, score: Math.floor(exact + 1e-9), passed: exact + 1e-9 >= passMark, questions }
}

export type AnswerProblem = { questionId: string | null; problem: 'unknownQuestion' | 'unknownOption' | 'unanswered' | 'tooManyOptions' }

/**
 * Reads `q:<questionId>` form fields against the questions the attempt showed.
 * Anything not shown in this attempt is refused, never silently ignored.
 */
export function parseAnswers(form: Iterable<[string, FormDataEntryValue]>, shown: readonly ShownQuestion[], types: ReadonlyMap<string, Question['type']>) {
  const answers: AttemptAnswers = {}
  const problems: AnswerProblem[] = []
  const byId = new Map(shown.map((s) => [s.questionId, s]))
  for (const [key, value] of form) {
    if (!key.startsWith('q:')) continue
    const questionId = key.slice(2)
    const question = byId.get(questionId)
    if (!question) {
      problems.push({ questionId, problem: 'unknownQuestion' })
      continue
    }
    const optionId = String(value)
    if (!question.optionIds.includes(optionId)) {
      problems.push({ questionId, problem: 'unknownOption' })
      continue
    }
    answers[questionId] = [...(answers[questionId] ?? []), optionId]
  }
  for (const s of shown) {
    const chosen = answers[s.questionId]
    if (!chosen?.length) problems.push({ questionId: s.questionId, problem: 'unanswered' })
    else if (types.get(s.questionId) !== 'multiple' && chosen.length > 1) problems.push({ questionId: s.questionId, problem: 'tooManyOptions' })
  }
  return { answers, problems }
}

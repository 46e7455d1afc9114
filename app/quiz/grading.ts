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

/**
 * Chooses the questions of a new attempt and the order of their options, and keeps a
 * copy of each question with the attempt: the page shows opaque per-attempt tokens,
 * never authoring ids, and grading and review read this copy even if the bank changes.
 */
export function drawQuestions(
  quiz: Pick<QuizDefinition, 'questions' | 'draw' | 'shuffle'>,
  random: () => number = Math.random,
  newToken: () => string = () => Math.random().toString(36).slice(2, 12),
): ShownQuestion[] {
  const count = Math.min(quiz.draw ?? quiz.questions.length, quiz.questions.length)
  const pool = quiz.draw && quiz.draw < quiz.questions.length ? shuffled(quiz.questions, random).slice(0, count) : quiz.questions
  const ordered = quiz.shuffle ? shuffled(pool, random) : [...pool]
  return ordered.map((q) => {
    // True/false keeps "Verdadero" before "Falso"; other options are shuffled when asked to.
    const options = quiz.shuffle && q.type !== 'truefalse' ? shuffled(q.options, random) : q.options
    return {
      questionId: q.id,
      optionIds: options.map((o) => o.id),
      snapshot: {
        type: q.type,
        prompt: q.prompt,
        explanation: q.explanation ?? null,
        lessonId: q.lesson ?? null,
        options: options.map((o) => ({ token: newToken(), optionId: o.id, text: o.text, correct: o.correct, feedback: o.feedback ?? null })),
      },
    }
  })
}

type GradableQuestion = Pick<Question, 'options' | 'type'>

/** The question as the attempt showed it: its stored copy, or (older attempts) the bank's current version. */
export function questionOfAttempt(shown: ShownQuestion, bank: ReadonlyMap<string, Question>): GradableQuestion | null {
  if (shown.snapshot) return { type: shown.snapshot.type, options: shown.snapshot.options.map((o) => ({ id: o.optionId, text: o.text, correct: o.correct })) }
  return bank.get(shown.questionId) ?? null
}

/** Token in the page → authoring option id, per question of the attempt. Older attempts used the ids themselves. */
function tokensOf(shown: ShownQuestion): Map<string, string> {
  return new Map(shown.snapshot ? shown.snapshot.options.map((o) => [o.token, o.optionId]) : shown.optionIds.map((id) => [id, id]))
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
  bank: ReadonlyMap<string, Question>,
  passMark = DEFAULT_PASS_MARK,
): Grade {
  const questions = shown.map((s) => {
    const question = questionOfAttempt(s, bank)
    const chosen = answers[s.questionId] ?? []
    // A question retired from the bank before an older attempt was graded cannot be right.
    return { questionId: s.questionId, chosen, correct: question ? isAnswerCorrect(question, chosen) : false }
  })
  const correctCount = questions.filter((q) => q.correct).length
  const totalCount = shown.length
  const exact = totalCount ? (correctCount * 100) / totalCount : 0
  return { correctCount, totalCount, score: Math.floor(exact + 1e-9), passed: exact + 1e-9 >= passMark, questions }
}

export type AnswerProblem = { questionId: string | null; problem: 'unknownQuestion' | 'unknownOption' | 'unanswered' | 'tooManyOptions' | 'tooManyFields' }

/**
 * Reads `q:<questionId>` form fields (values are the attempt's option tokens) against
 * the questions the attempt showed. Anything not shown in this attempt is refused,
 * never silently ignored. Linear in the size of the form, and a form with far more
 * fields than the attempt has options is refused outright.
 */
export function parseAnswers(form: Iterable<[string, FormDataEntryValue]>, shown: readonly ShownQuestion[], bank: ReadonlyMap<string, Question>) {
  const byId = new Map(shown.map((s) => [s.questionId, { shown: s, tokens: tokensOf(s), chosen: new Set<string>() }]))
  const maxFields = shown.reduce((a, s) => a + s.optionIds.length, 0) + 16
  const problems: AnswerProblem[] = []
  let fields = 0
  for (const [key, value] of form) {
    if (++fields > maxFields) return { answers: {}, problems: [{ questionId: null, problem: 'tooManyFields' as const }] }
    if (!key.startsWith('q:')) continue
    const questionId = key.slice(2)
    const entry = byId.get(questionId)
    if (!entry) {
      problems.push({ questionId, problem: 'unknownQuestion' })
      continue
    }
    const optionId = typeof value === 'string' ? entry.tokens.get(value) : undefined
    if (!optionId) {
      problems.push({ questionId, problem: 'unknownOption' })
      continue
    }
    entry.chosen.add(optionId)
  }
  const answers: AttemptAnswers = {}
  for (const [questionId, entry] of byId) {
    const question = questionOfAttempt(entry.shown, bank)
    if (entry.chosen.size) answers[questionId] = [...entry.chosen]
    // An older attempt whose question was since retired: nothing to answer, graded as wrong.
    if (!question) continue
    if (!entry.chosen.size) problems.push({ questionId, problem: 'unanswered' })
    else if (question.type !== 'multiple' && entry.chosen.size > 1) problems.push({ questionId, problem: 'tooManyOptions' })
  }
  return { answers, problems }
}

import type { Question } from './schema.ts'
import type { QuizEntry } from './types.ts'

// The assessment check of `npm run check:content` / `build:content` (issue 12): pure functions over
// compiled quiz entries that flag banks a learner can pass without reading the lessons. Each figure
// is computed per quiz file; `assessQuiz` returns the figures and the failures, `assessAll` the
// whole set plus overall figures. Nothing here reads files or the clock.

/** A retake should be a different quiz: the bank holds at least twice the questions drawn. */
export const MIN_BANK_DRAW_RATIO = 2
/**
 * Share of non-true/false items whose key is the longest option, as a fraction. With 3–4 options
 * chance is 25–33 %; 40 % leaves room for honest variation but catches a habit of writing the key
 * longer and more careful than the distractors (81 % before issue 12).
 */
export const MAX_LONGEST_KEY_SHARE = 0.4
/**
 * No single authored position may hold more than 60 % of the single-choice keys. Options are
 * shuffled when shown, but an author's habit (key always first) also shows in exports, printed
 * copies and quizzes with `shuffle: false`, and is a sign of distractors written as afterthoughts.
 */
export const MAX_KEY_POSITION_SHARE = 0.6
/** The position rule only applies from this many single-choice items (fewer can't show a habit). */
export const MIN_SINGLE_ITEMS_FOR_POSITION = 5
/**
 * Multiple-answer items: fail when this share or more of them mark every option correct but one
 * (a learner learns to tick all but the odd one out), or when they all have the same number of
 * correct options.
 */
export const MAX_ALL_BUT_ONE_SHARE = 0.75
/** The multiple-answer pattern rules only apply from this many multiple-answer items. */
export const MIN_MULTIPLE_ITEMS_FOR_PATTERN = 4
/**
 * The expected score (0–100) of a learner who never reads, using the best of three test-wise
 * strategies (longest option, shortest option, word overlap with the prompt), must stay at or under
 * half marks …
 */
export const MAX_TEST_WISE_SCORE = 50
/** … and at least this many points under the quiz's pass mark, so guessing never comes close to passing. */
export const TEST_WISE_MARGIN_UNDER_PASS = 20

/** Words a test-wise learner reads as "this statement is too absolute to be true". */
export const ABSOLUTE_WORDS = ['siempre', 'nunca', 'todo', 'toda', 'todos', 'todas', 'ninguno', 'ninguna', 'solo', 'unicamente', 'jamas']

/** Spanish stopwords (already lowercased, without accents) ignored by the word-overlap strategy. */
const STOPWORDS = new Set(
  `algo alguien algun alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos aqui asi aunque bajo bien cada casi como con contra cual cuales cualquier cuando cuanto desde donde durante ella ellas ello ellos entonces entre era eran eres esa esas ese eso esos esta estaba estado estan estar estas este esto estos fue fueron hace hacen hacer hacia hasta hay luego mas menos mientras mismo misma mismos mismas mucho muchos muy nada ningun ninguna ninguno nosotros nuestra nuestras nuestro nuestros otra otras otro otros para pero poco por porque puede pueden pues que quien quienes segun sera ser sido siempre nunca sino sobre solo suya suyo tambien tan tanto tiene tienen todo toda todas todos tras una unas uno unos usted ustedes vez cosa cosas debe deben hacerlo esto marque marca correcta correctas correcto correctos opcion opciones siguiente siguientes verdadero falso cuales`
    .split(/\s+/)
    .filter(Boolean),
)

/** Lowercase, strip accents, split into letter words. */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
}

/** The content words of a text: normalized, at least 4 letters, not a stopword. */
export function contentWords(text: string): Set<string> {
  return new Set(normalizeWords(text).filter((w) => w.length >= 4 && !STOPWORDS.has(w)))
}

const length = (text: string) => [...text.trim()].length

export type QuizAssessment = {
  id: string
  sourcePath: string
  kind: QuizEntry['kind']
  passMark: number
  questions: number
  draw: number
  /** bank size / draw */
  ratio: number
  /** non-true/false items */
  choiceItems: number
  /** expected number of choice items whose key is (one of) the longest option(s), ties fractional */
  longestKeyItems: number
  /** longestKeyItems / choiceItems (0 when there are none) */
  longestKeyShare: number
  /** expected number of choice items whose key is (one of) the shortest option(s), ties fractional */
  shortestKeyItems: number
  /** shortestKeyItems / choiceItems (0 when there are none); printed, not a rule of its own (the shortest strategy is) */
  shortestKeyShare: number
  singleItems: number
  /** share of single-choice keys per authored position (index 0 = first option) */
  keyPositions: number[]
  /** the largest entry of keyPositions, and its index */
  topPosition: { index: number; share: number }
  multipleItems: number
  /** multiple-answer items that mark every option correct but one */
  allButOne: number
  /** …of those, the ones whose only wrong option is the last */
  allButOneLast: number
  /** how many multiple-answer items have k correct options, keyed by k */
  correctCounts: Record<number, number>
  /** expected score 0–100 of each never-reading strategy, and the best of the three */
  testWise: { longest: number; shortest: number; overlap: number; best: number }
  /** the test-wise ceiling for this quiz: min(MAX_TEST_WISE_SCORE, passMark − TEST_WISE_MARGIN_UNDER_PASS) */
  testWiseLimit: number
  /** "<quiz id>: <Spanish reason> (<English>)" */
  failures: string[]
}

/** Chance (0–1) that a learner picking uniformly among `chosen` options of a single item is right. */
function chanceAmong(question: Question, chosen: Question['options']) {
  if (!chosen.length) return 0
  return chosen.filter((o) => o.correct).length / chosen.length
}

/** All-or-nothing: the chosen set is exactly the set of correct options. */
function exactSet(question: Question, chosen: Question['options']) {
  const picked = new Set(chosen.map((o) => o.id))
  return question.options.every((o) => o.correct === picked.has(o.id)) ? 1 : 0
}

/** True/false under both strategies: Falso when the statement holds an absolute word, else Verdadero. */
export function trueFalseGuess(question: Question): 'v' | 'f' {
  const words = new Set(normalizeWords(question.prompt))
  return ABSOLUTE_WORDS.some((w) => words.has(w)) ? 'f' : 'v'
}

function trueFalseChance(question: Question) {
  const guess = trueFalseGuess(question)
  return question.options.find((o) => o.id === guess)?.correct ? 1 : 0
}

/** Strategy 1: pick the longest option (single; ties split evenly) or every option at least as long as the item's mean (multiple). */
export function longestStrategyChance(question: Question): number {
  if (question.type === 'truefalse') return trueFalseChance(question)
  const lengths = question.options.map((o) => length(o.text))
  if (question.type === 'multiple') {
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length
    return exactSet(question, question.options.filter((_, i) => lengths[i]! >= mean))
  }
  const max = Math.max(...lengths)
  return chanceAmong(question, question.options.filter((_, i) => lengths[i] === max))
}

/** Strategy 3: pick the shortest option (single; ties split evenly) or every option at most as long as the item's mean (multiple). */
export function shortestStrategyChance(question: Question): number {
  if (question.type === 'truefalse') return trueFalseChance(question)
  const lengths = question.options.map((o) => length(o.text))
  if (question.type === 'multiple') {
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length
    return exactSet(question, question.options.filter((_, i) => lengths[i]! <= mean))
  }
  const min = Math.min(...lengths)
  return chanceAmong(question, question.options.filter((_, i) => lengths[i] === min))
}

/** How many content words of the option also appear in the prompt. */
export function overlap(prompt: string, option: string): number {
  const stem = contentWords(prompt)
  let n = 0
  for (const w of contentWords(option)) if (stem.has(w)) n++
  return n
}

/** Strategy 2: pick the option sharing most words with the prompt (single; ties split evenly) or every option sharing at least one (multiple). */
export function overlapStrategyChance(question: Question): number {
  if (question.type === 'truefalse') return trueFalseChance(question)
  const overlaps = question.options.map((o) => overlap(question.prompt, o.text))
  if (question.type === 'multiple') return exactSet(question, question.options.filter((_, i) => overlaps[i]! >= 1))
  const max = Math.max(...overlaps)
  return chanceAmong(question, question.options.filter((_, i) => overlaps[i] === max))
}

/** 1/ties when a correct option is among the (tied) longest options; for several correct ones among the tied, their share. */
export function longestKeyCredit(question: Question): number {
  const lengths = question.options.map((o) => length(o.text))
  const max = Math.max(...lengths)
  const longest = question.options.filter((_, i) => lengths[i] === max)
  return longest.filter((o) => o.correct).length / longest.length
}

/** 1/ties when a correct option is among the (tied) shortest options; for several correct ones among the tied, their share. */
export function shortestKeyCredit(question: Question): number {
  const lengths = question.options.map((o) => length(o.text))
  const min = Math.min(...lengths)
  const shortest = question.options.filter((_, i) => lengths[i] === min)
  return shortest.filter((o) => o.correct).length / shortest.length
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`

export function assessQuiz(quiz: Pick<QuizEntry, 'id' | 'kind' | 'passMark' | 'draw' | 'questions'> & { sourcePath?: string }): QuizAssessment {
  const questions = quiz.questions
  const n = questions.length
  const draw = quiz.draw ?? n
  const ratio = n / draw
  const failures: string[] = []
  const fail = (es: string, en: string) => failures.push(`${quiz.id}: ${es} (${en})`)

  const choice = questions.filter((q) => q.type !== 'truefalse')
  const longestKeyItems = choice.reduce((a, q) => a + longestKeyCredit(q), 0)
  const longestKeyShare = choice.length ? longestKeyItems / choice.length : 0
  const shortestKeyItems = choice.reduce((a, q) => a + shortestKeyCredit(q), 0)
  const shortestKeyShare = choice.length ? shortestKeyItems / choice.length : 0

  const singles = questions.filter((q) => q.type === 'single')
  const positionCounts: number[] = []
  for (const q of singles) {
    const i = q.options.findIndex((o) => o.correct)
    while (positionCounts.length <= i) positionCounts.push(0)
    positionCounts[i]!++
  }
  const keyPositions = positionCounts.map((c) => c / (singles.length || 1))
  const topPosition = keyPositions.reduce((top, share, index) => (share > top.share ? { index, share } : top), { index: 0, share: 0 })

  const multiples = questions.filter((q) => q.type === 'multiple')
  const correctCounts: Record<number, number> = {}
  let allButOne = 0
  let allButOneLast = 0
  for (const q of multiples) {
    const k = q.options.filter((o) => o.correct).length
    correctCounts[k] = (correctCounts[k] ?? 0) + 1
    if (k === q.options.length - 1) {
      allButOne++
      if (!q.options.at(-1)!.correct) allButOneLast++
    }
  }

  const mean = (f: (q: Question) => number) => (n ? (questions.reduce((a, q) => a + f(q), 0) / n) * 100 : 0)
  const longest = mean(longestStrategyChance)
  const shortest = mean(shortestStrategyChance)
  const overlapScore = mean(overlapStrategyChance)
  const best = Math.max(longest, shortest, overlapScore)
  const testWiseLimit = Math.min(MAX_TEST_WISE_SCORE, quiz.passMark - TEST_WISE_MARGIN_UNDER_PASS)

  if (ratio < MIN_BANK_DRAW_RATIO)
    fail(
      `el banco tiene ${n} preguntas para sortear ${draw}; necesita al menos ${MIN_BANK_DRAW_RATIO} veces las sorteadas (${Math.ceil(draw * MIN_BANK_DRAW_RATIO)})`,
      `bank/draw ratio ${ratio.toFixed(2)} < ${MIN_BANK_DRAW_RATIO}`,
    )
  if (choice.length && longestKeyShare >= MAX_LONGEST_KEY_SHARE)
    fail(
      `la respuesta correcta es la opción más larga en el ${pct(longestKeyShare)} de las preguntas de selección; debe ser menos del ${pct(MAX_LONGEST_KEY_SHARE)}`,
      `longest-key share ${pct(longestKeyShare)} ≥ ${pct(MAX_LONGEST_KEY_SHARE)}`,
    )
  if (singles.length >= MIN_SINGLE_ITEMS_FOR_POSITION && topPosition.share > MAX_KEY_POSITION_SHARE)
    fail(
      `la respuesta correcta está en la posición ${topPosition.index + 1} en el ${pct(topPosition.share)} de las preguntas de respuesta única; ninguna posición debe pasar del ${pct(MAX_KEY_POSITION_SHARE)}`,
      `key in position ${topPosition.index + 1} in ${pct(topPosition.share)} of single items > ${pct(MAX_KEY_POSITION_SHARE)}`,
    )
  if (multiples.length >= MIN_MULTIPLE_ITEMS_FOR_PATTERN) {
    const share = allButOne / multiples.length
    if (share >= MAX_ALL_BUT_ONE_SHARE)
      fail(
        `${allButOne} de ${multiples.length} preguntas de varias respuestas marcan todas las opciones como correctas menos una (${allButOneLast} con la incorrecta al final); varíe cuántas son correctas`,
        `${pct(share)} of multiple items are all-but-one ≥ ${pct(MAX_ALL_BUT_ONE_SHARE)}`,
      )
    const counts = Object.keys(correctCounts)
    if (counts.length === 1)
      fail(
        `todas las preguntas de varias respuestas tienen ${counts[0]} opciones correctas; varíe cuántas son correctas`,
        `every multiple item has ${counts[0]} correct options`,
      )
  }
  if (best > testWiseLimit)
    fail(
      `quien no lee las lecciones y elige la opción más larga, la más corta o la que repite palabras de la pregunta saca ${best.toFixed(0)} sobre 100; debe ser como máximo ${testWiseLimit} (nota para aprobar ${quiz.passMark})`,
      `test-wise score ${best.toFixed(1)} > ${testWiseLimit}`,
    )

  return {
    id: quiz.id,
    sourcePath: quiz.sourcePath ?? '',
    kind: quiz.kind,
    passMark: quiz.passMark,
    questions: n,
    draw,
    ratio,
    choiceItems: choice.length,
    longestKeyItems,
    longestKeyShare,
    shortestKeyItems,
    shortestKeyShare,
    singleItems: singles.length,
    keyPositions,
    topPosition,
    multipleItems: multiples.length,
    allButOne,
    allButOneLast,
    correctCounts,
    testWise: { longest, shortest, overlap: overlapScore, best },
    testWiseLimit,
    failures,
  }
}

export type AssessmentSummary = {
  quizzes: QuizAssessment[]
  /** over every non-true/false item of every quiz */
  longestKeyShare: number
  /** over every non-true/false item of every quiz */
  shortestKeyShare: number
  /** question-weighted mean of each quiz's best test-wise score */
  testWise: number
  failing: string[]
  failures: string[]
}

export function assessAll(quizzes: Record<string, QuizEntry> | QuizEntry[]): AssessmentSummary {
  const list = (Array.isArray(quizzes) ? quizzes : Object.values(quizzes)).map(assessQuiz)
  const choice = list.reduce((a, q) => a + q.choiceItems, 0)
  const questions = list.reduce((a, q) => a + q.questions, 0)
  return {
    quizzes: list,
    longestKeyShare: choice ? list.reduce((a, q) => a + q.longestKeyItems, 0) / choice : 0,
    shortestKeyShare: choice ? list.reduce((a, q) => a + q.shortestKeyItems, 0) / choice : 0,
    testWise: questions ? list.reduce((a, q) => a + q.testWise.best * q.questions, 0) / questions : 0,
    failing: list.filter((q) => q.failures.length).map((q) => q.id),
    failures: list.flatMap((q) => q.failures),
  }
}

/** The per-file table printed by scripts/build-content.ts. */
export function formatAssessmentTable(summary: AssessmentSummary): string {
  const header = ['evaluación', 'n/sorteo', 'banco/sorteo', 'clave más larga', 'clave más corta', 'posición top', 'varias resp.', 'test-wise', '']
  const rows = summary.quizzes.map((q) => {
    const counts = Object.entries(q.correctCounts)
      .map(([k, c]) => `${k}×${c}`)
      .join(' ')
    const multiple = q.multipleItems ? `${q.allButOne}/${q.multipleItems} todas-menos-1 (${q.allButOneLast} últ.) [${counts}]` : '—'
    return [
      q.id,
      `${q.questions}/${q.draw}`,
      q.ratio.toFixed(2),
      q.choiceItems ? `${(q.longestKeyShare * 100).toFixed(0)} %` : '—',
      q.choiceItems ? `${(q.shortestKeyShare * 100).toFixed(0)} %` : '—',
      q.singleItems ? `${q.topPosition.index + 1}: ${(q.topPosition.share * 100).toFixed(0)} % de ${q.singleItems}` : '—',
      multiple,
      `${q.testWise.best.toFixed(0)} (larga ${q.testWise.longest.toFixed(0)}, corta ${q.testWise.shortest.toFixed(0)}, palabras ${q.testWise.overlap.toFixed(0)}; máx. ${q.testWiseLimit})`,
      q.failures.length ? '✗' : '✓',
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [
    line(header),
    ...rows.map(line),
    `en total: clave más larga ${(summary.longestKeyShare * 100).toFixed(1)} % (límite < ${MAX_LONGEST_KEY_SHARE * 100} %), clave más corta ${(summary.shortestKeyShare * 100).toFixed(1)} %, test-wise ${summary.testWise.toFixed(1)} sobre 100 (ponderado por preguntas), ${summary.failing.length} de ${summary.quizzes.length} evaluaciones no pasan`,
  ].join('\n')
}

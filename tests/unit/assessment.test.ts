import { describe, expect, test } from 'vitest'
import {
  assessAll,
  assessQuiz,
  formatAssessmentTable,
  longestKeyCredit,
  longestStrategyChance,
  overlapStrategyChance,
  shortestKeyCredit,
  shortestStrategyChance,
  trueFalseGuess,
} from '#app/content/assessment.ts'
import type { Question } from '#app/content/schema.ts'
import type { QuizEntry } from '#app/content/types.ts'

const letters = ['a', 'b', 'c', 'd']

/** A question from option texts; `correct` lists the correct option ids. */
function question(id: string, type: Question['type'], prompt: string, texts: string[], correct: string[]): Question {
  const ids = type === 'truefalse' ? ['v', 'f'] : letters.slice(0, texts.length)
  return { id, type, prompt, options: ids.map((o, i) => ({ id: o, text: texts[i]!, correct: correct.includes(o) })) }
}
const tf = (id: string, prompt: string, answer: 'v' | 'f') => question(id, 'truefalse', prompt, ['Verdadero', 'Falso'], [answer])

function quiz(questions: Question[], extra: Partial<QuizEntry> = {}): QuizEntry {
  return {
    id: 'prueba-quiz',
    kind: 'quiz',
    title: 'Prueba',
    passMark: 70,
    shuffle: true,
    questions,
    slug: 'prueba',
    sourcePath: 'content/prueba/quiz.yml',
    courseId: 'c',
    moduleId: 'm',
    programmeId: null,
    ...extra,
  }
}

// Prompts whose words are all stopwords or shorter than 4 letters, so word overlap gives nothing.
const neutral = (i: number) => `¿Cuál es la ${i}?`

/**
 * A balanced bank: every option of an item has the same length, keys rotate over positions,
 * multiple-answer items have 1 or 2 correct options of 4, true/false items don't follow the
 * absolute-word rule. 12 questions, 6 drawn.
 */
function balancedQuestions(keyText: (i: number, letter: string) => string = (i, l) => `opción ${l}${i}`): Question[] {
  const singles = [0, 1, 2, 3, 0, 1].map((pos, i) =>
    question(
      `s${i}`,
      'single',
      neutral(i),
      letters.map((l) => (l === letters[pos] ? keyText(i, l) : `opción ${l}${i}`)),
      [letters[pos]!],
    ),
  )
  const multiples = [['a'], ['b', 'd'], ['c'], ['a', 'c']].map((correct, i) =>
    question(
      `m${i}`,
      'multiple',
      neutral(10 + i),
      letters.map((l) => (correct.includes(l) ? keyText(10 + i, l) : `opción ${l}${10 + i}`)),
      correct,
    ),
  )
  return [...singles, ...multiples, tf('t1', 'Siempre hay que medir el aire antes de entrar.', 'v'), tf('t2', 'El grisú pesa más que el aire.', 'f')]
}

describe('assessment of a quiz bank', () => {
  test('a bank whose key is always the longest option fails, with the reason in Spanish and English', () => {
    const result = assessQuiz(
      quiz(
        balancedQuestions((i, l) => `opción ${l}${i}, la correcta y bien explicada`),
        { draw: 6 },
      ),
    )
    expect(result.longestKeyShare).toBe(1)
    expect(result.failures).toContain(
      'prueba-quiz: la respuesta correcta es la opción más larga en el 100 % de las preguntas de selección; debe ser menos del 40 % (longest-key share 100 % ≥ 40 %)',
    )
    // Longest option: 6 singles right + 4 multiples right (the long keys are exactly the ones ≥ the mean) + 0 of 2 true/false.
    expect(result.testWise.longest).toBeCloseTo((10 / 12) * 100, 10)
    expect(result.failures.some((f) => f.includes('(test-wise score 83.3 > 50)'))).toBe(true)
  })

  test('a balanced bank passes every rule', () => {
    const result = assessQuiz(quiz(balancedQuestions(), { draw: 6 }))
    // Singles: 4 tied options, 1/4 each; multiples: k/4 of the tied options are correct.
    expect(result.longestKeyShare).toBeCloseTo((6 * 0.25 + 0.25 + 0.5 + 0.25 + 0.5) / 10, 10)
    expect(result.topPosition.share).toBeCloseTo(2 / 6, 10)
    expect(result.ratio).toBe(2)
    expect(result.testWise.best).toBeLessThanOrEqual(50)
    expect(result.failures).toEqual([])
  })

  test('the bank must hold twice the questions drawn', () => {
    expect(assessQuiz(quiz(balancedQuestions(), { draw: 7 })).failures).toEqual([
      'prueba-quiz: el banco tiene 12 preguntas para sortear 7; necesita al menos 2 veces las sorteadas (14) (bank/draw ratio 1.71 < 2)',
    ])
    expect(assessQuiz(quiz(balancedQuestions())).ratio).toBe(1)
  })

  test('the key in the same position in more than 60 % of 5+ single items fails; 4 items are too few to judge', () => {
    const firstKey = (n: number) => Array.from({ length: n }, (_, i) => question(`s${i}`, 'single', neutral(i), ['uno', 'dos', 'tre'], ['a']))
    const five = assessQuiz(quiz([...firstKey(5), ...firstKey(5).map((q) => ({ ...q, id: `x${q.id}` }))], { draw: 5 }))
    expect(five.keyPositions).toEqual([1])
    expect(five.failures.some((f) => f.endsWith('(key in position 1 in 100 % of single items > 60 %)'))).toBe(true)
    const four = assessQuiz(quiz(firstKey(4), { draw: 2 }))
    expect(four.failures.some((f) => f.includes('key in position'))).toBe(false)
  })

  test('ties for the longest option count fractionally', () => {
    expect(longestKeyCredit(question('q', 'single', 'p', ['largo', 'largo', 'x'], ['a']))).toBe(0.5)
    expect(longestKeyCredit(question('q', 'single', 'p', ['largo', 'largo', 'corto!'], ['c']))).toBe(1)
    expect(longestKeyCredit(question('q', 'multiple', 'p', ['aaa', 'bbb', 'ccc', 'd'], ['a', 'b']))).toBeCloseTo(2 / 3, 10)
  })
})

describe('multiple-answer key pattern', () => {
  const multiple = (i: number, correct: string[]) => question(`m${i}`, 'multiple', neutral(i), ['aaaa', 'bbbb', 'cccc', 'dddd'], correct)
  const failuresOf = (items: Question[]) => assessQuiz(quiz(items, { draw: 1 })).failures

  test('every option correct but the last, in every item, is caught twice: all-but-one and one count of correct options', () => {
    const items = [0, 1, 2, 3].map((i) => multiple(i, ['a', 'b', 'c']))
    const result = assessQuiz(quiz(items, { draw: 1 }))
    expect(result.allButOne).toBe(4)
    expect(result.allButOneLast).toBe(4)
    expect(result.correctCounts).toEqual({ 3: 4 })
    expect(result.failures.filter((f) => f.includes('multiple'))).toEqual([
      'prueba-quiz: 4 de 4 preguntas de varias respuestas marcan todas las opciones como correctas menos una (4 con la incorrecta al final); varíe cuántas son correctas (100 % of multiple items are all-but-one ≥ 75 %)',
      'prueba-quiz: todas las preguntas de varias respuestas tienen 3 opciones correctas; varíe cuántas son correctas (every multiple item has 3 correct options)',
    ])
  })

  test('75 % all-but-one fails even with varied positions and counts; 50 % passes', () => {
    const three = [multiple(0, ['a', 'b', 'c']), multiple(1, ['b', 'c', 'd']), multiple(2, ['a', 'c', 'd']), multiple(3, ['a'])]
    expect(failuresOf(three).some((f) => f.endsWith('(75 % of multiple items are all-but-one ≥ 75 %)'))).toBe(true)
    const two = [multiple(0, ['a', 'b', 'c']), multiple(1, ['b', 'c', 'd']), multiple(2, ['a', 'c']), multiple(3, ['d'])]
    expect(failuresOf(two).filter((f) => f.includes('multiple'))).toEqual([])
  })

  test('the same number of correct options in every item fails even when it is not all-but-one', () => {
    const items = [multiple(0, ['a', 'b']), multiple(1, ['c', 'd']), multiple(2, ['a', 'd']), multiple(3, ['b', 'c'])]
    expect(failuresOf(items).filter((f) => f.includes('multiple'))).toEqual([
      'prueba-quiz: todas las preguntas de varias respuestas tienen 2 opciones correctas; varíe cuántas son correctas (every multiple item has 2 correct options)',
    ])
  })

  test('three multiple-answer items are too few to judge the pattern', () => {
    expect(failuresOf([0, 1, 2].map((i) => multiple(i, ['a', 'b', 'c']))).filter((f) => f.includes('multiple'))).toEqual([])
  })
})

describe('test-wise score', () => {
  test('a tiny known case gives the exact expected value', () => {
    // q1 single "Pregunta uno": key "xxxx" (4 chars), distractors "yyyyyy", "zzzzzz" (6 each).
    //    longest: picks y or z → 0.  overlap: no option shares a word → 3-way tie → 1/3.
    // q2 single "¿Dónde se junta el metano?": key "Cerca del techo, donde sube el metano" is the longest and
    //    the only one sharing a word (metano; "donde" is a stopword) → longest 1, overlap 1.
    // q3 multiple "¿Qué sirve contra el polvo y el ruido?": keys "Mascarilla para el polvo" (24),
    //    "Tapones para el ruido" (21); distractor "Una linterna muy grande y pesada" (32). Mean 77/3 ≈ 25.7:
    //    longest picks only the distractor → 0. overlap picks the two options sharing polvo/ruido → exact set → 1.
    // q4 truefalse "El grisú nunca explota." (Falso): absolute word → guesses Falso → 1 under both.
    // q5 truefalse "Todo minero necesita casco." (Verdadero): absolute word → guesses Falso → 0 under both.
    // longest = (0 + 1 + 0 + 1 + 0) / 5 = 40; overlap = (1/3 + 1 + 1 + 1 + 0) / 5 = 2/3 → 66.67; best = 200/3.
    const questions = [
      question('q1', 'single', 'Pregunta uno', ['xxxx', 'yyyyyy', 'zzzzzz'], ['a']),
      question('q2', 'single', '¿Dónde se junta el metano?', ['Cerca del techo, donde sube el metano', 'En el piso', 'En la bocamina'], ['a']),
      question(
        'q3',
        'multiple',
        '¿Qué sirve contra el polvo y el ruido?',
        ['Mascarilla para el polvo', 'Tapones para el ruido', 'Una linterna muy grande y pesada'],
        ['a', 'b'],
      ),
      tf('q4', 'El grisú nunca explota.', 'f'),
      tf('q5', 'Todo minero necesita casco.', 'v'),
    ]
    expect(questions.map(longestStrategyChance)).toEqual([0, 1, 0, 1, 0])
    expect(questions.map(overlapStrategyChance)).toEqual([1 / 3, 1, 1, 1, 0])
    // Shortest: q1 key "xxxx" is the shortest → 1; q2 picks "En el piso" → 0; q3 picks the two keys (24, 21 ≤ 25.7) → 1.
    expect(questions.map(shortestStrategyChance)).toEqual([1, 0, 1, 1, 0])
    const result = assessQuiz(quiz(questions, { draw: 2 }))
    expect(result.testWise.longest).toBeCloseTo(40, 10)
    expect(result.testWise.overlap).toBeCloseTo(200 / 3, 10)
    expect(result.testWise.shortest).toBeCloseTo(60, 10)
    expect(result.testWise.best).toBeCloseTo(200 / 3, 10)
    expect(result.failures.some((f) => f.endsWith('(test-wise score 66.7 > 50)'))).toBe(true)
  })

  test('a bank whose key is always the shortest option fails on the shortest strategy alone', () => {
    // Keys "a0", "b11"…, distractors "opción a0"…: singles → shortest is the key (6 of 6); multiples → the
    // options at most as long as the mean are exactly the keys (4 of 4); true/false 0 of 2.
    const result = assessQuiz(
      quiz(
        balancedQuestions((i, l) => `${l}${i}`),
        { draw: 6 },
      ),
    )
    expect(result.shortestKeyShare).toBe(1)
    expect(result.longestKeyShare).toBe(0)
    expect(result.testWise.shortest).toBeCloseTo((10 / 12) * 100, 10)
    expect(result.testWise.longest).toBe(0)
    expect(result.testWise.overlap).toBeCloseTo(((6 * 0.25) / 12) * 100, 10)
    expect(result.testWise.best).toBeCloseTo((10 / 12) * 100, 10)
    expect(result.failures).toEqual([
      'prueba-quiz: quien no lee las lecciones y elige la opción más larga, la más corta o la que repite palabras de la pregunta saca 83 sobre 100; debe ser como máximo 50 (nota para aprobar 70) (test-wise score 83.3 > 50)',
    ])
  })

  test('shortest strategy and shortest-key share: a small case by hand, ties fractional, the mean inclusive', () => {
    const questions = [
      // Two shortest tied ("ab", "cd"), the key one of them → 1/2 under both.
      question('q1', 'single', neutral(1), ['ab', 'cd', 'efgh'], ['a']),
      // Key is the longest → shortest strategy 0, credit 0.
      question('q2', 'single', neutral(2), ['corto', 'más largo', 'todavía más largo'], ['c']),
      // Lengths 2, 4, 6: mean 4, so "bbbb" (= mean) is picked too → {a, b} is the key set → 1; "aa" correct → credit 1.
      question('q3', 'multiple', neutral(3), ['aa', 'bbbb', 'cccccc'], ['a', 'b']),
      // Lengths 2, 4, 6, 8: mean 5 picks {a, b} but only a is correct → 0; "aa" correct → credit 1.
      question('q4', 'multiple', neutral(4), ['aa', 'bbbb', 'cccccc', 'dddddddd'], ['a']),
      // No absolute word → Verdadero, which is right → 1.
      tf('q5', 'El casco protege la cabeza.', 'v'),
    ]
    expect(questions.map(shortestStrategyChance)).toEqual([0.5, 0, 1, 0, 1])
    expect(questions.slice(0, 4).map(shortestKeyCredit)).toEqual([0.5, 0, 1, 1])
    const result = assessQuiz(quiz(questions, { draw: 2 }))
    // (0.5 + 0 + 1 + 0 + 1) / 5 = 50: exactly at the ceiling for passMark 70, so it passes; at passMark 65 (limit 45) it fails.
    expect(result.testWise.shortest).toBeCloseTo(50, 10)
    expect(result.shortestKeyItems).toBeCloseTo(2.5, 10)
    expect(result.shortestKeyShare).toBeCloseTo(2.5 / 4, 10)
    expect(result.testWise.best).toBeCloseTo(50, 10)
    expect(result.failures.some((f) => f.includes('test-wise'))).toBe(false)
    expect(assessQuiz(quiz(questions, { draw: 2, passMark: 65 })).failures.some((f) => f.endsWith('(test-wise score 50.0 > 45)'))).toBe(true)
  })

  test('true/false: Falso when the statement has an absolute word (accents ignored), else Verdadero', () => {
    expect(trueFalseGuess(tf('t', 'Sólo el dueño de la mina puede denunciar.', 'f'))).toBe('f')
    expect(trueFalseGuess(tf('t', 'Únicamente la alcaldía decide.', 'f'))).toBe('f')
    expect(trueFalseGuess(tf('t', 'El casco protege la cabeza.', 'v'))).toBe('v')
  })

  test('the ceiling is the lower of 50 and passMark − 20', () => {
    const questions = balancedQuestions()
    expect(assessQuiz(quiz(questions, { draw: 6, passMark: 60 })).testWiseLimit).toBe(40)
    expect(assessQuiz(quiz(questions, { draw: 6, passMark: 80 })).testWiseLimit).toBe(50)
    // 6 of 12 items answered right by the longest strategy: 50 passes at passMark 70, fails at 65 (limit 45).
    const half = [
      ...questions.slice(0, 6).map((q) => ({ ...q, options: q.options.map((o) => (o.correct ? { ...o, text: `${o.text} larga` } : o)) })),
      ...questions.slice(6),
    ]
    const atLimit = assessQuiz(quiz(half, { draw: 6 }))
    expect(atLimit.testWise.best).toBe(50)
    expect(atLimit.failures.some((f) => f.includes('test-wise'))).toBe(false)
    expect(assessQuiz(quiz(half, { draw: 6, passMark: 65 })).failures.some((f) => f.includes('(test-wise score 50.0 > 45)'))).toBe(true)
  })
})

test('overall figures and the printed table', () => {
  const summary = assessAll({ a: quiz(balancedQuestions(), { id: 'a', draw: 6 }), b: quiz(balancedQuestions(), { id: 'b' }) })
  expect(summary.failing).toEqual(['b'])
  expect(summary.longestKeyShare).toBeCloseTo(0.3, 10)
  // Every option of an item has the same length, so the shortest are the longest: the same 30 %.
  expect(summary.shortestKeyShare).toBeCloseTo(0.3, 10)
  const table = formatAssessmentTable(summary)
  expect(table).toMatch(/^evaluación +n\/sorteo +banco\/sorteo +clave más larga +clave más corta +posición top/m)
  expect(table).toMatch(/^a +12\/6 +2\.00 +30 % +30 % /m)
  expect(table).toContain('clave más corta 30.0 %')
  expect(table).toMatch(/^b +12\/12 +1\.00 .*✗$/m)
  expect(table).toContain('1 de 2 evaluaciones no pasan')
})

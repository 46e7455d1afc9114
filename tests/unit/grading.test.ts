import { describe, expect, test } from 'vitest'
import type { Question } from '#app/content/schema.ts'
import { drawQuestions, gradeAttempt, isAnswerCorrect, parseAnswers } from '#app/quiz/grading.ts'

const q = (id: string, type: Question['type'], correct: string[], ids = ['a', 'b', 'c', 'd']): Question => ({
  id,
  type,
  prompt: id,
  options: (type === 'truefalse' ? ['v', 'f'] : ids).map((o) => ({ id: o, text: o, correct: correct.includes(o) })),
})

/** A small deterministic random source. */
function seeded(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
}

describe('grading each type', () => {
  test('single choice: the one right option', () => {
    const single = q('s', 'single', ['b'])
    expect(isAnswerCorrect(single, ['b'])).toBe(true)
    expect(isAnswerCorrect(single, ['a'])).toBe(false)
    expect(isAnswerCorrect(single, [])).toBe(false)
  })
  test('true/false', () => {
    const tf = q('t', 'truefalse', ['f'])
    expect(isAnswerCorrect(tf, ['f'])).toBe(true)
    expect(isAnswerCorrect(tf, ['v'])).toBe(false)
  })
  test('multiple choice is all-or-nothing', () => {
    const multi = q('m', 'multiple', ['a', 'c'])
    expect(isAnswerCorrect(multi, ['c', 'a'])).toBe(true)
    expect(isAnswerCorrect(multi, ['a'])).toBe(false)
    expect(isAnswerCorrect(multi, ['a', 'c', 'd'])).toBe(false)
  })
})

describe('score and pass mark', () => {
  const bank = new Map(Array.from({ length: 10 }, (_, i) => [`q${i}`, q(`q${i}`, 'single', ['a'])]))
  const shown = [...bank.keys()].map((id) => ({ questionId: id, optionIds: ['a', 'b', 'c', 'd'] }))
  const answersWith = (right: number) => Object.fromEntries(shown.map((s, i) => [s.questionId, [i < right ? 'a' : 'b']]))

  test('exactly 70 % passes a 70 % mark; 60 % does not', () => {
    expect(gradeAttempt(shown, answersWith(7), bank, 70)).toMatchObject({ correctCount: 7, totalCount: 10, score: 70, passed: true })
    expect(gradeAttempt(shown, answersWith(6), bank, 70)).toMatchObject({ score: 60, passed: false })
  })

  test('2 of 3 (66.7 %) fails a 70 % mark and 69 % never rounds up to a pass', () => {
    const three = shown.slice(0, 3)
    expect(gradeAttempt(three, answersWith(2), bank, 70)).toMatchObject({ score: 66, passed: false })
  })
})

describe('drawing and shuffling', () => {
  const quiz = {
    questions: Array.from({ length: 12 }, (_, i) => q(`q${i}`, i % 3 === 0 ? 'truefalse' : 'single', i % 3 === 0 ? ['v'] : ['a'])),
    draw: 5,
    shuffle: true,
  }

  test('draws the number of questions asked for, each once, with all its options', () => {
    const shown = drawQuestions(quiz, seeded(1))
    expect(shown).toHaveLength(5)
    expect(new Set(shown.map((s) => s.questionId)).size).toBe(5)
    for (const s of shown) expect([...s.optionIds].sort()).toEqual(s.optionIds.length === 2 ? ['f', 'v'] : ['a', 'b', 'c', 'd'])
  })

  test('the same random source gives the same attempt; true/false keeps Verdadero first', () => {
    const counter = () => {
      let n = 0
      return () => `t${n++}`
    }
    expect(drawQuestions(quiz, seeded(7), counter())).toEqual(drawQuestions(quiz, seeded(7), counter()))
    const tf = drawQuestions({ ...quiz, draw: undefined }, seeded(3)).filter((s) => s.optionIds.includes('v'))
    expect(tf.every((s) => s.optionIds[0] === 'v')).toBe(true)
  })

  test('without shuffle, the bank order is kept', () => {
    expect(drawQuestions({ ...quiz, draw: undefined, shuffle: false }).map((s) => s.questionId)).toEqual(quiz.questions.map((x) => x.id))
  })
})

describe('reading answers from the form', () => {
  const shown = [
    { questionId: 'q1', optionIds: ['b', 'a'] },
    { questionId: 'q2', optionIds: ['a', 'b', 'c'] },
  ]
  const types = new Map<string, Question>([
    ['q1', q('q1', 'single', ['a'], ['a', 'b'])],
    ['q2', q('q2', 'multiple', ['a', 'c'], ['a', 'b', 'c'])],
  ])
  test('collects single and multiple answers', () => {
    const { answers, problems } = parseAnswers(
      [
        ['q:q1', 'a'],
        ['q:q2', 'a'],
        ['q:q2', 'c'],
      ],
      shown,
      types,
    )
    expect(problems).toEqual([])
    expect(answers).toEqual({ q1: ['a'], q2: ['a', 'c'] })
  })
  test('refuses a question that was not in the attempt, an unknown option and a missing answer', () => {
    const { problems } = parseAnswers(
      [
        ['q:q9', 'a'],
        ['q:q1', 'z'],
      ],
      shown,
      types,
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        { questionId: 'q9', problem: 'unknownQuestion' },
        { questionId: 'q1', problem: 'unknownOption' },
        { questionId: 'q2', problem: 'unanswered' },
      ]),
    )
  })
})

describe('what the page can tell about the answers', () => {
  const quiz = { questions: Array.from({ length: 8 }, (_, i) => q(`q${i}`, 'single', ['a'])), draw: undefined, shuffle: true }

  test('options carry random per-attempt tokens, never the authoring ids, and grading maps them back', () => {
    const shown = drawQuestions(quiz, seeded(5), () => Math.random().toString(36).slice(2))
    const tokens = shown.flatMap((s) => s.snapshot!.options.map((o) => o.token))
    expect(new Set(tokens).size).toBe(tokens.length)
    for (const t of tokens) expect(['a', 'b', 'c', 'd']).not.toContain(t)
    const bank = new Map(quiz.questions.map((x) => [x.id, x]))
    const rightTokens = shown.map((s) => [`q:${s.questionId}`, s.snapshot!.options.find((o) => o.correct)!.token] as [string, string])
    const { answers, problems } = parseAnswers(rightTokens, shown, bank)
    expect(problems).toEqual([])
    expect(gradeAttempt(shown, answers, bank).score).toBe(100)
    // The authoring id "a" is not an answer any more.
    expect(
      parseAnswers(
        shown.map((s) => [`q:${s.questionId}`, 'a'] as [string, string]),
        shown,
        bank,
      ).problems[0],
    ).toMatchObject({ problem: 'unknownOption' })
  })

  test('a huge form repeating one answer is refused at once (no quadratic parsing)', () => {
    const shown = drawQuestions(quiz, seeded(2))
    const bank = new Map(quiz.questions.map((x) => [x.id, x]))
    const token = shown[0].snapshot!.options[0].token
    const huge: [string, string][] = Array.from({ length: 100_000 }, () => [`q:${shown[0].questionId}`, token])
    const started = performance.now()
    expect(parseAnswers(huge, shown, bank).problems).toEqual([{ questionId: null, problem: 'tooManyFields' }])
    expect(performance.now() - started).toBeLessThan(200)
  })
})

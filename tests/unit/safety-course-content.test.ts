import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { assessQuiz } from '#app/content/assessment.ts'
import { QuizSchema, type Question, type QuizDefinition } from '#app/content/schema.ts'

// Guards for the safety course's banks and the content corrections of issue 12. Reads the real
// files of modules 01–04 and the final exam (modules 05–06 are another author's).
const COURSE = 'content/courses/seguridad-y-salud-minera'
const MODULES = ['01-peligros-de-la-mina', '02-protegerse', '03-emergencias-y-salvamento', '04-deberes-legales']

function loadQuiz(path: string): QuizDefinition {
  return QuizSchema.parse(parse(readFileSync(join(COURSE, path), 'utf8')))
}
const moduleQuizzes = MODULES.map((m) => ({ path: `${m}/quiz.yml`, quiz: loadQuiz(`${m}/quiz.yml`) }))
const exam = { path: 'examen-final.yml', quiz: loadQuiz('examen-final.yml') }
const banks = [...moduleQuizzes, exam]
const lessons = MODULES.flatMap((m) =>
  readdirSync(join(COURSE, m))
    .filter((f) => f.endsWith('.mdx') && f !== 'module.mdx')
    .map((f) => ({ path: `${m}/${f}`, text: readFileSync(join(COURSE, m, f), 'utf8') })),
)
const allText = (q: Question) => [q.prompt, q.explanation ?? '', ...q.options.flatMap((o) => [o.text, o.feedback ?? ''])].join(' ')

describe('safety course banks', () => {
  test.each(banks)('$path passes the assessment check with a never-reading score of at most 40', ({ quiz }) => {
    const a = assessQuiz(quiz)
    expect(a.failures).toEqual([])
    expect(a.testWise.best).toBeLessThanOrEqual(40)
    expect(a.longestKeyShare).toBeLessThan(0.3)
  })

  test('module quizzes draw 5 from at least 10; the exam draws 10 from at least 20 and keeps its attempt rules', () => {
    for (const { quiz } of moduleQuizzes) {
      expect(quiz.draw).toBe(5)
      expect(quiz.questions.length).toBeGreaterThanOrEqual(10)
    }
    expect(exam.quiz.draw).toBe(10)
    expect(exam.quiz.questions.length).toBeGreaterThanOrEqual(20)
    expect([exam.quiz.maxAttempts, exam.quiz.attemptWindowHours, exam.quiz.timeLimitMinutes]).toEqual([3, 24, 30])
  })

  test('every question names its lesson and explains the answer', () => {
    for (const { quiz } of banks)
      for (const q of quiz.questions) {
        expect(q.lesson, q.id).toMatch(/^seguridad-m[1-6]-l\d$/)
        expect(q.explanation?.length ?? 0, q.id).toBeGreaterThan(20)
        for (const o of q.options) expect(o.feedback?.length ?? 0, `${q.id}/${o.id}`).toBeGreaterThan(5)
      }
  })
})

describe('safety course content corrections', () => {
  test('a child-labour item is never answered by talking to the family alone: its keys name where to report', () => {
    const authority = /141|Comisaría|ICBF|inspector|Policía de Infancia/i
    let checked = 0
    for (const { quiz } of banks)
      for (const q of quiz.questions) {
        const aboutMinors = /\b(1[0-7]|[0-9]) años|menor|niñ|adolescente/i.test(q.prompt)
        const familyOption = q.options.some((o) => /familia|papá|mamá/i.test(o.text))
        if (!aboutMinors || !(familyOption || /familia|papá/i.test(q.prompt))) continue
        checked++
        if (q.type === 'truefalse') {
          // a statement that talking to the family is enough must be false
          if (/no necesita avisar|ya cumplió/i.test(q.prompt)) expect(q.options.find((o) => o.correct)!.id, q.id).toBe('f')
          continue
        }
        for (const o of q.options.filter((o) => o.correct)) expect(o.text, q.id).toMatch(authority)
        for (const o of q.options.filter((o) => /familia|papá|mamá/i.test(o.text) && !authority.test(o.text))) expect(o.correct, `${q.id}/${o.id}`).toBe(false)
      }
    expect(checked).toBeGreaterThanOrEqual(2)
  })

  test('the unsourced emergency mnemonic is gone from lessons and banks', () => {
    const mnemonic = /prot[eé]jase|re[uú]nase|avise, prot|reunirse e informar/i
    for (const l of lessons) expect(l.text, l.path).not.toMatch(mnemonic)
    for (const { quiz } of banks) for (const q of quiz.questions) expect(allText(q), q.id).not.toMatch(mnemonic)
  })

  test('the Decreto 1886 arts. 35 and 40 on the ventilation plan are presented as a secondary reading', () => {
    const lesson = lessons.find((l) => l.path.endsWith('01-ventilacion-y-medicion-de-gases.mdx'))!
    expect(lesson.text).toMatch(/Tomás Charris Ruiz/)
    expect(lesson.text).toMatch(/fuente secundaria/)
    expect(lesson.text).not.toMatch(/Así lo pide el Decreto 1886 de 2015 en sus artículos 35 y 40/)
    for (const { quiz } of banks) for (const q of quiz.questions) expect(allText(q), q.id).not.toMatch(/art[íi]culos? 35/)
  })

  test('the two counts of trained officials are both given with their source, and Fondo Acción is a stage-1 partner only', () => {
    const lesson = lessons.find((l) => l.path.endsWith('04-el-papel-de-las-autoridades-locales.mdx'))!
    expect(lesson.text).toMatch(/más de 60 funcionarios/)
    expect(lesson.text).toMatch(/226 funcionarios/)
    expect(lesson.text).toMatch(/Fondo Acción ya no era socio/)
  })

  test('don Jaime keeps one identity in this course: a coal miner from Sogamoso', () => {
    const mentions = [...lessons.map((l) => l.text), ...banks.flatMap(({ quiz }) => quiz.questions.map(allText))].flatMap(
      (t) => t.match(/don Jaime[^.]*\./gi) ?? [],
    )
    expect(mentions.length).toBeGreaterThan(0)
    expect(mentions.join(' ')).not.toMatch(/don Jaime, de Tópaga|don Jaime[^.]*\b(oro|Segovia|Gámeza)\b/i)
  })
})

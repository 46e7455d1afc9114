import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { assessQuiz } from '#app/content/assessment.ts'
import { QuizSchema, type QuizDefinition } from '#app/content/schema.ts'

// Guards for the two modules issue 12 adds to the safety course (05 beneficio sin mercurio,
// 06 primeros auxilios): bank size and draw, the assessment check, lesson ids, sources, and no
// fact left "(unverified)" or tied to a source the FACTS file says was not found.
const COURSE = 'content/courses/seguridad-y-salud-minera'
const MODULES = [
  { dir: '05-beneficio-sin-mercurio', id: 'seguridad-m5' },
  { dir: '06-primeros-auxilios-y-emergencias', id: 'seguridad-m6' },
]
const load = (path: string): QuizDefinition => QuizSchema.parse(parse(readFileSync(join(COURSE, path), 'utf8')))
const lessonsOf = (dir: string) =>
  readdirSync(join(COURSE, dir))
    .filter((f) => /^\d\d-.+\.mdx$/.test(f))
    .map((f) => ({ file: f, text: readFileSync(join(COURSE, dir, f), 'utf8') }))

describe.each(MODULES)('safety module $dir', ({ dir, id }) => {
  const quiz = load(`${dir}/quiz.yml`)
  const lessons = lessonsOf(dir)
  const lessonIds = lessons.map((l) => /^id: (\S+)$/m.exec(l.text)?.[1])

  test('has three lessons with the course id pattern, objectives and a sources section', () => {
    expect(lessonIds).toEqual([`${id}-l1`, `${id}-l2`, `${id}-l3`])
    for (const l of lessons) {
      expect(l.text).toMatch(/^objectives:\n {2}- /m)
      expect(l.text).toMatch(/^## Fuentes$/m)
      expect(l.text).toMatch(/<KeyPoints>/)
      expect(l.text).toMatch(/<SelfCheck /)
      expect(l.text).not.toMatch(/unverified|sin verificar/i)
    }
  })

  test('quiz draws 5 from at least 10, every question rests on one of its lessons and explains itself', () => {
    expect(quiz.id).toBe(`${id}-quiz`)
    expect(quiz.draw).toBe(5)
    expect(quiz.questions.length).toBeGreaterThanOrEqual(10)
    for (const q of quiz.questions) {
      expect(q.id).toMatch(new RegExp(`^${id}-q\\d+$`))
      expect(lessonIds).toContain(q.lesson)
      expect(q.explanation?.length).toBeGreaterThan(20)
      for (const o of q.options) expect(o.feedback?.length, `${q.id}/${o.id}`).toBeGreaterThan(5)
    }
  })

  test('a learner who never reads scores at most 40 and the key is rarely the longest option', () => {
    const a = assessQuiz(quiz)
    expect(a.failures).toEqual([])
    expect(a.testWise.best).toBeLessThanOrEqual(40)
    expect(a.longestKeyShare).toBeLessThan(0.3)
    expect(a.topPosition.share).toBeLessThanOrEqual(0.4)
    expect(new Set(Object.keys(a.correctCounts)).size).toBeGreaterThan(1)
    const trueKeys = quiz.questions.filter((q) => q.type === 'truefalse').map((q) => q.options.find((o) => o.correct)!.id)
    expect(trueKeys).toContain('v')
    expect(trueKeys).toContain('f')
  })
})

describe('sourcing rules of the new modules', () => {
  const m5 = lessonsOf(MODULES[0]!.dir)
    .map((l) => l.text)
    .join('\n')
  const m6 = lessonsOf(MODULES[1]!.dir)
    .map((l) => l.text)
    .join('\n')
  test('mercury: retorts are never presented as lawful, and the ban date is July 2018', () => {
    expect(m5).toMatch(/julio de 2018/)
    expect(m5).toMatch(/no vuelve legal/)
  })
  test('crush injuries teach one named guideline and say the guidance conflicts (FACTS E4)', () => {
    expect(m6).toMatch(/ANZCOR 9\.1\.7/)
    expect(m6).toMatch(/Las guías no están de acuerdo/)
  })
  test('nothing is claimed from the Decreto 1886 emergency articles, which were not found (FACTS read-first 5)', () => {
    expect(m6).toMatch(/No encontramos el texto de sus artículos sobre brigadas y primeros auxilios/)
    expect(m6).not.toMatch(/Decreto 1886[^.\n]*(brigada|primeros auxilios|botiqu)/i)
  })
})

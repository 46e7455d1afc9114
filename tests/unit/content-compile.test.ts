import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { compileContent } from '#app/content/compile.server.ts'
import { LessonFrontmatterSchema, QuizSchema, describeIssues } from '#app/content/schema.ts'

describe('content schema', () => {
  test('a lesson frontmatter without objectives or with a wrong audience is refused, naming the file', () => {
    const parsed = LessonFrontmatterSchema.safeParse({ id: 'l1', title: 'T', summary: 'S', minutes: 5, audience: 'everyone' })
    expect(parsed.success).toBe(false)
    const messages = describeIssues('content/courses/x/01-m/01-l.mdx', parsed.error!)
    expect(messages).toContain('content/courses/x/01-m/01-l.mdx: audience: "audience" debe ser miners, officials o both')
    expect(messages).toContain('content/courses/x/01-m/01-l.mdx: objectives: faltan "objectives" (learning objectives)')
  })

  test('a single-choice question needs exactly one right option; true/false needs v and f', () => {
    const question = (type: string, options: object[]) => ({
      id: 'q',
      title: 'Q',
      questions: [{ id: 'q1', type, prompt: 'P', options }],
    })
    expect(
      QuizSchema.safeParse(
        question('single', [
          { id: 'a', text: 'A', correct: true },
          { id: 'b', text: 'B', correct: true },
        ]),
      ).success,
    ).toBe(false)
    expect(
      QuizSchema.safeParse(
        question('truefalse', [
          { id: 'a', text: 'A', correct: true },
          { id: 'b', text: 'B' },
        ]),
      ).success,
    ).toBe(false)
    expect(
      QuizSchema.safeParse(
        question('multiple', [
          { id: 'a', text: 'A', correct: true },
          { id: 'b', text: 'B', correct: true },
        ]),
      ).success,
    ).toBe(true)
  })
})

describe('compiling content', () => {
  test('a good course compiles to static HTML with components, anchors and a table of contents', async () => {
    const { content, errors } = await compileContent('tests/fixtures/content-ok', { strict: false })
    expect(errors).toEqual([])
    const course = content.courses[0]
    expect(course.lessons.map((l) => l.slug)).toEqual(['leccion-1', 'leccion-2', 'leccion-3'])
    const lesson = course.lessons[0]
    expect(lesson.toc).toEqual([
      { id: 'tema-de-la-lección', text: 'Tema de la lección', depth: 2 },
      { id: 'fuentes', text: 'Fuentes', depth: 2 },
    ])
    expect(lesson.html).toContain('<h2 id="tema-de-la-lección">')
    // A glossary term is a native <details> (no checkbox), in a block that is not a <p>: the HTML
    // parser would close a <p> before the <details> and split the sentence.
    expect(lesson.html).toContain(
      '<div class="para">La mina es un lugar de trabajo. El casco protege la cabeza. La <details class="term"><summary class="term-word" title="Ver definición">grisú</summary><span class="term-def" role="note">Mezcla de aire que puede explotar.</span></details> es un gas.</div>',
    )
    expect(lesson.html).not.toContain('type="checkbox"')
    expect(lesson.html).toContain('<details><summary>Ver la respuesta</summary>')
    expect(lesson.html).toContain('class="callout callout-tip"')
    // Static HTML: no compiled MDX code and no scripts reach the browser.
    expect(lesson.html).not.toMatch(/<script|function\s*\(|jsx/)
    expect(content.quizzes['prueba-m1-quiz'].moduleId).toBe('prueba-m1')
  })

  test('a broken course fails with the path of each bad file and what to fix', async () => {
    const { errors } = await compileContent('tests/fixtures/content-broken')
    const base = 'tests/fixtures/content-broken/courses/curso-roto'
    expect(errors).toEqual(
      expect.arrayContaining([
        `${base}/01-modulo/module.mdx: audience: "audience" debe ser miners, officials o both`,
        `${base}/01-modulo/01-sin-objetivos.mdx: imagen no encontrada "./no-existe.svg" (broken image path)`,
        `${base}/01-modulo/01-sin-objetivos.mdx: objectives: faltan "objectives" (learning objectives)`,
        `${base}/01-modulo: el módulo no tiene quiz.yml (module without a quiz)`,
      ]),
    )
    expect(errors.some((e) => e.startsWith(`${base}/01-modulo/03-mdx-roto.mdx: `))).toBe(true)
    // Honest hours: a declared figure above 1.5× what the content takes is refused, naming the file.
    expect(errors).toContain(
      `${base}/course.mdx: "certificateHours" (2) supera 1.5× las 0.5 horas que toma el contenido (declared hours exceed 1.5× the computed figure)`,
    )
  })

  test('the editorial rules of real courses: 400–900 words per lesson, 6+ questions per module quiz, 15+ per exam', async () => {
    const { errors } = await compileContent('tests/fixtures/content-ok', { strict: true })
    const base = 'tests/fixtures/content-ok/courses/curso-prueba'
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${base}/01-modulo/01-leccion-1.mdx: la lección tiene \\d+ palabras; debe tener entre 400 y 900`)),
        `${base}/01-modulo/quiz.yml: tiene 3 preguntas; una evaluación de módulo necesita al menos 6`,
        `${base}/examen-final.yml: tiene 3 preguntas; un examen final necesita al menos 15`,
      ]),
    )
  })

  test('npm run check:content exits with an error and the file path on a broken fixture', () => {
    const run = spawnSync('npx', ['tsx', 'scripts/build-content.ts', '--check', '--content-dir', 'tests/fixtures/content-broken'], {
      encoding: 'utf8',
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('tests/fixtures/content-broken/courses/curso-roto/01-modulo/03-mdx-roto.mdx')
  }, 60_000)

  test('npm run check:content fails when a quiz bank fails the assessment check, naming the quiz', () => {
    // One real course, copied; its first module quiz now draws its whole bank (bank/draw 1 < 2).
    mkdirSync('tests/.tmp', { recursive: true })
    const dir = mkdtempSync(join('tests/.tmp', 'assessment-gate-'))
    try {
      cpSync('content/courses/formalizacion-minera', join(dir, 'courses/formalizacion-minera'), { recursive: true })
      const quizFile = join(dir, 'courses/formalizacion-minera/01-entender-la-formalizacion/quiz.yml')
      const yaml = readFileSync(quizFile, 'utf8')
      expect(yaml).toMatch(/^draw: 5$/m)
      writeFileSync(quizFile, yaml.replace(/^draw: 5$/m, 'draw: 12'))
      const run = spawnSync('npx', ['tsx', 'scripts/build-content.ts', '--check', '--quiet', '--content-dir', dir], {
        encoding: 'utf8',
        env: process.env,
      })
      expect(run.status).toBe(1)
      expect(run.stderr).toContain('formalizacion-m1-quiz: el banco tiene 12 preguntas para sortear 12')
      expect(run.stderr).toContain('bank/draw ratio 1.00 < 2')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

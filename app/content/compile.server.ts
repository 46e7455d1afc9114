// Build-time only: turns content/ into build/content/content.json (used by
// scripts/build-content.ts and the tests; never imported by a route).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { bundleMDX } from 'mdx-bundler'
import { getMDXComponent } from 'mdx-bundler/client/index.js'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import rehypeSlug from 'rehype-slug'
import remarkGfm from 'remark-gfm'
import { visit } from 'unist-util-visit'
import { parse as parseYaml } from 'yaml'
import type { ZodType } from 'zod'
import { mdxComponents } from './mdx-components.tsx'
import { computedHours, MAX_DECLARED_HOURS_FACTOR, programmeModules } from '#app/learning/requirements.ts'
import { measureText, readableTextOfHtml, readingMinutes } from './readability.ts'
import {
  CourseFrontmatterSchema,
  LessonFrontmatterSchema,
  ModuleFrontmatterSchema,
  ProgrammeSchema,
  QuizSchema,
  describeIssues,
} from './schema.ts'
import type { CompiledContent, CourseEntry, LessonEntry, ModuleEntry, ProgrammeEntry, QuizEntry, TocEntry } from './types.ts'

// The editorial rules of the programme's courses (issue: the four courses). Fixtures compile with strict: false.
export const LESSON_WORDS = { min: 400, max: 900 }
export const MIN_MODULE_QUIZ_QUESTIONS = 6
export const MIN_EXAM_QUESTIONS = 15
export const LESSON_READABILITY_FLOOR = 55
export const COURSE_READABILITY_TARGET = 65
/** Lessons shorter than this are not scored (too little text for the formula). */
const MIN_WORDS_FOR_SCORE = 80

export type Asset = { from: string; to: string }
export type CompileResult = { content: CompiledContent; errors: string[]; assets: Asset[] }

const ordered = (dir: string, test: (name: string) => boolean) =>
  existsSync(dir) ? readdirSync(dir).filter((n) => /^\d+-/.test(n) && test(n)).sort() : []
const isDir = (p: string) => statSync(p).isDirectory()
const slugOf = (name: string) => name.replace(/^\d+-/, '').replace(/\.mdx$/, '')

type Compiled = { frontmatter: Record<string, unknown>; html: string; toc: TocEntry[] }

/** Compiles one MDX file and renders it to static HTML with our components. */
async function compileMdx(file: string, publicBase: string, assets: Asset[], errors: string[], rel: string): Promise<Compiled | null> {
  const toc: TocEntry[] = []
  const dir = dirname(file)
  // Local images (markdown images and <Figure src>) must exist; they are copied to public/.
  const rewrite = (src: unknown) => {
    if (typeof src !== 'string' || /^(https?:|data:|\/)/.test(src)) return src
    const from = resolve(dir, src)
    if (!existsSync(from)) {
      errors.push(`${rel}: imagen no encontrada "${src}" (broken image path)`)
      return src
    }
    const to = `${publicBase}/${basename(from)}`
    assets.push({ from, to })
    return to
  }
  const remarkAssets = () => (tree: any) => {
    visit(tree, (node: any) => {
      if (node.type === 'image') node.url = rewrite(node.url)
      if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Figure') {
        const src = node.attributes?.find((a: any) => a.name === 'src')
        if (src) src.value = rewrite(src.value)
      }
    })
  }
  const rehypeToc = () => (tree: any) => {
    visit(tree, 'element', (node: any) => {
      if ((node.tagName === 'h2' || node.tagName === 'h3') && node.properties?.id) {
        const text: string[] = []
        visit(node, 'text', (t: any) => void text.push(t.value))
        toc.push({ id: String(node.properties.id), text: text.join('').trim(), depth: node.tagName === 'h2' ? 2 : 3 })
      }
    })
  }
  try {
    const source = readFileSync(file, 'utf8')
    const { code, frontmatter } = await bundleMDX({
      source,
      cwd: dir,
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, remarkAssets]
        options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeSlug, rehypeToc]
        return options
      },
    })
    const Component = getMDXComponent(code)
    const html = renderToStaticMarkup(createElement(Component, { components: mdxComponents }))
    return { frontmatter, html, toc }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    errors.push(`${rel}: ${message}`)
    return null
  }
}

function validate<T>(schema: ZodType<T, any, any>, value: unknown, rel: string, errors: string[]): T | null {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  errors.push(...describeIssues(rel, parsed.error))
  return null
}

function readQuiz(file: string, rel: string, errors: string[]) {
  try {
    return validate(QuizSchema, parseYaml(readFileSync(file, 'utf8')), rel, errors)
  } catch (error) {
    errors.push(`${rel}: YAML inválido: ${error instanceof Error ? error.message.split('\n')[0] : error}`)
    return null
  }
}

export async function compileContent(contentDir: string, options: { strict?: boolean } = {}): Promise<CompileResult> {
  const strict = options.strict ?? true
  const root = resolve(contentDir)
  const rel = (p: string) => relative(process.cwd(), p) || p
  const errors: string[] = []
  const assets: Asset[] = []
  const courses: CourseEntry[] = []
  const quizzes: Record<string, QuizEntry> = {}
  const programmes: ProgrammeEntry[] = []
  /** certificateHours as the author wrote it (absent: computed from the content). */
  const declaredHours = new Map<string, number | undefined>()
  const idOwners = new Map<string, string>()
  const claimId = (id: string, path: string) => {
    const owner = idOwners.get(id)
    if (owner) errors.push(`${path}: id repetido "${id}", ya usado en ${owner} (duplicate id)`)
    else idOwners.set(id, path)
  }
  const addQuiz = (file: string, place: Pick<QuizEntry, 'courseId' | 'moduleId' | 'programmeId'>, slug: string) => {
    const quiz = readQuiz(file, rel(file), errors)
    if (!quiz) return null
    claimId(quiz.id, rel(file))
    quizzes[quiz.id] = { ...quiz, ...place, slug, sourcePath: rel(file) }
    return quiz.id
  }

  const coursesDir = join(root, 'courses')
  const courseDirs = existsSync(coursesDir) ? readdirSync(coursesDir).filter((n) => isDir(join(coursesDir, n))).sort() : []
  for (const courseSlug of courseDirs) {
    const courseDir = join(coursesDir, courseSlug)
    const courseFile = join(courseDir, 'course.mdx')
    if (!existsSync(courseFile)) {
      errors.push(`${rel(courseDir)}: falta course.mdx (missing course.mdx)`)
      continue
    }
    const courseCompiled = await compileMdx(courseFile, `/contenido/${courseSlug}`, assets, errors, rel(courseFile))
    const courseFm = courseCompiled && validate(CourseFrontmatterSchema, courseCompiled.frontmatter, rel(courseFile), errors)
    if (!courseCompiled || !courseFm) continue
    claimId(courseFm.id, rel(courseFile))

    const modules: ModuleEntry[] = []
    const lessons: LessonEntry[] = []
    const lessonSlugs = new Map<string, string>()
    for (const moduleDirName of ordered(courseDir, (n) => isDir(join(courseDir, n)))) {
      const moduleDir = join(courseDir, moduleDirName)
      const moduleFile = join(moduleDir, 'module.mdx')
      const publicBase = `/contenido/${courseSlug}/${slugOf(moduleDirName)}`
      if (!existsSync(moduleFile)) {
        errors.push(`${rel(moduleDir)}: falta module.mdx (missing module.mdx)`)
        continue
      }
      const moduleCompiled = await compileMdx(moduleFile, publicBase, assets, errors, rel(moduleFile))
      const moduleFm = moduleCompiled && validate(ModuleFrontmatterSchema, moduleCompiled.frontmatter, rel(moduleFile), errors)
      // A bad module is reported, and its lessons are still checked so authors see every problem at once.
      const moduleId = moduleFm?.id ?? `invalid-${moduleDirName}`
      if (moduleFm) claimId(moduleFm.id, rel(moduleFile))

      const lessonIds: string[] = []
      for (const lessonName of ordered(moduleDir, (n) => n.endsWith('.mdx'))) {
        const lessonFile = join(moduleDir, lessonName)
        const path = rel(lessonFile)
        const compiled = await compileMdx(lessonFile, publicBase, assets, errors, path)
        const fm = compiled && validate(LessonFrontmatterSchema, compiled.frontmatter, path, errors)
        if (!compiled || !fm) continue
        claimId(fm.id, path)
        const slug = slugOf(lessonName)
        if (lessonSlugs.has(slug)) errors.push(`${path}: el nombre de archivo "${slug}" ya existe en ${lessonSlugs.get(slug)} (lesson slugs must be unique in a course)`)
        lessonSlugs.set(slug, path)
        if (!compiled.toc.some((h) => h.depth === 2 && /^fuentes$/i.test(h.text))) {
          errors.push(`${path}: falta la sección "## Fuentes" con las fuentes de la lección (missing sources section)`)
        }
        const text = readableTextOfHtml(compiled.html)
        const { words, inflesz } = measureText(text)
        if (strict && inflesz !== null && words >= MIN_WORDS_FOR_SCORE && inflesz < LESSON_READABILITY_FLOOR) {
          errors.push(`${path}: legibilidad INFLESZ ${inflesz.toFixed(1)}, por debajo de ${LESSON_READABILITY_FLOOR}: use frases más cortas y palabras más sencillas`)
        }
        if (strict && (words < LESSON_WORDS.min || words > LESSON_WORDS.max)) {
          errors.push(`${path}: la lección tiene ${words} palabras; debe tener entre ${LESSON_WORDS.min} y ${LESSON_WORDS.max} (sin contar las fuentes)`)
        }
        lessonIds.push(fm.id)
        lessons.push({
          ...fm,
          slug,
          toc: compiled.toc,
          courseId: courseFm.id,
          moduleId,
          sourcePath: path,
          words,
          inflesz,
          readingMinutes: readingMinutes(text),
          html: compiled.html,
        })
      }
      if (lessonIds.length === 0) errors.push(`${rel(moduleDir)}: el módulo no tiene lecciones (module without lessons)`)
      const quizFile = join(moduleDir, 'quiz.yml')
      let quizId: string | null = null
      if (existsSync(quizFile)) {
        quizId = addQuiz(quizFile, { courseId: courseFm.id, moduleId, programmeId: null }, slugOf(moduleDirName))
      } else errors.push(`${rel(moduleDir)}: el módulo no tiene quiz.yml (module without a quiz)`)
      if (moduleFm && moduleCompiled) modules.push({ ...moduleFm, slug: slugOf(moduleDirName), introHtml: moduleCompiled.html, lessonIds, quizId })
    }

    const examFile = join(courseDir, 'examen-final.yml')
    const examId = existsSync(examFile) ? addQuiz(examFile, { courseId: courseFm.id, moduleId: null, programmeId: null }, 'examen-final') : null
    if (strict) {
      const scored = lessons.filter((l) => l.inflesz !== null && l.words >= MIN_WORDS_FOR_SCORE)
      const mean = scored.reduce((a, l) => a + (l.inflesz ?? 0), 0) / (scored.length || 1)
      if (scored.length && mean < COURSE_READABILITY_TARGET) {
        errors.push(`${rel(courseDir)}: legibilidad media INFLESZ ${mean.toFixed(1)}, por debajo de ${COURSE_READABILITY_TARGET}`)
      }
    }
    courses.push({
      ...courseFm,
      slug: courseSlug,
      descriptionHtml: courseCompiled.html,
      modules,
      lessons,
      examId,
      certificateHours: 0,
      computedHours: 0,
    })
    declaredHours.set(courseFm.id, courseFm.certificateHours)
  }

  const programmesDir = join(root, 'programas')
  for (const slug of existsSync(programmesDir) ? readdirSync(programmesDir).filter((n) => isDir(join(programmesDir, n))).sort() : []) {
    const file = join(programmesDir, slug, 'programa.yml')
    let raw: unknown
    try {
      raw = parseYaml(readFileSync(file, 'utf8'))
    } catch (error) {
      errors.push(`${rel(file)}: ${error instanceof Error ? error.message.split('\n')[0] : error}`)
      continue
    }
    const programme = validate(ProgrammeSchema, raw, rel(file), errors)
    if (!programme) continue
    claimId(programme.id, rel(file))
    const examFile = join(programmesDir, slug, 'examen-final.yml')
    const examId = existsSync(examFile) ? addQuiz(examFile, { courseId: null, moduleId: null, programmeId: programme.id }, 'examen-final') : null
    const { modules: moduleIds, ...rest } = programme
    programmes.push({ ...rest, slug, moduleIds, examId, sourcePath: rel(file), certificateHours: 0, computedHours: 0 })
    declaredHours.set(programme.id, programme.certificateHours)
  }

  if (strict) {
    for (const quiz of Object.values(quizzes)) {
      const min = quiz.kind === 'exam' ? MIN_EXAM_QUESTIONS : MIN_MODULE_QUIZ_QUESTIONS
      if (quiz.questions.length < min) errors.push(`${quiz.sourcePath}: tiene ${quiz.questions.length} preguntas; ${quiz.kind === 'exam' ? 'un examen final' : 'una evaluación de módulo'} necesita al menos ${min}`)
    }
  }

  // Cross-references: quiz questions → lessons, programmes → modules.
  const lessonIds = new Set(courses.flatMap((c) => c.lessons.map((l) => l.id)))
  const moduleIds = new Set(courses.flatMap((c) => c.modules.map((m) => m.id)))
  for (const quiz of Object.values(quizzes)) {
    const own = quiz.courseId ? new Set(courses.find((c) => c.id === quiz.courseId)?.lessons.map((l) => l.id)) : lessonIds
    for (const q of quiz.questions) {
      if (q.lesson && !own.has(q.lesson)) errors.push(`${quiz.sourcePath}: la pregunta ${q.id} apunta a una lección que no existe: ${q.lesson}`)
    }
  }
  for (const p of programmes) {
    for (const m of p.moduleIds) if (!moduleIds.has(m)) errors.push(`${p.sourcePath}: módulo inexistente ${m} (unknown module)`)
  }

  // Honest hours: what the content takes (reading plus quizzes), or a declared figure no larger than 1.5× that.
  const settleHours = (entry: { id: string; computedHours: number }, path: string) => {
    const declared = declaredHours.get(entry.id)
    if (declared === undefined) return entry.computedHours
    if (declared > entry.computedHours * MAX_DECLARED_HOURS_FACTOR)
      errors.push(
        `${path}: "certificateHours" (${declared}) supera ${MAX_DECLARED_HOURS_FACTOR}× las ${entry.computedHours} horas que toma el contenido (declared hours exceed ${MAX_DECLARED_HOURS_FACTOR}× the computed figure)`,
      )
    return declared
  }
  const quizzesOf = (ids: (string | null)[]) => ids.flatMap((id) => (id && quizzes[id] ? [quizzes[id]] : []))
  for (const course of courses) {
    course.computedHours = computedHours(course.lessons, quizzesOf([...course.modules.map((m) => m.quizId), course.examId]))
    course.certificateHours = settleHours(course, rel(join(coursesDir, course.slug, 'course.mdx')))
  }
  for (const programme of programmes) {
    const modules = programmeModules(programme, courses)
    const lessons = modules.flatMap(({ course, module }) => course.lessons.filter((l) => l.moduleId === module.id))
    programme.computedHours = computedHours(lessons, quizzesOf([...modules.map(({ module }) => module.quizId), programme.examId]))
    programme.certificateHours = settleHours(programme, programme.sourcePath)
  }

  courses.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title))
  programmes.sort((a, b) => a.order - b.order)
  return { content: { builtAt: new Date().toISOString(), courses, quizzes, programmes }, errors, assets }
}

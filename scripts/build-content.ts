// Compiles content/ once, at build time (never per request):
//   npm run build:content            → build/content/content.json + images in public/contenido/
//   npm run check:content            → the same checks, writes nothing; exits 1 on any problem
//   tsx scripts/build-content.ts --watch      (used by `npm run dev`: recompiles on change)
//   tsx scripts/build-content.ts --content-dir tests/fixtures/content-broken --check
// After a successful compile, both build and --check run the assessment check
// (app/content/assessment.ts) and print its figures per quiz; a failing quiz fails the run.
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { assessAll, formatAssessmentTable } from '#app/content/assessment.ts'
import { compileContent, type CompileResult } from '#app/content/compile.server.ts'

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    'content-dir': { type: 'string', default: 'content' },
    out: { type: 'string', default: process.env.CONTENT_BUILD_DIR ?? 'build/content' },
    quiet: { type: 'boolean', default: false },
  },
})
const contentDir = values['content-dir']!
const outDir = resolve(values.out!)

function report({ content }: CompileResult) {
  if (values.quiet) return
  for (const course of content.courses) {
    const scored = course.lessons.filter((l) => l.inflesz !== null)
    const mean = scored.reduce((a, l) => a + (l.inflesz ?? 0), 0) / (scored.length || 1)
    const words = course.lessons.reduce((a, l) => a + l.words, 0)
    const low = Math.min(...scored.map((l) => l.inflesz ?? 100))
    console.log(
      `${course.slug.padEnd(30)} ${String(course.modules.length).padStart(2)} módulos ${String(course.lessons.length).padStart(3)} lecciones ${String(words).padStart(6)} palabras  INFLESZ medio ${mean.toFixed(1)} (mín. ${low.toFixed(1)})`,
    )
  }
  const questions = Object.values(content.quizzes).reduce((a, q) => a + q.questions.length, 0)
  console.log(`${Object.keys(content.quizzes).length} evaluaciones, ${questions} preguntas, ${content.programmes.length} programa(s)`)
}

/** The assessment check of issue 12: figures per quiz; any failure fails the build. */
function assess({ content }: CompileResult): boolean {
  const summary = assessAll(content.quizzes)
  if (!values.quiet) console.log(`\nEvaluaciones: ¿se aprueban sin leer? / assessment check\n${formatAssessmentTable(summary)}`)
  if (!summary.failures.length) return true
  console.error(`\n${summary.failures.length} problema(s) en las evaluaciones / assessment problems:\n`)
  for (const f of summary.failures) console.error(`  ✗ ${f}`)
  return false
}

function write({ content, assets }: CompileResult) {
  mkdirSync(outDir, { recursive: true })
  // Write then rename, so a running server never reads a half-written file.
  const tmp = join(outDir, `content.json.${process.pid}.tmp`)
  writeFileSync(tmp, JSON.stringify(content))
  renameSync(tmp, join(outDir, 'content.json'))
  const publicDir = resolve('public/contenido')
  rmSync(publicDir, { recursive: true, force: true })
  for (const asset of assets) {
    const to = resolve('public', `.${asset.to}`)
    mkdirSync(dirname(to), { recursive: true })
    copyFileSync(asset.from, to)
  }
}

async function run(): Promise<boolean> {
  const started = performance.now()
  const result = await compileContent(contentDir)
  if (result.errors.length) {
    console.error(`\nEl contenido tiene ${result.errors.length} problema(s) / content has problems:\n`)
    for (const e of result.errors) console.error(`  ✗ ${e}`)
    return false
  }
  report(result)
  if (!assess(result)) return false
  if (!values.check) write(result)
  if (!values.quiet) console.log(`contenido ${values.check ? 'revisado' : 'compilado'} en ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return true
}

const ok = await run()
if (!values.watch) process.exit(ok ? 0 : 1)

const { watch } = await import('chokidar')
let timer: NodeJS.Timeout | undefined
watch(contentDir, { ignoreInitial: true }).on('all', () => {
  clearTimeout(timer)
  timer = setTimeout(() => void run(), 150)
})
console.log(`Vigilando ${contentDir}/ …`)

// Server time of a trainer's cohort view with a large cohort (default 1,000 learners
// on the 4 courses), on a throwaway database with the production build. Prints numbers.
//   npm run build && npx tsx scripts/bench-cohort.ts [--learners 1000]
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { productionNodeFlags } from './production-node-flags.ts'

const { values } = parseArgs({ options: { learners: { type: 'string', default: '1000' }, port: { type: 'string', default: '3997' } } })
const learnerCount = Number(values.learners)
const databasePath = `tests/.tmp/bench-cohort-${Date.now()}.db`
process.env.DATABASE_PATH = databasePath

const { db, sqlite } = await import('#app/db/client.server.ts')
const schema = await import('#app/db/schema.ts')
const { registerAccount } = await import('#app/auth/accounts.server.ts')
const { createUserSession } = await import('#app/auth/session.server.ts')
const { createCohort } = await import('#app/cohorts/cohorts.server.ts')
const { buildCohortReport, questionAnalysis } = await import('#app/cohorts/report.server.ts')
const { listCourses } = await import('#app/content/content.server.ts')
const { drawQuestions, gradeAttempt } = await import('#app/quiz/grading.ts')
const { getQuiz } = await import('#app/content/content.server.ts')

// A seeded random source, so every run builds the same cohort.
let seed = 42
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31

const trainer = await registerAccount({
  fullName: 'Bench Trainer',
  municipality: 'segovia',
  gender: null,
  profile: 'other',
  role: 'trainer',
  email: 'bench.trainer@example.org',
  password: 'bench-password-123',
})
if (!trainer.ok) throw new Error('trainer')
const courses = listCourses()
const cohort = createCohort(
  { name: 'Cohorte grande', municipality: 'segovia', startsOn: '2026-01-01', endsOn: '2026-12-31', courseIds: courses.map((c) => c.id) },
  trainer.userId,
)

const seedStarted = performance.now()
const hash = db.select({ h: schema.users.passwordHash }).from(schema.users).get()!.h
const now = Date.now()
let attemptsCount = 0
let progressCount = 0
db.transaction((tx) => {
  for (let i = 0; i < learnerCount; i++) {
    const id = randomUUID()
    tx.insert(schema.users)
      .values({
        id,
        username: `bench.${i}`,
        passwordHash: hash,
        secretKind: 'pin',
        fullName: `Participante ${i}`,
        role: 'learner',
        profile: 'miner',
        municipality: 'segovia',
        consentAt: new Date(),
      })
      .run()
    tx.insert(schema.cohortMembers).values({ cohortId: cohort.id, userId: id }).run()
    for (const course of courses) {
      const read = Math.floor(random() * (course.lessons.length + 1))
      for (const lesson of course.lessons.slice(0, read)) {
        const at = new Date(now - Math.floor(random() * 60) * 86_400_000)
        tx.insert(schema.lessonProgress).values({ userId: id, lessonId: lesson.id, courseId: course.id, firstOpenedAt: at, completedAt: at }).run()
        progressCount++
      }
      for (const module of course.modules) {
        if (random() < 0.5 || !module.quizId) continue
        const quiz = getQuiz(module.quizId)!
        const tries = 1 + Math.floor(random() * 3)
        for (let k = 0; k < tries; k++) {
          const questions = drawQuestions(quiz, random)
          const answers = Object.fromEntries(questions.map((q) => [q.questionId, [q.optionIds[Math.floor(random() * q.optionIds.length)]]]))
          const grade = gradeAttempt(questions, answers, new Map(quiz.questions.map((q) => [q.id, q])), quiz.passMark)
          const at = new Date(now - Math.floor(random() * 60) * 86_400_000)
          tx.insert(schema.quizAttempts)
            .values({
              id: randomUUID(),
              userId: id,
              quizId: quiz.id,
              courseId: course.id,
              questions,
              answers,
              correctCount: grade.correctCount,
              totalCount: grade.totalCount,
              score: grade.score,
              passed: grade.passed,
              startedAt: at,
              submittedAt: at,
            })
            .run()
          attemptsCount++
        }
      }
    }
  }
})
sqlite.pragma('wal_checkpoint(TRUNCATE)')
sqlite.exec('ANALYZE')
console.log(
  `seeded ${learnerCount} learners, ${progressCount} lesson rows, ${attemptsCount} attempts in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
)

// Wall time, and the CPU time of this process (what a busy machine does not inflate).
function time(label: string, fn: () => unknown, runs = 7) {
  const walls: number[] = []
  const cpus: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const c = process.cpuUsage()
    fn()
    const used = process.cpuUsage(c)
    cpus.push((used.user + used.system) / 1000)
    walls.push(performance.now() - t)
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(runs / 2)]
  console.log(
    `${label.padEnd(44)} median ${median(walls).toFixed(0).padStart(5)} ms (CPU ${median(cpus).toFixed(0).padStart(4)} ms)   max ${Math.max(...walls)
      .toFixed(0)
      .padStart(5)} ms`,
  )
}
const courseIds = courses.map((c) => c.id)
time('buildCohortReport (all lists, matrix, charts)', () => buildCohortReport(cohort.id, courseIds))
if (process.env.PROFILE) {
  const { listMembers } = await import('#app/cohorts/cohorts.server.ts')
  time('  listMembers', () => listMembers(cohort.id))
  time('  lesson rows', () =>
    sqlite
      .prepare(
        `select user_id, lesson_id, first_opened_at, completed_at from lesson_progress where user_id in (select user_id from cohort_members where cohort_id = ?)`,
      )
      .all(cohort.id),
  )
  time('  attempt aggregate', () =>
    sqlite
      .prepare(
        `select user_id, quiz_id, max(score), max(passed), sum(case when passed = 0 then 1 else 0 end), max(submitted_at) from quiz_attempts where user_id in (select user_id from cohort_members where cohort_id = ?) and submitted_at is not null group by user_id, quiz_id`,
      )
      .all(cohort.id),
  )
}
time('questionAnalysis (one module quiz)', () => questionAnalysis(cohort.id, courses[0].modules[0].quizId!))

console.log('\nquery plans (index use):')
for (const [label, sql] of [
  [
    'lesson progress of the cohort',
    `select * from lesson_progress where user_id in (select user_id from cohort_members where cohort_id = '${cohort.id}') and course_id in ('${courseIds.join("','")}')`,
  ],
  [
    'best attempts of the cohort',
    `select user_id, quiz_id, max(score) from quiz_attempts where user_id in (select user_id from cohort_members where cohort_id = '${cohort.id}') and submitted_at is not null group by user_id, quiz_id`,
  ],
] as const) {
  const plan = sqlite.prepare(`explain query plan ${sql}`).all() as { detail: string }[]
  console.log(`  ${label}: ${plan.map((p) => p.detail).join(' | ')}`)
}

const { cookie } = await createUserSession(trainer.userId, { shared: false })
// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server's side.
const server = spawn('node', [...productionNodeFlags, ...(process.env.BENCH_NODE_ARGS?.split(' ') ?? []), 'server/index.js'], {
  env: { ...process.env, NODE_ENV: 'production', PORT: values.port, DATABASE_PATH: databasePath, PUBLIC_BASE_URL: `http://localhost:${values.port}` },
  stdio: ['ignore', 'pipe', 'inherit'],
})
await new Promise<void>((resolve) => server.stdout!.on('data', (d) => String(d).includes('escuchando') && resolve()))
const url = `http://localhost:${values.port}/formacion/grupos/${cohort.id}`
const httpTimes: number[] = []
for (let i = 0; i < 12; i++) {
  const t = performance.now()
  const res = await fetch(url, { headers: { cookie: cookie.split(';')[0], 'accept-language': 'es-CO' } })
  await res.text()
  if (res.status !== 200) throw new Error(`status ${res.status}`)
  if (i >= 2) httpTimes.push(performance.now() - t)
}
httpTimes.sort((a, b) => a - b)
console.log(
  `\nGET cohort view over HTTP (${learnerCount} learners, page 1 of the matrix): median ${httpTimes[Math.floor(httpTimes.length / 2)].toFixed(0)} ms, max ${httpTimes.at(-1)!.toFixed(0)} ms`,
)
server.kill()
sqlite.close()
for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true })
process.exit(0)

// Time of the funder's indicators (/admin/indicadores) on the bench's database (scripts/bench-seed.ts:
// 5,000 learners in 50 cohorts, with progress, attempts and certificates) plus workshop attendance:
// the page's data in process (the SQL and the suppression), then the page, the CSV and the print
// view over HTTP from the production build on loopback. Prints; never asserts.
//   AULA_AUDIO=0 npm run build && npx tsx scripts/bench-indicators.ts [--learners 5000 --runs 15 --port 3822]
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { productionNodeFlags } from './production-node-flags.ts'

const { values } = parseArgs({
  options: { learners: { type: 'string', default: '5000' }, runs: { type: 'string', default: '15' }, port: { type: 'string', default: '3822' } },
})
const learners = Number(values.learners)
const runs = Number(values.runs)
const port = Number(values.port)

mkdirSync('tests/.tmp', { recursive: true })
const databasePath = `tests/.tmp/bench-indicators-${process.pid}-${Date.now()}.db`
process.env.DATABASE_PATH = databasePath
process.env.NODE_ENV = 'production'
delete process.env.CONTENT_BUILD_DIR

const { sqlite } = await import('#app/db/client.server.ts')
const { seedBench } = await import('./bench-seed.ts')
const { registerAccount } = await import('#app/auth/accounts.server.ts')
const { createUserSession } = await import('#app/auth/session.server.ts')
const { createAttendanceSession, saveAttendance, listMembers } = await import('#app/cohorts/cohorts.server.ts')
const { defaultPeriod, loadIndicators, labelReport, indicatorsCsv } = await import('#app/admin/indicators.server.ts')
const { getFixedT } = await import('#app/i18n/translations.server.ts')

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]

const seeded = performance.now()
const cohorts = Math.max(2, Math.round(learners / 100))
const { cohortIds, progressRows, attemptRows } = await seedBench({
  learners,
  cohorts,
  bigCohort: Math.round(learners / 5),
  certified: 40,
  burst: 0,
  singles: 0,
})
// Workshops: four sessions per cohort over the last months, about seven in ten present.
let seed = 11
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
let marks = 0
for (const cohortId of cohortIds) {
  const members = listMembers(cohortId).map((m) => m.id)
  for (let s = 0; s < 4; s++) {
    const day = new Date(Date.now() - (20 + s * 45) * 86_400_000).toISOString().slice(0, 10)
    const session = createAttendanceSession(cohortId, { heldOn: day, topic: `Taller ${s + 1}` })
    saveAttendance(
      cohortId,
      session.id,
      members.filter(() => random() < 0.7),
    )
    marks += members.length
  }
}
sqlite.pragma('wal_checkpoint(TRUNCATE)')
sqlite.exec('ANALYZE')
console.log(
  `seeded ${learners} learners in ${cohorts} cohorts, ${progressRows} lesson rows, ${attemptRows} attempts, ${marks} attendance marks in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
)

// ---- in process: the page's data (three GROUP BY queries, suppression, labels) and the CSV
const period = defaultPeriod()
const t = await getFixedT('es', 'indicators')
const data: number[] = []
const withCsv: number[] = []
let report = labelReport(loadIndicators(period), t, 'es') // warm-up (statement cache, JIT)
for (let i = 0; i < runs; i++) {
  const started = performance.now()
  report = labelReport(loadIndicators(period), t, 'es')
  data.push(performance.now() - started)
  indicatorsCsv(report, t)
  withCsv.push(performance.now() - started)
}
console.log(`period ${period.from} … ${period.to}: registered ${report.totals.registered}, active ${report.totals.active}, attended ${report.totals.attended}`)
console.log(`in process, page data (loadIndicators + labels): median ${median(data).toFixed(1)} ms, p95 ${p95(data).toFixed(1)} ms over ${runs} runs`)
console.log(`in process, page data + CSV: median ${median(withCsv).toFixed(1)} ms`)

// ---- over HTTP: the production build, an administrator's session
const admin = await registerAccount({
  fullName: 'Administración Bench',
  municipality: 'otro',
  gender: null,
  profile: 'other',
  role: 'admin',
  email: 'bench.admin@example.org',
  password: 'bench-password-123',
})
if (!admin.ok) throw new Error('could not create the admin')
const cookie = (await createUserSession(admin.userId, { shared: false })).cookie.split(';')[0]
const server = spawn('node', [...productionNodeFlags, 'server/index.js'], {
  env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_PATH: databasePath, PUBLIC_BASE_URL: `http://localhost:${port}` },
  stdio: ['ignore', 'pipe', 'inherit'],
})
try {
  await new Promise<void>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
    server.stdout!.on('data', (d) => String(d).includes('escuchando') && resolve())
  })
  server.stdout!.resume()
  for (const [name, path] of [
    ['page /admin/indicadores', '/admin/indicadores'],
    ['CSV /admin/indicadores.csv', '/admin/indicadores.csv'],
    ['print view /admin/indicadores/imprimir', '/admin/indicadores/imprimir'],
  ] as const) {
    const times: number[] = []
    let bytes = 0
    for (let i = 0; i <= runs; i++) {
      const started = performance.now()
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie, 'accept-language': 'es-CO' } })
      const body = await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
      if (i > 0) times.push(performance.now() - started) // the first request warms up
      bytes = body.byteLength
    }
    console.log(
      `over HTTP, ${name}: median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms (${(bytes / 1024).toFixed(0)} KB, ${runs} requests one after another)`,
    )
  }
} finally {
  server.kill()
  sqlite.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true })
}
process.exit(0)

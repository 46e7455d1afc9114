// Server throughput and latency, in ONE run, side by side with baselines built and served by
// the bench itself: a bare node:http server answering a fixed string, and an empty Remix app of
// the same Remix version (tests/fixtures/empty-remix, express + createRequestHandler, no
// middleware) twice: on the framework as published and on the project's patched node_modules. Then the project's production server on loopback, on a throwaway database seeded
// like a real deployment (5,000 learners, 50 cohorts, one of 1,000, progress, attempts,
// certificates). The whole table is measured twice: free on all cores, then with every server
// pinned to one core (`taskset -c 0`) as a stand-in for a small computer. Prints; never asserts.
//   npm run bench [-- --seconds 5 --connections 10 --port 3871]
//   npm run bench -- --tiny        (a few seconds, a small seed: what the test runs)
//   npm run bench -- --seed-only data/bench.db   (only the seeded database, kept; no servers)
import { execFileSync, execSync, spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { productionNodeFlags } from './production-node-flags.ts'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3871' },
    tiny: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    // only seed, and keep the database at this path (e.g. to time `npm run backup` on it)
    'seed-only': { type: 'string' },
  },
})
const tiny = values.tiny
const seconds = tiny ? 0.5 : Number(values.seconds)
const connections = Number(values.connections)
const basePort = Number(values.port)
const sizes = tiny
  ? { learners: 60, cohorts: 3, bigCohort: 20, certified: 2, burst: 6, singles: 3, cohortViews: 2 }
  : { learners: 5000, cohorts: 50, bigCohort: 1000, certified: 40, burst: 60, singles: 20, cohortViews: 12 }
const log = (line: string) => console.log(line)

// ---------------------------------------------------------------- builds
function run(command: string, cwd = '.') {
  execSync(command, { cwd, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, AULA_AUDIO: '0' } })
}
if (!existsSync('build/index.js') || !existsSync('build/content/content.json')) {
  log('no production build: AULA_AUDIO=0 npm run build …')
  run('npm run build')
}
const fixture = 'tests/fixtures/empty-remix'
if (!existsSync(`${fixture}/build/index.js`)) run('npx remix build', fixture)

// The same empty app on the framework as published: the project patches Remix and React Router
// (patches/, ADR 018 and 019), which makes every Remix app faster, the empty one included. The
// stock packages of the same versions are installed once into tests/.tmp/stock-remix (from the
// npm registry or its cache), so both baselines are measured and each ratio says which it is to.
const stockFixture = 'tests/.tmp/stock-remix'
function stockEmptyRemix(): string | null {
  try {
    if (!existsSync(`${stockFixture}/node_modules/@remix-run/express/package.json`)) {
      mkdirSync(stockFixture, { recursive: true })
      writeFileSync(`${stockFixture}/package.json`, JSON.stringify({ private: true, type: 'module' }))
      const versionOf = (name: string) => `${name}@${JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version}`
      const packages = ['@remix-run/express', '@remix-run/node', '@remix-run/react', 'react', 'react-dom', 'express', 'isbot'].map(versionOf)
      execFileSync('npm', ['install', '--prefix', stockFixture, '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', ...packages], {
        stdio: ['ignore', 'ignore', 'inherit'],
      })
    }
    for (const entry of ['server.js', 'build', 'public']) cpSync(`${fixture}/${entry}`, `${stockFixture}/${entry}`, { recursive: true })
    return `${stockFixture}/server.js`
  } catch (error) {
    log(`(the stock Remix baseline could not be installed: ${(error as Error).message.split('\n')[0]})`)
    return null
  }
}

// ---------------------------------------------------------------- seed
mkdirSync('tests/.tmp', { recursive: true })
const databasePath = `tests/.tmp/bench-${process.pid}-${Date.now()}.db`
process.env.DATABASE_PATH = databasePath
process.env.NODE_ENV = 'production'
delete process.env.CONTENT_BUILD_DIR

const { db, sqlite } = await import('#app/db/client.server.ts')
const schema = await import('#app/db/schema.ts')
const { createUserSession } = await import('#app/auth/session.server.ts')
const { buildCohortReport } = await import('#app/cohorts/report.server.ts')
const { getQuiz } = await import('#app/content/content.server.ts')
const { startQuizAttempt } = await import('#app/learning/events.server.ts')
const { answerForm, rightAnswers } = await import('#tests/learning-helpers.ts')
const { seedBench, BENCH_PIN } = await import('./bench-seed.ts')

const seedStarted = performance.now()
const PIN = BENCH_PIN
const { trainerId, courses, courseIds, bigCohortId, ids, progressRows, attemptRows } = await seedBench(sizes)
const moduleQuiz = getQuiz(courses[0].modules.find((m) => m.quizId)!.quizId!)!
const certificate = db.select().from(schema.certificates).get()
if (!certificate) throw new Error('the seed issued no certificate')
const certificateCount = db.select({ id: schema.certificates.id }).from(schema.certificates).all().length
sqlite.pragma('wal_checkpoint(TRUNCATE)')
sqlite.exec('ANALYZE')
log(
  `seeded ${sizes.learners} learners in ${sizes.cohorts} cohorts (one of ${sizes.bigCohort}), ${progressRows} lesson rows, ${attemptRows} attempts, ` +
    `${certificateCount} certificates in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
)
if (values['seed-only']) {
  sqlite.close()
  renameSync(databasePath, values['seed-only'])
  log(`database kept at ${values['seed-only']}`)
  process.exit(0)
}

const cookieOf = async (userId: string) => (await createUserSession(userId, { shared: false })).cookie.split(';')[0]
const learnerCookie = await cookieOf(ids.learner[0])
const trainerCookie = await cookieOf(trainerId)
const holderCookie = await cookieOf(certificate.userId)
const lessonPath = `/cursos/${courses[0].slug}/${courses[0].lessons[0].slug}`
const quizPath = `/cursos/${courses[0].slug}/evaluaciones/${moduleQuiz.slug}`
const cohortPath = `/formacion/grupos/${bigCohortId}`

const stockServer = stockEmptyRemix()

const reportTimes: number[] = []
for (let i = 0; i < (tiny ? 2 : 7); i++) {
  const t = performance.now()
  buildCohortReport(bigCohortId, courseIds)
  reportTimes.push(performance.now() - t)
}
reportTimes.sort((a, b) => a - b)
const reportMs = reportTimes[Math.floor(reportTimes.length / 2)]

// ---------------------------------------------------------------- servers
type Server = { child: ChildProcess; port: number }
const canPin =
  !values['no-pin'] &&
  (() => {
    try {
      execFileSync('taskset', ['-c', '0', 'true'])
      return true
    } catch {
      return false
    }
  })()

const serverOnPort = new Map<number, Server>()
async function start(name: string, args: string[], port: number, pinned: boolean, env: Record<string, string> = {}): Promise<Server> {
  const node = ['node', '--import', './scripts/bench-event-loop.js', ...args]
  const [command, ...rest] = pinned ? ['taskset', '-c', '0', ...node] : node
  const child = spawn(command, rest, {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)))
    child.stdout!.on('data', (d) => String(d).includes('escuchando') && resolve())
  })
  child.stdout!.resume()
  serverOnPort.set(port, { child, port })
  return { child, port }
}
/** The server's event loop busy time so far, in ms (scripts/bench-event-loop.js). */
function eventLoopActive(port: number): Promise<number> {
  const { child } = serverOnPort.get(port)!
  return new Promise((resolve) => {
    child.once('message', (message) => resolve((message as { eventLoopActive: number }).eventLoopActive))
    child.send('event-loop-active')
  })
}
async function stop({ child }: Server) {
  child.removeAllListeners('exit')
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill()
  await exited
}
function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(/\d+/.exec(status.split('\n').find((l) => l.startsWith(key)) ?? '0')![0])
  return { peakMb: kb('VmHWM:') / 1024, rssMb: kb('VmRSS:') / 1024 }
}

const STOCK_ROW = 'empty Remix 2.17 page, stock framework'
const PATCHED_ROW = 'empty Remix 2.17 page, patched like the project'
const BARE_HTTP = `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'text/plain'); s.end('hola') }).listen(process.env.PORT, '127.0.0.1', () => console.log('escuchando'))`

// ---------------------------------------------------------------- measurements
type Row = { name: string; rps: number; p50: number; p99: number; errors: number; requests: number; loopMs: number }
const accept = { 'accept-language': 'es-CO', 'accept-encoding': 'gzip', 'user-agent': 'Mozilla/5.0 (bench)' }
let addressCounter = 0
/** A different client address per request, through X-Forwarded-For (the server trusts loopback). */
const nextAddress = () => `10.${(++addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`

async function load(
  name: string,
  port: number,
  path: string,
  {
    headers = {},
    ok = (s: number) => s < 400,
    connections: c = connections,
    amount,
    rotateAddress = false,
  }: { headers?: Record<string, string>; ok?: (status: number) => boolean; connections?: number; amount?: number; rotateAddress?: boolean } = {},
): Promise<Row> {
  // Warm-up (JIT, caches, first file reads), not counted: a second of the same load, so every
  // server (the baselines too) is measured with its hot paths compiled; 20 requests for the
  // scenarios counted by request (the cohort view).
  const warm = (options: object) => autocannon({ url: `http://127.0.0.1:${port}${path}`, headers: { ...accept, ...headers }, ...options })
  await warm({
    ...(tiny ? { connections: 2, amount: 4 } : amount ? { connections: 2, amount: 20 } : { connections: c, duration: 1 }),
    requests: rotateAddress ? [{ setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': nextAddress() } }) }] : undefined,
  })
  let bad = 0
  const loopBefore = await eventLoopActive(port)
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}${path}`,
        connections: c,
        ...(amount ? { amount } : { duration: seconds }),
        headers: { ...accept, ...headers },
        requests: rotateAddress ? [{ setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': nextAddress() } }) }] : undefined,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    )
    instance.on('response', (_client, status) => {
      if (!ok(status)) bad++
    })
  })
  return {
    name,
    rps: result.requests.average || result.requests.total / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: bad + result.errors + result.timeouts,
    requests: result.requests.total,
    loopMs: ((await eventLoopActive(port)) - loopBefore) / result.requests.total,
  }
}

/** Latencies of requests sent all at once (or one after another), each with its own body. */
async function burst(name: string, port: number, requests: { path: string; body: string; cookie?: string }[], together: boolean): Promise<Row> {
  const times: number[] = []
  let errors = 0
  const send = async ({ path, body, cookie }: (typeof requests)[number]) => {
    const t = performance.now()
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...accept, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body,
      })
      await res.arrayBuffer()
      if (res.status !== 302 && res.status !== 303) errors++
    } catch {
      errors++
    }
    times.push(performance.now() - t)
  }
  const loopBefore = await eventLoopActive(port)
  const started = performance.now()
  if (together) await Promise.all(requests.map(send))
  else for (const request of requests) await send(request)
  const elapsed = performance.now() - started
  times.sort((a, b) => a - b)
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)])
  const loopMs = ((await eventLoopActive(port)) - loopBefore) / requests.length
  return { name, rps: (requests.length / elapsed) * 1000, p50: pct(50), p99: pct(99), errors, requests: requests.length, loopMs }
}

let quizCursor = 0
let signInCursor = 0
async function quizSubmissions(count: number) {
  const out: { path: string; body: string; cookie: string }[] = []
  for (let i = 0; i < count; i++) {
    const userId = ids.quiz[quizCursor++]
    const started = startQuizAttempt(userId, moduleQuiz)
    if (!started.ok) throw new Error(`could not start an attempt: ${started.reason}`)
    const form = new URLSearchParams([['attemptId', started.attempt.id], ...answerForm(started.attempt.questions, rightAnswers(started.attempt.questions))])
    out.push({ path: quizPath, body: form.toString(), cookie: await cookieOf(userId) })
  }
  return out
}
function signIns(count: number) {
  return Array.from({ length: count }, () => {
    const username = `signin.${signInCursor++}`
    return { path: '/ingresar', body: new URLSearchParams({ identifier: username, secret: PIN, redirectTo: '/' }).toString() }
  })
}

async function measureAll(pinned: boolean) {
  const rows: Row[] = []
  let port = basePort
  const bare = await start('bare node:http', ['-e', BARE_HTTP], port, pinned)
  rows.push(await load('bare node:http, fixed string', port, '/'))
  await stop(bare)
  port++
  if (stockServer) {
    const stock = await start('empty Remix (stock)', [stockServer], port, pinned)
    rows.push(await load(STOCK_ROW, port, '/'))
    await stop(stock)
  }
  port++
  const empty = await start('empty Remix', [`${fixture}/server.js`], port, pinned)
  rows.push(await load(PATCHED_ROW, port, '/'))
  await stop(empty)
  port++
  const server = await start('project', [...productionNodeFlags, 'server/index.js'], port, pinned, {
    DATABASE_PATH: databasePath,
    TRUST_PROXY: 'loopback',
    PUBLIC_BASE_URL: `http://localhost:${port}`,
  })
  const pid = server.child.pid!
  const signedIn = { cookie: learnerCookie }
  rows.push(await load('/estado', port, '/estado'))
  rows.push(await load('lesson page, guest', port, lessonPath))
  rows.push(await load('lesson page, signed in', port, lessonPath, { headers: signedIn }))
  rows.push(await load('catalog /cursos', port, '/cursos'))
  rows.push(await load('quiz page, signed in', port, quizPath, { headers: signedIn }))
  rows.push(await burst('quiz submission, one at a time', port, await quizSubmissions(sizes.singles), false))
  rows.push(await burst(`quiz submissions, ${sizes.burst} at once`, port, await quizSubmissions(sizes.burst), true))
  rows.push(await burst(`sign-ins, ${sizes.burst} at once`, port, signIns(sizes.burst), true))
  const cohortRow = await load(`cohort view, ${sizes.bigCohort} learners`, port, cohortPath, {
    headers: { cookie: trainerCookie },
    connections: 1,
    amount: sizes.cohortViews,
  })
  rows.push(cohortRow)
  rows.push(await load('certificate verification', port, `/verificar/${certificate!.code}`, { rotateAddress: true }))
  rows.push(await load('certificate PDF', port, `/certificados/${certificate!.code}.pdf`, { headers: { cookie: holderCookie }, rotateAddress: true }))
  const mem = memory(pid)
  await stop(server)
  return { rows, mem }
}

function print(title: string, { rows, mem }: Awaited<ReturnType<typeof measureAll>>) {
  const patched = rows.find((r) => r.name === PATCHED_ROW)!.rps
  const stock = rows.find((r) => r.name === STOCK_ROW)?.rps
  const ratio = (rps: number, base: number | undefined) => (base ? (rps / base).toFixed(2) : '–')
  log(`\n${title}`)
  log(`| scenario | req/s | p50 ms | p99 ms | errors | × empty Remix, stock | × empty Remix, patched | event loop ms/request |`)
  log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`)
  for (const r of rows)
    log(
      `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors}/${r.requests} | ${ratio(r.rps, stock)} | ${ratio(r.rps, patched)} | ${r.loopMs.toFixed(3)} |`,
    )
  log(`project server: peak RSS ${mem.peakMb.toFixed(0)} MB, RSS at the end ${mem.rssMb.toFixed(0)} MB (${productionNodeFlags.join(' ')})`)
}

log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
log(`autocannon: ${connections} connections, ${seconds} s per scenario, gzip accepted; bursts and sign-ins with fetch; production build on 127.0.0.1`)
log(`cohort report computed in process (${sizes.bigCohort} learners × ${courses.length} courses): median ${reportMs.toFixed(0)} ms`)
try {
  print('all cores', await measureAll(false))
  if (canPin) print('server pinned to one core (taskset -c 0)', await measureAll(true))
  else log('\n(taskset not available or --no-pin: no pinned table)')
} finally {
  sqlite.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true })
}
process.exit(0)

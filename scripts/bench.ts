// Server throughput: a signed-in lesson page against the near-empty /estado page,
// on a throwaway database, with the production build. Prints numbers; asserts nothing.
//   npm run build && npm run bench [-- --seconds 10 --connections 10]
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } } })
const port = 3998
const databasePath = `tests/.tmp/bench-${Date.now()}.db`
process.env.DATABASE_PATH = databasePath

const { registerAccount } = await import('#app/auth/accounts.server.ts')
const { createUserSession } = await import('#app/auth/session.server.ts')
const registered = await registerAccount({
  fullName: 'Bench Learner',
  municipality: 'segovia',
  gender: null,
  profile: 'miner',
  username: 'bench.learner',
  pin: '123456',
})
if (!registered.ok) throw new Error('could not create the bench user')
const { cookie } = await createUserSession(registered.userId, { shared: false })
const sessionCookie = cookie.split(';')[0]

const server = spawn('node', ['--max-old-space-size=256', 'server/index.js'], {
  env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_PATH: databasePath, PUBLIC_BASE_URL: `http://localhost:${port}` },
  stdio: ['ignore', 'pipe', 'inherit'],
})
await new Promise<void>((resolve) => server.stdout!.on('data', (d) => String(d).includes('escuchando') && resolve()))

async function measure(title: string, path: string, headers: Record<string, string> = {}) {
  const result = await autocannon({
    url: `http://localhost:${port}${path}`,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    headers: { 'accept-language': 'es-CO', 'accept-encoding': 'gzip', ...headers },
  })
  const ok = result['2xx']
  console.log(
    `${title.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   2xx ${ok}/${result.requests.total}`,
  )
  return result.requests.average
}

console.log(`autocannon, ${values.connections} connections, ${values.seconds} s each, production build`)
const empty = await measure('/estado (near-empty page)', '/estado')
const guest = await measure('lesson page, guest', '/cursos/formalizacion-minera/titulo-minero')
const signedIn = await measure('lesson page, signed in', '/cursos/formalizacion-minera/titulo-minero', { cookie: sessionCookie })
console.log(`signed-in lesson / empty page: ${((signedIn / empty) * 100).toFixed(0)} %   (guest: ${((guest / empty) * 100).toFixed(0)} %)`)
const rss = Number((await import('node:child_process')).execSync(`ps -o rss= -p ${server.pid}`).toString().trim())
console.log(`server memory after the run: ${(rss / 1024).toFixed(0)} MB RSS`)
server.kill()
for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true })
process.exit(0)

// The production server's operations (issue 15): /healthz, one log line per request with the
// route pattern and nothing personal, and a graceful shutdown on SIGTERM with a request in flight.
// The built server runs as a child process on its own SQLite file.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs'
import http from 'node:http'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { checkDatabaseHealth, openDatabase } from '#app/db/client.server.ts'
import { ensureBuild, form, freePort, ServerProcess } from '../server-process.ts'

const tmp = resolve(mkdtempSync('tests/.tmp/operations-server-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const USERNAME = 'minero.secreto'
const PIN = '739251'
const registration = (username: string) =>
  form({ method: 'pin', fullName: 'Minero Secreto', municipality: 'segovia', username, pin: PIN, pinConfirm: PIN, consent: 'on' })

let server: ServerProcess
beforeAll(async () => {
  ensureBuild()
  server = new ServerProcess(await freePort(), join(tmp, 'server.db'))
  await server.start()
  expect((await server.request('POST', '/registro', registration(USERNAME))).status).toBe(302)
}, 180_000)
afterAll(() => server.stop('SIGKILL'))

describe('/healthz', () => {
  test('200 "ok" once the database answers: no session, no cookie, never cached', async () => {
    const signedIn = await server.request('POST', '/ingresar', form({ identifier: USERNAME, secret: PIN }))
    const cookie = signedIn.headers['set-cookie']!.map((c) => c.split(';')[0]).join('; ')
    const reply = await server.request('GET', '/healthz', { headers: { cookie } })
    expect(reply.status).toBe(200)
    expect(reply.body).toBe('ok')
    expect(reply.headers['cache-control']).toBe('no-store')
    expect(reply.headers['set-cookie']).toBeUndefined()
    expect((await server.request('HEAD', '/healthz')).status).toBe(200)
  })

  test('503 when the database file is no longer the one the server opened (moved away, replaced under it), 200 again when it is back', async () => {
    const moved = `${server.databasePath}.aside`
    const expect503 = async (reason: string) => {
      const reply = await server.request('GET', '/healthz')
      expect(reply.status).toBe(503)
      expect(reply.body).toBe('unavailable')
      expect(reply.headers['cache-control']).toBe('no-store')
      const warnings = await server.waitForLog((l) => l.msg === 'health check failed' && String(l.reason).includes(reason))
      expect(warnings.at(-1)).toMatchObject({ level: 'warn' })
    }
    renameSync(server.databasePath, moved)
    try {
      await expect503('is missing')
      copyFileSync(moved, server.databasePath) // what a restore under a running server does
      await expect503('is no longer the file the server opened')
    } finally {
      renameSync(moved, server.databasePath)
    }
    expect((await server.request('GET', '/healthz')).status).toBe(200)
  })

  test('not ok when the connection is closed or the schema is behind the code', () => {
    const handle = openDatabase(join(tmp, 'health.db'))
    expect(checkDatabaseHealth(handle)).toEqual({ ok: true })
    expect(checkDatabaseHealth({ ...handle, newestMigration: handle.newestMigration + 1 })).toEqual({
      ok: false,
      reason: 'the database schema is not up to date',
    })
    handle.sqlite.close()
    expect(checkDatabaseHealth(handle)).toEqual({ ok: false, reason: 'the database connection is closed' })
  })
})

describe('request log', () => {
  test('exactly one line per request: method, route pattern, status, ms — never the URL, the query, the address, the user or a cookie', async () => {
    const content = JSON.parse(readFileSync('build/content/content.json', 'utf8'))
    const course = content.courses[0]
    const asset = readdirSync('public/assets')[0]
    const isRequest = (l: Record<string, unknown>) => 'method' in l

    const signedIn = await server.request('POST', '/ingresar', form({ identifier: USERNAME, secret: PIN }))
    expect(signedIn.status).toBe(302)
    const cookie = signedIn.headers['set-cookie']!.map((c) => c.split(';')[0]).join('; ')
    const code = 'QK7M-3XPA-9WTC'

    const cases: { method: string; path: string; route: string | null; status: number; options?: Parameters<ServerProcess['request']>[2] }[] = [
      { method: 'POST', path: '/ingresar', route: '/ingresar', status: 302, options: form({ identifier: USERNAME, secret: PIN }) },
      { method: 'POST', path: '/ingresar', route: '/ingresar', status: 400, options: form({ identifier: USERNAME, secret: '000000' }) },
      { method: 'GET', path: `/ingresar?usuario=${USERNAME}`, route: '/ingresar', status: 200 },
      { method: 'GET', path: `/verificar/${code}`, route: '/verificar/:codigo', status: 404 },
      { method: 'GET', path: '/mi-cuenta', route: '/mi-cuenta', status: 200, options: { headers: { cookie } } },
      {
        method: 'GET',
        path: `/cursos/${course.slug}/${course.lessons[0].slug}`,
        route: '/cursos/:curso/:leccion',
        status: 200,
        options: { headers: { cookie } },
      },
      { method: 'GET', path: `/cursos/${course.slug}.data`, route: '/cursos/:curso.data', status: 200, options: { headers: { cookie } } },
      { method: 'GET', path: '/sin-conexion', route: '/sin-conexion', status: 200 },
      { method: 'GET', path: `/no-existe/${USERNAME}`, route: '/*', status: 404 },
      { method: 'GET', path: `/assets/${asset}?v=${USERNAME}`, route: '/assets/*', status: 200 },
      { method: 'GET', path: '/locales/es/common.json', route: '/locales/*', status: 200 },
      { method: 'PUT', path: `/ingresar?usuario=${USERNAME}`, route: null, status: 405 },
    ]
    /** The number of request lines once no more arrive (pino writes asynchronously). */
    const settled = async () => {
      let count = -1
      while (count !== server.logLines().filter(isRequest).length) {
        count = server.logLines().filter(isRequest).length
        await new Promise((r) => setTimeout(r, 80))
      }
      return count
    }
    for (const c of cases) {
      const before = await settled()
      const reply = await server.request(c.method, c.path, c.options)
      expect(reply.status, `${c.method} ${c.path}`).toBe(c.status)
      const lines = await server.waitForLog(isRequest, before + 1)
      expect(await settled(), `${c.method} ${c.path}: one line`).toBe(before + 1)
      const line = lines.at(-1)!
      expect(Object.keys(line).sort(), c.path).toEqual(['level', 'method', 'ms', 'route', 'status', 'time'])
      expect(line).toMatchObject({ level: 'info', method: c.method, route: c.route, status: c.status })
      expect(line.ms).toBeTypeOf('number')
    }
    const log = server.stdout + server.stderr
    const reader = new Database(server.databasePath, { readonly: true })
    const userId = (reader.prepare('SELECT id FROM users WHERE username = ?').get(USERNAME) as { id: string }).id
    reader.close()
    for (const secret of [USERNAME, code, PIN, userId, '127.0.0.1', 'usuario=', 'v=', ...cookie.split('; ').map((c) => c.split('=')[1])]) {
      expect(log, secret).not.toContain(secret)
    }
  }, 60_000)
})

describe('graceful shutdown', () => {
  /** A POST whose body arrives in two halves: the request is in flight in between. */
  function slowPost(target: ServerProcess, path: string, body: string) {
    const half = Math.floor(body.length / 2)
    let finish!: () => void
    const reply = new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: target.port,
          path,
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }))
        },
      )
      req.on('error', reject)
      req.write(body.slice(0, half))
      finish = () => req.end(body.slice(half))
    })
    return { reply, finish: () => finish() }
  }

  test('SIGTERM: no new connections, the request in flight completes (its write kept), idle keep-alive connections do not hold the exit, the database is closed, exit 0', async () => {
    // an idle keep-alive connection
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    await new Promise<void>((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port: server.port, path: '/healthz', agent }, (res) => {
          res.resume()
          res.on('end', () => resolve())
        })
        .on('error', reject),
    )
    const username = 'minera.en.vuelo'
    const inFlight = slowPost(server, '/registro', registration(username).body)
    await new Promise((r) => setTimeout(r, 300))

    const stoppedAt = performance.now()
    server.child!.kill('SIGTERM')
    await server.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('shutting down'))
    await expect(server.request('GET', '/healthz')).rejects.toThrow(/ECONNREFUSED/)

    inFlight.finish()
    const reply = await inFlight.reply
    expect(reply.status).toBe(302) // registered and signed in, as without the shutdown
    expect(reply.headers.connection).toBe('close')

    const { code } = await server.exit!
    const stopMs = performance.now() - stoppedAt
    agent.destroy()
    expect(code).toBe(0)
    expect(stopMs).toBeLessThan(5000)
    expect(server.logLines().map((l) => l.msg)).toEqual(expect.arrayContaining(['database closed', 'stopped']))
    // closed cleanly: the WAL folded into the file and removed, the write there
    expect(existsSync(`${server.databasePath}-wal`)).toBe(false)
    const sqlite = new Database(server.databasePath, { readonly: true })
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(sqlite.prepare('SELECT username FROM users WHERE username = ?').get(username)).toEqual({ username })
    sqlite.close()
    console.log(`SIGTERM with a request in flight: exit 0 ${stopMs.toFixed(0)} ms after the signal`)
  }, 30_000)

  test('a request still in flight at SHUTDOWN_TIMEOUT_MS is cut: exit 1, the database still closed', async () => {
    const late = new ServerProcess(await freePort(), join(tmp, 'timeout.db'))
    await late.start({ SHUTDOWN_TIMEOUT_MS: '500' })
    const stuck = slowPost(late, '/registro', registration('nunca.termina').body)
    stuck.reply.catch(() => {}) // the connection is cut
    await new Promise((r) => setTimeout(r, 300))
    const stoppedAt = performance.now()
    late.child!.kill('SIGINT')
    const { code } = await late.exit!
    expect(code).toBe(1)
    expect(performance.now() - stoppedAt).toBeLessThan(3000)
    expect(late.logLines().map((l) => l.msg)).toEqual(
      expect.arrayContaining(['requests still in flight at the shutdown timeout: cutting them', 'database closed']),
    )
    expect(existsSync(`${late.databasePath}-wal`)).toBe(false)
  }, 30_000)
})

// The production server, spawned as `node server/index.js` on a free port with its own
// SQLite file, attacked over HTTP: oversized and malformed bodies, odd methods, open
// redirects, caching of personal pages, headers on static files, a bad TRUST_PROXY,
// and a SIGKILL in the middle of work.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { sqlite } from '#app/db/client.server.ts'
import { ensureBuild, freePort } from '#tests/server-process.ts'

const DATABASE_PATH = process.env.DATABASE_PATH!
const EMAIL = 'http.hardening@example.org'
const PASSWORD = 'una-clave-larga-2026'

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; bytes: Buffer; ms: number }

let port = 0
let server: ChildProcess | null = null
let serverLog = ''

function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    CONTENT_BUILD_DIR: 'build/content',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TRUST_PROXY: 'loopback',
    ...extra,
  }
  delete env.FORCE_HTTPS
  return env
}

async function startServer() {
  serverLog = ''
  const child = spawn(process.execPath, ['--max-old-space-size=256', 'server/index.js'], { env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d) => (serverLog += d))
  child.stderr!.on('data', (d) => (serverLog += d))
  server = child
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${serverLog}`)
    const ok = await request('GET', '/estado').then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) return child
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`server did not start:\n${serverLog}`)
}

async function stopServer(signal: NodeJS.Signals = 'SIGTERM') {
  const child = server
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill(signal)
  await exited
  server = null
}

/** A raw HTTP request (fetch refuses TRACE and hides some failures). */
function request(
  method: string,
  path: string,
  { headers = {}, body }: { headers?: Record<string, string | number>; body?: Buffer | string } = {},
): Promise<Reply> {
  const start = performance.now()
  return new Promise((resolve, reject) => {
    let answered = false
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { connection: 'close', ...headers } }, (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const bytes = Buffer.concat(chunks)
        resolve({ status: res.statusCode!, headers: res.headers, body: bytes.toString('utf8'), bytes, ms: performance.now() - start })
      })
      res.on('error', reject)
    })
    // A server that refuses a huge body answers first, then closes the socket while the
    // client is still writing: that EPIPE/ECONNRESET after the answer is expected, not a failure.
    req.on('error', (error) => {
      // The answer may still be in the socket's buffer when the write fails: give it a moment.
      if (!answered) setTimeout(() => answered || reject(error), 500)
    })
    req.end(body)
  })
}

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

async function signIn(redirectTo?: string): Promise<{ reply: Reply; cookie: string }> {
  const fields: Record<string, string> = { identifier: EMAIL, secret: PASSWORD }
  if (redirectTo !== undefined) fields.redirectTo = redirectTo
  const reply = await request('POST', '/ingresar', form(fields))
  const setCookie = reply.headers['set-cookie'] ?? []
  return { reply, cookie: setCookie.map((c) => c.split(';')[0]).join('; ') }
}

function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!
  return Number(line.replace(/\D+/g, ''))
}

beforeAll(async () => {
  ensureBuild()
  const created = await registerAccount({
    fullName: 'Prueba Encabezados',
    municipality: 'segovia',
    gender: null,
    profile: 'official',
    email: EMAIL,
    password: PASSWORD,
  })
  expect(created.ok).toBe(true)
  port = await freePort()
  await startServer()
}, 180_000)

afterAll(async () => {
  await stopServer()
})

describe('bounded bodies', () => {
  test('an unauthenticated 64 MB POST to /ingresar is refused fast with 413, the heap does not grow, the server still answers', async () => {
    const pid = server!.pid!
    const before = rssKb(pid)
    const big = Buffer.alloc(64 * 1024 * 1024, 'a')
    const declared = await request('POST', '/ingresar', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big })
    expect(declared.status).toBe(413)
    expect(declared.body).toContain('La solicitud es demasiado grande')
    expect(declared.ms).toBeLessThan(2000)

    // the same body without a Content-Length (chunked): counted while read
    const start = performance.now()
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/ingresar', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        (res) => {
          res.resume()
          resolve(res.statusCode!)
        },
      )
      req.on('error', reject)
      let sent = 0
      const write = () => {
        while (sent < big.length) {
          const ok = req.write(big.subarray(sent, sent + 65536))
          sent += 65536
          if (!ok) return void req.once('drain', write)
        }
        req.end()
      }
      write()
    })
    const chunkedMs = performance.now() - start
    expect(chunked).toBe(413)
    const after = rssKb(pid)
    console.log(
      `64 MB POST → 413 in ${declared.ms.toFixed(1)} ms (Content-Length), ${chunkedMs.toFixed(1)} ms (chunked); server RSS ${before} kB before, ${after} kB after`,
    )
    expect(after - before).toBeLessThan(32 * 1024)
    expect((await request('GET', '/')).status).toBe(200)
  })

  test('64 KB is the largest form body accepted; 70 KB → 413 in Spanish', async () => {
    const body = (size: number) => {
      const prefix = 'identifier=nadie&secret=x&relleno='
      return prefix + 'a'.repeat(size - prefix.length)
    }
    const atLimit = await request('POST', '/ingresar', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body(64 * 1024) })
    expect(atLimit.status).not.toBe(413)
    expect(atLimit.status).toBeLessThan(500)
    const overByOne = await request('POST', '/ingresar', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body(64 * 1024 + 1) })
    expect(overByOne.status).toBe(413)
    const big = await request('POST', '/ingresar', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body(70 * 1024) })
    expect(big.status).toBe(413)
    expect(big.headers['content-type']).toMatch(/text\/html/)
    expect(big.body).toContain('<html lang="es-CO"')
    expect(big.body).toContain('La solicitud es demasiado grande')
  })

  test('the CSV upload route takes up to 1 MB, not more', async () => {
    const multipart = (size: number) => {
      const boundary = 'limite'
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n`
      const tail = `\r\n--${boundary}--\r\n`
      return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: head + 'a'.repeat(size - head.length - tail.length) + tail }
    }
    const path = '/formacion/grupos/cualquiera/participantes'
    const fits = await request('POST', path, multipart(900 * 1024))
    expect(fits.status).not.toBe(413) // reaches the route (which sends a guest to sign in)
    expect(fits.status).toBeLessThan(500)
    expect((await request('POST', path, multipart(1024 * 1024 + 1))).status).toBe(413)
    expect((await request('POST', '/ingresar', multipart(900 * 1024))).status).toBe(413)
  })

  test('a client that goes away mid-body does not stop the server', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /ingresar HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nidentifier=nadi`,
        )
        setTimeout(() => {
          socket.destroy()
          resolve()
        }, 100)
      })
    })
    const broken = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /ingresar HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n\r\n`,
        )
      })
      let data = ''
      socket.on('data', (d) => (data += d))
      socket.on('close', () => resolve(data))
      socket.on('error', () => resolve(data))
    })
    expect(broken).toMatch(/^HTTP\/1\.1 400/)
    expect((await request('GET', '/estado')).status).toBe(200)
    expect(server!.exitCode).toBeNull()
  })
})

describe('malformed bodies → 400 with a Spanish page, never 500', () => {
  const cases: Array<[string, string | undefined, string | Buffer]> = [
    ['JSON', 'application/json', '{"identifier":"a","secret":"b"}'],
    ['text/plain', 'text/plain', 'identifier=a&secret=b'],
    ['XML', 'application/xml', '<a/>'],
    ['no content type', undefined, 'identifier=a&secret=b'],
    ['broken multipart', 'multipart/form-data; boundary=xyz', 'no boundary here'],
    ['multipart without boundary', 'multipart/form-data', '--x\r\n'],
    ['invalid percent-encoding', 'application/x-www-form-urlencoded', 'identifier=%zz&secret=b'],
    ['percent-encoded non-UTF-8', 'application/x-www-form-urlencoded', 'identifier=%C3%28&secret=b'],
    ['raw non-UTF-8 bytes', 'application/x-www-form-urlencoded', Buffer.from([0x69, 0x64, 0x3d, 0xff, 0xfe])],
  ]
  test.each(cases)('%s on /ingresar', async (_what, type, body) => {
    const reply = await request('POST', '/ingresar', { headers: type ? { 'content-type': type } : {}, body })
    expect(reply.status).toBe(400)
    expect(reply.body).toContain('No pudimos leer lo que envió')
  })

  test.each(['/registro', '/idioma', '/mi-cuenta', '/admin', '/formacion/grupos/nuevo', '/cursos/x/evaluaciones/y'])(
    'JSON on %s is never a 500',
    async (path) => {
      const reply = await request('POST', path, { headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(reply.status).toBeLessThan(500)
    },
  )
})

describe('methods', () => {
  test('TRACE → 405 with Allow, and never echoes the request', async () => {
    const reply = await request('TRACE', '/', { headers: { 'x-secreto': 'eco-prohibido', cookie: 'ast_session=secreto' } })
    expect(reply.status).toBe(405)
    expect(reply.headers.allow).toBe('GET, HEAD, POST')
    expect(reply.body).not.toContain('eco-prohibido')
    expect(reply.body).not.toContain('secreto')
    expect(reply.headers['content-type']).toMatch(/text\/html/)
  })

  test.each(['PROPFIND', 'PUT', 'DELETE', 'PATCH', 'TRACE'])('%s /ingresar → 405', async (method) => {
    const reply = await request(method, '/ingresar', form({ identifier: 'a', secret: 'b' }))
    expect(reply.status).toBe(405)
    expect(reply.headers.allow).toBe('GET, HEAD, POST')
  })

  test('OPTIONS → 204 with Allow', async () => {
    const reply = await request('OPTIONS', '/')
    expect(reply.status).toBe(204)
    expect(reply.headers.allow).toBe('GET, HEAD, POST')
  })
})

describe('redirects after sign-in stay on this site', () => {
  test.each([
    ['/%09/evil.example/', '/'],
    ['//evil', '/'],
    ['/\\evil', '/'],
    ['/x\r\nSet-Cookie: a=b', '/'],
    ['/x%0d%0aSet-Cookie:%20a=b', '/'],
    ['https://evil', '/'],
    ['/cursos/\u0100', '/'],
    ['/mi-cuenta', '/mi-cuenta'],
  ])('redirectTo=%j → Location %s', async (redirectTo, expected) => {
    const { reply } = await signIn(redirectTo)
    expect(reply.status).toBe(302)
    expect(reply.headers.location).toBe(expected)
  })

  test('the sign-in page does not carry a bad redirectTo into its form', async () => {
    const reply = await request('GET', `/ingresar?redirectTo=${encodeURIComponent('/%09/evil.example/')}`)
    expect(reply.status).toBe(200)
    // hidden redirectTo fields: the sign-in form's (sanitised) and the language switch's (this page's own path)
    const values = [...reply.body.matchAll(/name="redirectTo" value="([^"]*)"/g)].map((m) => m[1])
    expect(values.filter((v) => !v.startsWith('/ingresar?'))).toEqual(['/'])
  })

  test('the language switch does not follow //evil', async () => {
    const reply = await request('POST', '/idioma', form({ lng: 'en', redirectTo: '//evil.example/' }))
    expect(reply.status).toBe(302)
    expect(reply.headers.location).toBe('/')
  })
})

describe('caching and headers', () => {
  test('a signed-in session gets Cache-Control: no-store on Mi cuenta and every page; a guest keeps caching', async () => {
    const { cookie } = await signIn('/mi-cuenta')
    expect(cookie).not.toBe('')
    const account = await request('GET', '/mi-cuenta', { headers: { cookie } })
    expect(account.status).toBe(200)
    expect(account.headers['cache-control']).toBe('no-store')
    expect(account.headers.vary).toMatch(/cookie/i)
    for (const path of ['/', '/cursos', '/mi-cuenta.datos.json', '/mi-cuenta.data']) {
      const reply = await request('GET', path, { headers: { cookie } })
      expect(reply.headers['cache-control'], path).toBe('no-store')
    }
    const guest = await request('GET', '/')
    expect(guest.headers['cache-control'] ?? '').not.toContain('no-store')
    expect(guest.headers.vary).toMatch(/cookie/i)
  })

  test('static files carry the security headers; one framing policy, consistent', async () => {
    const reply = await request('GET', '/favicon.svg')
    expect(reply.status).toBe(200)
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(reply.headers['x-frame-options']).toBe('DENY')
    expect(reply.headers['cache-control']).toContain('max-age=3600')
    const page = await request('GET', '/')
    expect(page.headers['content-security-policy']).toMatch(/'nonce-[0-9a-f]{32}'/)
    expect(page.headers['x-frame-options']).toBe('DENY')
  })

  test('stylesheets and scripts go out as their build-time brotli or gzip copies, never compressed per request', async () => {
    const css = readdirSync('public/build/_assets').find((f) => f.endsWith('.css'))!
    const script = readdirSync('public/assets').find((f) => /^enhance-.*\.js$/.test(f))!
    for (const file of [`build/_assets/${css}`, `assets/${script}`]) {
      for (const [accept, suffix, encoding] of [
        ['gzip, deflate, br', '.br', 'br'],
        ['gzip', '.gz', 'gzip'],
        ['identity', '', undefined],
      ] as const) {
        const reply = await request('GET', `/${file}`, { headers: { 'accept-encoding': accept } })
        expect(reply.status).toBe(200)
        expect(reply.headers['content-encoding']).toBe(encoding)
        // a length known in advance: the file as stored, not a stream compressed on the way out
        expect(Number(reply.headers['content-length'])).toBe(statSync(`public/${file}${suffix}`).size)
        expect(reply.headers['cache-control']).toContain('immutable')
      }
    }
  })

  test('a learner page goes out gzipped in one piece with its length, or whole to a client that refuses gzip', async () => {
    const withoutNonce = (html: string) => html.replace(/[0-9a-f]{32}/g, 'NONCE')
    const zipped = await request('GET', '/cursos', { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(zipped.status).toBe(200)
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(Number(zipped.headers['content-length'])).toBe(zipped.bytes.length)
    expect(zipped.headers.vary).toMatch(/accept-encoding/i)
    const html = gunzipSync(zipped.bytes).toString('utf8')
    expect(html).toMatch(/^<!DOCTYPE html><html lang="es-CO"/)
    expect(html).toContain('</html>')
    for (const accept of ['identity', 'gzip;q=0, identity', '']) {
      const whole = await request('GET', '/cursos', { headers: accept ? { 'accept-encoding': accept } : {} })
      expect(whole.headers['content-encoding'], accept).toBeUndefined()
      expect(Number(whole.headers['content-length'])).toBe(whole.bytes.length)
      expect(withoutNonce(whole.body)).toBe(withoutNonce(html))
    }
    const head = await request('HEAD', '/cursos', { headers: { 'accept-encoding': 'gzip' } })
    expect(head.status).toBe(200)
    expect(head.headers['content-encoding']).toBe('gzip')
    expect(head.bytes.length).toBe(0)
  })

  test('every page gets a nonce of its own, also past the pool the nonces are drawn from', async () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 300; i++) {
      const reply = await request('GET', '/favicon.svg')
      nonces.add(/'nonce-([0-9a-f]{32})'/.exec(String(reply.headers['content-security-policy']))![1])
    }
    expect(nonces.size).toBe(300)
  })

  test('the favicon and the translations the trainers’ pages load go out as their build-time copies', async () => {
    for (const file of ['favicon.svg', 'locales/es/common.json']) {
      const reply = await request('GET', `/${file}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } })
      expect(reply.status).toBe(200)
      expect(reply.headers['content-encoding']).toBe('br')
      expect(Number(reply.headers['content-length'])).toBe(statSync(`public/${file}.br`).size)
    }
  })

  test('HSTS only over HTTPS', async () => {
    expect((await request('GET', '/')).headers['strict-transport-security']).toBeUndefined()
    expect((await request('GET', '/favicon.svg')).headers['strict-transport-security']).toBeUndefined()
    // behind a trusted proxy (TRUST_PROXY=loopback) that says the client used HTTPS
    const secure = await request('GET', '/', { headers: { 'x-forwarded-proto': 'https' } })
    expect(secure.headers['strict-transport-security']).toMatch(/max-age=\d+/)
  })
})

describe('startup and crashes', () => {
  test('the shipped systemd unit restarts the server always, 2 s later, with a memory cap', () => {
    const unit = readFileSync('scripts/aula.service', 'utf8')
    const directives = new Map(
      unit
        .split('\n')
        .filter((l) => /^[A-Za-z]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
    )
    expect(directives.get('Restart')).toBe('always')
    expect(directives.get('RestartSec')).toBe('2')
    expect(directives.get('MemoryMax')).toMatch(/^\d+[KMG]$/)
    expect(directives.get('ExecStart')).toMatch(/node .*server\/index\.js$/)
    expect(unit).toContain('Environment=NODE_ENV=production')
    expect(unit).toContain('Environment=DATABASE_PATH=')
  })

  test.each(['yes', '1.2.3', '10.0.0.0/33'])('TRUST_PROXY=%s stops the start with a clear message and exit 1', async (value) => {
    const child = spawn(process.execPath, ['server/index.js'], {
      env: serverEnv({ TRUST_PROXY: value, PORT: String(await freePort()) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    const code = await new Promise((r) => child.once('exit', r))
    expect(code).toBe(1)
    expect(err).toContain('TRUST_PROXY')
  })

  test('after a SIGKILL no acknowledged write is lost and the server starts again on the same file', async () => {
    const username = `minero${Date.now().toString(36)}`
    const registered = await request(
      'POST',
      '/registro',
      form({ method: 'pin', fullName: 'Minero Reinicio', municipality: 'segovia', username, pin: '739251', pinConfirm: '739251', consent: 'on' }),
    )
    expect(registered.status).toBe(302)
    const { cookie } = await signIn('/mi-cuenta')
    const deletion = await request('POST', '/mi-cuenta', {
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'intent=request-deletion',
    })
    expect(deletion.status).toBe(302)

    await stopServer('SIGKILL')
    await startServer()

    const row = sqlite.prepare('SELECT username FROM users WHERE username = ?').get(username)
    expect(row).toEqual({ username })
    const again = await request('POST', '/ingresar', form({ identifier: username, secret: '739251' }))
    expect(again.status).toBe(302)
    const account = await request('GET', '/mi-cuenta', { headers: { cookie } })
    expect(account.status).toBe(200) // the session written before the kill is still valid
    const requested = sqlite.prepare('SELECT deletion_requested_at AS at FROM users WHERE email = ?').get(EMAIL) as { at: unknown }
    expect(requested.at).not.toBeNull()
  }, 60_000)
})

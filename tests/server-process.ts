// The production server as a child process (`node server/index.js`) on a free port with its own
// SQLite file, for the operations tests: start, raw HTTP requests, its log lines, signals.
import { execSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** build/ is rebuilt when missing or older than a file in app/, server/ or content/ (the build bundles server/config.js and server/logging.js). */
export function ensureBuild() {
  const stale = () => {
    if (!existsSync('build/index.js') || !existsSync('build/content')) return true
    const built = statSync('build/index.js').mtimeMs
    const newest = (dir: string): number =>
      Math.max(
        0,
        ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(`${dir}/${e.name}`) : statSync(`${dir}/${e.name}`).mtimeMs)),
      )
    return Math.max(newest('app'), newest('server'), newest('content')) > built
  }
  if (stale())
    execSync('npm run build', { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production', CONTENT_BUILD_DIR: 'build/content', AULA_AUDIO: '0' } })
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string }

export class ServerProcess {
  child: ChildProcess | null = null
  stdout = ''
  stderr = ''
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null

  constructor(
    readonly port: number,
    readonly databasePath: string,
  ) {}

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const inherited: NodeJS.ProcessEnv = { ...process.env }
    delete inherited.FORCE_HTTPS
    delete inherited.MIGRATIONS_DIR
    return {
      ...inherited,
      NODE_ENV: 'production',
      DATABASE_PATH: this.databasePath,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      CONTENT_BUILD_DIR: 'build/content',
      PUBLIC_BASE_URL: `http://127.0.0.1:${this.port}`,
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: 'info',
      ...extra,
    }
  }

  /** Spawns the server; resolves once /estado answers, or with the exit if it stops first. */
  async start(extra: Record<string, string> = {}, { wait = true } = {}) {
    this.stdout = ''
    this.stderr = ''
    const child = spawn(process.execPath, ['server/index.js'], { env: this.env(extra), stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    child.stdout!.on('data', (d) => (this.stdout += d))
    child.stderr!.on('data', (d) => (this.stderr += d))
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
    if (!wait) return
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${this.stdout}\n${this.stderr}`)
      const ok = await this.request('GET', '/estado').then(
        (r) => r.status === 200,
        () => false,
      )
      if (ok) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`server did not start:\n${this.stdout}\n${this.stderr}`)
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    child.kill(signal)
    await this.exit
  }

  /** The JSON lines the server has logged so far. */
  logLines(): Record<string, unknown>[] {
    return this.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
  }

  /** Waits until the log has at least `count` lines matching `predicate`. */
  async waitForLog(predicate: (line: Record<string, unknown>) => boolean, count = 1, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const lines = this.logLines().filter(predicate)
      if (lines.length >= count) return lines
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error(`log line not seen within ${timeoutMs} ms:\n${this.stdout}`)
  }

  /** A raw HTTP request on a new connection. */
  request(method: string, path: string, { headers = {}, body }: { headers?: Record<string, string | number>; body?: string } = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, path, method, agent: false, headers: { connection: 'close', ...headers } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(body)
    })
  }
}

export const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

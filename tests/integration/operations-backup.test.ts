// `npm run backup` and `npm run restore` (issue 15, operations): an online copy of the live database
// while another process keeps writing, checked and complete up to the moment it began; rotation;
// a restore that refuses a database in use and a bad copy, and keeps the replaced file aside.
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync, truncateSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, test } from 'vitest'
import { openDatabase } from '#app/db/client.server.ts'
import { backupDatabase, backupName, databaseInUse, listBackups, restoreDatabase } from '../../server/backup.js'

const run = promisify(execFile)
const tmp = resolve(mkdtempSync('tests/.tmp/operations-backup-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let counter = 0
const tempPath = (name: string) => join(tmp, `${++counter}-${name}`)

/** A database with the real migrations and a table for the test's writes, `rows` rows of 1 KB already in it. */
function liveDatabase(rows: number) {
  const path = tempPath('live.db')
  const { sqlite } = openDatabase(path)
  sqlite.exec('CREATE TABLE load_writes (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL)')
  const insert = sqlite.prepare('INSERT INTO load_writes (payload, at) VALUES (?, ?)')
  sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run('p'.repeat(1000), Date.now())
  })()
  sqlite.close()
  return path
}

// Another process writing as fast as it can, each INSERT its own transaction; it prints each id
// once committed (acknowledged).
const WRITER = `
import Database from 'better-sqlite3'
const db = new Database(process.argv[2])
db.pragma('journal_mode = WAL')
db.pragma('busy_timeout = 5000')
db.pragma('synchronous = NORMAL')
const insert = db.prepare('INSERT INTO load_writes (payload, at) VALUES (?, ?)')
const payload = 'w'.repeat(200)
let stop = false
process.on('SIGTERM', () => (stop = true))
;(function loop() {
  if (stop) {
    db.close()
    return
  }
  let out = ''
  for (let i = 0; i < 10; i++) out += insert.run(payload, Date.now()).lastInsertRowid + '\\n'
  process.stdout.write(out)
  setImmediate(loop)
})()
`

function startWriter(path: string) {
  const script = join(tmp, 'writer.mjs')
  writeFileSync(script, WRITER)
  // run from the project so that better-sqlite3 resolves
  const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_PATH: resolve('node_modules') } })
  let acked = 0
  let pending = ''
  child.stdout!.on('data', (d) => {
    pending += d
    const lines = pending.split('\n')
    pending = lines.pop()!
    if (lines.length) acked = Number(lines.at(-1))
  })
  const exited = new Promise<number | null>((r) => child.once('exit', r))
  return {
    acked: () => acked,
    async until(n: number) {
      const deadline = Date.now() + 20_000
      while (acked < n) {
        if (Date.now() > deadline) throw new Error(`the writer acknowledged only ${acked} writes`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}

const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, NODE_ENV: 'production' as const, ...extra })

describe('npm run backup', () => {
  test('under continuous writes from another process: the copy passes integrity_check and holds every write acknowledged before it began', async () => {
    const prefill = 20_000 // ~20 MB: the copy takes long enough for writes to land while it runs
    const path = liveDatabase(prefill)
    const backupDir = tempPath('copies')
    const writer = startWriter(path)
    await writer.until(prefill + 500)

    const ackedBefore = writer.acked()
    const started = performance.now()
    const { stdout } = await run(process.execPath, ['scripts/backup.js'], { env: env({ DATABASE_PATH: path, BACKUP_DIR: backupDir, BACKUP_KEEP: '5' }) })
    const elapsed = performance.now() - started
    const ackedAfter = writer.acked()
    await writer.stop()

    // the command says what it made
    const [file] = listBackups(backupDir)
    expect(stdout).toContain(`Copia de seguridad: ${file}`)
    expect(stdout).toMatch(/\d+(,\d)? MB en \d+(,\d+)? s .*PRAGMA integrity_check: ok/)
    expect(basename(file)).toMatch(/^aula-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db$/)
    expect(readdirSync(backupDir)).toEqual([basename(file)]) // no partial file, no -wal: one self-contained file

    const copy = new Database(file, { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    const { n, first, last } = copy.prepare('SELECT count(*) AS n, min(id) AS first, max(id) AS last FROM load_writes').get() as Record<string, number>
    copy.close()
    // every acknowledged write before the backup began is in the copy…
    expect(last).toBeGreaterThanOrEqual(ackedBefore)
    // …and the copy is one moment of the database: ids 1..last, no hole
    expect([first, n]).toEqual([1, last])
    // the writer was never stopped: it kept committing while the copy was made, and the copy is of
    // an earlier moment than the end
    expect(ackedAfter).toBeGreaterThan(ackedBefore)
    const live = new Database(path, { readonly: true })
    const total = (live.prepare('SELECT max(id) AS m FROM load_writes').get() as { m: number }).m
    live.close()
    expect(total).toBeGreaterThan(last)
    console.log(
      `backup under load: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB in ${elapsed.toFixed(0)} ms (command, node start included); ` +
        `${ackedAfter - ackedBefore} writes acknowledged meanwhile; copy holds ids 1..${last} (acknowledged before: ${ackedBefore})`,
    )
  }, 60_000)

  test('keeps the newest BACKUP_KEEP copies, names sort by time', async () => {
    const path = liveDatabase(10)
    const backupDir = tempPath('rotation')
    const t0 = Date.UTC(2026, 4, 4, 10, 15, 30)
    const made: string[] = []
    for (let i = 0; i < 5; i++) {
      const result = await backupDatabase({ databasePath: path, backupDir, keep: 3, now: new Date(t0 + i * 86_400_000) })
      made.push(result.file)
      expect(result.removed).toEqual(i >= 3 ? [made[i - 3]] : [])
    }
    expect(listBackups(backupDir)).toEqual(made.slice(2))
    expect(basename(made[0])).toBe('aula-2026-05-04T10-15-30Z.db')
    expect(backupName(new Date(t0))).toBe('aula-2026-05-04T10-15-30Z.db')
    // a file that is not one of its copies is never deleted
    writeFileSync(join(backupDir, 'notas.txt'), 'x')
    await backupDatabase({ databasePath: path, backupDir, keep: 1, now: new Date(t0 + 9 * 86_400_000) })
    expect(readdirSync(backupDir).sort()).toEqual(['aula-2026-05-13T10-15-30Z.db', 'notas.txt'])
  })

  test('no database: exit 1 with a message, no copy', async () => {
    const backupDir = tempPath('none')
    const failed = await run(process.execPath, ['scripts/backup.js'], { env: env({ DATABASE_PATH: tempPath('missing.db'), BACKUP_DIR: backupDir }) }).catch(
      (e) => e,
    )
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/No se hizo la copia: No hay base de datos en .*missing\.db/)
    expect(listBackups(backupDir)).toEqual([])
  })
})

describe('npm run restore', () => {
  const rowsOf = (path: string) => {
    const s = new Database(path, { readonly: true })
    const rows = s.prepare('SELECT count(*) AS n FROM load_writes').get()
    s.close()
    return rows
  }

  test('refuses while another process holds the database, then replaces it and keeps the old one aside', async () => {
    const path = liveDatabase(3)
    const backupDir = tempPath('restore')
    const { file } = await backupDatabase({ databasePath: path, backupDir, keep: 5 })
    // after the copy, the live database changes
    const holder = new Database(path)
    holder.prepare(`INSERT INTO load_writes (payload, at) VALUES ('después', 0)`).run()
    expect(databaseInUse(path)).toBe(true)
    await expect(restoreDatabase({ databasePath: path, from: file, backupDir })).rejects.toThrow(/está abierta en otro proceso.*Detenga primero el servicio/)
    expect(rowsOf(path)).toEqual({ n: 4 })
    holder.close()
    expect(databaseInUse(path)).toBe(false)

    const cli = await run(process.execPath, ['scripts/restore.js', file], { env: env({ DATABASE_PATH: path, BACKUP_DIR: backupDir }) })
    expect(cli.stdout).toContain(`Restaurada ${path} desde ${file}`)
    expect(rowsOf(path)).toEqual({ n: 3 })
    const safety = readdirSync(backupDir).find((f) => f.startsWith('aula-antes-de-restaurar-'))!
    expect(cli.stdout).toContain(join(backupDir, safety))
    expect(rowsOf(join(backupDir, safety))).toEqual({ n: 4 })
    expect(listBackups(backupDir)).toEqual([file]) // the safety copy is not rotated away with the others
    expect(existsSync(`${path}-wal`)).toBe(false)
    // the app opens the restored file
    const reopened = openDatabase(path)
    expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    reopened.sqlite.close()
  })

  test('refuses a damaged copy or another SQLite file, and leaves the database untouched', async () => {
    const path = liveDatabase(3)
    const backupDir = tempPath('restore-bad')
    const { file } = await backupDatabase({ databasePath: path, backupDir, keep: 5 })
    const before = readFileSync(path)

    const truncated = tempPath('truncated.db')
    copyFileSync(file, truncated)
    truncateSync(truncated, Math.floor(statSync(truncated).size / 2))
    await expect(restoreDatabase({ databasePath: path, from: truncated, backupDir })).rejects.toThrow(/integrity_check|malformed|not a database/)

    const other = tempPath('other.db')
    const s = new Database(other)
    s.exec('CREATE TABLE t (x)')
    s.close()
    await expect(restoreDatabase({ databasePath: path, from: other, backupDir })).rejects.toThrow(/no es una base de datos de Aula Somos Tesoro/)

    const failed = await run(process.execPath, ['scripts/restore.js', tempPath('nothing.db')], {
      env: env({ DATABASE_PATH: path, BACKUP_DIR: backupDir }),
    }).catch((e) => e)
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/No se restauró: No existe el archivo/)

    expect(readFileSync(path).equals(before)).toBe(true)
    expect(readdirSync(tmp).filter((f) => f.includes('.restoring'))).toEqual([])
    expect(readdirSync(backupDir).filter((f) => f.startsWith('aula-antes-de-restaurar-'))).toEqual([])
  })
})

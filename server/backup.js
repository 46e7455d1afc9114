// Backups of the live database and their restore (`npm run backup`, `npm run restore -- FILE`).
// Plain JavaScript with better-sqlite3 only, so they run wherever the server runs. Their messages
// are in Spanish, like the other commands an operator runs (create-admin).
//
// A backup is taken ONLINE, while the server keeps serving and writing: SQLite's backup API
// (better-sqlite3's `.backup()`) copies every page in ONE step, i.e. inside one read transaction,
// which in WAL mode is a snapshot that writers never block and that holds every transaction
// committed before it began. The copy is written under a temporary name, switched to a
// self-contained single file (journal_mode=DELETE), checked with PRAGMA integrity_check, flushed
// to disk and only then given its final, timestamped name; the oldest copies beyond
// BACKUP_KEEP are deleted.
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'

const COPY = /^aula-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db$/
// All remaining pages in one step: one read transaction, a consistent snapshot (a copy made in
// several steps restarts whenever another process writes between two of them).
const ALL_PAGES = 0x7fffffff

export class BackupError extends Error {
  constructor(message) {
    super(message)
    this.name = 'BackupError'
  }
}

/** `aula-2026-05-04T10-15-30Z.db`: sorts by time, no characters a file system dislikes. */
export function backupName(date = new Date()) {
  return `aula-${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z.db`
}

/** The copies in `dir` made by backupDatabase, oldest first. */
export function listBackups(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => COPY.test(name))
    .sort()
    .map((name) => join(dir, name))
}

function fsyncPath(path) {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Checks a database file: PRAGMA integrity_check says ok and it holds this app's tables.
 * Makes it a single self-contained file (journal_mode=DELETE) on the way.
 */
function checkCopy(path) {
  const copy = new Database(path, { fileMustExist: true })
  try {
    copy.pragma('journal_mode = DELETE')
    const result = copy.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new BackupError(`${path} no pasa PRAGMA integrity_check: ${result}`)
    const tables = new Set(copy.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all())
    if (!tables.has('__drizzle_migrations') || !tables.has('users')) throw new BackupError(`${path} no es una base de datos de Aula Somos Tesoro.`)
    return { integrity: result, migrations: copy.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() }
  } finally {
    copy.close()
  }
}

/**
 * Copies the live database at `databasePath` into `backupDir` (online), checks the copy and keeps
 * the newest `keep` copies. Returns the copy's path, size in bytes, the time taken in ms and the
 * copies deleted.
 * @param {{ databasePath: string, backupDir: string, keep: number, now?: Date }} options
 */
export async function backupDatabase({ databasePath, backupDir, keep, now = new Date() }) {
  const started = performance.now()
  const source = resolve(databasePath)
  if (!existsSync(source)) throw new BackupError(`No hay base de datos en ${source} (DATABASE_PATH).`)
  const dir = resolve(backupDir)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, backupName(now))
  if (existsSync(file)) throw new BackupError(`${file} ya existe: como máximo una copia por segundo.`)
  const partial = join(dir, `.${basename(file)}.partial`)
  rmSync(partial, { force: true })

  const live = new Database(source, { fileMustExist: true })
  try {
    live.pragma('busy_timeout = 5000')
    await live.backup(partial, { progress: () => ALL_PAGES })
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  } finally {
    live.close()
  }
  const copiedMs = performance.now() - started
  let checked
  try {
    checked = checkCopy(partial)
    fsyncPath(partial)
  } catch (error) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(partial + suffix, { force: true })
    throw error
  }
  renameSync(partial, file)
  fsyncPath(dir)

  const copies = listBackups(dir)
  const removed = copies.slice(0, Math.max(0, copies.length - keep))
  for (const old of removed) rmSync(old, { force: true })
  return { file, bytes: statSync(file).size, copiedMs, ms: performance.now() - started, integrity: checked.integrity, removed }
}

/**
 * True when another process has the database open. In WAL mode the last connection to close
 * folds the write-ahead log into the file and deletes it: if the `-wal` file is still there after
 * this process opened and closed the database, someone else holds it.
 */
export function databaseInUse(databasePath) {
  const path = resolve(databasePath)
  if (!existsSync(path)) return false
  const probe = new Database(path, { fileMustExist: true })
  try {
    probe.pragma('busy_timeout = 5000')
    probe.prepare('SELECT count(*) FROM sqlite_master').get()
  } finally {
    probe.close()
  }
  return existsSync(`${path}-wal`)
}

/**
 * Replaces the database with a copy: refuses while another process (the server) has it open;
 * checks the copy (integrity, an Aula database); keeps the current database aside in `backupDir`
 * (`aula-antes-de-restaurar-….db`, never rotated away); then puts the copy in place atomically.
 * The next start applies any migration the copy lacks.
 * @param {{ databasePath: string, from: string, backupDir: string, now?: Date }} options
 */
export async function restoreDatabase({ databasePath, from, backupDir, now = new Date() }) {
  const target = resolve(databasePath)
  const copy = resolve(from)
  if (!existsSync(copy)) throw new BackupError(`No existe el archivo ${copy}.`)
  if (copy === target) throw new BackupError('La copia que se quiere restaurar es la propia base de datos.')
  if (databaseInUse(target))
    throw new BackupError(
      `${target} está abierta en otro proceso (¿el servidor?). Detenga primero el servicio (sudo systemctl stop aula) y vuelva a restaurar.`,
    )

  // The exact bytes that will be put in place, checked next to the database (same file system,
  // so the final rename is atomic).
  const incoming = join(dirname(target), `.${basename(target)}.restoring`)
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(copy, incoming)
  let checked
  try {
    checked = checkCopy(incoming)
    fsyncPath(incoming)
  } catch (error) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(incoming + suffix, { force: true })
    throw error
  }

  let safety = null
  if (existsSync(target)) {
    const dir = resolve(backupDir)
    mkdirSync(dir, { recursive: true })
    safety = join(dir, backupName(now).replace(/^aula-/, 'aula-antes-de-restaurar-'))
    const live = new Database(target, { fileMustExist: true })
    try {
      await live.backup(safety, { progress: () => ALL_PAGES })
    } finally {
      live.close()
    }
    fsyncPath(safety)
  }
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true })
  renameSync(incoming, target)
  fsyncPath(dirname(target))
  return { restored: target, from: copy, safety, migrations: checked.migrations }
}

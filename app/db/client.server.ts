import { mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { getEnv } from '#app/utils/env.server.ts'
import { remember } from '#app/utils/remember.server.ts'
import { foldText } from '#app/utils/municipalities.ts'
import { applyMigrations, lastAppliedMigration, readMigrations } from './migrate.server.ts'
import * as schema from './schema.ts'

export type Db = BetterSQLite3Database<typeof schema>
/** A transaction handle; drizzle's better-sqlite3 transactions are synchronous callbacks. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type Executor = Db | Tx

export type DatabaseHandle = {
  db: Db
  sqlite: Database.Database
  /** Absolute path of the file, or ':memory:'. */
  path: string
  /** The file opened (device and inode): /healthz notices when the path no longer leads to it. */
  file: { dev: number; ino: number } | null
  /** Journal time of the newest migration this code knows. */
  newestMigration: number
}

/**
 * Opens a SQLite file with the pragmas we rely on and brings its schema up to date, in one
 * transaction: a failed migration throws a MigrationError naming it and leaves the file as it was.
 */
// Names are searched without regard to case or accents («jose» finds «José», «PEÑA» finds
// «peña»): SQLite's LIKE folds ASCII only, so the same fold the CSV import uses is an SQL
// function on every connection (`fold_text`). Folding is the costly part of a name search (a JS
// call per row): each name's fold is remembered, so a search over 5,000 people costs a map lookup
// per row after the first.
const folded = new Map<string, string>()
function foldCached(value: string): string {
  let f = folded.get(value)
  if (f === undefined) {
    if (folded.size >= 100_000) folded.clear()
    f = foldText(value)
    folded.set(value, f)
  }
  return f
}

export function openDatabase(path: string, { migrationsFolder = getEnv().MIGRATIONS_DIR }: { migrationsFolder?: string } = {}): DatabaseHandle {
  const memory = path === ':memory:'
  const absolute = memory ? path : resolve(path)
  if (!memory) mkdirSync(dirname(absolute), { recursive: true })
  const sqlite = new Database(absolute)
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.function('fold_text', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldCached(value) : value))
    const folder = resolve(migrationsFolder)
    const { aheadOfCode } = applyMigrations(sqlite, folder)
    if (aheadOfCode) console.warn(`The database ${absolute} was migrated by a newer version of the app than this one.`)
    const { dev, ino } = memory ? { dev: 0, ino: 0 } : statSync(absolute)
    return {
      db: drizzle(sqlite, { schema }),
      sqlite,
      path: absolute,
      file: memory ? null : { dev, ino },
      newestMigration: readMigrations(folder).at(-1)?.when ?? 0,
    }
  } catch (error) {
    sqlite.close()
    throw error
  }
}

export type Health = { ok: true } | { ok: false; reason: string }

/**
 * What /healthz answers: the connection is open and answers a query, the schema is up to date,
 * and the path still leads to the open file (not deleted, moved or replaced under the server, as
 * a restore while it runs would do). A few microseconds: one indexed read and one stat.
 */
export function checkDatabaseHealth(h: DatabaseHandle = handle): Health {
  if (!h.sqlite.open) return { ok: false, reason: 'the database connection is closed' }
  try {
    const last = lastAppliedMigration(h.sqlite)
    if (last === null || last < h.newestMigration) return { ok: false, reason: 'the database schema is not up to date' }
    if (h.file) {
      const now = statSync(h.path, { throwIfNoEntry: false })
      if (!now) return { ok: false, reason: `${h.path} is missing` }
      if (now.dev !== h.file.dev || now.ino !== h.file.ino) return { ok: false, reason: `${h.path} is no longer the file the server opened` }
    }
    return { ok: true }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
}

/** Folds the write-ahead log into the file and closes the connection (graceful shutdown). */
export function closeDatabase(h: DatabaseHandle = handle) {
  if (!h.sqlite.open) return
  h.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  h.sqlite.close()
}

const handle = remember('database', () => openDatabase(getEnv().DATABASE_PATH))

export const db: Db = handle.db
export const sqlite = handle.sqlite

/**
 * A statement every request of some page runs, built and prepared on first use instead of on
 * every call (issue 16: building and preparing was a fifth of a signed-in page's server time).
 * Use with `sql.placeholder(...)` for the values.
 */
export function preparedOnce<T>(build: () => T): () => T {
  let statement: T | undefined
  return () => (statement ??= build())
}

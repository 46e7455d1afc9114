import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { getEnv } from '#app/utils/env.server.ts'
import { remember } from '#app/utils/remember.server.ts'
import * as schema from './schema.ts'

export type Db = BetterSQLite3Database<typeof schema>
/** A transaction handle; drizzle's better-sqlite3 transactions are synchronous callbacks. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type Executor = Db | Tx

const migrationsFolder = resolve(process.env.MIGRATIONS_DIR ?? './drizzle')

/** Opens a SQLite file with the pragmas we rely on and brings its schema up to date. */
export function openDatabase(path: string): { db: Db; sqlite: Database.Database } {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder })
  return { db, sqlite }
}

const handle = remember('database', () => openDatabase(getEnv().DATABASE_PATH))

export const db: Db = handle.db
export const sqlite = handle.sqlite

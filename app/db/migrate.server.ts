// Brings a database's schema up to date at start, all or nothing. Compatible with drizzle-kit's
// output and with drizzle's `__drizzle_migrations` table (same hash, same `created_at` = the
// journal's `when`, same rule for what is pending), with three differences from drizzle's
// better-sqlite3 `migrate()`:
//  - the bookkeeping table is created and the pending list read INSIDE the one transaction
//    (BEGIN IMMEDIATE), so a failed first start leaves no trace and two processes starting at
//    once do not both apply the same migration;
//  - foreign keys are off while migrations run and checked (`PRAGMA foreign_key_check`) before
//    the commit. Inside a transaction `PRAGMA foreign_keys=OFF` is a no-op, so drizzle-kit's
//    table rebuilds (CREATE __new_x, copy, DROP x, RENAME) ran with enforcement on: the DROP's
//    implicit DELETE fires ON DELETE CASCADE / SET NULL in the tables that reference x (SQLite's
//    documented 12-step procedure turns them off first, as done here);
//  - a failure names the migration and the statement, and nothing of it or of the migrations
//    before it in the same start is kept.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'

const TABLE = '__drizzle_migrations'

export type Migration = { tag: string; when: number; hash: string; statements: string[] }

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string | null,
  ) {
    super(message)
    this.name = 'MigrationError'
  }
}

/** The migrations of a drizzle-kit folder (meta/_journal.json + NNNN_tag.sql), in journal order. */
export function readMigrations(folder: string): Migration[] {
  const journalPath = join(folder, 'meta', '_journal.json')
  if (!existsSync(journalPath)) throw new MigrationError(`No migrations journal at ${journalPath} (MIGRATIONS_DIR).`, null)
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string; when: number }[] }
  return journal.entries.map(({ tag, when }) => {
    const file = join(folder, `${tag}.sql`)
    if (!existsSync(file)) throw new MigrationError(`Migration ${tag}: file ${file} is missing.`, tag)
    const text = readFileSync(file, 'utf8')
    return {
      tag,
      when,
      hash: createHash('sha256').update(text).digest('hex'),
      statements: text.split('--> statement-breakpoint').filter((s) => s.trim() !== ''),
    }
  })
}

/** The journal time of the newest migration recorded in the database, or null (none, or no table). */
export function lastAppliedMigration(sqlite: Database.Database): number | null {
  const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(TABLE)
  if (!table) return null
  const row = sqlite.prepare(`SELECT created_at AS at FROM "${TABLE}" ORDER BY created_at DESC LIMIT 1`).get() as { at: number | string } | undefined
  return row ? Number(row.at) : null
}

/**
 * Applies every pending migration of `folder` in ONE transaction. On any failure the transaction
 * is rolled back (the schema, the data and `__drizzle_migrations` are as before) and a
 * MigrationError naming the migration is thrown. Returns the tags applied, and whether the
 * database holds a migration newer than `folder` knows (it was used by a newer version of the app).
 */
export function applyMigrations(sqlite: Database.Database, folder: string): { applied: string[]; aheadOfCode: boolean } {
  const migrations = readMigrations(folder)
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1
  // Outside any transaction: the only place where this pragma has an effect.
  sqlite.pragma('foreign_keys = OFF')
  try {
    const run = sqlite.transaction(() => {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`)
      const last = lastAppliedMigration(sqlite)
      const pending = migrations.filter((m) => last === null || m.when > last)
      const record = sqlite.prepare(`INSERT INTO "${TABLE}" ("hash", "created_at") VALUES (?, ?)`)
      for (const migration of pending) {
        migration.statements.forEach((statement, index) => {
          try {
            sqlite.exec(statement)
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error)
            throw new MigrationError(
              `Migration ${migration.tag} failed at statement ${index + 1} of ${migration.statements.length}: ${reason}. ` +
                'Nothing was applied: the database is as it was before this start.',
              migration.tag,
            )
          }
        })
        record.run(migration.hash, migration.when)
      }
      if (pending.length) {
        const violations = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[]
        if (violations.length) {
          const where = [...new Set(violations.map((v) => `${v.table} → ${v.parent}`))].join(', ')
          const tag = pending.at(-1)!.tag
          throw new MigrationError(
            `Migrations up to ${tag} leave ${violations.length} broken foreign key reference(s) (${where}). ` +
              'Nothing was applied: the database is as it was before this start.',
            tag,
          )
        }
      }
      return { applied: pending.map((m) => m.tag), aheadOfCode: last !== null && last > (migrations.at(-1)?.when ?? 0) }
    })
    return run.immediate()
  } finally {
    sqlite.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`)
  }
}

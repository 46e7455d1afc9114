// What happens at start (issue 15, operations): the configuration is checked with zod and every
// bad variable is named; pending migrations are applied in ONE transaction, so a broken one stops
// the start and leaves the database exactly as it was.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate as drizzleMigrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase } from '#app/db/client.server.ts'
import { applyMigrations, MigrationError, readMigrations } from '#app/db/migrate.server.ts'
import { CONFIG_VARIABLES, parseConfig } from '../../server/config.js'
import { ensureBuild, freePort, ServerProcess } from '../server-process.ts'

const tmp = mkdtempSync('tests/.tmp/operations-start-')
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let counter = 0
const tempPath = (name: string) => join(tmp, `${++counter}-${name}`)

type Journal = { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] }

/** A copy of drizzle/ with its journal cut after `keep` entries (all by default) and extra migrations appended. */
function migrationsFolder({ keep, extra = [] }: { keep?: number; extra?: { tag: string; statements: string[] }[] } = {}) {
  const dir = tempPath('migrations')
  cpSync('drizzle', dir, { recursive: true })
  const journalPath = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal
  if (keep !== undefined) journal.entries = journal.entries.slice(0, keep)
  let when = journal.entries.at(-1)!.when
  for (const { tag, statements } of extra) {
    writeFileSync(join(dir, `${tag}.sql`), statements.join('\n--> statement-breakpoint\n'))
    journal.entries.push({ idx: journal.entries.length, version: '6', when: ++when, tag, breakpoints: true })
  }
  writeFileSync(journalPath, JSON.stringify(journal, null, 2))
  return dir
}

const BROKEN = {
  tag: '0099_broken',
  // the first statement succeeds, the second fails
  statements: ['CREATE TABLE `broken_first` (`id` integer PRIMARY KEY NOT NULL);', 'INSERT INTO `no_such_table` (`id`) VALUES (1);'],
}

/** Everything a failed start must not change: the schema, the journal, the rows. */
function snapshot(path: string) {
  const sqlite = new Database(path, { readonly: true })
  try {
    const schema = sqlite.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all()
    const tables = (schema as { type: string; name: string }[]).filter((t) => t.type === 'table').map((t) => t.name)
    const rows = Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]))
    return { schema, rows }
  } finally {
    sqlite.close()
  }
}

const countMigrations = readMigrations('drizzle').length

describe('migrations at start: one transaction', () => {
  test('a broken migration stops the opening, names itself, and leaves schema, journal and data as they were — the good migration before it in the same start included', () => {
    const path = tempPath('previous-version.db')
    // a database one version behind, with data in it
    const previous = openDatabase(path, { migrationsFolder: migrationsFolder({ keep: countMigrations - 1 }) })
    previous.sqlite
      .prepare(
        `INSERT INTO users (id, username, password_hash, secret_kind, full_name, role, profile, municipality, consent_at) VALUES (?, ?, ?, 'pin', ?, 'learner', 'miner', 'segovia', ?)`,
      )
      .run('u-1', 'minero.antes', 'x', 'Minero Antes', Date.now())
    previous.sqlite.close()
    const before = snapshot(path)
    expect(before.rows.__drizzle_migrations).toHaveLength(countMigrations - 1)

    // pending: the real newest migration (good) and then a broken one
    const folder = migrationsFolder({ extra: [BROKEN] })
    let thrown: unknown
    try {
      openDatabase(path, { migrationsFolder: folder })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(MigrationError)
    expect((thrown as MigrationError).migration).toBe('0099_broken')
    expect((thrown as Error).message).toMatch(/Migration 0099_broken failed at statement 2 of 2: no such table: no_such_table/)
    expect((thrown as Error).message).toMatch(/Nothing was applied/)

    const after = snapshot(path)
    expect(after).toEqual(before) // not broken_first, not the good newest migration, not a journal row
    expect(after.schema.map((s: any) => s.name)).not.toContain('broken_first')

    // once the broken migration is gone, the same file opens and gets the good one
    const fixed = openDatabase(path, { migrationsFolder: migrationsFolder() })
    expect(fixed.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({ n: countMigrations })
    expect(fixed.sqlite.prepare('SELECT username FROM users').all()).toEqual([{ username: 'minero.antes' }])
    fixed.sqlite.close()
  })

  test('on a new file a broken migration leaves no table at all, not even the journal', () => {
    const path = tempPath('new.db')
    expect(() => openDatabase(path, { migrationsFolder: migrationsFolder({ extra: [BROKEN] }) })).toThrow(/0099_broken/)
    expect(snapshot(path).schema).toEqual([])
  })

  test("a table rebuild (drizzle-kit's PRAGMA foreign_keys=OFF … DROP … RENAME) keeps the rows that reference the table; drizzle's own migrate() deletes them", () => {
    // What drizzle-kit generates when a column of `users` changes: the 12-step rebuild. Inside a
    // transaction its PRAGMA foreign_keys=OFF does nothing, so with drizzle's migrate() the DROP
    // of `users` deletes every row first and ON DELETE CASCADE takes the sessions with it.
    const prepare = (path: string) => {
      const h = openDatabase(path)
      h.sqlite
        .prepare(
          `INSERT INTO users (id, username, password_hash, secret_kind, full_name, role, profile, municipality, consent_at) VALUES ('u-1', 'minera', 'x', 'pin', 'Minera', 'learner', 'miner', 'segovia', ?)`,
        )
        .run(Date.now())
      h.sqlite
        .prepare(`INSERT INTO sessions (id, user_id, expires_at, last_seen_at) VALUES ('s-1', 'u-1', ?, ?)`)
        .run(Math.floor(Date.now() / 1000) + 3600, Date.now())
      const usersSql = (h.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'users'`).get() as { sql: string }).sql
      const columns = (h.sqlite.prepare(`SELECT name FROM pragma_table_info('users')`).all() as { name: string }[]).map((c) => `"${c.name}"`).join(', ')
      h.sqlite.close()
      return { usersSql, columns }
    }
    const ours = tempPath('rebuild-ours.db')
    const theirs = tempPath('rebuild-drizzle.db')
    const { usersSql, columns } = prepare(ours)
    prepare(theirs)
    const indexes = (path: string) => {
      const s = new Database(path, { readonly: true })
      const sql = (s.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL`).all() as { sql: string }[]).map(
        (r) => r.sql,
      )
      s.close()
      return sql
    }
    const rebuild = {
      tag: '0099_rebuild_users',
      statements: [
        'PRAGMA foreign_keys=OFF;',
        usersSql.replace(/^CREATE TABLE [`"]?users[`"]?/, 'CREATE TABLE `__new_users`') + ';',
        `INSERT INTO \`__new_users\`(${columns}) SELECT ${columns} FROM \`users\`;`,
        'DROP TABLE `users`;',
        'ALTER TABLE `__new_users` RENAME TO `users`;',
        'PRAGMA foreign_keys=ON;',
        ...indexes(ours).map((s) => `${s};`),
      ],
    }
    const folder = migrationsFolder({ extra: [rebuild] })

    const mine = new Database(ours)
    mine.pragma('foreign_keys = ON')
    expect(applyMigrations(mine, folder).applied).toEqual(['0099_rebuild_users'])
    expect(mine.prepare('SELECT id FROM sessions').all()).toEqual([{ id: 's-1' }])
    expect(mine.pragma('foreign_keys', { simple: true })).toBe(1) // restored afterwards
    mine.close()

    const other = new Database(theirs)
    other.pragma('foreign_keys = ON')
    drizzleMigrate(drizzle(other), { migrationsFolder: folder })
    expect(other.prepare('SELECT id FROM sessions').all()).toEqual([])
    other.close()
  })

  test("the journal is drizzle's: a database migrated by drizzle's migrate() has nothing pending, and the reverse", () => {
    const a = new Database(tempPath('by-drizzle.db'))
    drizzleMigrate(drizzle(a), { migrationsFolder: 'drizzle' })
    expect(applyMigrations(a, 'drizzle').applied).toEqual([])
    a.close()

    const b = new Database(tempPath('by-us.db'))
    expect(applyMigrations(b, 'drizzle').applied).toHaveLength(countMigrations)
    const rows = b.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()
    drizzleMigrate(drizzle(b), { migrationsFolder: 'drizzle' })
    expect(b.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual(rows)
    b.close()
  })
})

describe('configuration at start', () => {
  test('every bad variable is named in one message; a secret in SMTP_URL is never repeated', () => {
    let message = ''
    try {
      parseConfig({ PORT: 'tres mil', LOG_LEVEL: 'verbose', BACKUP_KEEP: '0', SMTP_URL: 'http://ana:hunter2@mail.example.org', SHUTDOWN_TIMEOUT_MS: 'x' })
    } catch (error) {
      message = (error as Error).message
    }
    for (const name of ['PORT', 'LOG_LEVEL', 'BACKUP_KEEP', 'SMTP_URL', 'SHUTDOWN_TIMEOUT_MS']) expect(message).toMatch(new RegExp(`^  ${name}: `, 'm'))
    expect(message).not.toContain('hunter2')
    const defaults = parseConfig({})
    expect(defaults).toMatchObject({ BACKUP_DIR: './data/copias', BACKUP_KEEP: 14, LOG_LEVEL: 'info' })
    expect([defaults.SMTP_URL, defaults.SMTP_FROM]).toEqual([undefined, undefined])
    expect(
      parseConfig({ SMTP_URL: 'smtp://ana:clave@mail.example.org:587', SMTP_FROM: 'Aula Somos Tesoro <aula@example.org>', BACKUP_KEEP: '30' }),
    ).toMatchObject({
      SMTP_URL: 'smtp://ana:clave@mail.example.org:587',
      SMTP_FROM: 'Aula Somos Tesoro <aula@example.org>',
      BACKUP_KEEP: 30,
    })
    // the server-only rule: production needs its public address (not the demo)
    expect(() => parseConfig({ NODE_ENV: 'production' }, { server: true })).toThrow(/PUBLIC_BASE_URL: required in production/)
    expect(() => parseConfig({ NODE_ENV: 'production', AULA_DEMO: '1' }, { server: true })).not.toThrow()
  })

  test('.env.example and the README list every variable the code reads', () => {
    const read = new Set<string>(CONFIG_VARIABLES)
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|tsx|js)$/.test(e.name) ? [join(dir, e.name)] : [],
      )
    for (const file of [...walk('app'), ...walk('server'), ...walk('scripts')]) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) read.add(name)
    }
    const example = readFileSync('.env.example', 'utf8')
    const missing = [...read].filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example))
    expect(missing).toEqual([])
    const readme = readFileSync('README.md', 'utf8')
    expect(CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``))).toEqual([])
  })
})

describe('the server start', () => {
  let server: ServerProcess
  beforeAll(async () => {
    ensureBuild()
    server = new ServerProcess(await freePort(), tempPath('server.db'))
  }, 180_000)
  afterAll(() => server.stop())

  test('bad variables: exit 1 with one message naming each of them, nothing listening', async () => {
    await server.start({ PORT: String(server.port), LOG_LEVEL: 'verbose', TRUST_PROXY: 'yes', BACKUP_KEEP: '-1' }, { wait: false })
    const { code } = await server.exit!
    expect(code).toBe(1)
    for (const name of ['LOG_LEVEL', 'TRUST_PROXY', 'BACKUP_KEEP']) expect(server.stderr).toContain(`${name}: `)
    await expect(server.request('GET', '/healthz')).rejects.toThrow(/ECONNREFUSED/)
  }, 30_000)

  test('a broken migration: exit 1 with a message naming it, the database exactly as it was', async () => {
    const path = tempPath('server-previous.db')
    openDatabase(path, { migrationsFolder: migrationsFolder({ keep: countMigrations - 1 }) }).sqlite.close()
    const before = snapshot(path)
    const broken = new ServerProcess(server.port, path)
    await broken.start({ MIGRATIONS_DIR: migrationsFolder({ extra: [BROKEN] }) }, { wait: false })
    const { code } = await broken.exit!
    expect(code).toBe(1)
    expect(broken.stderr).toContain('Cannot start: Migration 0099_broken failed at statement 2 of 2')
    expect(snapshot(path)).toEqual(before)

    // and with the real migrations the same file starts and is brought up to date
    await broken.start()
    expect((await broken.request('GET', '/healthz')).status).toBe(200)
    await broken.stop()
    expect(snapshot(path).rows.__drizzle_migrations).toHaveLength(countMigrations)
  }, 60_000)

  test('`node --check` accepts the plain-JS server modules (no TypeScript needed in production)', () => {
    for (const file of ['server/index.js', 'server/config.js', 'server/logging.js', 'server/backup.js', 'scripts/backup.js', 'scripts/restore.js'])
      execFileSync(process.execPath, ['--check', file])
  })
})

// Every test file gets its own fresh SQLite file with the real migrations applied
// (the app's db module runs them when it opens the file).
import { mkdirSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { afterAll } from 'vitest'

const dir = 'tests/.tmp'
mkdirSync(dir, { recursive: true })
const file = `${dir}/test-${process.pid}-${randomUUID()}.db`
process.env.DATABASE_PATH = file
process.env.NODE_ENV = 'test'
process.env.CONTENT_BUILD_DIR = 'tests/.tmp/content-fixture'

afterAll(async () => {
  const { sqlite } = await import('#app/db/client.server.ts').catch(() => ({ sqlite: null }))
  sqlite?.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
})

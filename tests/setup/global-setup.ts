// Compiles the small fixture course once for all integration tests (the real
// content is checked by `npm run check:content`).
import { mkdirSync, writeFileSync } from 'node:fs'
import { compileContent } from '#app/content/compile.server.ts'

export const FIXTURE_CONTENT_DIR = 'tests/.tmp/content-fixture'

export default async function setup() {
  const { content, errors } = await compileContent('tests/fixtures/content-ok', { strict: false })
  if (errors.length) throw new Error(`fixture content is broken:\n${errors.join('\n')}`)
  mkdirSync(FIXTURE_CONTENT_DIR, { recursive: true })
  writeFileSync(`${FIXTURE_CONTENT_DIR}/content.json`, JSON.stringify(content))
}

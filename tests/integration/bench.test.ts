// `npm run bench` never asserts; this checks that it runs end to end (tiny mode: a small seed,
// half a second per scenario) and prints every row of both tables.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const ROWS = [
  'bare node:http, fixed string',
  'empty Remix 2.17 page, stock framework',
  'empty Remix 2.17 page, patched like the project',
  '/estado',
  'lesson page, guest',
  'lesson page, signed in',
  'catalog /cursos',
  'quiz page, signed in',
  'quiz submission, one at a time',
  'quiz submissions, 6 at once',
  'sign-ins, 6 at once',
  'cohort view, 20 learners',
  'certificate verification',
  'certificate PDF',
]

test('npm run bench -- --tiny prints every scenario with req/s, p50, p99, errors and the ratios to the empty Remix page (stock and patched framework), the event loop’s time per request, and the peak RSS', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of ['DATABASE_PATH', 'CONTENT_BUILD_DIR', 'NODE_ENV', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[key]
  // asynchronously: a blocked worker would miss vitest's own heartbeats
  const { stdout: output } = await promisify(execFile)('npx', ['tsx', 'scripts/bench.ts', '--tiny', '--port', '3877'], {
    env,
    encoding: 'utf8',
    timeout: 280_000,
  })
  expect(output).toMatch(/cohort report computed in process .*median \d+ ms/)
  const tables = output.split('\n| scenario |').slice(1)
  expect(tables.length).toBeGreaterThanOrEqual(1)
  for (const table of tables) {
    for (const row of ROWS)
      expect(table, row).toMatch(
        new RegExp(`\\n\\| ${row.replace(/[/.]/g, '\\$&')} \\| \\d+ \\| \\d+ \\| \\d+ \\| \\d+/\\d+ \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+\\.\\d{3} \\|`),
      )
  }
  expect(output).toMatch(/project server: peak RSS \d+ MB/)
}, 300_000)

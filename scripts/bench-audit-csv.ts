// The audit log at size: a throwaway database with N audit events (default 100,000) from 1,000
// people, then the admin's CSV export through its route (streamed in batches) and a few page
// queries. Prints time, output size and peak memory; never asserts.
//   npx tsx scripts/bench-audit-csv.ts [--events 100000]
//   node --max-old-space-size=256 --import tsx scripts/bench-audit-csv.ts   (as `npm start` runs)
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' } } })
const EVENTS = Number(values.events)
mkdirSync('tests/.tmp', { recursive: true })
const file = `tests/.tmp/bench-audit-${randomUUID()}.db`
process.env.DATABASE_PATH = file
process.env.NODE_ENV = 'production'

const { db, sqlite } = await import('#app/db/client.server.ts')
const { auditEvents, cohorts } = await import('#app/db/schema.ts')
const { insertUsers } = await import('#app/users/users.server.ts')
const { loader } = await import('#app/routes/admin.auditoria[.]csv.tsx')
const { listAuditEvents } = await import('#app/audit/audit-log.server.ts')
const { knownAuditActions } = await import('#app/audit/audit-log.server.ts')

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

// ---- seed
const people = Array.from({ length: 1000 }, (_, i) => ({
  id: randomUUID(),
  username: `persona.${i}`,
  passwordHash: 'x',
  secretKind: 'pin' as const,
  fullName: `Persona Número ${i} Pérez`,
  role: i === 0 ? ('admin' as const) : ('learner' as const),
  profile: 'miner' as const,
  municipality: 'segovia',
  consentAt: new Date(),
}))
db.transaction((tx) => insertUsers(tx, people))
const cohortIds = Array.from({ length: 20 }, () => randomUUID())
db.insert(cohorts)
  .values(
    cohortIds.map((id, i) => ({ id, name: `Grupo ${i}`, municipality: 'segovia', startsOn: '2026-01-01', endsOn: '2026-12-31', createdBy: people[0].id })),
  )
  .run()
const seedStarted = performance.now()
const start = Date.UTC(2025, 0, 1)
db.transaction((tx) => {
  for (let i = 0; i < EVENTS; i += 500) {
    tx.insert(auditEvents)
      .values(
        Array.from({ length: Math.min(500, EVENTS - i) }, (_, j) => {
          const n = i + j
          const actor = people[n % people.length]
          return {
            action: knownAuditActions[n % knownAuditActions.length],
            actorId: actor.id,
            subjectId: people[(n * 7) % people.length].id,
            details: n % 3 === 0 ? { cohortId: cohortIds[n % cohortIds.length] } : n % 3 === 1 ? { from: 'learner', to: 'trainer' } : null,
            createdAt: new Date(start + n * 60_000),
          }
        }),
      )
      .run()
  }
})
console.log(`seeded ${EVENTS.toLocaleString('en')} events in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`)

// ---- the export, through the route
globalThis.gc?.()
const baseline = process.memoryUsage()
let peakRss = baseline.rss
let peakHeap = baseline.heapUsed
const sample = () => {
  const m = process.memoryUsage()
  peakRss = Math.max(peakRss, m.rss)
  peakHeap = Math.max(peakHeap, m.heapUsed)
}
const timer = setInterval(sample, 5)
const admin = { id: people[0].id, role: 'admin' as const, fullName: people[0].fullName } as never
const t0 = performance.now()
const response = (await loader({
  request: new Request('http://localhost/admin/auditoria.csv', { headers: { 'Accept-Language': 'es-CO' } }),
  params: {},
  context: { user: admin, session: null, clientIp: '127.0.0.1', nonce: '' } as never,
})) as Response
const reader = response.body!.getReader()
let bytes = 0
let chunks = 0
let firstChunkMs = 0
for (;;) {
  const { done, value } = await reader.read()
  if (done) break
  if (!chunks) firstChunkMs = performance.now() - t0
  chunks++
  bytes += value.byteLength
  sample()
}
const exportMs = performance.now() - t0
clearInterval(timer)
console.log(
  `CSV export of ${EVENTS.toLocaleString('en')} events: ${(exportMs / 1000).toFixed(2)} s, ${mb(bytes)} in ${chunks} chunks (first after ${firstChunkMs.toFixed(0)} ms)`,
)
console.log(
  `memory: rss ${mb(baseline.rss)} before, peak ${mb(peakRss)} (+${mb(peakRss - baseline.rss)}); heap used ${mb(baseline.heapUsed)} before, peak ${mb(peakHeap)} (+${mb(peakHeap - baseline.heapUsed)})`,
)

// ---- the page's queries
const time = (label: string, fn: () => { total: number }) => {
  const s = performance.now()
  const { total } = fn()
  console.log(`${label}: ${(performance.now() - s).toFixed(1)} ms (total ${total.toLocaleString('en')})`)
}
time('page 1, no filter', () => listAuditEvents({}))
time('page 1000, no filter', () => listAuditEvents({}, { page: 1000 }))
time('one person (subject or actor)', () => listAuditEvents({ personId: people[5].id }))
time('name search «número 12»', () => listAuditEvents({ actorQuery: 'número 12' }))
time('one action, one month', () => listAuditEvents({ action: 'user.signed_in', from: '2025-02-01', to: '2025-02-28' }))

sqlite.close()
for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })

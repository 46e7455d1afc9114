// Time of the administrator's user list and user page with many people (default 5,000), in
// process, on a throwaway database. Prints milliseconds per call (mean of 50 after a warm-up),
// and the first name search after start (when every name is folded once).
//   npx tsx scripts/bench-admin-users.ts [--people 5000]   (after npm run build:content, for the user page)
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { people: { type: 'string', default: '5000' } } })
const count = Number(values.people)
const databasePath = `tests/.tmp/bench-admin-users-${Date.now()}.db`
process.env.DATABASE_PATH = databasePath

const { db, sqlite } = await import('#app/db/client.server.ts')
const { cohorts, cohortMembers } = await import('#app/db/schema.ts')
const { insertUsers } = await import('#app/users/users.server.ts')
const { countPendingDeletionRequests, searchUsers } = await import('#app/admin/users.server.ts')
const { parseUserFilters } = await import('#app/admin/user-filters.ts')
const { loadAdminUserPage } = await import('#app/admin/user-page.server.ts')
const { getFixedT } = await import('#app/i18n/translations.server.ts')
const adminT = await getFixedT('es', 'admin')

const names = ['José', 'María', 'Ana', 'Luis', 'Pedro', 'Rosa', 'Ángela', 'Óscar', 'Nubia', 'Jhon']
const surnames = ['Peña', 'Gómez', 'Álvarez', 'Ruiz', 'Zapata', 'Muñoz', 'Ortiz', 'Cárdenas', 'Restrepo', 'Mosquera']
const municipalities = ['segovia', 'remedios', 'el-bagre', 'zaragoza', 'mongua', 'sogamoso']
const now = new Date()
const people = Array.from({ length: count }, (_, i) => ({
  id: randomUUID(),
  fullName: `${names[i % 10]} ${surnames[(i * 7) % 10]} ${surnames[(i * 3) % 10]} ${i}`,
  username: i % 4 ? `persona.${i}` : null,
  email: i % 4 ? null : `persona${i}@alcaldia.gov.co`,
  passwordHash: 'not-a-hash',
  secretKind: 'pin' as const,
  profile: (['miner', 'official', 'other'] as const)[i % 3],
  municipality: municipalities[i % municipalities.length],
  consentAt: now,
  deactivatedAt: i % 50 === 0 ? now : null,
  deletionRequestedAt: i % 200 === 0 ? now : null,
}))
insertUsers(db, people)
db.insert(cohorts).values({ id: 'bench', name: 'Grupo', municipality: 'segovia', startsOn: '2026-01-01', endsOn: '2026-12-31' }).run()
db.insert(cohortMembers)
  .values(people.slice(0, 300).map((p) => ({ cohortId: 'bench', userId: p.id })))
  .run()

const search =
  (query: string, page = 1) =>
  () =>
    searchUsers(parseUserFilters(new URLSearchParams(query)).filters, page)
const once = (fn: () => unknown) => {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}
console.log(`${count} people`)
console.log(`${'first name search after start (folds every name once)'.padEnd(56)} ${once(search('q=pena')).toFixed(1)} ms`)
const cases: [string, () => unknown][] = [
  ['no filter, page 1', search('')],
  ['no filter, last page', search('', Math.ceil(count / 50))],
  ['q=pena (name, accents folded)', search('q=pena')],
  ['q=PEÑA álvarez', search('q=PEÑA álvarez')],
  ['q=alcaldia (e-mail)', search('q=alcaldia')],
  ['q=persona.49 (username)', search('q=persona.49')],
  ['municipio + perfil + estado', search('municipio=segovia&perfil=miner&estado=activas')],
  ['grupo + q', search('grupo=bench&q=maria')],
  ['solicitud=pendientes', search('solicitud=pendientes')],
  ['pending deletion count (admin home)', countPendingDeletionRequests],
  ['user page', () => loadAdminUserPage(people[7].id, 'es', adminT)],
]
for (const [label, fn] of cases) {
  fn()
  const runs = 50
  const t0 = performance.now()
  for (let i = 0; i < runs; i++) fn()
  console.log(`${label.padEnd(56)} ${((performance.now() - t0) / runs).toFixed(2)} ms`)
}
sqlite.close()
for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true })

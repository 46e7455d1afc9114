// Fills a demo database (default ./data/demo.db) with one account per role. Safe to run twice.
export {}
process.env.DATABASE_PATH ??= './data/demo.db'
if (process.env.NODE_ENV === 'production') {
  console.error('La base de demostración no se crea con NODE_ENV=production.')
  process.exit(1)
}
const { registerAccount } = await import('#app/auth/accounts.server.ts')
const { demoAccounts } = await import('#app/demo/demo-accounts.ts')

for (const account of demoAccounts) {
  const credentials = 'email' in account ? { email: account.email, password: account.password } : { username: account.username, pin: account.pin }
  const result = await registerAccount({
    ...credentials,
    fullName: account.fullName,
    municipality: account.municipality,
    gender: 'gender' in account ? account.gender : null,
    birthYear: 'birthYear' in account ? account.birthYear : null,
    profile: account.profile,
    role: account.role,
    isDemo: true,
  })
  if (!result.ok && !Object.values(result.fieldErrors).some((e) => e.endsWith('Taken'))) {
    console.error('Demo account not created:', result.fieldErrors)
    process.exit(1)
  }
}

// A workshop's worth of participants, so /admin/indicadores has figures to show.
const { seedDemoParticipants } = await import('./demo-participants.ts')
await seedDemoParticipants(demoAccounts.find((a) => a.role === 'trainer')!.email)

const port = process.env.PORT ?? '3000'
console.log(`
Aula Somos Tesoro (demo) — base de datos ${process.env.DATABASE_PATH}
Abra http://localhost:${port}

Cuentas de demostración:`)
for (const a of demoAccounts) {
  const login = 'email' in a ? `${a.email} / ${a.password}` : `${a.username} / PIN ${a.pin}`
  console.log(`  ${a.role.padEnd(8)} ${login}`)
}

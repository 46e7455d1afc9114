// How many PIN guesses the sign-in limits let an attacker check, measured against the
// real limiters (app/auth/limits.server.ts) on a throwaway SQLite file with a simulated clock.
//   npx tsx scripts/sign-in-budget.ts
// The attacker retries as soon as it may (every few seconds); no guess is ever right.
// Attempts without a device cookie count on the account, the account+address and the
// address; an attempt with a valid device cookie for the account counts only on that
// device's budget (ADR 015), so the owner is never locked out of their own browser.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'budget-'))
process.env.DATABASE_PATH = join(dir, 'budget.db')
const { openDatabase } = await import('#app/db/client.server.ts')
const {
  admitSignIn,
  admitTrustedSignIn,
  createLimits,
  ACCOUNT_FAILURES_PER_DAY,
  ADDRESS_FAILURES_PER_HOUR,
  DEVICE_FREE_FAILURES,
  FREE_FAILURES,
  DELAY_CAP_MINUTES,
} = await import('#app/auth/limits.server.ts')

let clock = Date.UTC(2026, 0, 1)
Date.now = () => clock
const HOUR = 3_600_000

type Attack = { accounts: number; addresses: number; hours: number; stepMs: number; device?: string; ownerAfter?: boolean }
async function attack({ accounts, addresses, hours, stepMs, device, ownerAfter }: Attack) {
  const { sqlite } = openDatabase(join(dir, `run-${accounts}-${addresses}-${hours}-${device ?? 'none'}.db`))
  const l = createLimits(sqlite)
  const start = clock
  const perHour: number[] = Array.from({ length: hours }, () => 0)
  let n = 0
  for (; clock < start + hours * HOUR; clock += stepMs) {
    // Each step, every address tries the next account in turn.
    for (let a = 0; a < addresses; a++) {
      const account = `user:victim${n++ % accounts}`
      const admission = device ? await admitTrustedSignIn(account, device, l) : await admitSignIn(account, `10.0.${a >> 8}.${a & 255}`, l)
      if (admission.ok) {
        perHour[Math.floor((clock - start) / HOUR)]++
        await admission.ticket.settle(false)
      }
    }
  }
  // Right after the attack: is the owner, at one of the attacker's addresses, let in?
  const owner = ownerAfter
    ? {
        withoutCookie: (await admitSignIn('user:victim0', '10.0.0.0', l)).ok,
        withCookie: (await admitTrustedSignIn('user:victim0', 'owners-phone', l)).ok,
      }
    : null
  sqlite.close()
  clock = start + 48 * HOUR * 10 // far past every window before the next run
  const total = perHour.reduce((a, b) => a + b, 0)
  const firstDay = perHour.slice(0, 24).reduce((a, b) => a + b, 0)
  return { firstHour: perHour[0], firstDay, total, owner }
}

console.log(`limits: ${FREE_FAILURES} free, then delays doubling from 1 min up to ${DELAY_CAP_MINUTES} min per account+address;`)
console.log(`        ${ACCOUNT_FAILURES_PER_DAY} checked guesses per account per 24 h; ${ADDRESS_FAILURES_PER_HOUR} per address per hour;`)
console.log(`        with a device cookie for the account: only that device's budget, ${DEVICE_FREE_FAILURES} free, then the same delays\n`)

const line = (what: string, r: { firstHour: number; firstDay: number; total: number }) =>
  console.log(`${what.padEnd(40)} ${String(r.firstHour).padStart(4)} in the 1st hour, ${String(r.firstDay).padStart(4)} in the 1st 24 h, ${r.total} in 48 h`)

console.log('Attacker WITHOUT a device cookie (every outsider):')
const one = await attack({ accounts: 1, addresses: 1, hours: 48, stepMs: 5_000 })
line('  one account, one address:', one)
const many = await attack({ accounts: 1, addresses: 40, hours: 48, stepMs: 60_000 })
line('  one account, 40 addresses:', many)
const spray = await attack({ accounts: 5000, addresses: 1, hours: 3, stepMs: 1_000 })
console.log(`  one address, 5000 accounts:              ${spray.firstHour} guesses in the 1st hour, ${spray.total} in 3 h (${(spray.total / 3).toFixed(1)}/h)`)

console.log('\nAttacker holding a stolen device cookie for the account (e.g. left on a shared computer):')
const stolen = await attack({ accounts: 1, addresses: 1, hours: 48, stepMs: 5_000, device: 'stolen' }) // the address plays no part
line('  one account, that cookie, any addresses:', stolen)

const spent = await attack({ accounts: 1, addresses: 40, hours: 1, stepMs: 60_000, ownerAfter: true })
console.log(`\nThe owner after one hour of the 40-address attack (${spent.total} guesses: the ceiling), at one of the attacker's addresses:`)
console.log(`  without a device cookie: ${spent.owner?.withoutCookie ? 'admitted' : 'refused (until the 24 h window ends or a trainer unlocks)'}`)
console.log(`  with their device cookie: ${spent.owner?.withCookie ? 'admitted: the owner is not locked out' : 'REFUSED'}`)

const perYear = ACCOUNT_FAILURES_PER_DAY * 365
console.log(`\n6-digit PIN (10^6 values) under the per-account ceiling: ${perYear} guesses/year,`)
console.log(`  chance of finding it within a year ≤ ${((perYear / 1e6) * 100).toFixed(1)} %, expected time ${(5e5 / perYear).toFixed(1)} years`)
const single = (one.total / 48) * 24 * 365
console.log(`  from one address: ${Math.round(single)} guesses/year, expected time ${(5e5 / single).toFixed(0)} years`)
const withStolen = (ACCOUNT_FAILURES_PER_DAY + stolen.firstDay) * 365
console.log(`  outsiders plus one stolen device cookie: ${withStolen} guesses/year, expected time ${(5e5 / withStolen).toFixed(1)} years`)
rmSync(dir, { recursive: true, force: true })

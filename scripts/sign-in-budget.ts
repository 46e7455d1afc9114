// How many PIN guesses the sign-in limits let an attacker check, measured against the
// real limiters (app/auth/limits.server.ts) on a throwaway SQLite file with a simulated clock.
//   npx tsx scripts/sign-in-budget.ts
// The attacker retries as soon as it may (every few seconds); no guess is ever right.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'budget-'))
process.env.DATABASE_PATH = join(dir, 'budget.db')
const { openDatabase } = await import('#app/db/client.server.ts')
const { admitSignIn, createLimits, ACCOUNT_FAILURES_PER_DAY, ADDRESS_FAILURES_PER_HOUR, FREE_FAILURES, DELAY_CAP_MINUTES } = await import(
  '#app/auth/limits.server.ts'
)

let clock = Date.UTC(2026, 0, 1)
Date.now = () => clock
const HOUR = 3_600_000

async function attack({ accounts, addresses, hours, stepMs }: { accounts: number; addresses: number; hours: number; stepMs: number }) {
  const { sqlite } = openDatabase(join(dir, `run-${accounts}-${addresses}-${hours}.db`))
  const l = createLimits(sqlite)
  const start = clock
  const perHour: number[] = Array.from({ length: hours }, () => 0)
  let n = 0
  for (; clock < start + hours * HOUR; clock += stepMs) {
    // Each step, every address tries the next account in turn.
    for (let a = 0; a < addresses; a++) {
      const admission = await admitSignIn(`user:victim${n++ % accounts}`, `10.0.${a >> 8}.${a & 255}`, l)
      if (admission.ok) {
        perHour[Math.floor((clock - start) / HOUR)]++
        await admission.ticket.settle(false)
      }
    }
  }
  sqlite.close()
  clock = start + 48 * HOUR * 10 // far past every window before the next run
  const total = perHour.reduce((a, b) => a + b, 0)
  return { firstHour: perHour[0], total, perHourAfterDay1: hours > 24 ? perHour.slice(24).reduce((a, b) => a + b, 0) / (hours - 24) : null }
}

console.log(`limits: ${FREE_FAILURES} free, then delays doubling from 1 min up to ${DELAY_CAP_MINUTES} min per account+address;`)
console.log(`        ${ACCOUNT_FAILURES_PER_DAY} checked guesses per account per 24 h; ${ADDRESS_FAILURES_PER_HOUR} per address per hour\n`)

const one = await attack({ accounts: 1, addresses: 1, hours: 48, stepMs: 5_000 })
console.log(`one account, one address:   ${one.firstHour} guesses in the 1st hour, ${one.total} in 48 h (${(one.total / 48).toFixed(1)}/h average)`)

const many = await attack({ accounts: 1, addresses: 40, hours: 48, stepMs: 60_000 })
console.log(`one account, 40 addresses:  ${many.firstHour} guesses in the 1st hour, ${many.total} in 48 h (${(many.total / 48).toFixed(1)}/h average)`)

const spray = await attack({ accounts: 5000, addresses: 1, hours: 3, stepMs: 1_000 })
console.log(`one address, 5000 accounts: ${spray.firstHour} guesses in the 1st hour, ${spray.total} in 3 h (${(spray.total / 3).toFixed(1)}/h)`)

const perYear = ACCOUNT_FAILURES_PER_DAY * 365
console.log(`\n6-digit PIN (10^6 values) under the per-account ceiling: ${perYear} guesses/year,`)
console.log(`  chance of finding it within a year ≤ ${((perYear / 1e6) * 100).toFixed(1)} %, expected time ${(5e5 / perYear).toFixed(1)} years`)
const single = (one.total / 48) * 24 * 365
console.log(`  from one address: ${Math.round(single)} guesses/year, expected time ${(5e5 / single).toFixed(0)} years`)
rmSync(dir, { recursive: true, force: true })

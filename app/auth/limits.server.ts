import type Database from 'better-sqlite3'
import { RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible'
import { sqlite } from '#app/db/client.server.ts'
import { remember } from '#app/utils/remember.server.ts'

/**
 * Every request budget in the app, from one library (rate-limiter-flexible) with one
 * store: its RateLimiterSQLite over the app's own better-sqlite3 handle, in the table
 * `rate_limiter_points` (created by a drizzle migration). Limits survive a restart.
 *
 * Sign-in (see admitSignIn):
 * - per account + address: the main lever. FREE_FAILURES wrong secrets, then each further
 *   guess waits 1, 2, 4 … minutes (at most DELAY_CAP_MINUTES) after the previous one.
 *   It only ever slows the pair (that account from that address), so an outsider
 *   cannot lock the owner out from elsewhere.
 * - per account, from any address: a hard ceiling of ACCOUNT_FAILURES_PER_DAY checked
 *   guesses in 24 hours; a trainer or an admin can lift it (clearSignInLimits).
 * - per address, against any account: generous (a community centre shares one address).
 * - per device (ADR 015): an attempt that presents a valid device cookie for the account
 *   it tries (app/auth/device-cookie.server.ts: this browser signed in to that account
 *   before) skips the three budgets above and counts only on that device's own:
 *   DEVICE_FREE_FAILURES wrong secrets, then the same doubling delays. An outsider who
 *   exhausts the account's ceiling or the address's budget cannot lock the owner out
 *   of the phone or browser they already use; a stolen device cookie buys its holder
 *   no more than that one device's slow budget.
 * Points are taken BEFORE the slow argon2 check and given back on success or when the
 * attempt is refused without checking, so every guess that reaches argon2 is counted
 * first, however many arrive at once.
 */

export const TABLE = 'rate_limiter_points'
const HOUR = 3600
const DAY = 24 * HOUR

export const FREE_FAILURES = 5
export const DELAY_CAP_MINUTES = 60
export const PAIR_WINDOW_SECONDS = DAY
export const ACCOUNT_FAILURES_PER_DAY = 100
export const ADDRESS_FAILURES_PER_HOUR = 200
export const DEVICE_FREE_FAILURES = 10

/** Minutes to wait before the guess that follows the `step`-th delayed one (1, 2, 4 … capped). */
export function delayMinutes(step: number) {
  return Math.min(2 ** Math.max(0, step - 1), DELAY_CAP_MINUTES)
}

type LimiterSpec = { points: number; duration: number }

/** The named budgets: points per duration (seconds). */
export const specs = {
  // Sign-in
  signInAccount: { points: ACCOUNT_FAILURES_PER_DAY, duration: DAY },
  signInPair: { points: Number.MAX_SAFE_INTEGER, duration: PAIR_WINDOW_SECONDS }, // a counter of failures
  signInPairSlot: { points: 1, duration: 60 }, // one checked guess per delay; duration set per call
  signInAddress: { points: ADDRESS_FAILURES_PER_HOUR, duration: HOUR },
  signInDevice: { points: Number.MAX_SAFE_INTEGER, duration: PAIR_WINDOW_SECONDS }, // failures per account + device cookie
  signInDeviceSlot: { points: 1, duration: 60 },
  // Other abuse budgets
  registration: { points: 30, duration: HOUR }, // per address
  pinReset: { points: 60, duration: HOUR }, // per acting trainer or admin
  joinCode: { points: 10, duration: HOUR }, // per signed-in learner
  verification: { points: 60, duration: 15 * 60 }, // per address
  certificateDownload: { points: 120, duration: HOUR }, // per address
  resetLinkCreate: { points: 60, duration: HOUR }, // per acting trainer or admin
  // per address: forms sent to /restablecer/…. A token (256 random bits) cannot be guessed, so this
  // only stops form spam; a workshop behind one community-centre connection, where twenty people
  // choose a new PIN with a few typos each, must not be locked out for an hour.
  resetLinkRedeem: { points: 300, duration: HOUR },
  resetEmailAddress: { points: 10, duration: HOUR }, // per address: /recuperar requests
  resetEmailRecipient: { points: 3, duration: HOUR }, // per e-mail typed in /recuperar
} satisfies Record<string, LimiterSpec>

export type LimiterName = keyof typeof specs
export type Limits = Record<LimiterName, RateLimiterSQLite> & { sqlite: Database.Database }

/** The limiters over one SQLite handle (tests pass a freshly re-opened one). */
export function createLimits(handle: Database.Database): Limits {
  const entries = Object.entries(specs).map(([name, spec], i) => [
    name,
    new RateLimiterSQLite({
      storeClient: handle,
      storeType: 'better-sqlite3',
      tableName: TABLE,
      tableCreated: true,
      // one sweeper is enough for the shared table
      clearExpiredByTimeout: i === 0,
      keyPrefix: name,
      points: spec.points,
      duration: spec.duration,
    }),
  ])
  return { ...(Object.fromEntries(entries) as Record<LimiterName, RateLimiterSQLite>), sqlite: handle }
}

export const limits: Limits = remember('rate-limits', () => createLimits(sqlite))

/** Consumes points; a refusal resolves (with the wait) instead of throwing. Store errors still throw. */
async function take(limiter: RateLimiterSQLite, key: string, options?: { customDuration?: number }): Promise<{ ok: boolean; res: RateLimiterRes }> {
  try {
    return { ok: true, res: await limiter.consume(key, 1, options) }
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, res: err }
    throw err
  }
}

/**
 * The address a limit counts on: IPv4 as is (also when written as ::ffff:a.b.c.d), IPv6
 * by its /64 network, since one subscriber line holds a whole /64.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return mapped[1]
  if (!ip.includes(':')) return ip
  const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::')
  const left = head ? head.split(':') : []
  const right = ip.includes('::') && tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

export function minutesOf(ms: number) {
  return Math.max(1, Math.ceil(ms / 60_000))
}

/** Counts one request for `key`; returns the minutes to wait when over the budget, else 0. */
export async function hitLimit(name: Exclude<LimiterName, `signIn${string}`>, key: string, l: Limits = limits): Promise<number> {
  const { ok, res } = await take(l[name], key)
  return ok ? 0 : minutesOf(res.msBeforeNext)
}

export type SignInTicket = {
  /** This guess, if wrong, is the one after which guesses are delayed. */
  startsDelay: boolean
  /** If this guess is wrong, how long the next one at this address must wait (0: no wait). */
  delayIfWrongMs: number
  /** Call once the secret has been checked: success gives the points back and clears the delay. */
  settle(success: boolean): Promise<void>
}
export type Admission = { ok: true; ticket: SignInTicket } | { ok: false; retryInMs: number }

const pairKey = (account: string, address: string) => `${account}|${address}`

/**
 * Decides, before any hashing, whether this sign-in attempt may check a secret.
 * `account` is a stable key for the account (its id, or the typed identifier when no
 * account has it); `address` is the client address.
 */
export async function admitSignIn(account: string, clientIp: string, l: Limits = limits): Promise<Admission> {
  const address = addressKey(clientIp)
  const pair = pairKey(account, address)
  // Each consume is one atomic SQLite upsert, so concurrent attempts get distinct counts.
  const taken = [
    { limiter: l.signInAddress, key: address, ...(await take(l.signInAddress, address)) },
    { limiter: l.signInAccount, key: account, ...(await take(l.signInAccount, account)) },
    { limiter: l.signInPair, key: pair, ...(await take(l.signInPair, pair)) },
  ]
  let refusedMs = Math.max(0, ...taken.filter((t) => !t.ok).map((t) => t.res.msBeforeNext))
  const failuresSoFar = taken[2].res.consumedPoints // this attempt included
  const step = failuresSoFar - FREE_FAILURES + 1
  if (!refusedMs && step >= 1) {
    // From the FREE_FAILURES-th guess on, each checked guess opens a delay window that
    // the next one must wait out; only one attempt can hold a window.
    const slot = await take(l.signInPairSlot, pair, { customDuration: delayMinutes(step) * 60 })
    if (!slot.ok) refusedMs = Math.max(1000, slot.res.msBeforeNext)
  }
  if (refusedMs) {
    // Refused without checking anything: no guess happened, give the points back.
    await Promise.all(taken.map((t) => t.limiter.reward(t.key, 1)))
    return { ok: false, retryInMs: refusedMs }
  }
  return admitted(step, async () => {
    await Promise.all([l.signInAddress.reward(address, 1), l.signInAccount.reward(account, 1), l.signInPair.delete(pair), l.signInPairSlot.delete(pair)])
  })
}

/** An admitted attempt at delay step `step` (≤ 0: still free); `onSuccess` clears what it counted. */
function admitted(step: number, onSuccess: () => Promise<void>): Admission {
  return {
    ok: true,
    ticket: {
      startsDelay: step === 1,
      delayIfWrongMs: step >= 1 ? delayMinutes(step) * 60_000 : 0,
      async settle(success) {
        if (success) await onSuccess()
      },
    },
  }
}

/**
 * Like admitSignIn, for an attempt that presents a valid device cookie for this account
 * (`device`: the cookie entry's id). Counted only on that device's budget: never refused by
 * the account's ceiling, the address's budget or the delays of its address.
 */
export async function admitTrustedSignIn(account: string, device: string, l: Limits = limits): Promise<Admission> {
  const key = pairKey(account, device)
  const counted = await take(l.signInDevice, key)
  let refusedMs = counted.ok ? 0 : counted.res.msBeforeNext
  const step = counted.res.consumedPoints - DEVICE_FREE_FAILURES + 1
  if (!refusedMs && step >= 1) {
    const slot = await take(l.signInDeviceSlot, key, { customDuration: delayMinutes(step) * 60 })
    if (!slot.ok) refusedMs = Math.max(1000, slot.res.msBeforeNext)
  }
  if (refusedMs) {
    await l.signInDevice.reward(key, 1)
    return { ok: false, retryInMs: refusedMs }
  }
  return admitted(step, async () => {
    await Promise.all([l.signInDevice.delete(key), l.signInDeviceSlot.delete(key)])
  })
}

/** Lifts every sign-in limit on one account (its ceiling and its delays at every address and device). */
export function clearSignInLimits(account: string, l: Limits = limits): number {
  const prefixes = ['signInPair', 'signInPairSlot', 'signInDevice', 'signInDeviceSlot'].map((name) => `${name}:${account}|`)
  const byPrefix = prefixes.map(() => 'substr(key, 1, ?) = ?').join(' OR ')
  return l.sqlite.prepare(`DELETE FROM ${TABLE} WHERE key = ? OR ${byPrefix}`).run(`signInAccount:${account}`, ...prefixes.flatMap((p) => [p.length, p]))
    .changes
}

/** Of these account keys, the ones that cannot sign in now from at least one address. */
export function lockedAccounts(accounts: string[], l: Limits = limits, now = Date.now()): Set<string> {
  if (!accounts.length) return new Set()
  const rows = l.sqlite
    .prepare(
      `SELECT key, points FROM ${TABLE} WHERE expire > ? AND (
         (substr(key, 1, 14) = 'signInAccount:' AND points >= ?) OR
         (substr(key, 1, 15) = 'signInPairSlot:' AND points >= 1) OR
         (substr(key, 1, 17) = 'signInDeviceSlot:' AND points >= 1))`,
    )
    .all(now, ACCOUNT_FAILURES_PER_DAY) as { key: string }[]
  const wanted = new Set(accounts)
  const locked = new Set<string>()
  for (const { key } of rows) {
    const rest = key.slice(key.indexOf(':') + 1)
    const account = key.startsWith('signInAccount:') ? rest : rest.slice(0, rest.lastIndexOf('|'))
    if (wanted.has(account)) locked.add(account)
  }
  return locked
}

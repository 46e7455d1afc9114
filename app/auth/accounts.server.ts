import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import { db } from '#app/db/client.server.ts'
import { users, type Gender, type Profile, type Role } from '#app/db/schema.ts'
import { getDecoyHash, hashSecret, verifySecret } from './password.server.ts'
import {
  ACCOUNT_FAILURE_LIMIT,
  CLIENT_FAILURE_LIMIT,
  accountKey,
  clearFailures,
  clientKey,
  lockRemainingMs,
  recordFailure,
} from './throttle.server.ts'

type NewAccount = {
  fullName: string
  municipality: string
  gender: Gender | null
  profile: Profile
  role?: Role
  isDemo?: boolean
} & ({ username: string; pin: string } | { email: string; password: string })

export type RegistrationResult = { ok: true; userId: string } | { ok: false; fieldErrors: Record<string, string> }

/** Creates an account (consent given now). A taken username or e-mail is a field error, nothing saved. */
export async function registerAccount(account: NewAccount, actorId?: string): Promise<RegistrationResult> {
  const byPin = 'username' in account
  const passwordHash = await hashSecret(byPin ? account.pin : account.password)
  const id = randomUUID()
  return db.transaction((tx): RegistrationResult => {
    if (byPin) {
      const taken = tx.select({ id: users.id }).from(users).where(eq(users.username, account.username)).get()
      if (taken) return { ok: false, fieldErrors: { username: 'errors.usernameTaken' } }
    } else {
      const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, account.email)).get()
      if (taken) return { ok: false, fieldErrors: { email: 'errors.emailTaken' } }
    }
    tx.insert(users)
      .values({
        id,
        email: byPin ? null : account.email,
        username: byPin ? account.username : null,
        passwordHash,
        secretKind: byPin ? 'pin' : 'password',
        fullName: account.fullName,
        role: account.role ?? 'learner',
        profile: account.profile,
        municipality: account.municipality,
        gender: account.gender,
        consentAt: new Date(),
        isDemo: account.isDemo ?? false,
      })
      .run()
    recordAudit(tx, {
      action: account.role === 'admin' ? 'user.admin_created' : 'user.registered',
      actorId: actorId ?? id,
      subjectId: id,
      details: { role: account.role ?? 'learner', profile: account.profile },
    })
    return { ok: true, userId: id }
  })
}

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryInMinutes: number }

function minutesOf(ms: number) {
  return Math.max(1, Math.ceil(ms / 60_000))
}

/** Checks e-mail-or-username and password-or-PIN, with per-account and per-client limits. */
export async function authenticate(
  { identifier, secret, clientIp }: { identifier: string; secret: string; clientIp: string },
  now = Date.now(),
): Promise<SignInResult> {
  const keys = { account: accountKey(identifier), client: clientKey(clientIp) }
  const locked = Math.max(lockRemainingMs(db, keys.account, now), lockRemainingMs(db, keys.client, now))
  if (locked > 0) return { ok: false, reason: 'locked', retryInMinutes: minutesOf(locked) }

  const normalized = identifier.trim().toLowerCase()
  const column = normalized.includes('@') ? users.email : users.username
  const user = db
    .select({ id: users.id, passwordHash: users.passwordHash, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(column, normalized))
    .get()
  const valid = await verifySecret(user?.passwordHash ?? (await getDecoyHash()), secret)

  if (!user || !valid || user.deactivatedAt) {
    const nowLocked = db.transaction((tx) => {
      const accountLocked = recordFailure(tx, keys.account, ACCOUNT_FAILURE_LIMIT, now)
      const clientLocked = recordFailure(tx, keys.client, CLIENT_FAILURE_LIMIT, now)
      if (accountLocked) {
        recordAudit(tx, { action: 'user.locked_out', subjectId: user?.id ?? null, details: { identifier: normalized } })
      }
      return accountLocked || clientLocked
    })
    if (nowLocked) return { ok: false, reason: 'locked', retryInMinutes: minutesOf(15 * 60_000) }
    return { ok: false, reason: 'invalid' }
  }

  db.transaction((tx) => {
    clearFailures(tx, keys.account)
    recordAudit(tx, { action: 'user.signed_in', actorId: user.id, subjectId: user.id })
  })
  return { ok: true, userId: user.id }
}

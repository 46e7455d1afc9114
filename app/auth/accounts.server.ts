import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import { db } from '#app/db/client.server.ts'
import { users, type Gender, type Profile, type Role } from '#app/db/schema.ts'
import { getDecoyHash, hashSecret, verifySecret } from './password.server.ts'
import { isTrainerOf } from '#app/cohorts/cohorts.server.ts'
import { cleanName, normalizeIdentifier } from './validation.ts'
import { admitSignIn, admitTrustedSignIn, clearSignInLimits, lockedAccounts, minutesOf } from './limits.server.ts'
import { trustedDeviceFor } from './device-cookie.server.ts'
import { insertUsers } from '#app/users/users.server.ts'

type NewAccount = {
  fullName: string
  municipality: string
  gender: Gender | null
  /** Optional; only for the funder's anonymous age bands. */
  birthYear?: number | null
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
    insertUsers(tx, [
      {
        id,
        email: byPin ? null : account.email,
        username: byPin ? account.username : null,
        passwordHash,
        secretKind: byPin ? 'pin' : 'password',
        fullName: cleanName(account.fullName),
        role: account.role ?? 'learner',
        profile: account.profile,
        municipality: account.municipality,
        gender: account.gender,
        birthYear: account.birthYear ?? null,
        consentAt: new Date(),
        isDemo: account.isDemo ?? false,
      },
    ])
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
  | { ok: false; reason: 'deactivated' }
  | { ok: false; reason: 'locked'; retryInMinutes: number }

/** The key sign-in limits count on: the account's id, or what was typed when no account has it. */
export function signInAccountKey(userId: string | null, identifier: string) {
  return userId ? `user:${userId}` : `unknown:${identifier}`
}

/**
 * Checks e-mail-or-username and password-or-PIN. The attempt is counted against the
 * account, the account at this address and the address before the slow hash runs
 * (app/auth/limits.server.ts), so concurrent guesses cannot slip past the delays.
 * An attempt whose Cookie header (`cookies`) holds a valid device cookie for this very
 * account is counted on that device's budget instead (ADR 015).
 */
export async function authenticate({
  identifier,
  secret,
  clientIp,
  cookies,
}: {
  identifier: string
  secret: string
  clientIp: string
  cookies?: string | null
}): Promise<SignInResult> {
  const normalized = normalizeIdentifier(identifier)
  const column = normalized.includes('@') ? users.email : users.username
  const user = db.select({ id: users.id, passwordHash: users.passwordHash, deactivatedAt: users.deactivatedAt }).from(users).where(eq(column, normalized)).get()

  const account = signInAccountKey(user?.id ?? null, normalized)
  const device = user ? trustedDeviceFor(cookies, user.id) : null
  const admission = device ? await admitTrustedSignIn(account, device) : await admitSignIn(account, clientIp)
  if (!admission.ok) {
    return { ok: false, reason: 'locked', retryInMinutes: minutesOf(admission.retryInMs) }
  }

  const valid = await verifySecret(user?.passwordHash ?? (await getDecoyHash()), secret)
  const success = Boolean(user && valid && !user.deactivatedAt)
  await admission.ticket.settle(success)
  // A deactivated account says so only to someone who typed its right secret: the answer then
  // tells nothing a wrong guess could learn (a wrong secret gets the usual «no coinciden»), and
  // the attempt was admitted and counted like any other, so the message cannot speed up guessing.
  if (user && valid && user.deactivatedAt) return { ok: false, reason: 'deactivated' }
  if (!user || !success) {
    // Audited once per run of failures: when this failure starts the delays.
    const { startsDelay, delayIfWrongMs } = admission.ticket
    if (user && startsDelay) recordAudit(db, { action: 'user.locked_out', subjectId: user.id, details: { address: clientIp, deviceCookie: Boolean(device) } })
    return delayIfWrongMs ? { ok: false, reason: 'locked', retryInMinutes: minutesOf(delayIfWrongMs) } : { ok: false, reason: 'invalid' }
  }

  recordAudit(db, { action: 'user.signed_in', actorId: user.id, subjectId: user.id })
  return { ok: true, userId: user.id }
}

/** Which of these users are held back by sign-in limits right now (for the unlock buttons). */
export function lockedUserIds(userIds: string[]): Set<string> {
  const locked = lockedAccounts(userIds.map((id) => signInAccountKey(id, '')))
  return new Set(userIds.filter((id) => locked.has(signInAccountKey(id, ''))))
}

/**
 * Lifts a learner's sign-in limits (the account ceiling and the delays at every address).
 * Admins may unlock anyone; trainers only learners (role learner) of their own cohorts. Audited.
 */
export function unlockSignIn(actor: { id: string; role: Role }, userId: string): { ok: true } | { ok: false; reason: 'forbidden' | 'notFound' } {
  const user = db.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, userId)).get()
  if (!user) return { ok: false, reason: 'notFound' }
  // A trainer reaches learners only: a member since promoted to trainer or admin is not theirs to unlock.
  const allowed = actor.role === 'admin' || (actor.role === 'trainer' && user.role === 'learner' && isTrainerOf(actor.id, userId))
  if (!allowed) return { ok: false, reason: 'forbidden' }
  const cleared = clearSignInLimits(signInAccountKey(userId, ''))
  recordAudit(db, { action: 'user.sign_in_unlocked', actorId: actor.id, subjectId: userId, details: { cleared } })
  return { ok: true }
}

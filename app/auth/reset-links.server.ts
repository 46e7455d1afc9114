import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, lt } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { TFunction } from 'i18next'
import { z } from 'zod'
import { recordAudit } from '#app/audit/audit.server.ts'
import { isMember } from '#app/cohorts/cohorts.server.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { secretResetTokens, sessions, users, type Role } from '#app/db/schema.ts'
import { getServerSecret } from '#app/db/secrets.server.ts'
import type { Language } from '#app/i18n/config.ts'
import { setSecret } from '#app/users/users.server.ts'
import { formatDateTime } from '#app/utils/dates.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { fieldErrorsOf, type FieldErrors } from '#app/utils/forms.ts'
import { escapeHtml, sendMail } from '#app/utils/mail.server.ts'
import { remember } from '#app/utils/remember.server.ts'
import { signInAccountKey } from './accounts.server.ts'
import { clearSignInLimits } from './limits.server.ts'
import { hashSecret } from './password.server.ts'
import { getLogger } from '../../server/logging.js'
import { PasswordSchema, PinSchema, isTrivialPin } from './validation.ts'

// One-time links to set a new PIN or password (the one home of secret_reset_tokens).
//
// - A link is /restablecer/<token>: 32 random bytes in base64url. Only the SHA-256 of the
//   token is stored, so a copy of the database cannot be turned into working links.
// - It works once, for 24 hours; a newer link for the same person (and setting the secret)
//   ends the person's earlier unused links.
// - Handover: an administrator (for anyone) or a trainer (only for learners of a cohort
//   they run, who are still learners) creates it and hands it over in person, printed
//   with a QR code. Creating a link changes nothing else: the current PIN keeps working
//   until the link is used, so nobody can lock a person out by creating links.
// - E-mail: with SMTP_URL set, a person with an e-mail account asks for it at /recuperar.
// - Using it sets the secret, ends every session of the person and lifts their sign-in
//   delays, in one transaction with its audit event. The person is told at their next
//   sign-in when someone else created a link for them (audit.server.ts).

export const RESET_LINK_TTL_MS = 24 * 60 * 60 * 1000
/** How long the page that created a link can show it again (a reload, printing). */
export const RESULT_SHOW_MS = 30 * 60 * 1000

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function resetLinkUrl(token: string, base = getEnv().PUBLIC_BASE_URL): string {
  return new URL(`/restablecer/${token}`, base).href
}

const firstNameOf = (fullName: string) => fullName.split(' ')[0] ?? ''

// ---- who may create a handover link ------------------------------------------------------

export type ResetActor = { id: string; role: Role }
export type HandoverTarget = { id: string; fullName: string; username: string | null; email: string | null; role: Role; secretKind: 'pin' | 'password' }
export type HandoverCheck = { ok: true; target: HandoverTarget } | { ok: false; reason: 'notFound' | 'forbidden' | 'inactive' }

/**
 * Whether `actor` may create a handover link for `userId`:
 * - an administrator, for anyone (other administrators too: for an administrator without
 *   e-mail it is the only way back in; audited with the person's role, and the person is
 *   told at their next sign-in);
 * - a trainer, only through a cohort they run (`cohortId`, checked by the route guard),
 *   for a member of it whose role is still learner (resetPin's rule: a member since
 *   promoted to trainer or admin is out of the trainer's reach) who signs in with a PIN (an
 *   official's password is not the cohort's to reset, as with resetPin);
 * - nobody for a deactivated or anonymised account (it cannot sign in anyway).
 * Through a cohort page, the person must be a member of that cohort, also for an admin.
 */
export function checkHandover(actor: ResetActor, userId: string, scope: { cohortId?: string } = {}, executor: Executor = db): HandoverCheck {
  const row = executor
    .select({
      id: users.id,
      fullName: users.fullName,
      username: users.username,
      email: users.email,
      role: users.role,
      secretKind: users.secretKind,
      deactivatedAt: users.deactivatedAt,
      anonymisedAt: users.anonymisedAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  if (actor.role !== 'admin' && actor.role !== 'trainer') return { ok: false, reason: 'forbidden' }
  if (scope.cohortId !== undefined && (!row || !isMember(scope.cohortId, userId, executor))) return { ok: false, reason: 'forbidden' }
  if (actor.role === 'trainer' && (scope.cohortId === undefined || row?.role !== 'learner' || row.secretKind !== 'pin'))
    return { ok: false, reason: 'forbidden' }
  if (!row) return { ok: false, reason: 'notFound' }
  if (row.deactivatedAt || row.anonymisedAt) return { ok: false, reason: 'inactive' }
  const { deactivatedAt: _d, anonymisedAt: _a, ...target } = row
  return { ok: true, target }
}

// ---- creating links ----------------------------------------------------------------------

/** Ends the person's unused links (they show as expired) and inserts a new one; returns the token. */
function insertLink(tx: Executor, { userId, createdBy, channel, now }: { userId: string; createdBy: string | null; channel: 'handover' | 'email'; now: Date }) {
  // Links dead for a month are of no use to anyone: keep the table small.
  tx.delete(secretResetTokens)
    .where(lt(secretResetTokens.expiresAt, new Date(now.getTime() - 30 * 86_400_000)))
    .run()
  const replaced = tx
    .update(secretResetTokens)
    .set({ expiresAt: now })
    .where(and(eq(secretResetTokens.userId, userId), isNull(secretResetTokens.usedAt), gt(secretResetTokens.expiresAt, now)))
    .run().changes
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + RESET_LINK_TTL_MS)
  tx.insert(secretResetTokens)
    .values({ tokenHash: hashResetToken(token), userId, createdBy, channel, createdAt: now, expiresAt })
    .run()
  return { token, expiresAt, replaced }
}

export type CreateHandoverResult = { ok: true; result: string } | { ok: false; reason: 'notFound' | 'forbidden' | 'inactive' }

// A form sent twice (a double click, a re-sent POST) shows the first link instead of making a
// second one, which would end the first. Kept in memory: what it maps to is sealed (below).
const submissions = remember('reset-link-submissions', () => new Map<string, { result: string; at: number }>())

/**
 * Creates a handover link (see checkHandover for who may), audited in the same transaction.
 * Returns the sealed result key for the page that shows it (POST → redirect → GET).
 */
export function createHandoverLink(
  actor: ResetActor,
  userId: string,
  { cohortId, submissionKey, now = new Date() }: { cohortId?: string; submissionKey?: string; now?: Date } = {},
): CreateHandoverResult {
  const memo = submissionKey ? `${actor.id}|${userId}|${cohortId ?? ''}|${submissionKey}` : null
  for (const [key, entry] of submissions) if (now.getTime() - entry.at > RESULT_SHOW_MS) submissions.delete(key)
  const earlier = memo ? submissions.get(memo) : undefined
  if (earlier) return { ok: true, result: earlier.result }
  return db.transaction((tx): CreateHandoverResult => {
    const check = checkHandover(actor, userId, { cohortId }, tx)
    if (!check.ok) return check
    const { token, expiresAt, replaced } = insertLink(tx, { userId, createdBy: actor.id, channel: 'handover', now })
    recordAudit(tx, {
      action: 'user.reset_link_created',
      actorId: actor.id,
      subjectId: userId,
      details: { channel: 'handover', role: check.target.role, ...(cohortId ? { cohortId } : {}), expiresAt: expiresAt.toISOString(), replaced },
    })
    const result = sealResult({ t: token, a: actor.id, u: userId, c: cohortId ?? '', x: now.getTime() })
    if (memo) submissions.set(memo, { result, at: now.getTime() })
    return { ok: true, result }
  })
}

// The page that created a link shows it from a result key in its URL: the token sealed
// (AES-256-GCM) with a server key, for that actor, person and cohort, for RESULT_SHOW_MS.
// The token itself is never stored; the browser's history holds only the sealed key.

type Sealed = { t: string; a: string; u: string; c: string; x: number }

function resultKey() {
  return getServerSecret('reset-link-results')
}

function sealResult(payload: Sealed): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', resultKey(), iv)
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

function openResult(sealed: string): Sealed | null {
  if (sealed.length > 1000) return null
  try {
    const raw = Buffer.from(sealed, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', resultKey(), raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Sealed
  } catch {
    return null
  }
}

export type HandoverResult =
  | { state: 'show'; token: string; url: string; expiresAt: Date }
  | { state: 'used' | 'expired' }
  /** Too old to show again (the link may still work), or not this actor's, person's or cohort's. */
  | { state: 'gone' }

/** What the page that created a link shows for its result key. */
export function readHandoverResult(
  sealed: string,
  { actorId, userId, cohortId }: { actorId: string; userId: string; cohortId?: string },
  now = new Date(),
): HandoverResult {
  const payload = openResult(sealed)
  if (!payload || payload.a !== actorId || payload.u !== userId || payload.c !== (cohortId ?? '')) return { state: 'gone' }
  if (now.getTime() - payload.x > RESULT_SHOW_MS || now.getTime() < payload.x - 60_000) return { state: 'gone' }
  const row = db
    .select()
    .from(secretResetTokens)
    .where(eq(secretResetTokens.tokenHash, hashResetToken(payload.t)))
    .get()
  if (!row) return { state: 'gone' }
  if (row.usedAt) return { state: 'used' }
  if (row.expiresAt <= now) return { state: 'expired' }
  return { state: 'show', token: payload.t, url: resetLinkUrl(payload.t), expiresAt: row.expiresAt }
}

/** A deactivated or anonymised account's links go with it, and so do they when the role changes (app/admin/users.server.ts calls this in its transaction). */
export function dropResetLinksOf(tx: Executor, userId: string): number {
  return tx.delete(secretResetTokens).where(eq(secretResetTokens.userId, userId)).run().changes
}

// ---- using a link ------------------------------------------------------------------------

export type LinkHolder = { userId: string; firstName: string; username: string | null; secretKind: 'pin' | 'password'; expiresAt: Date }
export type LinkState = { ok: true; link: LinkHolder } | { ok: false; reason: 'unknown' | 'used' | 'expired' }

const creators = alias(users, 'creator')

/**
 * What a link is now. A link for an account since deactivated or anonymised counts as expired,
 * and so does a handover link created by someone who is not an administrator (a trainer) for a
 * person who is no longer a learner: a trainer's reach ends when the person is promoted
 * (checkHandover), and a link made before must not outlive that.
 */
export function findResetLink(token: string, now = new Date(), executor: Executor = db): LinkState {
  if (!TOKEN_FORMAT.test(token)) return { ok: false, reason: 'unknown' }
  const row = executor
    .select({
      userId: secretResetTokens.userId,
      usedAt: secretResetTokens.usedAt,
      expiresAt: secretResetTokens.expiresAt,
      channel: secretResetTokens.channel,
      createdBy: secretResetTokens.createdBy,
      creatorRole: creators.role,
      fullName: users.fullName,
      username: users.username,
      role: users.role,
      secretKind: users.secretKind,
      deactivatedAt: users.deactivatedAt,
      anonymisedAt: users.anonymisedAt,
    })
    .from(secretResetTokens)
    .innerJoin(users, eq(users.id, secretResetTokens.userId))
    .leftJoin(creators, eq(creators.id, secretResetTokens.createdBy))
    .where(eq(secretResetTokens.tokenHash, hashResetToken(token)))
    .get()
  if (!row) return { ok: false, reason: 'unknown' }
  if (row.usedAt) return { ok: false, reason: 'used' }
  if (row.expiresAt <= now || row.deactivatedAt || row.anonymisedAt) return { ok: false, reason: 'expired' }
  // A handover link whose creator is gone or not an administrator works for learners only.
  const byAdmin = row.channel === 'email' || row.creatorRole === 'admin'
  if (!byAdmin && row.role !== 'learner') return { ok: false, reason: 'expired' }
  return {
    ok: true,
    link: { userId: row.userId, firstName: firstNameOf(row.fullName), username: row.username, secretKind: row.secretKind, expiresAt: row.expiresAt },
  }
}

/** The new secret as the account's kind asks: a PIN by the PIN rules (no trivial PIN), or a password by the password rules. */
function newSecretSchema(kind: 'pin' | 'password', username: string | null) {
  if (kind === 'pin')
    return z
      .object({ pin: PinSchema, pinConfirm: z.string().optional() })
      .refine((v) => !isTrivialPin(v.pin, username ?? ''), { path: ['pin'], message: 'errors.pinTrivial' })
      .refine((v) => v.pin === v.pinConfirm, { path: ['pinConfirm'], message: 'errors.pinMismatch' })
      .transform((v) => v.pin)
  return z
    .object({ password: PasswordSchema, passwordConfirm: z.string().optional() })
    .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'errors.passwordMismatch' })
    .transform((v) => v.password)
}

export type RedeemResult =
  | { ok: true; userId: string; username: string | null; secretKind: 'pin' | 'password' }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }

/**
 * Sets the new secret with a link: checks it against the account's rules, then in one
 * transaction takes the link (only one request can: the update that marks it used is
 * conditional), sets the secret, ends every session of the person, and audits. (A person
 * has at most one live link: each new one ends the earlier ones.) The person's sign-in delays are lifted (they failed with the old secret).
 */
export async function redeemResetLink(token: string, fields: Record<string, unknown>, now = new Date()): Promise<RedeemResult> {
  const state = findResetLink(token, now)
  if (!state.ok) return state
  const { link } = state
  const parsed = newSecretSchema(link.secretKind, link.username).safeParse(fields)
  if (!parsed.success) return { ok: false, reason: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) }
  const passwordHash = await hashSecret(parsed.data)
  const tokenHash = hashResetToken(token)
  const result = db.transaction((tx): RedeemResult => {
    // Checked again inside the transaction: another request may have used it, or the account changed.
    const again = findResetLink(token, now, tx)
    if (!again.ok) return again
    const claimed = tx
      .update(secretResetTokens)
      .set({ usedAt: now })
      .where(and(eq(secretResetTokens.tokenHash, tokenHash), isNull(secretResetTokens.usedAt), gt(secretResetTokens.expiresAt, now)))
      .returning({ channel: secretResetTokens.channel, createdBy: secretResetTokens.createdBy })
      .get()
    if (!claimed) return { ok: false, reason: 'used' }
    setSecret(tx, link.userId, passwordHash, link.secretKind)
    tx.delete(sessions).where(eq(sessions.userId, link.userId)).run()
    recordAudit(tx, {
      // Whoever held the link did it: not necessarily the person, so no actor is named.
      action: 'user.secret_reset_by_link',
      actorId: null,
      subjectId: link.userId,
      details: { channel: claimed.channel, secretKind: link.secretKind, ...(claimed.createdBy ? { linkCreatedBy: claimed.createdBy } : {}) },
    })
    return { ok: true, userId: link.userId, username: link.username, secretKind: link.secretKind }
  })
  if (result.ok) clearSignInLimits(signInAccountKey(result.userId, ''))
  return result
}

// ---- by e-mail ---------------------------------------------------------------------------

const pending = new Set<Promise<void>>()

/** Resolves when every reset e-mail queued so far has been sent or has failed (tests; shutdown). */
export async function settleResetEmails(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending])
}

/**
 * /recuperar: queues the work for this address and returns at once, so the answer (always the
 * same) takes the same time whether or not an account has it. In the background: only an
 * active account that signs in with this e-mail and a password gets a link (24 h) by e-mail.
 */
export function queueResetEmail(email: string, message: { t: TFunction; lng: Language }, now = new Date()): void {
  // setImmediate: not even the look-up runs before the answer is on its way.
  const job = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => sendResetEmail(email, message, now))
    // Only the codes (e.g. ECONNECTION, 550): the mail server's reply text can quote the address.
    .catch((error: unknown) => getLogger().error({ event: 'reset_email_failed', ...mailErrorCodes(error) }, 'reset e-mail failed'))
    .finally(() => pending.delete(job))
  pending.add(job)
}

/** What may be logged of a failed delivery: nodemailer's error code and the SMTP response code. */
function mailErrorCodes(error: unknown): { code?: string; responseCode?: number } {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown }
  return { ...(typeof code === 'string' ? { code } : {}), ...(typeof responseCode === 'number' ? { responseCode } : {}) }
}

async function sendResetEmail(email: string, { t, lng }: { t: TFunction; lng: Language }, now: Date): Promise<void> {
  const address = email.trim().toLowerCase()
  const link = db.transaction((tx) => {
    const user = tx
      .select({
        id: users.id,
        fullName: users.fullName,
        email: users.email,
        secretKind: users.secretKind,
        deactivatedAt: users.deactivatedAt,
        anonymisedAt: users.anonymisedAt,
      })
      .from(users)
      .where(eq(users.email, address))
      .get()
    if (!user?.email || user.secretKind !== 'password' || user.deactivatedAt || user.anonymisedAt) return null
    const { token, expiresAt, replaced } = insertLink(tx, { userId: user.id, createdBy: null, channel: 'email', now })
    recordAudit(tx, {
      action: 'user.reset_link_emailed',
      actorId: null,
      subjectId: user.id,
      details: { channel: 'email', expiresAt: expiresAt.toISOString(), replaced },
    })
    return { token, expiresAt, to: user.email, name: firstNameOf(user.fullName) }
  })
  if (!link) return
  const url = resetLinkUrl(link.token)
  const values = { name: link.name, url, expires: formatDateTime(link.expiresAt, lng) }
  const paragraphs = ['greeting', 'asked', 'open'].map((k) => t(`recover.mail.${k}`, values))
  const after = ['once', 'notYou', 'signature'].map((k) => t(`recover.mail.${k}`, values))
  try {
    await sendMail({
      to: link.to,
      subject: t('recover.mail.subject'),
      text: [...paragraphs, url, ...after].join('\n\n') + '\n',
      html: [
        ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
        `<p><a href="${escapeHtml(url)}">${escapeHtml(t('recover.mail.button'))}</a></p>`,
        `<p style="font-size:small">${escapeHtml(url)}</p>`,
        ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
      ].join('\n'),
    })
  } catch (error) {
    // Not delivered: the link must not linger unseen in someone's mailbox later.
    db.update(secretResetTokens)
      .set({ expiresAt: new Date() })
      .where(eq(secretResetTokens.tokenHash, hashResetToken(link.token)))
      .run()
    throw error
  }
}

import { randomBytes, randomUUID } from 'node:crypto'
import { and, desc, eq, isNull } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { certificates } from '#app/db/schema.ts'
import { ANONYMISED_NAME } from '#app/users/users.server.ts'
import { codeFromBytes } from './code.ts'

// Reading, revoking and correcting certificates. Issuing them is a learning event
// (app/learning/events.server.ts). A certificate row is never deleted nor rewritten: a
// correction issues a new one and marks the old one replaced (its page points to the new).

export type Certificate = typeof certificates.$inferSelect

/** Not replaced by a corrected one: what the holder has now (revoked ones included, marked). */
const current = isNull(certificates.replacedById)

export function getCertificateByCode(code: string, executor: Executor = db): Certificate | undefined {
  return executor.select().from(certificates).where(eq(certificates.code, code)).get()
}

/** The holder's current certificates (a replaced one is left out: its corrected one takes its place). */
export function listCertificatesOf(userId: string, executor: Executor = db): Certificate[] {
  return executor
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), current))
    .orderBy(desc(certificates.issuedAt))
    .all()
}

/** Every certificate ever issued to the person, replaced ones included (the administrator's view). */
export function listCertificateHistoryOf(userId: string, executor: Executor = db): Certificate[] {
  return executor.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt), desc(certificates.replacedAt)).all()
}

/**
 * The certificates one learning event issued: a lesson completion or a quiz submission
 * issues them in its own transaction with its own instant, so they carry its timestamp.
 */
export function listIssuedAt(userId: string, at: Date, executor: Executor = db): Certificate[] {
  return executor
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.issuedAt, at), current))
    .all()
}

export function listAllCertificates({ limit = 200 } = {}, executor: Executor = db): Certificate[] {
  return executor.select().from(certificates).orderBy(desc(certificates.issuedAt)).limit(limit).all()
}

/** A fresh certificate code: 60 random bits; the unique index is the guarantee, this loop the courtesy. */
export function newCertificateCode(executor: Executor): string {
  for (;;) {
    const code = codeFromBytes(randomBytes(8))
    if (!executor.select({ id: certificates.id }).from(certificates).where(eq(certificates.code, code)).get()) return code
  }
}

/**
 * Where a replaced certificate leads now: the corrected one that took its place, following
 * later corrections to the current one. Null for a certificate that was never replaced.
 */
export function currentReplacementOf(certificate: Certificate, executor: Executor = db): Certificate | null {
  let replacement: Certificate | null = null
  let next = certificate.replacedById
  // A chain is as long as the number of corrections; the bound only guards against a cycle.
  for (let hops = 0; next && hops < 50; hops++) {
    const row = executor.select().from(certificates).where(eq(certificates.id, next)).get()
    if (!row) break
    replacement = row
    next = row.replacedById
  }
  return replacement
}

/** The certificate this one corrected (its predecessor), or null for an original. */
export function predecessorOf(certificateId: string, executor: Executor = db): Certificate | null {
  return executor.select().from(certificates).where(eq(certificates.replacedById, certificateId)).get() ?? null
}

export type RevokeResult = { ok: true } | { ok: false; reason: 'notFound' | 'alreadyRevoked' | 'replaced' }

/** Revocation keeps the record; the verification page then says revoked, with the date. */
export function revokeCertificate(code: string, { adminId, reason }: { adminId: string; reason: string }, now = new Date()): RevokeResult {
  return db.transaction((tx): RevokeResult => {
    const certificate = getCertificateByCode(code, tx)
    if (!certificate) return { ok: false, reason: 'notFound' }
    if (certificate.revokedAt) return { ok: false, reason: 'alreadyRevoked' }
    // A replaced certificate is already out of use; revoke the corrected one instead.
    if (certificate.replacedById) return { ok: false, reason: 'replaced' }
    tx.update(certificates).set({ revokedAt: now, revokedBy: adminId, revocationReason: reason }).where(eq(certificates.id, certificate.id)).run()
    recordAudit(tx, { action: 'certificate.revoked', actorId: adminId, subjectId: certificate.id, details: { code, reason } })
    return { ok: true }
  })
}

export type Correction = { from: string; to: string }

/**
 * The holder's name was corrected: each current, unrevoked certificate of theirs is reissued
 * under the new name with a new code (same kind, subject, title, hours, content version and
 * issue date: it certifies the same achievement, earned then), and the old one is marked
 * replaced by it. Runs inside the caller's transaction; audits each correction. A revoked
 * certificate stays as it was (it certifies nothing any more).
 */
export function reissueUnderNewName(tx: Executor, userId: string, holderName: string, { actorId, now }: { actorId: string; now: Date }): Correction[] {
  const corrections: Correction[] = []
  const toCorrect = tx
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), current, isNull(certificates.revokedAt)))
    .all()
  for (const old of toCorrect) {
    const id = randomUUID()
    const code = newCertificateCode(tx)
    // The unique (holder, kind, subject) index covers current rows only: the old one steps
    // aside first, then the corrected one takes its place.
    tx.update(certificates).set({ replacedById: id, replacedAt: now }).where(eq(certificates.id, old.id)).run()
    tx.insert(certificates)
      .values({
        id,
        code,
        userId,
        kind: old.kind,
        subjectId: old.subjectId,
        holderName,
        title: old.title,
        contentVersion: old.contentVersion,
        hours: old.hours,
        issuedAt: old.issuedAt,
      })
      .run()
    recordAudit(tx, {
      action: 'certificate.corrected',
      actorId,
      subjectId: id,
      details: { code, replaces: old.code, kind: old.kind, subjectId: old.subjectId },
    })
    corrections.push({ from: old.code, to: code })
  }
  return corrections
}

/**
 * The holder's personal data were removed (a deletion request carried out): every certificate
 * of theirs, replaced and revoked ones included, keeps its code, course, hours and dates, so a
 * verification still says the code was issued, and names the holder «Titular anonimizado».
 */
export function anonymiseHolder(tx: Executor, userId: string, now: Date): number {
  return tx.update(certificates).set({ holderName: ANONYMISED_NAME, holderAnonymisedAt: now }).where(eq(certificates.userId, userId)).run().changes
}

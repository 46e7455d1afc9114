import { and, desc, eq } from 'drizzle-orm'
import { recordAudit } from '#app/audit/audit.server.ts'
import { db, type Executor } from '#app/db/client.server.ts'
import { certificates } from '#app/db/schema.ts'

// Reading and revoking certificates. Issuing them is a learning event (app/learning/events.server.ts).

export type Certificate = typeof certificates.$inferSelect

export function getCertificateByCode(code: string, executor: Executor = db): Certificate | undefined {
  return executor.select().from(certificates).where(eq(certificates.code, code)).get()
}

export function listCertificatesOf(userId: string, executor: Executor = db): Certificate[] {
  return executor.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt)).all()
}

/**
 * The certificates one learning event issued: a lesson completion or a quiz submission
 * issues them in its own transaction with its own instant, so they carry its timestamp.
 */
export function listIssuedAt(userId: string, at: Date, executor: Executor = db): Certificate[] {
  return executor
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.issuedAt, at)))
    .all()
}

export function listAllCertificates({ limit = 200 } = {}, executor: Executor = db): Certificate[] {
  return executor.select().from(certificates).orderBy(desc(certificates.issuedAt)).limit(limit).all()
}

export type RevokeResult = { ok: true } | { ok: false; reason: 'notFound' | 'alreadyRevoked' }

/** Revocation keeps the record; the verification page then says revoked, with the date. */
export function revokeCertificate(code: string, { adminId, reason }: { adminId: string; reason: string }, now = new Date()): RevokeResult {
  return db.transaction((tx): RevokeResult => {
    const certificate = getCertificateByCode(code, tx)
    if (!certificate) return { ok: false, reason: 'notFound' }
    if (certificate.revokedAt) return { ok: false, reason: 'alreadyRevoked' }
    tx.update(certificates).set({ revokedAt: now, revokedBy: adminId, revocationReason: reason }).where(eq(certificates.id, certificate.id)).run()
    recordAudit(tx, { action: 'certificate.revoked', actorId: adminId, subjectId: certificate.id, details: { code, reason } })
    return { ok: true }
  })
}

import type { Language } from '#app/i18n/config.ts'
import { formatDate } from '#app/utils/dates.server.ts'
import { addressKey, hitLimit, specs } from '#app/auth/limits.server.ts'
import { currentReplacementOf, getCertificateByCode, predecessorOf } from './certificates.server.ts'
import { formatCode, normalizeCode } from './code.ts'

export const VERIFY_LIMIT = specs.verification.points

export type Verification =
  | { found: false; limitedForMinutes: number }
  | {
      found: true
      code: string
      /** replaced: a corrected certificate (e.g. the holder's name fixed) took its place. */
      status: 'valid' | 'revoked' | 'replaced'
      holderName: string
      /** The holder's personal data were removed (a deletion request): shown as «Titular anonimizado». */
      holderAnonymised: boolean
      title: string
      kind: 'course' | 'programme'
      hours: number
      issuedOn: string
      revokedOn: string | null
      /** For a replaced certificate: the current one that took its place, and when. */
      replacedBy: { code: string; on: string } | null
      /** For a corrected certificate: the code it replaced, and when the correction was made. */
      corrects: { code: string; on: string } | null
    }

/**
 * The public answer for a typed or scanned code. Unknown and malformed codes get
 * the same answer, so nobody can tell a near-miss; each client has a budget of lookups.
 */
export async function verifyCode(input: string, clientIp: string, lng: Language): Promise<Verification> {
  const limitedForMinutes = await hitLimit('verification', addressKey(clientIp))
  if (limitedForMinutes) return { found: false, limitedForMinutes }
  const code = normalizeCode(input)
  const certificate = code ? getCertificateByCode(code) : undefined
  if (!certificate) return { found: false, limitedForMinutes: 0 }
  const replacement = certificate.replacedById ? currentReplacementOf(certificate) : null
  const predecessor = predecessorOf(certificate.id)
  return {
    found: true,
    code: formatCode(certificate.code),
    status: certificate.replacedById ? 'replaced' : certificate.revokedAt ? 'revoked' : 'valid',
    holderName: certificate.holderName,
    holderAnonymised: Boolean(certificate.holderAnonymisedAt),
    title: certificate.title,
    kind: certificate.kind,
    hours: certificate.hours,
    issuedOn: formatDate(certificate.issuedAt, lng),
    revokedOn: certificate.revokedAt ? formatDate(certificate.revokedAt, lng) : null,
    replacedBy: replacement && certificate.replacedAt ? { code: formatCode(replacement.code), on: formatDate(certificate.replacedAt, lng) } : null,
    corrects: predecessor?.replacedAt ? { code: formatCode(predecessor.code), on: formatDate(predecessor.replacedAt, lng) } : null,
  }
}

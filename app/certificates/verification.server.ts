import type { Language } from '#app/i18n/config.ts'
import { formatDate } from '#app/utils/dates.server.ts'
import { addressKey, hitLimit, specs } from '#app/auth/limits.server.ts'
import { getCertificateByCode } from './certificates.server.ts'
import { formatCode, normalizeCode } from './code.ts'

export const VERIFY_LIMIT = specs.verification.points

export type Verification =
  | { found: false; limitedForMinutes: number }
  | {
      found: true
      code: string
      status: 'valid' | 'revoked'
      holderName: string
      title: string
      kind: 'course' | 'programme'
      hours: number
      issuedOn: string
      revokedOn: string | null
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
  return {
    found: true,
    code: formatCode(certificate.code),
    status: certificate.revokedAt ? 'revoked' : 'valid',
    holderName: certificate.holderName,
    title: certificate.title,
    kind: certificate.kind,
    hours: certificate.hours,
    issuedOn: formatDate(certificate.issuedAt, lng),
    revokedOn: certificate.revokedAt ? formatDate(certificate.revokedAt, lng) : null,
  }
}

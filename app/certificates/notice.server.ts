import type { Language } from '#app/i18n/config.ts'
import { formatDate } from '#app/utils/dates.server.ts'
import type { Certificate } from './certificates.server.ts'
import { formatCode } from './code.ts'
import { pdfPath, verificationPath } from './urls.server.ts'

/** What a learner page shows of one of the learner's own certificates (see certificate-notice.tsx). */
export type CertificateSummary = {
  code: string
  title: string
  kind: Certificate['kind']
  pdf: string
  verify: string
  /** The date it was revoked, formatted; null while it is valid. */
  revokedOn: string | null
}

export function summarizeCertificate(certificate: Certificate, lng: Language): CertificateSummary {
  return {
    code: formatCode(certificate.code),
    title: certificate.title,
    kind: certificate.kind,
    pdf: pdfPath(certificate.code),
    verify: verificationPath(certificate.code),
    revokedOn: certificate.revokedAt ? formatDate(certificate.revokedAt, lng) : null,
  }
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/guards.server.ts'
import { addressKey, hitLimit } from '#app/auth/limits.server.ts'
import { currentReplacementOf, getCertificateByCode } from '#app/certificates/certificates.server.ts'
import { isTrainerOf } from '#app/cohorts/cohorts.server.ts'
import { formatCode, normalizeCode } from '#app/certificates/code.ts'
import { renderCertificatePdf } from '#app/certificates/pdf.server.ts'
import { pdfPath, verificationUrl } from '#app/certificates/urls.server.ts'
import { formatDate } from '#app/utils/dates.server.ts'
import { getRequestT } from '#app/utils/i18n.server.ts'

// /certificados/7K3M-Q9TD-XW2P.pdf — only the holder, the trainers of the holder's
// cohorts and administrators may download it.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context)
  const waitMinutes = await hitLimit('certificateDownload', addressKey(context.clientIp))
  if (waitMinutes) {
    const t = await getRequestT(request, 'certificates')
    throw new Response(t('download.tooMany', { count: waitMinutes }), {
      status: 429,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(waitMinutes * 60), 'Cache-Control': 'no-store' },
    })
  }
  const file = params.archivo ?? ''
  const code = file.endsWith('.pdf') ? normalizeCode(file.slice(0, -4)) : null
  const certificate = code ? getCertificateByCode(code) : undefined
  if (!certificate) throw new Response('Not found', { status: 404 })
  const allowed = certificate.userId === user.id || user.role === 'admin' || (user.role === 'trainer' && isTrainerOf(user.id, certificate.userId))
  if (!allowed) throw new Response('Forbidden', { status: 403 })
  if (certificate.replacedById) {
    // A corrected certificate took its place (e.g. the name was fixed): the old one is not
    // printed again as if it were valid. 410 Gone, naming the current one and its PDF.
    const replacement = currentReplacementOf(certificate)
    const t = await getRequestT(request, 'certificates')
    const code = replacement ? formatCode(replacement.code) : ''
    throw new Response(t('download.replaced', { code, pdf: replacement ? pdfPath(replacement.code) : '', interpolation: { escapeValue: false } }), {
      status: 410,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    })
  }

  const pdf = await renderCertificatePdf({
    holderName: certificate.holderName,
    title: certificate.title,
    kind: certificate.kind,
    hours: certificate.hours,
    issuedOn: formatDate(certificate.issuedAt, 'es'),
    contentVersion: certificate.contentVersion,
    code: certificate.code,
    verifyUrl: verificationUrl(certificate.code),
    revoked: Boolean(certificate.revokedAt),
  })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="certificado-${formatCode(certificate.code)}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

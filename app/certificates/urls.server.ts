import { getEnv } from '#app/utils/env.server.ts'
import { formatCode } from './code.ts'

/** The public verification address printed in the PDF and its QR code (PUBLIC_BASE_URL). */
export function verificationUrl(code: string) {
  return new URL(`/verificar/${formatCode(code)}`, getEnv().PUBLIC_BASE_URL).href
}

/** The verification page on this site (a link for the holder; the PDF prints the full URL). */
export function verificationPath(code: string) {
  return `/verificar/${formatCode(code)}`
}

export function pdfPath(code: string) {
  return `/certificados/${formatCode(code)}.pdf`
}

import { getEnv } from '#app/utils/env.server.ts'
import type { LoginCard } from './cohorts.server.ts'

/** A login card as printed: what the learner needs, the address, and a QR code for their phone. */
export type PrintableCard = LoginCard & {
  /** The sign-in page with the username filled in; never the PIN. */
  signInUrl: string
  /** The QR code of signInUrl, a PNG data URL (img-src allows data:). */
  qr: string
}

/** /ingresar?usuario=… on the public address (PUBLIC_BASE_URL, or where the server listens). */
export function signInUrl(username: string, base = getEnv().PUBLIC_BASE_URL): string {
  const url = new URL('/ingresar', base)
  url.searchParams.set('usuario', username)
  return url.href
}

/** The address as a learner types it: no https:// (browsers add it), no trailing slash. */
export function displayAddress(base = getEnv().PUBLIC_BASE_URL): string {
  return base.replace(/^https:\/\//, '').replace(/\/+$/, '')
}

/** A QR code for a printed card: black on white with a quiet zone; 10 px a module prints sharp at 30 mm. A PNG data URL. */
export async function qrDataUrl(url: string): Promise<string> {
  // loaded on first use, like the certificate PDF's libraries (app/certificates/pdf.server.ts)
  const { default: QRCode } = await import('qrcode')
  return QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, scale: 10, color: { dark: '#000000', light: '#ffffff' } })
}

export async function printableCards(cards: LoginCard[]): Promise<PrintableCard[]> {
  return Promise.all(
    cards.map(async (card) => {
      const url = signInUrl(card.username)
      const qr = await qrDataUrl(url)
      return { fullName: card.fullName, username: card.username, pin: card.pin, signInUrl: url, qr }
    }),
  )
}

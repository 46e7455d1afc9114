import type { Transporter } from 'nodemailer'
import { getEnv } from './env.server.ts'

// Outgoing e-mail, only when SMTP_URL is set (app/utils/env.server.ts). Today the only
// message is the password reset link (app/auth/reset-links.server.ts).

export type OutgoingMail = { to: string; subject: string; text: string; html: string }

let transport: { url: string; transporter: Transporter } | undefined

/** Whether this deployment can send e-mail at all. */
export function mailConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL)
}

async function transporterFor(url: string): Promise<Transporter> {
  // loaded on the first message: most deployments never send one (issue 16, memory at start);
  // before the check below, so two messages at once never both replace the transport
  const { default: nodemailer } = await import('nodemailer')
  if (transport?.url !== url) {
    transport?.transporter.close()
    // Short timeouts: a dead mail server must not keep sockets open for minutes.
    transport = { url, transporter: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) }
  }
  return transport.transporter
}

/** Sends one message through SMTP_URL from SMTP_FROM; rejects when the server refuses it or cannot be reached. */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const { SMTP_URL, SMTP_FROM, PUBLIC_BASE_URL } = getEnv()
  if (!SMTP_URL) throw new Error('SMTP_URL is not set')
  // without SMTP_FROM: a no-reply address on the site's own host
  const from = SMTP_FROM ?? `Aula Somos Tesoro <no-responder@${new URL(PUBLIC_BASE_URL).hostname}>`
  await (await transporterFor(SMTP_URL)).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
}

/** Escapes text for the HTML part of a message (names may hold <, & …). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

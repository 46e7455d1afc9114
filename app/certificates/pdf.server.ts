import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Font } from 'fontkit'
import pLimit from 'p-limit'
import { formatCode } from './code.ts'

export type CertificatePdfInput = {
  holderName: string
  title: string
  kind: 'course' | 'programme'
  hours: number
  issuedOn: string
  contentVersion: string
  code: string
  verifyUrl: string
  revoked: boolean
}

// Loaded on the first certificate, not at start: pdfkit, fontkit and qrcode hold ~25 MB that a
// server only serving lessons never needs (issue 16). Node keeps them once loaded.
const pdfLibraries = () => Promise.all([import('pdfkit'), import('fontkit'), import('qrcode')])

/** The QR code image that opens the public verification page. */
export async function qrPng(url: string): Promise<Buffer> {
  const [, , { default: QRCode }] = await pdfLibraries()
  return QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 2, width: 360, color: { dark: '#000000', light: '#ffffff' } })
}

/** Hours in Colombian Spanish: 2,5 not 2.5. */
export function formatHours(hours: number) {
  return hours.toLocaleString('es-CO', { maximumFractionDigits: 1 })
}

const GREEN = '#0b5d3b'
const GOLD = '#f2b705'

// DejaVu Sans Condensed (npm dejavu-fonts-ttf; metrics close to Helvetica) is embedded,
// subset to the glyphs used: it covers Spanish and names beyond Windows-1252 (Łukasz,
// Nguyễn, Ğ, Ș …), which the built-in Helvetica would print garbled.
// Opened once with fontkit and shared by every document (pdfkit patched to accept it,
// patches/pdfkit+*.patch): decoding the font tables anew was most of a PDF's time and memory
// (issue 16). Each document still makes its own subset of the glyphs it uses.
const require = createRequire(import.meta.url)
let fonts: { regular: Font; bold: Font } | undefined
function certificateFonts(openFont: (bytes: Buffer) => unknown) {
  const open = (file: string) => openFont(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))) as Font
  fonts ??= { regular: open('DejaVuSansCondensed.ttf'), bold: open('DejaVuSansCondensed-Bold.ttf') }
  return fonts
}

// One document at a time: laying one out is ~30 ms on the event loop, so ten at once finish no
// sooner, but each holds its pages, font subsets and compressed streams in memory until its end
// (ten at once added ~30 MB to the server's peak, issue 16). The QR code is made outside the queue.
const oneDocumentAtATime = pLimit(1)

/** A4 landscape certificate in Spanish, with an embedded Unicode font. */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const [{ default: PDFDocument }, fontkit] = await pdfLibraries()
  const qr = await qrPng(input.verifyUrl)
  return oneDocumentAtATime(() => layOut(input, qr, PDFDocument, fontkit.create))
}

type PdfLibraries = Awaited<ReturnType<typeof pdfLibraries>>

function layOut(input: CertificatePdfInput, qr: Buffer, PDFDocument: PdfLibraries[0]['default'], openFont: (bytes: Buffer) => unknown): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `Constancia ${formatCode(input.code)}`, Author: 'Aula Somos Tesoro', Subject: input.title },
  })
  const { regular, bold } = certificateFonts(openFont)
  // fontkit remembers each glyph with the characters it was first met with, and a glyph first
  // met inside an accented letter (the I of Í) has none: the next certificate's text layer would
  // lose that letter (copy, search, screen readers). Each document starts with no glyphs
  // remembered; the decoded font tables stay shared. Safe: documents are laid out one at a time.
  for (const font of [regular, bold]) (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {}
  // pdfkit's types know only file names and bytes as a font's source
  doc.registerFont('Sans', regular as unknown as Buffer)
  doc.registerFont('Sans-Bold', bold as unknown as Buffer)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))

  const { width, height } = doc.page
  doc.rect(0, 0, width, height).fill('#ffffff')
  doc
    .lineWidth(10)
    .strokeColor(GREEN)
    .rect(24, 24, width - 48, height - 48)
    .stroke()
  doc
    .lineWidth(2)
    .strokeColor(GOLD)
    .rect(40, 40, width - 80, height - 80)
    .stroke()

  const left = 80
  const textWidth = width - 160 - 150
  doc.fillColor(GREEN).font('Sans-Bold').fontSize(16).text('AULA SOMOS TESORO', left, 72, { width: textWidth })
  doc
    .fillColor('#444444')
    .font('Sans')
    .fontSize(11)
    .text('Programa Somos Tesoro · Formación para mineros y funcionarios públicos', left, 94, { width: textWidth })

  // Informal education gives a "constancia", never a "certificado de aptitud ocupacional" or a title (Ley 115 de 1994, Decreto 4904 de 2009).
  doc.fillColor('#1a1a1a').font('Sans-Bold').fontSize(30).text('Constancia de participación', left, 140, { width: textWidth })
  doc.font('Sans').fontSize(14).fillColor('#333333').text('Aula Somos Tesoro hace constar que', left, 196, { width: textWidth })
  doc.font('Sans-Bold').fontSize(28).fillColor(GREEN).text(input.holderName, left, 220, { width: textWidth })
  const completed = input.kind === 'programme' ? 'completó y aprobó el programa de educación informal' : 'completó y aprobó el curso de educación informal'
  doc
    .font('Sans')
    .fontSize(14)
    .fillColor('#333333')
    .text(completed, left, doc.y + 10, { width: textWidth })
  doc
    .font('Sans-Bold')
    .fontSize(21)
    .fillColor('#1a1a1a')
    .text(input.title, left, doc.y + 6, { width: textWidth })
  doc
    .font('Sans')
    .fontSize(14)
    .fillColor('#333333')
    .text(`Intensidad horaria: ${formatHours(input.hours)} horas · Modalidad virtual.`, left, doc.y + 8, { width: textWidth })

  const footerY = height - 150
  doc.font('Sans').fontSize(12).fillColor('#333333')
  doc.text(`Fecha de emisión: ${input.issuedOn}`, left, footerY, { width: textWidth })
  doc.text(`Versión del contenido: ${input.contentVersion}`, left, footerY + 18, { width: textWidth })
  doc
    .font('Sans-Bold')
    .fontSize(14)
    .fillColor('#1a1a1a')
    .text(`Código de verificación: ${formatCode(input.code)}`, left, footerY + 42, { width: textWidth })
  doc
    .font('Sans')
    .fontSize(10)
    .fillColor('#444444')
    .text(`Verifique esta constancia en ${input.verifyUrl}`, left, footerY + 64, { width: textWidth })

  const qrSize = 140
  doc.image(qr, width - 80 - qrSize, height - 80 - qrSize - 20, { width: qrSize, height: qrSize })
  doc
    .font('Sans')
    .fontSize(9)
    .fillColor('#444444')
    .text('Escanee para verificar', width - 80 - qrSize, height - 96, { width: qrSize, align: 'center' })

  if (input.revoked) {
    doc.save().rotate(-20, { origin: [width / 2, height / 2] })
    doc
      .font('Sans-Bold')
      .fontSize(80)
      .fillColor('#a4161a')
      .opacity(0.35)
      .text('REVOCADO', 0, height / 2 - 40, { width, align: 'center' })
    doc.restore()
  }
  doc.end()
  return done
}

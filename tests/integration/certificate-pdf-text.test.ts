// The certificate's text layer (what copy, search and screen readers get) must hold the holder's
// name exactly, whatever certificates the server made before: the fonts are shared between
// documents (issue 16), and a glyph first met inside an accented letter once lost its letter.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { renderCertificatePdf } from '#app/certificates/pdf.server.ts'

const base = {
  title: 'Seguridad minera básica',
  kind: 'course' as const,
  hours: 4,
  issuedOn: '2 de diciembre de 2026',
  contentVersion: 'v1',
  verifyUrl: 'https://aula.example.org/verificar/K7M2P9Q4',
  revoked: false,
  code: 'K7M2P9Q4',
}
const dir = mkdtempSync(join(tmpdir(), 'cert-text-'))
async function textOf(holderName: string) {
  const file = join(dir, `${holderName.length}-${Math.random()}.pdf`)
  writeFileSync(file, await renderCertificatePdf({ ...base, holderName }))
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

test('each certificate carries its own holder’s name in its text, after others with accented or rare letters', async () => {
  const names = ['Íngrid Ñáñez', 'Isabel Niño Zuluaga', 'Łukasz Żółćwicz', 'Zoe Zapata', 'Nguyễn Văn An', 'Nguyen Eee']
  for (const name of names) expect(await textOf(name)).toContain(name)
  // and the same when several are asked for at once
  const together = await Promise.all(names.map(async (name) => [name, await textOf(name)] as const))
  for (const [name, text] of together) expect(text).toContain(name)
})

const PLAIN_NUMBER = /^[-+]?\d+([.,]\d+)?$/

/**
 * A cell that starts with = + - @, a tab or a carriage return is run by Excel and
 * LibreOffice as a formula (CSV injection); it gets a leading apostrophe, as papaparse's
 * `escapeFormulae` does. Plain numbers such as "-3" or "-2,5" are left as they are.
 */
export function escapeFormula(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || PLAIN_NUMBER.test(value)) return value
  return `'${value}`
}

/**
 * CSV that Excel set to Spanish (Colombia) opens as columns: UTF-8 with a BOM (accents
 * intact) and ";" between fields (the comma is the decimal separator there).
 * Numbers are written bare so Excel reads them as numbers.
 */
export function toExcelCsv(rows: (string | number | null | undefined)[][]): string {
  const field = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return ''
    if (typeof v === 'number') return String(v)
    const safe = escapeFormula(v)
    return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return '\uFEFF' + rows.map((r) => r.map(field).join(';')).join('\r\n') + '\r\n'
}

/**
 * `attachment` with the name twice (RFC 6266): an ASCII fallback (accents dropped, anything
 * else "-") and the exact UTF-8 name in `filename*`. A header value must be Latin-1, so a
 * cohort named with a letter such as "ễ" used to make the export a 500.
 */
export function contentDisposition(filename: string) {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '-')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
}

export function csvResponse(body: string, filename: string) {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(filename),
      'Cache-Control': 'private, no-store',
    },
  })
}

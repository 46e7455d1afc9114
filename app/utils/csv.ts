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

type Cell = string | number | null | undefined

/** One line of Excel CSV (see toExcelCsv), with its CRLF: for exports written a batch at a time. */
export function excelCsvLine(row: Cell[]): string {
  const field = (v: Cell) => {
    if (v === null || v === undefined) return ''
    if (typeof v === 'number') return String(v)
    const safe = escapeFormula(v)
    return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return row.map(field).join(';') + '\r\n'
}

/** What an Excel CSV starts with: the UTF-8 byte order mark. */
export const EXCEL_CSV_BOM = '\uFEFF'

/**
 * CSV that Excel set to Spanish (Colombia) opens as columns: UTF-8 with a BOM (accents
 * intact) and ";" between fields (the comma is the decimal separator there).
 * Numbers are written bare so Excel reads them as numbers.
 */
export function toExcelCsv(rows: Cell[][]): string {
  return EXCEL_CSV_BOM + rows.map(excelCsvLine).join('')
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

/** A CSV download: the whole text, or a stream written as it is read (large exports). */
export function csvResponse(body: string | ReadableStream<Uint8Array>, filename: string) {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(filename),
      'Cache-Control': 'private, no-store',
    },
  })
}

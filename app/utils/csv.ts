/**
 * CSV that Excel set to Spanish (Colombia) opens as columns: UTF-8 with a BOM (accents
 * intact) and ";" between fields (the comma is the decimal separator there).
 * Numbers are written bare so Excel reads them as numbers.
 */
export function toExcelCsv(rows: (string | number | null | undefined)[][]): string {
  const field = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return ''
    if (typeof v === 'number') return String(v)
    // A leading = + @ would make Excel run the cell as a formula.
    const safe = /^[=+@]/.test(v) ? `'${v}` : v
    return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return '\uFEFF' + rows.map((r) => r.map(field).join(';')).join('\r\n') + '\r\n'
}

export function csvResponse(body: string, filename: string) {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

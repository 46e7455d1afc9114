import type { Cell, LabelledReport } from './indicators.server.ts'

/** A suppressed cell as text: «<5», «≥5» or the count. */
export const cellText = (cell: Cell | undefined) => (cell === undefined ? '—' : String(cell))

/** A bar for a cell: hidden counts draw no length of their own (the text says «<5» or «≥5»). */
export const barOf = (label: string, cell: Cell) => ({ label, value: typeof cell === 'number' ? cell : 0, display: cellText(cell) })

type Dimension = LabelledReport['dimensions'][number]

/** One dimension's table: its groups as rows, the chosen indicators as columns, the total last. */
export function DimensionTable({
  report,
  dimension,
  columns,
  caption,
  totalLabel,
}: {
  report: LabelledReport
  dimension: Dimension
  columns: LabelledReport['indicators']
  caption: string
  totalLabel: string
}) {
  return (
    <table className="indicator-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{dimension.label}</th>
          {columns.map((c) => (
            <th scope="col" key={c.id}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {dimension.groups.map((g) => (
          <tr key={g.id}>
            <th scope="row">{g.label}</th>
            {columns.map((c) => (
              <td key={c.id}>{cellText(g.cells[c.id])}</td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{totalLabel}</th>
          {columns.map((c) => (
            <td key={c.id}>{cellText(report.totals[c.id])}</td>
          ))}
        </tr>
      </tfoot>
    </table>
  )
}

import { useId } from 'react'

type Bar = { label: string; value: number; display?: string }

/**
 * A small accessible SVG bar chart. The numbers are always also available as a
 * table right below (the chart is a picture of the table, not a replacement).
 */
export function BarChart({
  title,
  bars,
  max,
  unit = '',
  tableCaption,
  columns,
}: {
  title: string
  bars: Bar[]
  max?: number
  unit?: string
  tableCaption: string
  columns: [string, string]
}) {
  const id = useId()
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1)
  const rowHeight = 28
  const labelWidth = 250
  const width = 600
  const height = bars.length * rowHeight + 8
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`} className="bar-chart">
        <title id={`${id}-title`}>{title}</title>
        {bars.map((b, i) => {
          const w = ((width - labelWidth - 60) * b.value) / top
          const y = i * rowHeight + 4
          return (
            <g key={i}>
              <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label" fontSize="12">
                {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
              </text>
              <rect x={labelWidth} y={y + 3} width={Math.max(w, 1)} height={rowHeight - 10} className="chart-bar" />
              <text x={labelWidth + w + 6} y={y + 17} className="chart-value">
                {b.display ?? `${b.value}${unit}`}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>
        <details>
          <summary>{tableCaption}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{columns[0]}</th>
                <th scope="col">{columns[1]}</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b, i) => (
                <tr key={i}>
                  <td>{b.label}</td>
                  <td>{b.display ?? `${b.value}${unit}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  )
}

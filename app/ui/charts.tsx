import { useId } from 'react'

type Bar = { label: string; value: number; display?: string }

/**
 * A small bar chart drawn with HTML and CSS, so its text keeps the page's size at every width
 * (an SVG scaled down to a phone shrank it to about 6 px). The numbers are also in a table
 * right below: the chart is a picture of the table, not a replacement.
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
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <p className="chart-title" id={`${id}-title`}>
        {title}
      </p>
      {/* The table below says the same to a screen reader; the bars are for the eye. */}
      <ul className="bar-chart" aria-hidden="true">
        {bars.map((b, i) => (
          <li key={i}>
            <span className="chart-label">{b.label}</span>
            <span className="chart-track">
              {/* An SVG rectangle, not a style attribute: the CSP allows no inline styles. */}
              <svg className="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                <rect width={Math.max(0.5, (b.value / top) * 100)} height="10" />
              </svg>
              <span className="chart-value">{b.display ?? `${b.value}${unit}`}</span>
            </span>
          </li>
        ))}
      </ul>
      <figcaption>
        <details>
          <summary>{tableCaption}</summary>
          <table>
            <caption className="visually-hidden">{title}</caption>
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

import { useTranslation } from 'react-i18next'

type Summary = { enrolled: number; activeLast7Days: number; averageProgress: number; certificates: number }

/** The four numbers of a cohort, on screen and in the printable summary. */
export function CohortStats({ summary }: { summary: Summary }) {
  const { t } = useTranslation('cohorts')
  const stats: [string, string | number][] = [
    [t('view.enrolled'), summary.enrolled],
    [t('view.active7'), summary.activeLast7Days],
    [t('view.averageProgress'), `${summary.averageProgress} %`],
    [t('view.certificates'), summary.certificates],
  ]
  return (
    <dl className="stats">
      {stats.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

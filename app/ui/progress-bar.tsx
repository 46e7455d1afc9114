import { useTranslation } from 'react-i18next'

/** A progress bar readable by text, not only by colour. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label?: string }) {
  const { t } = useTranslation('courses')
  const percent = total ? Math.round((done / total) * 100) : 0
  const text = t('progress.lessons', { done, total, percent })
  return (
    <div className="progress">
      <progress value={done} max={total || 1} aria-label={label ?? t('progress.label')}>
        {percent} %
      </progress>
      <span className="progress-text">{text}</span>
    </div>
  )
}

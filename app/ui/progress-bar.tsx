import { useTranslation } from 'react-i18next'
import type { ProgressCounts } from '#app/learning/requirements.ts'

/** Course progress, readable by text, not only by colour. */
export function ProgressBar({ progress }: { progress: ProgressCounts }) {
  const { t } = useTranslation('courses')
  return (
    <div className="progress">
      <progress value={progress.done} max={progress.total || 1} aria-label={t('progress.label')}>
        {progress.percent} %
      </progress>
      <span className="progress-text">{t('progress.summary', progress)}</span>
    </div>
  )
}

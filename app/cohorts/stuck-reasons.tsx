import { useTranslation } from 'react-i18next'

type Reasons = { idleDays: number | null; failedQuizzes: { id: string; title: string; failed: number }[] }

/** Why a learner is stuck, in words: "20 días sin actividad · perdió 2 veces «Gases y ventilación»". */
export function StuckReasons({ reasons }: { reasons: Reasons }) {
  const { t } = useTranslation('cohorts')
  const parts = [
    ...reasons.failedQuizzes.map((q) => t('view.failedQuiz', { count: q.failed, quiz: q.title })),
    ...(reasons.idleDays !== null ? [t('view.idleDays', { count: reasons.idleDays })] : []),
  ]
  return <span className="stuck-reasons">{parts.join(' · ')}</span>
}

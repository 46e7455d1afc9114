import { describe, expect, test } from 'vitest'
import { emptyRecord, isComplete, standing, type LearnerRecord, type Requirements } from '#app/learning/requirements.ts'

// isComplete is the cohort report's shortcut for standing(...).complete: they must never disagree.
describe('isComplete agrees with standing().complete', () => {
  const base: Requirements = { lessonIds: ['l1', 'l2'], quizIds: ['q1'], examId: null, satisfiable: true }
  const record = (lessons: Record<string, boolean>, quizzes: Record<string, boolean>): LearnerRecord => {
    const r = emptyRecord()
    for (const [id, done] of Object.entries(lessons)) r.lessons.set(id, { openedAt: 1, completedAt: done ? 2 : null })
    for (const [id, passed] of Object.entries(quizzes))
      r.quizzes.set(id, { bestScore: passed ? 100 : 0, passed, attempts: 1, failed: passed ? 0 : 1, lastSubmittedAt: 3 })
    return r
  }
  const cases: [string, Requirements, LearnerRecord, boolean][] = [
    ['nothing done', base, emptyRecord(), false],
    ['a lesson opened, not read', base, record({ l1: true, l2: false }, { q1: true }), false],
    ['quiz failed', base, record({ l1: true, l2: true }, { q1: false }), false],
    ['everything done', base, record({ l1: true, l2: true }, { q1: true }), true],
    ['a requirement that can no longer be met', { ...base, satisfiable: false }, record({ l1: true, l2: true }, { q1: true }), false],
    ['nothing required', { ...base, lessonIds: [], quizIds: [] }, emptyRecord(), false],
  ]
  test.each(cases)('%s', (_name, requirements, learner, expected) => {
    expect(isComplete(requirements, learner)).toBe(expected)
    expect(standing(requirements, learner).complete).toBe(expected)
  })
})

// The database `npm run bench` measures, as a function so other measurements reuse it
// (scripts/bench-indicators.ts): learners in cohorts with progress, graded attempts and real
// certificates, like a real deployment. Import it only after DATABASE_PATH is set.
import { randomUUID } from 'node:crypto'
import { db } from '#app/db/client.server.ts'
import * as schema from '#app/db/schema.ts'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { hashSecret } from '#app/auth/password.server.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { listCourses, getQuiz } from '#app/content/content.server.ts'
import { drawQuestions, gradeAttempt } from '#app/quiz/grading.ts'
import { municipalityIds } from '#app/utils/municipalities.ts'
import { readLesson, takeQuiz } from '#tests/learning-helpers.ts'

export type BenchSizes = { learners: number; cohorts: number; bigCohort: number; certified: number; burst: number; singles: number }
export type Kind = 'learner' | 'quiz' | 'signin' | 'cert'
export const BENCH_PIN = '482913'

const DAY = 86_400_000
const genders = ['female', 'male', 'female', 'male', null, 'other', 'undisclosed'] as const

export async function seedBench(sizes: BenchSizes, now = Date.now()) {
  let seed = 42 // a seeded random source: every run builds the same database
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  // A second source for who people are, so the progress and attempts stay those of earlier runs.
  let peopleSeed = 7
  const peopleRandom = () => (peopleSeed = (peopleSeed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const pinHash = await hashSecret(BENCH_PIN)
  const trainer = await registerAccount({
    fullName: 'Formadora de Prueba',
    municipality: 'segovia',
    gender: null,
    profile: 'other',
    role: 'trainer',
    email: 'bench.trainer@example.org',
    password: 'bench-password-123',
  })
  if (!trainer.ok) throw new Error('could not create the trainer')
  const courses = listCourses()
  const courseIds = courses.map((c) => c.id)
  const cohortIds: string[] = []
  for (let c = 0; c < sizes.cohorts; c++) {
    const cohort = createCohort({ name: `Grupo ${c + 1}`, municipality: 'segovia', startsOn: '2026-01-01', endsOn: '2026-12-31', courseIds }, trainer.userId)
    cohortIds.push(cohort.id)
  }
  const bigCohortId = cohortIds[0]

  const ids: Record<Kind, string[]> = { learner: [], quiz: [], signin: [], cert: [] }
  let progressRows = 0
  let attemptRows = 0
  // Bulk learners through direct inserts in one transaction (the events would take minutes);
  // the rows have the shapes the events write: progress, graded attempts of drawn questions.
  db.transaction((tx) => {
    const addUser = (kind: Kind, i: number) => {
      const id = randomUUID()
      tx.insert(schema.users)
        .values({
          id,
          username: `${kind}.${i}`,
          passwordHash: pinHash,
          secretKind: 'pin',
          fullName: `Participante ${kind} ${i}`,
          role: 'learner',
          profile: i % 3 === 0 ? 'miner' : i % 3 === 1 ? 'official' : 'other',
          // Spread like a programme's participants, for the funder's indicators: most in the first
          // municipalities, genders and years of birth (one in six left out), registered over ten months.
          municipality: municipalityIds[Math.min(municipalityIds.length - 1, Math.floor(peopleRandom() ** 2 * municipalityIds.length))],
          gender: genders[i % genders.length],
          birthYear: i % 6 === 5 ? null : 1950 + Math.floor(peopleRandom() * 56),
          consentAt: new Date(now - 90 * DAY),
          createdAt: new Date(now - Math.floor(peopleRandom() * 300) * DAY),
        })
        .run()
      ids[kind].push(id)
      return id
    }
    for (let i = 0; i < sizes.learners; i++) {
      const id = addUser('learner', i)
      const cohortId = i < sizes.bigCohort ? bigCohortId : cohortIds[1 + ((i - sizes.bigCohort) % (sizes.cohorts - 1))]
      tx.insert(schema.cohortMembers).values({ cohortId, userId: id }).run()
      for (const course of courses) {
        const read = Math.floor(random() * (course.lessons.length + 1))
        for (const lesson of course.lessons.slice(0, read)) {
          const at = new Date(now - Math.floor(random() * 60) * DAY)
          tx.insert(schema.lessonProgress).values({ userId: id, lessonId: lesson.id, courseId: course.id, firstOpenedAt: at, completedAt: at }).run()
          progressRows++
        }
        for (const module of course.modules) {
          if (!module.quizId || random() < 0.5) continue
          const quiz = getQuiz(module.quizId)!
          const bank = new Map(quiz.questions.map((q) => [q.id, q]))
          for (let k = 1 + Math.floor(random() * 2); k > 0; k--) {
            const questions = drawQuestions(quiz, random)
            const answers = Object.fromEntries(questions.map((q) => [q.questionId, [q.optionIds[Math.floor(random() * q.optionIds.length)]]]))
            const grade = gradeAttempt(questions, answers, bank, quiz.passMark)
            const at = new Date(now - (2 + Math.floor(random() * 60)) * DAY)
            tx.insert(schema.quizAttempts)
              .values({
                id: randomUUID(),
                userId: id,
                quizId: quiz.id,
                courseId: course.id,
                questions,
                answers,
                correctCount: grade.correctCount,
                totalCount: grade.totalCount,
                score: grade.score,
                passed: grade.passed,
                startedAt: at,
                submittedAt: at,
              })
              .run()
            attemptRows++
          }
        }
      }
    }
    // Fresh accounts for the write scenarios (each quiz submission needs its own open attempt).
    const perRun = sizes.burst + sizes.singles
    for (let i = 0; i < 2 * perRun; i++) addUser('quiz', i)
    for (let i = 0; i < 2 * sizes.burst; i++) addUser('signin', i)
    for (let i = 0; i < sizes.certified; i++) addUser('cert', i)
  })
  // Certificates the real way: every lesson read and every quiz passed through the events.
  for (const userId of ids.cert) {
    const course = courses[0]
    for (const lesson of course.lessons) readLesson(userId, lesson, new Date(now - 3 * DAY))
    for (const quizId of [...course.modules.map((m) => m.quizId), course.examId]) if (quizId) takeQuiz(userId, getQuiz(quizId)!)
  }
  return { trainerId: trainer.userId, courses, courseIds, cohortIds, bigCohortId, ids, progressRows, attemptRows }
}

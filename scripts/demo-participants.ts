// Demo participants for the funder's indicators (/admin/indicadores): a workshop cohort of 60
// people across the programme's municipalities, with genders, years of birth, reading, quizzes,
// certificates and attendance over the last months, so the demo shows figures (and «<5»).
// Marked as demo accounts; nobody signs in with them (their PIN is random and never printed).
import { randomBytes, randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { hashSecret } from '#app/auth/password.server.ts'
import { createAttendanceSession, createCohort, saveAttendance } from '#app/cohorts/cohorts.server.ts'
import { listCourses, getQuiz } from '#app/content/content.server.ts'
import { db } from '#app/db/client.server.ts'
import { cohortMembers, users, type Gender, type Profile } from '#app/db/schema.ts'
import { openLesson } from '#app/learning/events.server.ts'
import { insertUsers } from '#app/users/users.server.ts'
import { readLesson, rightAnswers, takeQuiz } from '#tests/learning-helpers.ts'

const DAY = 86_400_000
const PLACES = [
  ['segovia', 18],
  ['remedios', 12],
  ['el-bagre', 8],
  ['sogamoso', 7],
  ['zaragoza', 6],
  ['paipa', 5],
  ['topaga', 4],
] as const
const GENDERS: (Gender | null)[] = ['female', 'male', 'female', 'male', 'male', null, 'female', 'undisclosed']

export async function seedDemoParticipants(trainerEmail: string) {
  if (db.select({ id: users.id }).from(users).where(eq(users.username, 'demo.participante.1')).get()) return
  const trainer = db.select({ id: users.id }).from(users).where(eq(users.email, trainerEmail)).get()
  if (!trainer) throw new Error('the demo trainer is missing')
  let seed = 2026
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const now = Date.now()
  const passwordHash = await hashSecret(randomBytes(16).toString('hex'))
  const people = PLACES.flatMap(([municipality, count]) => Array.from({ length: count }, () => municipality)).map((municipality, i) => ({
    id: randomUUID(),
    username: `demo.participante.${i + 1}`,
    passwordHash,
    secretKind: 'pin' as const,
    fullName: `Participante de demostración ${i + 1}`,
    role: 'learner' as const,
    profile: (i % 7 === 3 ? 'official' : i % 11 === 5 ? 'other' : 'miner') as Profile,
    municipality,
    gender: GENDERS[i % GENDERS.length],
    birthYear: i % 9 === 4 ? null : 1958 + Math.floor(random() * 48),
    consentAt: new Date(now - (30 + Math.floor(random() * 270)) * DAY),
    isDemo: true,
  }))
  insertUsers(
    db,
    people.map((p) => ({ ...p, createdAt: p.consentAt })),
  )
  const courses = listCourses()
  const cohort = createCohort(
    {
      name: 'Taller de demostración (indicadores)',
      municipality: 'segovia',
      startsOn: '2025-09-01',
      endsOn: '2026-12-15',
      courseIds: courses.map((c) => c.id),
    },
    trainer.id,
  )
  db.insert(cohortMembers)
    .values(people.map((p) => ({ cohortId: cohort.id, userId: p.id })))
    .run()
  // Reading: most open a few lessons over the months after they registered.
  for (const p of people) {
    if (random() < 0.2) continue
    const course = courses[Math.floor(random() * courses.length)]
    const since = now - p.consentAt.getTime()
    for (const lesson of course.lessons.slice(0, 1 + Math.floor(random() * 4))) openLesson(p.id, lesson, new Date(now - Math.floor(random() * since * 0.9)))
  }
  // Twelve finish the first course (every lesson read, every quiz passed): real certificates.
  const first = courses[0]
  for (const p of people.slice(0, 36).filter((_, i) => i % 3 === 0)) {
    const at = new Date(now - Math.floor(random() * 100) * DAY)
    for (const lesson of first.lessons) readLesson(p.id, lesson, at)
    for (const quizId of [...first.modules.map((m) => m.quizId), first.examId]) if (quizId) takeQuiz(p.id, getQuiz(quizId)!, rightAnswers, at)
  }
  // Three workshop sessions, most people present.
  for (const daysAgo of [150, 90, 30]) {
    const session = createAttendanceSession(cohort.id, { heldOn: new Date(now - daysAgo * DAY).toISOString().slice(0, 10), topic: 'Taller presencial' })
    saveAttendance(
      cohort.id,
      session.id,
      people.filter(() => random() < 0.75).map((p) => p.id),
    )
  }
}

import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { getCourseBySlug } from '#app/content/content.server.ts'
import type { CourseEntry } from '#app/content/types.ts'
import { db } from '#app/db/client.server.ts'
import { lessonProgress } from '#app/db/schema.ts'
import { completeLesson, openLesson } from '#app/learning/events.server.ts'
import { getLastActiveCourseId, loadLearnerRecord } from '#app/learning/record.server.ts'
import { courseProgress, isLessonDone, MIN_READING_SHARE, readingSecondsLeft } from '#app/learning/requirements.ts'
import { readLesson } from '#tests/learning-helpers.ts'
import { action as lessonAction, loader as lessonLoader } from '#app/routes/cursos.$curso.$leccion.tsx'
import { loader as catalogLoader } from '#app/routes/cursos._index.tsx'
import { makeContext, runAction, uniqueName } from '#tests/utils.ts'
import { resolveSession, createUserSession } from '#app/auth/session.server.ts'

async function newLearner() {
  const result = await registerAccount({
    fullName: 'Marta Lucía Ríos',
    municipality: 'el-bagre',
    gender: 'female',
    profile: 'miner',
    username: uniqueName('marta'),
    pin: '202020',
  })
  if (!result.ok) throw new Error('no user')
  const { cookie } = await createUserSession(result.userId, { shared: false })
  const { user } = await resolveSession(cookie.split(';')[0])
  return user!
}

const course = () => getCourseBySlug('curso-prueba')!

const completed = (userId: string) => new Set([...loadLearnerRecord(userId).lessons].filter(([, l]) => l.completedAt).map(([id]) => id))

describe('lesson progress', () => {
  test('marking a lesson read is idempotent and keeps the first completion time', async () => {
    const user = await newLearner()
    const lesson = course().lessons[0]
    readLesson(user.id, lesson, new Date('2026-01-01T10:00:00Z'))
    expect(completeLesson(user.id, lesson, new Date('2026-02-01T10:00:00Z'))).toMatchObject({ ok: true, alreadyDone: true })
    const rows = db.select().from(lessonProgress).where(eq(lessonProgress.userId, user.id)).all()
    expect(rows).toHaveLength(1)
    expect(rows[0].completedAt).toEqual(new Date('2026-01-01T10:00:00Z'))
  })

  test('a lesson counts as read only after a third of its reading time since it was first opened', async () => {
    // Issue 10: at least a third of the reading time. A smaller share must fail here.
    expect(MIN_READING_SHARE).toBeGreaterThanOrEqual(1 / 3)
    const user = await newLearner()
    const lesson = course().lessons[0]
    const needed = Math.ceil((lesson.readingMinutes * 60) / 3)
    expect(needed).toBeGreaterThan(5)
    const opened = new Date('2026-04-01T09:00:00Z')
    openLesson(user.id, lesson, opened)
    const early = completeLesson(user.id, lesson, new Date(opened.getTime() + 5_000))
    expect(early).toEqual({ ok: false, reason: 'tooSoon', secondsLeft: needed - 5 })
    expect(isLessonDone(loadLearnerRecord(user.id), lesson.id)).toBe(false)
    // Never opened: the clock starts now, nothing is credited.
    expect(completeLesson(user.id, course().lessons[1], opened)).toMatchObject({ ok: false, reason: 'tooSoon', secondsLeft: needed })
    expect(completeLesson(user.id, lesson, new Date(opened.getTime() + needed * 1000))).toMatchObject({ ok: true, alreadyDone: false })
    expect(readingSecondsLeft(lesson, opened.getTime(), opened.getTime() + needed * 1000)).toBe(0)
  })

  test('opening a lesson records the first visit but does not complete it', async () => {
    const user = await newLearner()
    const lesson = course().lessons[1]
    openLesson(user.id, lesson, new Date('2026-03-01T00:00:00Z'))
    openLesson(user.id, lesson, new Date('2026-03-05T00:00:00Z'))
    const row = db
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, user.id), eq(lessonProgress.lessonId, lesson.id)))
      .get()!
    expect(row.firstOpenedAt).toEqual(new Date('2026-03-01T00:00:00Z'))
    expect(row.completedAt).toBeNull()
    expect(completed(user.id).size).toBe(0)
  })

  test('course progress is derived: percent, and the next lesson is the first unread one', async () => {
    const user = await newLearner()
    const c = course()
    readLesson(user.id, c.lessons[0])
    readLesson(user.id, c.lessons[2])
    const progress = courseProgress(c, loadLearnerRecord(user.id))
    // 2 of 3 lessons; the module quiz and the final exam also count: 2 of 5 items.
    expect(progress).toMatchObject({ lessonsDone: 2, lessonsTotal: 3, quizzesTotal: 2, percent: 40, complete: false, nextLesson: { slug: 'leccion-2' } })
    expect(getLastActiveCourseId(user.id)).toBe('curso-prueba')
  })

  test('a renamed or moved lesson keeps its completions (same id); a removed one stops counting', async () => {
    const user = await newLearner()
    const c = course()
    readLesson(user.id, c.lessons[0])
    readLesson(user.id, c.lessons[1])
    // The author renames the file of lesson 1 and deletes lesson 2.
    const edited: CourseEntry = {
      ...c,
      lessons: [{ ...c.lessons[0], slug: 'nuevo-nombre', title: 'Nuevo título' }, c.lessons[2]],
    }
    const progress = courseProgress(edited, loadLearnerRecord(user.id))
    expect(progress).toMatchObject({ lessonsDone: 1, lessonsTotal: 2, nextLesson: { slug: 'leccion-3' } })
    // The history of the removed lesson is still in the database.
    expect(completed(user.id).has(c.lessons[1].id)).toBe(true)
  })
})

describe('lesson page', () => {
  const request = (method = 'GET') =>
    new Request('http://localhost/cursos/curso-prueba/leccion-2', {
      method,
      ...(method === 'POST' ? { body: new URLSearchParams(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    })
  const params = { curso: 'curso-prueba', leccion: 'leccion-2' }

  test('a guest can read the lesson; saving progress sends them to sign in and back', async () => {
    const read = await runAction(() => lessonLoader({ request: request(), params, context: makeContext() }))
    expect(read.status).toBe(200)
    expect(read.data.lesson.html).toContain('Tema de la lección')
    expect(read.data.lesson.number).toBe(2)
    expect(read.data.previous.slug).toBe('leccion-1')
    const save = await runAction(() => lessonAction({ request: request('POST'), params, context: makeContext() }))
    expect(save.status).toBe(302)
    expect(save.headers.get('Location')).toBe('/ingresar?redirectTo=%2Fcursos%2Fcurso-prueba%2Fleccion-2')
  })

  test('a learner marks the lesson read and the catalog shows the progress', async () => {
    const user = await newLearner()
    // Straight after opening: refused with a Spanish wait, nothing saved.
    await runAction(() => lessonLoader({ request: request(), params, context: makeContext(user) }))
    const early = await runAction(() => lessonAction({ request: request('POST'), params, context: makeContext(user) }))
    expect(early.status).toBe(400)
    expect(early.data.tooSoon.minutes).toBeGreaterThan(0)
    expect(completed(user.id).size).toBe(0)
    // After some reading time it is accepted.
    db.update(lessonProgress)
      .set({ firstOpenedAt: new Date(Date.now() - 3_600_000) })
      .where(eq(lessonProgress.userId, user.id))
      .run()
    const save = await runAction(() => lessonAction({ request: request('POST'), params, context: makeContext(user) }))
    expect(save.status).toBe(302)
    const again = await runAction(() => lessonLoader({ request: request(), params, context: makeContext(user) }))
    expect(again.data.completed).toBe(true)
    const catalog = await runAction(() => catalogLoader({ request: new Request('http://localhost/cursos'), params: {}, context: makeContext(user) }))
    expect(catalog.data.courses[0].progress).toMatchObject({ lessonsDone: 1, lessonsTotal: 3, nextLesson: { slug: 'leccion-1' } })
  })

  test('an unknown lesson or course is a 404', async () => {
    const missing = await runAction(() => lessonLoader({ request: request(), params: { curso: 'curso-prueba', leccion: 'no-existe' }, context: makeContext() }))
    expect(missing.status).toBe(404)
    const noCourse = await runAction(() => lessonLoader({ request: request(), params: { curso: 'nada', leccion: 'leccion-1' }, context: makeContext() }))
    expect(noCourse.status).toBe(404)
  })
})

import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { getCourseBySlug } from '#app/content/content.server.ts'
import type { CourseEntry } from '#app/content/types.ts'
import { db } from '#app/db/client.server.ts'
import { lessonProgress } from '#app/db/schema.ts'
import {
  courseProgress,
  getCompletedLessonIds,
  getLastActiveCourseId,
  markLessonCompleted,
  recordLessonOpened,
} from '#app/progress/progress.server.ts'
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

describe('lesson progress', () => {
  test('marking a lesson read is idempotent and keeps the first completion time', async () => {
    const user = await newLearner()
    const lesson = course().lessons[0]
    markLessonCompleted(user.id, lesson, db, new Date('2026-01-01T10:00:00Z'))
    markLessonCompleted(user.id, lesson, db, new Date('2026-02-01T10:00:00Z'))
    const rows = db.select().from(lessonProgress).where(eq(lessonProgress.userId, user.id)).all()
    expect(rows).toHaveLength(1)
    expect(rows[0].completedAt).toEqual(new Date('2026-01-01T10:00:00Z'))
  })

  test('opening a lesson records the first visit but does not complete it', async () => {
    const user = await newLearner()
    const lesson = course().lessons[1]
    recordLessonOpened(user.id, lesson, db, new Date('2026-03-01T00:00:00Z'))
    recordLessonOpened(user.id, lesson, db, new Date('2026-03-05T00:00:00Z'))
    const row = db.select().from(lessonProgress).where(and(eq(lessonProgress.userId, user.id), eq(lessonProgress.lessonId, lesson.id))).get()!
    expect(row.firstOpenedAt).toEqual(new Date('2026-03-01T00:00:00Z'))
    expect(row.completedAt).toBeNull()
    expect(getCompletedLessonIds(user.id).size).toBe(0)
  })

  test('course progress is derived: percent, and the next lesson is the first unread one', async () => {
    const user = await newLearner()
    const c = course()
    markLessonCompleted(user.id, c.lessons[0])
    markLessonCompleted(user.id, c.lessons[2])
    const progress = courseProgress(c, getCompletedLessonIds(user.id))
    // 2 of 3 lessons; the module quiz and the final exam also count: 2 of 5 items.
    expect(progress).toMatchObject({ lessonsDone: 2, lessonsTotal: 3, quizzesTotal: 2, percent: 40, complete: false, nextLesson: { slug: 'leccion-2' } })
    expect(getLastActiveCourseId(user.id)).toBe('curso-prueba')
  })

  test('a renamed or moved lesson keeps its completions (same id); a removed one stops counting', async () => {
    const user = await newLearner()
    const c = course()
    markLessonCompleted(user.id, c.lessons[0])
    markLessonCompleted(user.id, c.lessons[1])
    // The author renames the file of lesson 1 and deletes lesson 2.
    const edited: CourseEntry = {
      ...c,
      lessons: [{ ...c.lessons[0], slug: 'nuevo-nombre', title: 'Nuevo título' }, c.lessons[2]],
    }
    const progress = courseProgress(edited, getCompletedLessonIds(user.id))
    expect(progress).toMatchObject({ lessonsDone: 1, lessonsTotal: 2, nextLesson: { slug: 'leccion-3' } })
    // The history of the removed lesson is still in the database.
    expect(getCompletedLessonIds(user.id).has(c.lessons[1].id)).toBe(true)
  })
})

describe('lesson page', () => {
  const request = (method = 'GET') => new Request('http://localhost/cursos/curso-prueba/leccion-2', { method })
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
    const save = await runAction(() => lessonAction({ request: request('POST'), params, context: makeContext(user) }))
    expect(save.status).toBe(302)
    const again = await runAction(() => lessonLoader({ request: request(), params, context: makeContext(user) }))
    expect(again.data.completed).toBe(true)
    const catalog = await runAction(() =>
      catalogLoader({ request: new Request('http://localhost/cursos'), params: {}, context: makeContext(user) }),
    )
    expect(catalog.data.courses[0].progress).toMatchObject({ lessonsDone: 1, lessonsTotal: 3, nextLesson: { slug: 'leccion-1' } })
  })

  test('an unknown lesson or course is a 404', async () => {
    const missing = await runAction(() =>
      lessonLoader({ request: request(), params: { curso: 'curso-prueba', leccion: 'no-existe' }, context: makeContext() }),
    )
    expect(missing.status).toBe(404)
    const noCourse = await runAction(() => lessonLoader({ request: request(), params: { curso: 'nada', leccion: 'leccion-1' }, context: makeContext() }))
    expect(noCourse.status).toBe(404)
  })
})

import { readFileSync } from 'node:fs'
import { test as base, expect, type Page } from '@playwright/test'
import { parse } from 'yaml'

process.env.DATABASE_PATH = process.env.E2E_DATABASE_PATH

type NewUser = { id: string; fullName: string; username: string; pin: string; role: 'learner' | 'trainer' | 'admin' }

let counter = 0
export function uniqueUsername(prefix: string) {
  counter += 1
  return `${prefix}.${Date.now().toString(36)}${counter}`
}

export const test = base.extend<{ createUser: (role?: NewUser['role']) => Promise<NewUser> }>({
  createUser: async ({}, use) => {
    await use(async (role = 'learner') => {
      // Imported lazily so DATABASE_PATH is set before the db module opens the file.
      const { registerAccount } = await import('#app/auth/accounts.server.ts')
      const user = { fullName: `Prueba ${role} ${counter}`, username: uniqueUsername(role), pin: '482915', role }
      const result = await registerAccount({ ...user, municipality: 'segovia', gender: null, profile: 'miner' })
      if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors))
      return { ...user, id: result.userId }
    })
  },
})

export async function signIn(page: Page, identifier: string, secret: string, options: { redirectTo?: string } = {}) {
  await page.goto(`/ingresar${options.redirectTo ? `?redirectTo=${encodeURIComponent(options.redirectTo)}` : ''}`)
  await page.getByLabel('Usuario o correo electrónico').fill(identifier)
  await page.getByLabel('PIN o contraseña').fill(secret)
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click()
  // Either signed in (name in the header) or an error message: the request has finished.
  await expect(page.getByTestId('signed-in-name').or(page.getByRole('alert'))).toBeVisible()
}

export { expect }

/**
 * Puts a learner one step from a course certificate: every lesson read and every
 * module quiz passed, written straight to the database; only the final exam is left.
 */
export async function completeCourseExceptExam(userId: string, courseSlug: string) {
  const { getCourseBySlug, getQuiz } = await import('#app/content/content.server.ts')
  const { readLesson, takeQuiz } = await import('#tests/learning-helpers.ts')
  const course = getCourseBySlug(courseSlug)!
  for (const lesson of course.lessons) readLesson(userId, lesson)
  for (const module of course.modules) {
    const result = takeQuiz(userId, getQuiz(module.quizId!)!)
    if (!result.ok || !result.attempt.passed) throw new Error('quiz not passed')
  }
}

/**
 * Moves the first opening of every lesson this learner opened an hour back, as if they
 * had spent that long reading (a lesson counts as read only after some reading time).
 */
export async function spendReadingTime(username: string) {
  const { db } = await import('#app/db/client.server.ts')
  const { lessonProgress, users } = await import('#app/db/schema.ts')
  const { eq, sql } = await import('drizzle-orm')
  const user = db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()
  if (!user) throw new Error(`no user ${username}`)
  db.update(lessonProgress)
    .set({ firstOpenedAt: sql`${lessonProgress.firstOpenedAt} - 3600000` })
    .where(eq(lessonProgress.userId, user.id))
    .run()
}

/**
 * The questions of the quiz on the page, once all of it has arrived: a learner page is a
 * plain document that the browser shows while it is still arriving, so wait for the submit
 * button, which comes after the last question.
 */
export async function quizQuestions(page: Page) {
  await expect(page.getByRole('button', { name: 'Entregar respuestas' })).toBeVisible()
  return page.locator('fieldset.question').all()
}

export type Bank = { questions: { prompt: string; type: string; options: { text: string; correct?: boolean; feedback?: string }[] }[] }

/** A quiz bank as its author wrote it (content/…/quiz.yml). */
export function readBank(path: string): Bank {
  return parse(readFileSync(path, 'utf8')) as Bank
}

/** Answers every question on the page, rightly or wrongly, by reading the bank the author wrote. */
export async function answerAll(page: Page, bank: Bank, right: boolean) {
  for (const fieldset of await quizQuestions(page)) {
    const legend = (await fieldset.locator('legend').innerText()).replace(/^Pregunta \d+\.\s*/, '')
    const question = bank.questions.find((q) => legend.startsWith(q.prompt))!
    const wanted = right ? question.options.filter((o) => o.correct) : [question.options.find((o) => !o.correct)!]
    for (const option of wanted) await fieldset.getByLabel(option.text, { exact: true }).check()
  }
}

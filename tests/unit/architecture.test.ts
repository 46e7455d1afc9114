import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

// One home per write: a change that writes these tables from anywhere else fails here.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : []
  })
}

function writersOf(table: string) {
  const pattern = new RegExp(`\\.(insert|update|delete)\\(${table}\\)`)
  return [...sourceFiles('app'), ...sourceFiles('scripts')].filter((file) => pattern.test(readFileSync(file, 'utf8'))).sort()
}

describe('single writers', () => {
  test('only app/users/users.server.ts writes the users table', () => {
    expect(writersOf('users')).toEqual(['app/users/users.server.ts'])
  })
  test('only app/auth/reset-links.server.ts writes the one-time reset links', () => {
    expect(writersOf('secretResetTokens')).toEqual(['app/auth/reset-links.server.ts'])
  })
  test('only the learning events write progress and attempts, and issue certificates', () => {
    expect(writersOf('lessonProgress')).toEqual(['app/learning/events.server.ts'])
    expect(writersOf('quizAttempts')).toEqual(['app/learning/events.server.ts'])
    // Revocation (an admin's act on an issued certificate) lives with the certificates.
    expect(writersOf('certificates')).toEqual(['app/certificates/certificates.server.ts', 'app/learning/events.server.ts'])
  })
})
